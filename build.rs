//! Embeds every framework file in `assets/frameworks/` so a new framework is
//! added by dropping in a JSON file, with no code change.

use std::{env, fmt::Write as _, fs, path::Path};

fn main() {
    // Read when the script runs, not when it was compiled: a compiled build
    // script may be reused for a checkout in another folder.
    let manifest = env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("assets/frameworks");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("assets/frameworks must exist")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut source = String::from(
        "/// Every framework file shipped in `assets/frameworks/`, as (file name, JSON text).\npub const BUILTIN_FRAMEWORKS: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8 file name");
        writeln!(
            source,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to a String");
    }
    source.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("frameworks.rs");
    fs::write(out, source).expect("write generated framework list");
}
