//! One change, described once and checked once: the six ways an outside
//! probe stored what the app would refuse — through the real binary on real
//! files, each file edited by hand and its checksum recomputed as an
//! attacker would — and the two windows that lost each other's words.

use std::path::Path;

use serde_json::Value;

use crate::common::{cli, cli_ok, hash, sign_file_by_hand, temp_db};

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Runs the binary as the council (Jo) or the peer team (Pat).
fn council(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["--as", "council", "--name", "Jo Bloggs"];
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

fn peer(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["--as", "peer", "--name", "Pat Peer"];
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

/// Exports assessment `id` of `db` and returns the document.
fn exported(db: &Path, id: &str, dir: &Path, name: &str) -> Value {
    let file = dir.join(name);
    cli_ok(db, &["export", "--assessment", id, "--out", path_str(&file)]);
    serde_json::from_str(&std::fs::read_to_string(&file).expect("read export")).expect("json")
}

/// Writes `document` with its checksum recomputed, as an attacker would.
fn forged(document: &Value, dir: &Path, name: &str) -> std::path::PathBuf {
    let text = serde_json::to_string(document).expect("json");
    let file = dir.join(name);
    std::fs::write(&file, critical_friend::exchange::reseal(&text).expect("reseal")).expect("write");
    file
}

/// Imports `file` into `db` and asserts it is refused whole: non-zero exit,
/// a message people can read, the database byte for byte as it was.
fn refused(db: &Path, file: &Path, who: &[&str]) -> String {
    let before = hash(db);
    let mut args: Vec<&str> = who.to_vec();
    args.extend(["import", path_str(file)]);
    let output = cli(db, &args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let message = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "the import was taken: {stdout}");
    assert!(
        !message.contains("UNIQUE") && !message.contains("constraint"),
        "a raw database error: {message}"
    );
    assert_eq!(hash(db), before, "a refused import changed the database");
    message
}

fn changes(document: &mut Value) -> &mut Vec<Value> {
    document["assessment"]["changes"].as_array_mut().expect("changes")
}

fn change(field: &str, target: Option<&str>, old: Option<&str>, new: Option<&str>, role: &str) -> Value {
    let mut change = serde_json::json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "field": field,
        "old": old,
        "new": new,
        "role": role,
        "author": "Someone",
        "organisation": "",
        "at": "2026-12-01T10:00:00Z",
    });
    if let Some(target) = target {
        change["target"] = Value::from(target);
    }
    change
}

/// Break 1: ids are unique in the database, and a change whose id another
/// assessment already uses is refused, never stored without its history.
#[test]
fn a_change_or_entry_id_another_assessment_uses_is_refused_in_plain_words() {
    let (dir, db) = temp_db();
    let example = cli_ok(&db, &["demo"]).trim().to_owned();
    let other = council(&db, &["new", "--org", "Other Council", "--title", "Use of Resources"])
        .trim()
        .to_owned();
    council(
        &db,
        &["set", "--assessment", &other, "--item", "1.1", "--basis", "Ours"],
    );
    let database = critical_friend::storage::Database::open(&db).expect("open");
    let taken = database.history(other.parse().expect("id"), None).expect("history")[0]
        .id
        .to_string();
    drop(database);

    // The example's own file, with one more change of its notes whose id is
    // the other assessment's change.
    let mut document = exported(&db, &example, dir.path(), "example.json");
    let answers = document["assessment"]["answers"].as_array_mut().expect("answers");
    let answer = answers.iter_mut().find(|a| a["item"] == "1.1").expect("1.1");
    let was = answer["notes"].as_str().expect("notes").to_owned();
    answer["notes"] = Value::from("Forged notes");
    let mut reused = change("notes", None, Some(&was), Some("Forged notes"), "council");
    reused["item"] = Value::from("1.1");
    reused["id"] = Value::from(taken.clone());
    changes(&mut document).push(reused);
    let file = forged(&document, dir.path(), "reused-change.json");
    // Signed by the council's own key: the id, not the signature, refuses it.
    sign_file_by_hand(&db, &file);
    let message = refused(&db, &file, &[]);
    assert!(message.contains(&taken), "the message names the change: {message}");

    // A new assessment reusing a finding id of the example after a challenge.
    let challenged = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    let mut document = exported(&db, &challenged, dir.path(), "challenged.json");
    document["assessment"]["id"] = Value::from(uuid::Uuid::new_v4().to_string());
    changes(&mut document).clear();
    // As a file from before signing, without a roster.
    document["assessment"]["roster"] = Value::Array(Vec::new());
    let file = forged(&document, dir.path(), "reused-entry.json");
    let message = refused(&db, &file, &[]);
    assert!(message.contains("already"), "{message}");
}

/// Break 2: a progress review's baseline is a Final assessment of the same
/// council and framework; versions are linked only by reopening.
#[test]
fn version_links_in_a_new_file_must_be_true_of_this_database() {
    let (dir, db) = temp_db();
    let draft = council(
        &db,
        &["new", "--org", "Example Borough Council", "--title", "Use of Resources"],
    )
    .trim()
    .to_owned();
    let elsewhere = council(&db, &["new", "--org", "Another Council", "--title", "Use of Resources"])
        .trim()
        .to_owned();
    for status in ["submitted", "review", "final"] {
        council(&db, &["status", "--assessment", &elsewhere, "--set", status]);
    }
    let source = council(&db, &["new", "--org", "Example Borough Council", "--title", "Progress"])
        .trim()
        .to_owned();
    let template = exported(&db, &source, dir.path(), "source.json");
    let new_file = |field: &str, value: &str, name: &str| {
        let mut document = template.clone();
        document["assessment"]["id"] = Value::from(uuid::Uuid::new_v4().to_string());
        document["assessment"][field] = Value::from(value);
        forged(&document, dir.path(), name)
    };
    for (field, value, what) in [
        ("baseline", draft.as_str(), "a draft as baseline"),
        ("baseline", elsewhere.as_str(), "another council's Final as baseline"),
        ("supersedes", draft.as_str(), "supersedes what was never reopened"),
        (
            "superseded_by",
            draft.as_str(),
            "superseded by what does not supersede it",
        ),
    ] {
        let file = new_file(field, value, &format!("{field}-{what}.json"));
        refused(&db, &file, &[]);
    }
}

/// The council's copy after it sent its submitted self-assessment and
/// the peer team's file back: (db, id, the peer team's document).
fn council_and_peer_file(dir: &Path) -> (std::path::PathBuf, String, Value) {
    let db = dir.join("council.sqlite");
    let id = council(
        &db,
        &["new", "--org", "Example Borough Council", "--title", "Use of Resources"],
    )
    .trim()
    .to_owned();
    council(
        &db,
        &[
            "scope",
            "add",
            "--assessment",
            &id,
            "--question",
            "Are we spending well?",
        ],
    );
    council(&db, &["status", "--assessment", &id, "--set", "submitted"]);
    let sent = dir.join("sent.json");
    council(&db, &["export", "--assessment", &id, "--out", path_str(&sent)]);
    let reviewer = dir.join("peer.sqlite");
    peer(&reviewer, &["import", path_str(&sent)]);
    peer(
        &reviewer,
        &[
            "scope",
            "respond",
            "--assessment",
            &id,
            "--number",
            "1",
            "--text",
            "Broadly.",
        ],
    );
    let document = exported(&reviewer, &id, dir, "back.json");
    (db, id, document)
}

/// Break 3: history the data does not bear out is refused, and no file
/// links versions.
#[test]
fn history_the_data_does_not_show_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _, document) = council_and_peer_file(dir.path());
    let question = document["assessment"]["scope"][0]["id"]
        .as_str()
        .expect("question")
        .to_owned();

    let mut claims = document.clone();
    changes(&mut claims).push(change(
        "scope_response",
        Some(&question),
        Some("Are we spending well?"),
        Some("Are we spending too much?"),
        "peer",
    ));
    let file = forged(&claims, dir.path(), "claims.json");
    refused(&db, &file, &[]);

    let mut reopened = document;
    let elsewhere = uuid::Uuid::new_v4().to_string();
    changes(&mut reopened).push(change("superseded_by", None, None, Some(&elsewhere), "peer"));
    let file = forged(&reopened, dir.path(), "reopened.json");
    refused(&db, &file, &[]);
}

/// Break 4: an action's source is a finding or key message of this
/// assessment (or its baseline), or one of its framework's items.
#[test]
fn an_action_from_a_finding_that_never_existed_is_refused() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    council(&db, &["status", "--assessment", &id, "--set", "final"]);
    let mut document = exported(&db, &id, dir.path(), "final.json");
    let action = uuid::Uuid::new_v4().to_string();
    let nowhere = format!("area:{}", uuid::Uuid::new_v4());
    document["assessment"]["actions"] = serde_json::json!([{
        "id": action, "text": "Act on nothing", "source": nowhere, "owner": "", "due": "", "status": "red",
        "progress": [],
    }]);
    changes(&mut document).push(change("action", Some(&action), None, Some("Act on nothing"), "council"));
    changes(&mut document).push(change("action_source", Some(&action), None, Some(&nowhere), "council"));
    let file = forged(&document, dir.path(), "nowhere.json");
    refused(&db, &file, &[]);
}

/// The plan of the Final example after its challenge, with a note of
/// progress on action 1, exported as a workbook: (db, id, workbook).
fn plan_workbook(dir: &Path) -> (std::path::PathBuf, String, std::path::PathBuf) {
    let db = dir.join("council.sqlite");
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    council(&db, &["status", "--assessment", &id, "--set", "final"]);
    council(&db, &["action", "from-findings", "--assessment", &id]);
    for (text, on) in [("Costed the options", "2026-07-01"), ("Pilot agreed", "2026-08-01")] {
        council(
            &db,
            &[
                "action",
                "update",
                "--assessment",
                &id,
                "--action",
                "1",
                "--progress",
                text,
                "--on",
                on,
            ],
        );
    }
    let workbook = dir.join("plan.xlsx");
    council(
        &db,
        &[
            "export-xlsx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&workbook),
        ],
    );
    (db, id, workbook)
}

fn actions(db: &Path, id: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(&cli_ok(db, &["actions", "--assessment", id, "--json"])).expect("json");
    value.as_array().expect("array").clone()
}

/// The column of the plan sheet headed `heading`.
fn column(rows: &[Vec<String>], heading: &str) -> usize {
    rows[0]
        .iter()
        .position(|cell| cell.starts_with(heading))
        .unwrap_or_else(|| panic!("no column {heading} in {:?}", rows[0]))
}

/// Break 5: every edited cell of the plan workbook is applied, or the whole
/// workbook is refused naming the sheet, row and column.
#[test]
fn every_edited_cell_of_the_plan_workbook_is_applied_or_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id, workbook) = plan_workbook(dir.path());
    let before = actions(&db, &id);
    let import = |name: &str, edit: &dyn Fn(&mut Vec<Vec<String>>)| {
        let file = dir.path().join(name);
        crate::plan::edited_workbook(&workbook, &file, edit);
        file
    };

    // Reordered rows reorder the plan; an edited note line is that note
    // changed, not a second note; a deleted one is removed.
    let file = import("reordered.xlsx", &|rows| {
        rows.swap(1, 2);
        let q = column(rows, "Q2");
        rows[2][q] = rows[2][q].replace("Pilot agreed", "Pilot agreed by the board");
        rows[2][q] = rows[2][q]
            .lines()
            .filter(|line| !line.contains("Costed the options"))
            .collect::<Vec<_>>()
            .join("\n");
    });
    council(&db, &["import-xlsx", path_str(&file)]);
    let after = actions(&db, &id);
    assert_eq!(
        after[0]["text"], before[1]["text"],
        "the plan follows the sheet's order"
    );
    assert_eq!(after[1]["text"], before[0]["text"]);
    let notes: Vec<&str> = after[1]["progress"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|note| note["text"].as_str().expect("text"))
        .collect();
    assert_eq!(
        notes,
        ["Pilot agreed by the board"],
        "edited, and the deleted line removed"
    );

    // A changed source is applied when it names an item.
    let exported_again = dir.path().join("again.xlsx");
    council(
        &db,
        &[
            "export-xlsx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&exported_again),
        ],
    );
    let file = {
        let file = dir.path().join("source.xlsx");
        crate::plan::edited_workbook(&exported_again, &file, |rows| {
            let source = column(rows, "Source");
            rows[3][source] = "2.3".to_owned();
        });
        file
    };
    council(&db, &["import-xlsx", path_str(&file)]);
    assert_eq!(actions(&db, &id)[2]["source"], "item:2.3");
}

/// An edit of the plan sheet.
type SheetEdit = Box<dyn Fn(&mut Vec<Vec<String>>)>;

/// Break 5, continued: what cannot be applied is refused whole, by sheet,
/// row and column, and the database is left as it was.
#[test]
fn a_plan_workbook_cell_that_cannot_be_applied_is_refused_by_sheet_row_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, id, exported_again) = plan_workbook(dir.path());
    let before = actions(&db, &id);
    let finding = before[3]["source"]
        .as_str()
        .expect("source")
        .trim_start_matches("area:")
        .to_owned();
    let cases: [(&str, SheetEdit, &str); 3] = [
        (
            "status cleared",
            Box::new(|rows: &mut Vec<Vec<String>>| {
                let status = column(rows, "Status");
                rows[2][status].clear();
            }),
            "Status",
        ),
        (
            "source nonsense",
            Box::new(|rows: &mut Vec<Vec<String>>| {
                let source = column(rows, "Source");
                rows[2][source] = "Somewhere else entirely".to_owned();
            }),
            "Source",
        ),
        (
            "id of a finding",
            Box::new(move |rows: &mut Vec<Vec<String>>| {
                let id = rows[0].len() - 1;
                rows[2][id].clone_from(&finding);
            }),
            "Id",
        ),
    ];
    for (name, edit, what) in cases {
        let file = dir.path().join(format!("{name}.xlsx"));
        crate::plan::edited_workbook(&exported_again, &file, edit);
        let before = hash(&db);
        let output = cli(&db, &["--as", "council", "import-xlsx", path_str(&file)]);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{name} was taken");
        assert!(
            message.contains("Action plan")
                && message.contains("row 3")
                && message.to_lowercase().contains(&what.to_lowercase()),
            "{name}: {message}"
        );
        assert_eq!(hash(&db), before, "{name} changed the database");
    }
}

/// Break 6: two windows on one database. The second shows what the first
/// saved before anyone types in it, so neither's words are lost and
/// neither's score is set over one it never saw.
#[test]
fn a_second_window_showing_old_text_never_writes_over_the_first() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;

    let (_dir, db) = temp_db();
    let id = council(
        &db,
        &["new", "--org", "Example Borough Council", "--title", "Use of Resources"],
    )
    .trim()
    .to_owned();
    council(
        &db,
        &["set", "--assessment", &id, "--item", "1.1", "--basis", "Shared text"],
    );
    let basis = "Basis for this score";
    let mut first = crate::ui::open_app(&db);
    let mut second = crate::ui::open_app(&db);
    for window in [&mut first, &mut second] {
        crate::ui::open_listed(window);
        window.run();
    }
    first
        .get_by_role_and_label(Role::RadioButton, "0 – Not in place")
        .click();
    first.run();
    crate::ui::type_into(&mut first, Role::MultilineTextInput, basis, " FROM-A");
    for _ in 0..30 {
        first.step();
    }
    crate::ui::type_into(&mut second, Role::MultilineTextInput, basis, " FROM-B");
    second.get_by_role_and_label(Role::RadioButton, "3 – Embedded").click();
    second.run();
    for _ in 0..30 {
        second.step();
    }
    let database = critical_friend::storage::Database::open(&db).expect("open");
    let id = id.parse().expect("id");
    let item = critical_friend::domain::ItemId::new("1.1");
    let answer = database.load(id).expect("load").answer(&item).clone();
    assert!(
        answer.basis.contains("FROM-A") && answer.basis.contains("FROM-B"),
        "a window's words were lost: {:?}",
        answer.basis
    );
    let scores: Vec<(Option<String>, Option<String>)> = database
        .history(id, Some(&item))
        .expect("history")
        .into_iter()
        .filter(|change| change.subject.key() == "score")
        .map(|change| (change.from, change.to))
        .collect();
    assert_eq!(
        scores,
        [
            (None, Some("0".to_owned())),
            (Some("0".to_owned()), Some("3".to_owned()))
        ],
        "the second window's score was set over the first's, which it showed"
    );
}

/// While a long text waits to be saved, another process saves the same
/// text: the window says so, shows both, and keeps what the person chooses.
#[test]
fn a_text_saved_elsewhere_while_typing_is_a_choice_never_an_overwrite() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};

    let (dir, db) = temp_db();
    let id = council(
        &db,
        &["new", "--org", "Example Borough Council", "--title", "Use of Resources"],
    )
    .trim()
    .to_owned();
    // Long enough to be saved in batches, as a pasted document is.
    let long = "The directory is used widely. ".repeat(800);
    let file = dir.path().join("long.txt");
    std::fs::write(&file, &long).expect("write");
    council(
        &db,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "1.1",
            "--basis-file",
            path_str(&file),
        ],
    );
    let basis = "Basis for this score";
    let mut window = crate::ui::open_app(&db);
    crate::ui::open_listed(&window);
    window.run();
    crate::ui::type_into(&mut window, Role::MultilineTextInput, basis, " FROM-WINDOW");
    std::fs::write(&file, format!("{long} FROM-ELSEWHERE")).expect("write");
    council(
        &db,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "1.1",
            "--basis-file",
            path_str(&file),
        ],
    );
    for _ in 0..150 {
        window.step();
    }
    assert!(
        window
            .query_all_by_label_contains("was changed elsewhere")
            .any(|node| node.accesskit_node().role() == Role::Dialog),
        "the conflict dialog, named by its heading"
    );
    window.get_by_label("Keep both").click();
    for _ in 0..30 {
        window.step();
    }
    let stored = critical_friend::storage::Database::open(&db)
        .expect("open")
        .load(id.parse().expect("id"))
        .expect("load");
    let text = &stored.answer(&critical_friend::domain::ItemId::new("1.1")).basis;
    assert!(
        text.contains("FROM-WINDOW") && text.contains("FROM-ELSEWHERE"),
        "both kept: {:?}",
        &text[text.len().saturating_sub(200)..]
    );
}
