//! Embeds every framework file in `assets/frameworks/` so a new framework is
//! added by dropping in a JSON file, with no code change; and records the
//! commit the program is built from, for `--version` and Help's About, so a
//! support call can name the exact build.

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
    record_commit(Path::new(&manifest));
}

/// Sets `CRITICAL_FRIEND_COMMIT` to the commit checked out (with "+" when
/// the tree has changes), or "unknown" outside a git checkout.
fn record_commit(manifest: &Path) {
    let git = manifest.join(".git");
    for watched in ["HEAD", "index"] {
        println!("cargo:rerun-if-changed={}", git.join(watched).display());
    }
    let run = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(manifest)
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let commit = run(&["rev-parse", "--short=12", "HEAD"]).filter(|commit| !commit.is_empty());
    let changed = run(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|status| !status.is_empty());
    let commit = match commit {
        Some(commit) if changed => format!("{commit}+"),
        Some(commit) => commit,
        None => "unknown".to_owned(),
    };
    println!("cargo:rustc-env=CRITICAL_FRIEND_COMMIT={commit}");
}
