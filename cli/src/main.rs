//! The `pce` command line (work in progress).
fn main() {}
