//! Reading the payloads to check: a file, or standard input for `-`, parsed as JSON (one
//! payload, or one per line).

use std::io::Read;
use std::path::Path;

use serde_json::Value;

/// The payload in `file` (standard input for `-`), or why there is none, e.g.
/// `cannot read: No such file or directory (os error 2)` or `not JSON: expected value at
/// line 1 column 1`.
pub fn read_json(file: &Path) -> Result<Value, String> {
    serde_json::from_slice(&read(file)?).map_err(|e| format!("not JSON: {e}"))
}

/// One line of a JSON Lines file: its number, and its payload or why it is none.
pub type Line = (usize, Result<Value, String>);

/// The payloads of the JSON Lines `file` (standard input for `-`), each with its line number
/// (blank lines skipped); `Err` when the file cannot be read.
pub fn read_json_lines(file: &Path) -> Result<Vec<Line>, String> {
    let bytes = read(file)?;
    Ok(bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(index, line)| {
            let payload = serde_json::from_slice(line).map_err(|e| format!("not JSON: {e}"));
            (index + 1, payload)
        })
        .collect())
}

/// The bytes of `file`, or of standard input for `-`.
pub fn read(file: &Path) -> Result<Vec<u8>, String> {
    if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
    } else {
        std::fs::read(file)
    }
    .map_err(|e| format!("cannot read: {e}"))
}
