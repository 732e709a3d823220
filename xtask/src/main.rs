//! tmp
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let s = codegen::Settings::new().allow_missing_refs(args.len() > 2);
    match codegen::generate(std::path::Path::new(&args[1]), &s) {
        Ok(m) => { print!("{}", m.source); for w in m.warnings { eprintln!("warning: {w}"); } }
        Err(e) => { eprintln!("error: {e}"); std::process::exit(1) }
    }
}
