//! Critical Friend makes no network connections. Two checks: no HTTP, TLS or
//! DNS crate is in the dependency tree the app is built from, and no source
//! file uses the standard library's sockets. `deny.toml` bans the same crates
//! for `cargo deny check bans`.

use std::path::Path;

/// Crates that would let the app talk to a network.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "h2",
    "http",
    "native-tls",
    "openssl",
    "rustls",
    "tokio-rustls",
    "hickory-resolver",
    "trust-dns-resolver",
    "tungstenite",
];

#[test]
fn no_network_crate_is_in_the_apps_dependency_tree() {
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--edges",
            "normal,build",
            "--prefix",
            "none",
            "--format",
            "{p}",
            "--locked",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    let crates: Vec<&str> = tree.lines().filter_map(|line| line.split_whitespace().next()).collect();
    assert!(crates.len() > 100, "the tree was listed: {} crates", crates.len());
    assert!(crates.contains(&"rusqlite"), "the tree is the app's");
    for banned in NETWORK_CRATES {
        assert!(!crates.contains(banned), "{banned} is in the dependency tree");
    }
}

fn rust_files(folder: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("read folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn no_source_file_opens_a_socket() {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    assert!(files.len() > 20);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for needle in ["std::net", "TcpStream", "UdpSocket", "TcpListener", "ToSocketAddrs"] {
            assert!(!text.contains(needle), "{} uses {needle}", file.display());
        }
    }
}
