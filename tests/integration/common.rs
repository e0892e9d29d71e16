//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use critical_friend::{
    domain::{AssessmentDetails, AssessmentId, Author, ChallengeOp, Edit, ListOp, Status},
    packs::{PackKind, PackOptions, Paper},
    service::{ServiceError, Session},
    storage::Database,
};
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

thread_local! {
    /// The time the gate's session gives changes made through [`Gate`].
    static NOW: std::cell::Cell<time::OffsetDateTime> = const { std::cell::Cell::new(time::OffsetDateTime::UNIX_EPOCH) };
}

fn now_here() -> time::OffsetDateTime {
    NOW.with(std::cell::Cell::get)
}

/// Writes for tests that hold a `Database`: each goes through the one gate
/// (a session over another connection to the same file), as `author`, at
/// `now` — never around it.
pub trait Gate {
    /// A session on this database's file as `author` at `now`.
    fn gate(&self, author: &Author, now: time::OffsetDateTime) -> Session;

    /// Saves answer edits.
    fn apply_edits(
        &mut self,
        id: AssessmentId,
        edits: &[Edit],
        author: &Author,
        now: time::OffsetDateTime,
    ) -> Result<(), ServiceError> {
        self.gate(author, now).apply_edits(id, edits)
    }

    /// Moves an assessment through the workflow.
    fn set_status(
        &mut self,
        id: AssessmentId,
        status: Status,
        author: &Author,
        now: time::OffsetDateTime,
    ) -> Result<(), ServiceError> {
        self.gate(author, now).set_status(id, status)
    }

    /// Changes the details.
    fn update_details(
        &mut self,
        id: AssessmentId,
        details: &AssessmentDetails,
        author: &Author,
        now: time::OffsetDateTime,
    ) -> Result<(), ServiceError> {
        self.gate(author, now).update_details(id, details.clone())
    }

    /// Unlocks the self-assessment.
    fn unlock_self(
        &mut self,
        id: AssessmentId,
        author: &Author,
        now: time::OffsetDateTime,
    ) -> Result<(), ServiceError> {
        self.gate(author, now).unlock(id)
    }

    /// Changes one of the peer team's lists.
    fn change_list(
        &mut self,
        id: AssessmentId,
        op: &ListOp,
        author: &Author,
        now: time::OffsetDateTime,
    ) -> Result<uuid::Uuid, ServiceError> {
        self.gate(author, now).change_list(id, op)
    }

    /// Changes the scope questions, team or visit.
    fn change_challenge(
        &mut self,
        id: AssessmentId,
        op: &ChallengeOp,
        author: &Author,
        now: time::OffsetDateTime,
    ) -> Result<uuid::Uuid, ServiceError> {
        self.gate(author, now).change_challenge(id, op)
    }
}

impl Gate for Database {
    fn gate(&self, author: &Author, now: time::OffsetDateTime) -> Session {
        NOW.with(|cell| cell.set(now));
        Session::open(self.path(), None, author.clone())
            .expect("a session on the same file")
            .with_clock(now_here)
    }
}

/// Rewrites a workbook as someone editing it in Excel would leave it: every
/// sheet's cells as typed text, the sheet named `sheet` changed by `edit`.
pub fn edit_workbook(from: &Path, to: &Path, sheet: &str, edit: impl Fn(&mut Vec<Vec<String>>)) {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(from).expect("open workbook");
    let mut out = rust_xlsxwriter::Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| row.iter().map(ToString::to_string).collect())
            .collect();
        if name == sheet {
            edit(&mut rows);
        }
        let written = out.add_worksheet();
        written.set_name(&name).expect("name");
        for (r, row) in (0u32..).zip(&rows) {
            for (c, text) in (0u16..).zip(row) {
                if !text.is_empty() {
                    written.write_string(r, c, text).expect("write");
                }
            }
        }
    }
    out.save(to).expect("save");
}
