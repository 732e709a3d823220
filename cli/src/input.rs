//! Reading the payloads to check: a file, or standard input for `-`, parsed as JSON.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

/// The payload in `file` (standard input for `-`), or why there is none, e.g.
/// `cannot read: No such file or directory (os error 2)` or `not JSON: expected value at
/// line 1 column 1`.
pub fn read_json(file: &Path) -> Result<Value, String> {
    let bytes = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    } else {
        std::fs::read(file)
    }
    .map_err(|e| format!("cannot read: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("not JSON: {e}"))
}
