//! The one gate for every write, tried from outside as a hostile user would:
//! only the documented command line and file formats, files edited by hand
//! with their checksums recomputed, exports aimed at the database itself.
//! Each test here is one guarantee an outside probe once broke.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{cli, cli_ok, hash, sign_file_by_hand, temp_db};
use critical_friend::exchange;

/// The assessment id a command printed.
fn id_of(output: &str) -> String {
    output.trim().lines().next().expect("an id").to_owned()
}

/// A database holding the completed example; returns its id.
fn with_example(db: &Path) -> String {
    id_of(&cli_ok(db, &["demo"]))
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn refused(db: &Path, args: &[&str]) -> String {
    let output = cli(db, args);
    assert!(
        !output.status.success(),
        "critical-friend {args:?} should have been refused"
    );
    let message = stderr(&output);
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    message
}

/// Reads an exchange file, lets `edit` change it, and writes it back with
/// its checksum recomputed, as someone editing it on purpose would.
fn forge(file: &Path, edit: impl FnOnce(&mut Value)) {
    let mut document: Value = serde_json::from_str(&std::fs::read_to_string(file).expect("read")).expect("json");
    edit(&mut document);
    let text = serde_json::to_string_pretty(&document).expect("json");
    std::fs::write(file, exchange::reseal(&text).expect("reseal")).expect("write");
}

/// A change record as the exchange file writes them.
fn change(
    field: &str,
    role: &str,
    item: Option<&str>,
    target: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
) -> Value {
    let mut record = serde_json::json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "field": field,
        "old": old,
        "new": new,
        "role": role,
        "author": "Mallory",
        "organisation": "Elsewhere",
        "at": "2030-01-01T00:00:00Z",
    });
    if let Some(item) = item {
        record["item"] = Value::from(item);
    }
    if let Some(target) = target {
        record["target"] = Value::from(target);
    }
    record
}

fn changes(document: &mut Value) -> &mut Vec<Value> {
    document["assessment"]["changes"].as_array_mut().expect("changes")
}

/// Everything the database holds about an assessment, to compare before and after.
fn snapshot(db: &Path, id: &str) -> (String, String, String) {
    let history = cli_ok(db, &["history", "--assessment", id]);
    let merges = cli_ok(db, &["merges", "--assessment", id]);
    let list = cli_ok(db, &["list", "--json"]);
    (history, merges, list)
}

#[test]
fn exporting_onto_the_database_its_working_files_or_a_backup_is_refused() {
    let (dir, db) = temp_db();
    let id = with_example(&db);
    let backup = PathBuf::from(id_of(&cli_ok(&db, &["backup", "now"])));
    let hard_link = dir.path().join("innocent.pdf");
    std::fs::hard_link(&db, &hard_link).expect("hard link");
    let wal = dir.path().join("assessments.sqlite-wal");
    let targets = [
        db.clone(),
        dir.path().join("./backups/../assessments.sqlite"),
        wal,
        backup.clone(),
        dir.path().join("backups").join("new-file.pdf"),
        hard_link,
    ];
    let before = hash(&db);
    let backup_before = hash(&backup);
    for target in &targets {
        let out = target.to_str().expect("path");
        for command in ["export", "export-pdf", "export-csv", "export-xlsx", "export-docx"] {
            let message = refused(&db, &[command, "--assessment", &id, "--out", out]);
            assert!(message.contains("Nothing was written"), "{command} {out}: {message}");
        }
        let message = refused(&db, &["export-pdf", "--kind", "blank", "--out", out]);
        assert!(message.contains("Nothing was written"), "{message}");
    }
    assert_eq!(hash(&db), before, "the database is byte-for-byte as it was");
    assert_eq!(hash(&backup), backup_before);
    assert!(!dir.path().join("backups").join("new-file.pdf").exists());
    assert!(cli_ok(&db, &["list"]).contains("Example Borough Council"));
    // An ordinary file beside the database is written as usual.
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--out",
            dir.path().join("pack.pdf").to_str().expect("path"),
        ],
    );
}

/// A backup edited with SQLite: `sql` runs on a copy of a real backup.
fn doctored_backup(db: &Path, name: &str, sql: &str) -> PathBuf {
    let backup = PathBuf::from(id_of(&cli_ok(db, &["backup", "now"])));
    let doctored = db.parent().expect("folder").join(name);
    std::fs::copy(&backup, &doctored).expect("copy");
    let conn = rusqlite::Connection::open(&doctored).expect("open copy");
    conn.execute_batch(sql).expect("doctor");
    drop(conn);
    doctored
}

#[test]
fn a_backup_with_a_bad_schema_version_or_missing_tables_is_refused_before_anything_changes() {
    let (_dir, db) = temp_db();
    with_example(&db);
    cli_ok(&db, &["new", "--org", "Made after the backup", "--title", "T"]);
    let cases = [
        ("negative.sqlite", "PRAGMA user_version = -3;"),
        ("zero.sqlite", "PRAGMA user_version = 0;"),
        ("no-audit.sqlite", "DROP TABLE audit;"),
        (
            "no-column.sqlite",
            "DROP TRIGGER answer_bytes_insert; DROP TRIGGER answer_bytes_update; DROP TRIGGER answer_bytes_delete;
             ALTER TABLE answer DROP COLUMN challenge;",
        ),
    ];
    for (name, sql) in cases {
        let doctored = doctored_backup(&db, name, sql);
        let before = hash(&db);
        let message = refused(&db, &["backup", "restore", doctored.to_str().expect("path")]);
        assert!(message.contains("damaged"), "{name}: {message}");
        assert_eq!(hash(&db), before, "{name}: the live file is byte-for-byte as it was");
        let list = cli_ok(&db, &["list"]);
        assert!(list.contains("Made after the backup"), "{name}: nothing was lost");
    }
    // A sound backup still restores, and the state before is kept.
    let good = PathBuf::from(id_of(&cli_ok(&db, &["backup", "now"])));
    let restored = cli_ok(&db, &["backup", "restore", good.to_str().expect("path")]);
    assert!(restored.contains("the state before is in"), "{restored}");
}

/// A council database with a scope question, and a peer database that
/// imported it and added a finding; returns the peer's export of it.
fn council_and_peer(dir: &Path, council: &Path, peer: &Path) -> (String, PathBuf) {
    let id = with_example(council);
    cli_ok(
        council,
        &[
            "scope",
            "add",
            "--assessment",
            &id,
            "--question",
            "Are we spending well?",
        ],
    );
    let sent = dir.join("sent.json");
    cli_ok(
        council,
        &["export", "--assessment", &id, "--out", sent.to_str().expect("path")],
    );
    cli_ok(
        peer,
        &["--as", "peer", "--name", "Ann", "import", sent.to_str().expect("path")],
    );
    let finding = [
        "finding",
        "add",
        "--assessment",
        &id,
        "--theme",
        "1",
        "--kind",
        "strength",
    ];
    let mut args = vec!["--as", "peer", "--name", "Ann"];
    args.extend(finding);
    args.extend(["--text", "Strong front door"]);
    cli_ok(peer, &args);
    let back = dir.join("back.json");
    cli_ok(
        peer,
        &["export", "--assessment", &id, "--out", back.to_str().expect("path")],
    );
    (id, back)
}

#[test]
fn a_peer_file_that_relabels_a_change_cannot_delete_a_scope_question() {
    let (dir, council) = temp_db();
    let (id, back) = council_and_peer(dir.path(), &council, &dir.path().join("peer.sqlite"));
    // The peer's file removes the council's question, under a peer list's name.
    forge(&back, |document| {
        let question = document["assessment"]["scope"][0].clone();
        let target = question["id"].as_str().expect("id").to_owned();
        document["assessment"]["scope"] = Value::Array(Vec::new());
        let removal = change(
            "strengths:1",
            "peer",
            None,
            Some(&target),
            question["question"].as_str(),
            None,
        );
        changes(document).push(removal);
    });
    let before = snapshot(&council, &id);
    let message = refused(
        &council,
        &["import", back.to_str().expect("path"), "--prefer", "theirs"],
    );
    assert!(message.contains("scope question"), "{message}");
    assert_eq!(snapshot(&council, &id), before);
}

#[test]
fn a_council_file_that_relabels_a_change_cannot_delete_a_finding() {
    let (dir, council) = temp_db();
    let peer = dir.path().join("peer.sqlite");
    let (id, back) = council_and_peer(dir.path(), &council, &peer);
    // A council file removes the peer's finding, labelled a scope question.
    forge(&back, |document| {
        let entries = document["assessment"]["peer_lists"].as_array_mut().expect("lists");
        let finding = entries.remove(0);
        let target = finding["id"].as_str().expect("id").to_owned();
        changes(document).push(change(
            "scope",
            "council",
            None,
            Some(&target),
            finding["text"].as_str(),
            None,
        ));
    });
    let before = snapshot(&peer, &id);
    let message = refused(
        &peer,
        &[
            "--as",
            "peer",
            "import",
            back.to_str().expect("path"),
            "--prefer",
            "theirs",
        ],
    );
    assert!(message.contains("strengths"), "{message}");
    assert_eq!(snapshot(&peer, &id), before);
}

#[test]
fn a_final_copy_takes_no_new_history_and_unknown_fields_are_refused() {
    let (dir, db) = temp_db();
    let id = with_example(&db);
    for status in ["submitted", "review"] {
        cli_ok(&db, &["status", "--assessment", &id, "--set", status]);
    }
    let peer_view = dir.path().join("before-final.json");
    cli_ok(
        &db,
        &[
            "export",
            "--assessment",
            &id,
            "--out",
            peer_view.to_str().expect("path"),
        ],
    );
    cli_ok(&db, &["status", "--assessment", &id, "--set", "final"]);
    let before = snapshot(&db, &id);

    // Changes that alter no value: the organisation as it is, a score set to itself.
    let quiet = dir.path().join("quiet.json");
    std::fs::copy(&peer_view, &quiet).expect("copy");
    forge(&quiet, |document| {
        let organisation = document["assessment"]["organisation"].as_str().expect("org").to_owned();
        let score = document["assessment"]["answers"][0]["score"].to_string();
        let item = document["assessment"]["answers"][0]["item"]
            .as_str()
            .expect("item")
            .to_owned();
        let details = change(
            "details",
            "council",
            None,
            None,
            Some(&organisation),
            Some(&organisation),
        );
        let same = change("score", "council", Some(&item), None, Some(&score), Some(&score));
        changes(document).extend([details, same]);
    });
    // Signed by the council's own key: the rule, not the signature, refuses them.
    sign_file_by_hand(&db, &quiet);
    let message = refused(&db, &["import", quiet.to_str().expect("path")]);
    assert!(message.contains("Final"), "{message}");

    let bogus = dir.path().join("bogus.json");
    std::fs::copy(&peer_view, &bogus).expect("copy");
    forge(&bogus, |document| {
        changes(document).push(change("bogusfield", "council", None, None, None, Some("x")));
    });
    let message = refused(&db, &["import", bogus.to_str().expect("path")]);
    assert!(message.contains("bogusfield"), "{message}");
    assert_eq!(
        snapshot(&db, &id),
        before,
        "nothing was added: no value, no history, no merge report"
    );
}

#[test]
fn an_import_cannot_change_a_locked_self_assessment() {
    let (dir, db) = temp_db();
    let id = with_example(&db);
    cli_ok(&db, &["status", "--assessment", &id, "--set", "submitted"]);
    let file = dir.path().join("forged.json");
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
    );
    forge(&file, |document| {
        let answer = &mut document["assessment"]["answers"][0];
        let item = answer["item"].as_str().expect("item").to_owned();
        let old = answer["basis"].as_str().expect("basis").to_owned();
        answer["basis"] = Value::from("Rewritten after submission");
        let edit = change(
            "basis",
            "council",
            Some(&item),
            None,
            Some(&old),
            Some("Rewritten after submission"),
        );
        changes(document).push(edit);
    });
    sign_file_by_hand(&db, &file);
    let refused_set = refused(&db, &["set", "--assessment", &id, "--item", "1.1", "--basis", "typed"]);
    assert!(refused_set.contains("locked"), "{refused_set}");
    let before = snapshot(&db, &id);
    let message = refused(&db, &["import", file.to_str().expect("path"), "--prefer", "theirs"]);
    assert!(message.contains("locked"), "{message}");
    assert_eq!(snapshot(&db, &id), before);
}

/// One way of editing a file by hand.
type Forgery = fn(&mut Value);

#[test]
fn files_with_impossible_values_or_another_councils_assessment_are_refused() {
    let (dir, db) = temp_db();
    let id = with_example(&db);
    cli_ok(
        &db,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "1.1",
            "--notes",
            "One recorded change",
        ],
    );
    let sent = dir.path().join("sent.json");
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", sent.to_str().expect("path")],
    );
    let cases: [(&str, Forgery); 4] = [
        ("version 0", |d| d["format_version"] = Value::from(0)),
        ("visit backwards", |d| {
            d["assessment"]["visit"] = serde_json::json!({"start": "2026-12-04", "end": "2026-12-01"});
        }),
        ("score 9", |d| {
            changes(d).push(change("peer_score", "peer", Some("1.1"), None, None, Some("9")));
        }),
        ("another council", |d| {
            d["assessment"]["organisation"] = Value::from("Somewhere Else Council");
            for change in changes(d) {
                change["id"] = Value::from(uuid::Uuid::new_v4().to_string());
            }
        }),
    ];
    let before = snapshot(&db, &id);
    for (name, edit) in cases {
        let file = dir.path().join(format!("{name}.json"));
        std::fs::copy(&sent, &file).expect("copy");
        forge(&file, edit);
        refused(&db, &["import", file.to_str().expect("path"), "--prefer", "theirs"]);
        assert_eq!(snapshot(&db, &id), before, "{name}: nothing changed");
    }
    // Importing a file that brings nothing new stores nothing, not even a report.
    let output = cli_ok(&db, &["import", sent.to_str().expect("path")]);
    assert!(output.contains("Nothing changed"), "{output}");
    assert_eq!(snapshot(&db, &id), before);
}

#[test]
fn diff_against_a_missing_database_does_not_create_it() {
    let (dir, db) = temp_db();
    let id = with_example(&db);
    let file = dir.path().join("sent.json");
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
    );
    let missing = dir.path().join("nowhere.sqlite");
    let message = refused(&missing, &["diff", file.to_str().expect("path")]);
    assert!(message.contains("no database"), "{message}");
    assert!(!missing.exists());
}

#[test]
fn refusals_on_the_command_line_say_what_happened_once_and_speak_of_no_window() {
    let (_dir, db) = temp_db();
    let id = with_example(&db);
    let output = cli(
        &db,
        &[
            "--as",
            "peer",
            "set",
            "--assessment",
            &id,
            "--item",
            "1.1",
            "--score",
            "2",
        ],
    );
    let message = stderr(&output);
    assert!(!message.contains("window"), "{message}");
    assert!(!message.contains("(s)"), "{message}");
    assert_eq!(message.matches("nothing was changed").count(), 1, "{message}");
    let read_only = critical_friend::storage::StorageError::ReadOnly { path: db.clone() }.to_string();
    assert!(!read_only.contains("window"), "{read_only}");
}

/// Rewrites the parts of an xlsx (a zip) with `edit(name, text)`.
fn edit_workbook(path: &Path, edit: impl Fn(&str, String) -> String) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("part");
        let name = part.name().expect("part name").into_owned();
        let mut text = Vec::new();
        part.read_to_end(&mut text).expect("unpack");
        let text = match String::from_utf8(text) {
            Ok(text) => edit(&name, text).into_bytes(),
            Err(error) => error.into_bytes(),
        };
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        out.write_all(&text).expect("pack");
    }
    std::fs::write(path, out.finish().expect("finish").into_inner()).expect("write");
}

#[test]
fn an_edited_workbook_is_applied_whole_or_refused_naming_sheet_and_row() {
    let (dir, db) = temp_db();
    let id = with_example(&db);
    let export = |name: &str| {
        let path = dir.path().join(name);
        cli_ok(
            &db,
            &[
                "export-xlsx",
                "--assessment",
                &id,
                "--out",
                path.to_str().expect("path"),
            ],
        );
        path
    };
    let renamed = export("renamed.xlsx");
    edit_workbook(&renamed, |name, text| {
        if name == "xl/workbook.xml" {
            text.replacen("name=\"2 Recovery\"", "name=\"Recovery (ours)\"", 1)
        } else {
            text
        }
    });
    let before = snapshot(&db, &id);
    let message = refused(&db, &["import-xlsx", renamed.to_str().expect("path")]);
    assert!(message.contains("2 Recovery"), "{message}");

    let formula = export("formula.xlsx");
    edit_workbook(&formula, |name, text| {
        if name.starts_with("xl/worksheets/sheet2") {
            // The first score cell becomes a formula with no worked-out value.
            let start = text.find("<c r=\"C2\"").expect("score cell");
            let end = start + text[start..].find("</c>").expect("cell end") + 4;
            format!("{}<c r=\"C2\"><f>1+1</f></c>{}", &text[..start], &text[end..])
        } else {
            text
        }
    });
    let message = refused(&db, &["import-xlsx", formula.to_str().expect("path")]);
    assert!(message.contains("row 2") && message.contains("formula"), "{message}");
    assert_eq!(snapshot(&db, &id), before, "no sheet was half-applied");
}
