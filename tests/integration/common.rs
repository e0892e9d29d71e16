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

/// The id of the first assessment `list` shows with `status` (e.g. "Final").
pub fn listed_id(db: &Path, status: &str) -> String {
    cli_ok(db, &["list"])
        .lines()
        .find(|line| line.contains(status))
        .and_then(|line| line.split_whitespace().next())
        .unwrap_or_else(|| panic!("no {status} assessment listed"))
        .to_owned()
}

/// This database's own key's fingerprint, as `key --fingerprint` prints it.
pub fn fingerprint(db: &Path) -> String {
    cli_ok(db, &["key", "--fingerprint"]).trim().to_owned()
}

/// Imports `file` into `db` as `who`, accepting the keys of the databases
/// in `from` — as their owners would, having read the fingerprints to each
/// other; returns the merge report.
pub fn import_accepting(db: &Path, who: &[&str], file: &Path, from: &[&Path]) -> String {
    let prints: Vec<String> = from.iter().map(|other| fingerprint(other)).collect();
    let mut args: Vec<&str> = who.to_vec();
    args.extend(["import", file.to_str().expect("utf-8 path")]);
    for print in &prints {
        args.extend(["--accept", print.as_str()]);
    }
    cli_ok(db, &args)
}

/// Names the owner of `lead_db` as the peer team's lead on the council's
/// copy of `assessment` in `council_db`, from the key card they sent.
pub fn name_peer_lead(council_db: &Path, who: &[&str], assessment: &str, (lead_db, lead): (&Path, &[&str])) {
    let card = lead_db.with_extension("card");
    let mut made: Vec<&str> = lead.to_vec();
    made.extend(["key", "--card", card.to_str().expect("utf-8 path")]);
    cli_ok(lead_db, &made);
    let mut args: Vec<&str> = who.to_vec();
    args.extend([
        "roster",
        "add",
        "--assessment",
        assessment,
        "--card",
        card.to_str().expect("utf-8 path"),
    ]);
    cli_ok(council_db, &args);
}

/// Signs the change record with id `change_id` in `document` (an exchange
/// file's JSON) with the key the database `db` holds — what the owner of
/// that laptop could do by hand, reading their own key out of their own
/// database — and reseals the file; returns its text.
pub fn signed_by_hand(db: &Path, document: &mut serde_json::Value, change_id: &str) -> String {
    use critical_friend::{domain::Catalogue, domain::signing::Signer, exchange};
    let connection = rusqlite::Connection::open(db).expect("open the database");
    let secret: Vec<u8> = connection
        .query_row("SELECT secret FROM own_key WHERE id = 1", [], |row| row.get(0))
        .expect("the database's own key");
    let signer = Signer::from_secret(&secret.try_into().expect("32 bytes"));
    let find = |document: &mut serde_json::Value| -> usize {
        let changes = document["assessment"]["changes"].as_array().expect("changes");
        changes
            .iter()
            .position(|change| change["id"] == change_id)
            .expect("the change")
    };
    let at = find(document);
    let record = &mut document["assessment"]["changes"][at];
    record["key"] = serde_json::Value::from(signer.public().to_text());
    record.as_object_mut().expect("a record").remove("signature");
    let unsigned = exchange::reseal(&serde_json::to_string(document).expect("json")).expect("reseal");
    let scratch = tempfile::NamedTempFile::new().expect("scratch file");
    std::fs::write(scratch.path(), &unsigned).expect("write");
    // A file that does not even read is refused before any signature counts.
    let Ok(read) = exchange::read_file(scratch.path(), &Catalogue::builtin()) else {
        return unsigned;
    };
    let mut change = read
        .changes
        .into_iter()
        .find(|change| change.id.to_string() == change_id)
        .expect("the change read back");
    signer.sign(read.assessment.id, &mut change);
    let signature = change.signature.expect("signed").to_text();
    document["assessment"]["changes"][at]["signature"] = serde_json::Value::from(signature);
    exchange::reseal(&serde_json::to_string(document).expect("json")).expect("reseal")
}

/// Signs every unsigned change record in the exchange file `file` with the
/// key the database `db` holds (see [`signed_by_hand`]), in place.
pub fn sign_file_by_hand(db: &Path, file: &Path) {
    let mut document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
    let unsigned: Vec<String> = document["assessment"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|change| change.get("signature").is_none())
        .map(|change| change["id"].as_str().expect("an id").to_owned())
        .collect();
    for id in unsigned {
        let text = signed_by_hand(db, &mut document, &id);
        document = serde_json::from_str(&text).expect("json");
    }
    let text = serde_json::to_string_pretty(&document).expect("json");
    std::fs::write(file, critical_friend::exchange::reseal(&text).expect("reseal")).expect("write");
}

/// Makes the database at `db`, empty but for its own key, as the first
/// command that writes does (commands that only read never make one).
pub fn create_db(db: &Path) {
    cli_ok(db, &["key", "--fingerprint"]);
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

/// The example after its challenge as a report whose contact details hold
/// an email address and a web address, for the tests of links.
pub fn report_with_addresses() -> critical_friend::packs::Pack {
    use critical_friend::{
        domain::{Catalogue, example::example_after_challenge},
        packs::{Pack, PackKind},
    };
    let catalogue = Catalogue::builtin();
    let framework = catalogue.default_framework();
    let mut assessment = example_after_challenge(framework, time::OffsetDateTime::UNIX_EPOCH);
    "Jo Reid, Challenge Manager\njo.reid@local.gov.uk\nMore at www.local.gov.uk/peer-challenges."
        .clone_into(&mut assessment.report.contact);
    Pack::build(framework, Some(&assessment), pack_options(PackKind::Report)).expect("report")
}

/// The text of `part` ("word/document.xml") of the zip package at `path`.
pub fn unzip_text(path: &Path, part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(part).expect("part"), &mut text).expect("read");
    text
}
