//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use critical_friend::packs::{PackKind, PackOptions, Paper};
use sha2::{Digest, Sha256};

/// A SHA-256 of a file, to prove it was left untouched.
pub fn hash(path: &Path) -> Vec<u8> {
    Sha256::digest(std::fs::read(path).expect("read file")).to_vec()
}

/// Runs the real binary with `args` against `db`.
pub fn cli(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CRITICAL_FRIEND_DB")
        .output()
        .expect("run critical-friend")
}

/// Runs the binary and returns its stdout, failing the test if it failed.
pub fn cli_ok(db: &Path, args: &[&str]) -> String {
    let output = cli(db, args);
    assert!(
        output.status.success(),
        "critical-friend {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// A fresh temporary folder and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("assessments.sqlite");
    (dir, db)
}

/// All the text of a PDF, read back with a Rust PDF reader.
pub fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).expect("PDF text extracts")
}

/// A poppler tool (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftoppm`), or
/// `None` where it is not installed; CI installs poppler-utils, so there a
/// missing tool fails the test rather than skipping the check.
pub fn poppler(tool: &str) -> Option<std::process::Command> {
    let found = std::process::Command::new(tool).arg("-v").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "{tool} is not installed; .ci/run installs poppler-utils"
    );
    found.then(|| std::process::Command::new(tool))
}

/// The options every pack in the tests is built with: A4, exported on
/// 22 November 2026 in UTC, with the peer review and the scores.
pub fn pack_options(kind: PackKind) -> PackOptions {
    PackOptions {
        kind,
        paper: Paper::A4,
        exported_on: time::macros::date!(2026 - 11 - 22),
        include_peer_review: true,
        share_safe: false,
        utc_offset: time::UtcOffset::UTC,
        include_scores: true,
    }
}
