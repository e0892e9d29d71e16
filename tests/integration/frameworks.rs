//! Frameworks as data, tried from outside: framework files that break a
//! rule, frameworks in use that someone tries to change or remove, exchange
//! files carrying a framework (honest, edited, or clashing), CQC's rating
//! end to end, and files written by the release before frameworks were data.

use std::path::{Path, PathBuf};

use critical_friend::{
    domain::{Author, Catalogue, ItemId},
    exchange,
    service::Session,
};
use serde_json::Value;

use crate::common::{cli, cli_ok, create_db, hash, import_accepting, pdf_text, temp_db, unzip_text};

const CQC: &str = "cqc-local-authority-assessment";

fn example_framework() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/graded-outcomes-framework.json")
}

fn example_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(example_framework()).expect("read")).expect("json")
}

/// Runs the binary and returns its stderr, failing the test if it succeeded.
fn cli_refused(db: &Path, args: &[&str]) -> String {
    let output = cli(db, args);
    assert!(!output.status.success(), "critical-friend {args:?} succeeded");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("json")).expect("write");
    path
}

/// Text with every run of whitespace made one space, as wrapped lines read.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn framework_files_that_break_a_rule_are_refused_whole_and_change_nothing() {
    let (dir, db) = temp_db();
    create_db(&db);
    let before = cli_ok(&db, &["framework", "list"]);
    let good = example_json();
    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut duplicate = good.clone();
    duplicate["themes"][0]["items"][1]["id"] = "1.1".into();
    cases.push(("duplicate.json", duplicate, "item 1.1 appears twice"));
    let mut gap = good.clone();
    gap["scale"][2]["score"] = 4.into();
    gap["scale"][3]["score"] = 5.into();
    cases.push(("gap.json", gap, "no gaps"));
    let mut untitled = good.clone();
    untitled["themes"][1]["items"][0]["title"] = " ".into();
    cases.push(("untitled.json", untitled, "the title of item 2.1 is empty"));
    let mut overlapping = good.clone();
    overlapping["rating"] = serde_json::json!({
        "method": "percentage_of_maximum",
        "bands": [
            { "label": "Poor", "from_percent": 25, "to_percent": 60 },
            { "label": "Good", "from_percent": 50, "to_percent": 100 }
        ]
    });
    cases.push(("overlap.json", overlapping, "overlap at 50%"));
    let mut gappy_rule = good.clone();
    gappy_rule["rating"] = serde_json::json!({
        "method": "percentage_of_maximum",
        "bands": [
            { "label": "Poor", "from_percent": 25, "to_percent": 49 },
            { "label": "Good", "from_percent": 60, "to_percent": 100 }
        ]
    });
    cases.push(("gap-rule.json", gappy_rule, "50% to 59%"));
    let mut huge = good.clone();
    let item = huge["themes"][0]["items"][0].clone();
    huge["themes"][0]["items"] = (0..10_000)
        .map(|n| {
            let mut item = item.clone();
            item["id"] = format!("x{n}").into();
            item
        })
        .collect();
    cases.push(("huge.json", huge, "at most 500"));
    let mut unknown = good.clone();
    unknown["labels"]["colour"] = "blue".into();
    cases.push(("unknown.json", unknown, "unknown field"));
    let mut newer = good.clone();
    newer["format_version"] = 2.into();
    cases.push(("newer.json", newer, "update Critical Friend"));
    cases.push((
        "other.json",
        serde_json::json!({ "hello": 1 }),
        "not a Critical Friend framework file",
    ));
    for (name, value, expected) in cases {
        let file = write_json(dir.path(), name, &value);
        let message = cli_refused(&db, &["framework", "add", path_str(&file)]);
        assert!(message.contains(expected), "{name}: {message}");
        assert!(message.contains("Nothing was added"), "{name}: {message}");
    }
    let binary = dir.path().join("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).expect("write");
    assert!(cli_refused(&db, &["framework", "add", path_str(&binary)]).contains("not UTF-8"));
    let missing = dir.path().join("no-such-file.json");
    assert!(cli_refused(&db, &["framework", "add", path_str(&missing)]).contains("could not read"));
    assert_eq!(cli_ok(&db, &["framework", "list"]), before, "nothing was half-added");
}

#[test]
fn text_of_any_script_is_a_framework_like_any_other() {
    let (dir, db) = temp_db();
    let mut welsh = example_json();
    welsh["id"] = "canlyniadau".into();
    welsh["short_title"] = "Canlyniadau graddedig — 結果 🌿".into();
    welsh["themes"][0]["items"][0]["title"] = "Iechyd a lles emosiynol gwell — 健康".into();
    let file = write_json(dir.path(), "cy.json", &welsh);
    assert!(cli_ok(&db, &["framework", "add", path_str(&file)]).contains("canlyniadau 2009-10 (added)"));
    let id = cli_ok(
        &db,
        &[
            "new",
            "--org",
            "Cyngor Gwynedd",
            "--title",
            "Hunanasesiad",
            "--framework",
            "canlyniadau",
        ],
    );
    let id = id.trim();
    cli_ok(&db, &["set", "--assessment", id, "--item", "1.1", "--score", "4"]);
    let pdf = dir.path().join("cy.pdf");
    cli_ok(&db, &["export-pdf", "--assessment", id, "--out", path_str(&pdf)]);
    let text = one_line(&pdf_text(&std::fs::read(&pdf).expect("pdf")));
    assert!(text.contains("Iechyd a lles emosiynol gwell"), "{text}");
}

#[test]
fn a_framework_in_use_is_never_changed_or_removed_only_superseded() {
    let (dir, db) = temp_db();
    let file = example_framework();
    cli_ok(&db, &["framework", "add", path_str(&file)]);
    assert!(cli_ok(&db, &["framework", "add", path_str(&file)]).contains("already in this database"));
    let id = cli_ok(
        &db,
        &[
            "new",
            "--org",
            "Leeds",
            "--title",
            "Outcomes",
            "--framework",
            "graded-outcomes",
        ],
    );
    let id = id.trim().to_owned();
    cli_ok(&db, &["set", "--assessment", &id, "--item", "1.2", "--score", "4"]);

    let mut changed = example_json();
    changed["scale"][0]["label"] = "Failing".into();
    let changed_file = write_json(dir.path(), "changed.json", &changed);
    let before = hash(&db);
    let message = cli_refused(&db, &["framework", "add", path_str(&changed_file)]);
    assert!(message.contains("never changes once added"), "{message}");
    let message = cli_refused(&db, &["framework", "remove", "graded-outcomes", "--version", "2009-10"]);
    assert!(message.contains("used by 1 assessment"), "{message}");
    let message = cli_refused(&db, &["framework", "remove", CQC, "--version", "2024"]);
    assert!(message.contains("built into Critical Friend"), "{message}");
    let mut built_in_clash =
        serde_json::from_str::<Value>(&Catalogue::builtin().latest(CQC).expect("CQC").to_json()).expect("json");
    built_in_clash["title"] = "CQC, our way".into();
    let clash = write_json(dir.path(), "clash.json", &built_in_clash);
    assert!(cli_refused(&db, &["framework", "add", path_str(&clash)]).contains("built into"));
    assert_eq!(hash(&db), before, "refusals leave the database byte for byte");

    // A new version supersedes: new assessments take it; the old one keeps its own.
    changed["version"] = "2010-11".into();
    let newer = write_json(dir.path(), "newer.json", &changed);
    cli_ok(&db, &["framework", "add", path_str(&newer)]);
    let next = cli_ok(
        &db,
        &[
            "new",
            "--org",
            "Leeds",
            "--title",
            "Outcomes 2010",
            "--framework",
            "graded-outcomes",
        ],
    );
    let shown = cli_ok(&db, &["framework", "show", "graded-outcomes"]);
    assert!(
        shown.contains("version 2010-11") && shown.contains("1 Failing"),
        "{shown}"
    );
    let old = cli_ok(&db, &["framework", "show", "graded-outcomes", "--version", "2009-10"]);
    assert!(old.contains("1 Performing poorly"), "{old}");
    let listed: Value = serde_json::from_str(&cli_ok(&db, &["framework", "list", "--json"])).expect("json");
    let uses = |version: &str| {
        listed
            .as_array()
            .expect("list")
            .iter()
            .find(|f| f["id"] == "graded-outcomes" && f["version"] == version)
            .map(|f| f["assessments"].clone())
    };
    assert_eq!(uses("2009-10"), Some(1.into()));
    assert_eq!(uses("2010-11"), Some(1.into()));
    assert!(!next.trim().is_empty());
    // An added version nothing uses can go.
    changed["version"] = "2011-12".into();
    let unused = write_json(dir.path(), "unused.json", &changed);
    cli_ok(&db, &["framework", "add", path_str(&unused)]);
    cli_ok(&db, &["framework", "remove", "graded-outcomes", "--version", "2011-12"]);
    assert!(!cli_ok(&db, &["framework", "list"]).contains("2011-12"));
}

/// A council database with the example framework added, an assessment of it
/// scored on one outcome, and its exchange file; returns (db, id, file).
fn council_with_added_framework(dir: &Path) -> (PathBuf, String, PathBuf) {
    let council = dir.join("council.sqlite");
    cli_ok(&council, &["framework", "add", path_str(&example_framework())]);
    let id = cli_ok(
        &council,
        &[
            "new",
            "--org",
            "Leeds",
            "--title",
            "Outcomes",
            "--framework",
            "graded-outcomes",
        ],
    );
    let id = id.trim().to_owned();
    cli_ok(
        &council,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "1.2",
            "--score",
            "4",
            "--basis",
            "Excellent",
        ],
    );
    let file = dir.join("to-peers.json");
    cli_ok(&council, &["export", "--assessment", &id, "--out", path_str(&file)]);
    (council, id, file)
}

#[test]
fn an_exchange_file_carries_a_framework_the_receiving_copy_lacks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (council, id, file) = council_with_added_framework(dir.path());
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    assert_eq!(document["format_version"], exchange::FORMAT_VERSION);
    assert_eq!(document["assessment"]["framework_definition"]["id"], "graded-outcomes");

    let peer = dir.path().join("peer.sqlite");
    create_db(&peer);
    let diff = cli_ok(&peer, &["diff", path_str(&file)]);
    assert!(
        diff.contains("New framework Adult social care outcomes, graded 1 to 4"),
        "diff shows the framework first: {diff}"
    );
    assert!(
        !cli_ok(&peer, &["framework", "list"]).contains("graded-outcomes"),
        "diff changes nothing"
    );
    cli_ok(&peer, &["--as", "peer", "--name", "Pat", "import", path_str(&file)]);
    let listed = cli_ok(&peer, &["framework", "list"]);
    assert!(
        listed.contains("graded-outcomes") && listed.contains("by Pat, Peer team"),
        "{listed}"
    );
    let merges = cli_ok(&peer, &["merges", "--assessment", &id]);
    assert!(merges.contains("Added the framework it answers"), "{merges}");

    // The peer team scores on the framework's own scale and sends it back.
    let refused = cli_refused(
        &peer,
        &[
            "--as",
            "peer",
            "set",
            "--assessment",
            &id,
            "--item",
            "1.2",
            "--peer-score",
            "0",
        ],
    );
    assert!(
        refused.contains("runs from 1 (Performing poorly) to 4 (Performing excellently)"),
        "{refused}"
    );
    cli_ok(
        &peer,
        &[
            "--as",
            "peer",
            "set",
            "--assessment",
            &id,
            "--item",
            "1.2",
            "--peer-score",
            "3",
        ],
    );
    let back = dir.path().join("back.json");
    cli_ok(&peer, &["export", "--assessment", &id, "--out", path_str(&back)]);
    import_accepting(&council, &[], &back, &[&peer]);
    let compare = cli_ok(&council, &["history", "--assessment", &id, "--item", "1.2"]);
    assert!(compare.contains("Peer score") && compare.contains("“3”"), "{compare}");

    // A built-in framework never travels: every copy has it.
    let example = cli_ok(&council, &["demo"]);
    let teasc = dir.path().join("teasc.json");
    cli_ok(
        &council,
        &["export", "--assessment", example.trim(), "--out", path_str(&teasc)],
    );
    assert!(
        !std::fs::read_to_string(&teasc)
            .expect("read")
            .contains("framework_definition")
    );
}

#[test]
fn an_exchange_file_whose_framework_was_edited_is_refused_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_council, _id, file) = council_with_added_framework(dir.path());
    let original: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let forged = |name: &str, change: &dyn Fn(&mut Value)| {
        let mut document = original.clone();
        change(&mut document);
        let text = exchange::reseal(&serde_json::to_string_pretty(&document).expect("json")).expect("reseal");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    };
    // A copy that already holds the framework refuses a file whose copy of it differs.
    let holder = dir.path().join("holder.sqlite");
    cli_ok(&holder, &["framework", "add", path_str(&example_framework())]);
    let relabelled = forged("relabelled.json", &|d| {
        d["assessment"]["framework_definition"]["scale"][0]["label"] = "Fine, really".into();
    });
    let before = hash(&holder);
    let message = cli_refused(&holder, &["import", path_str(&relabelled)]);
    assert!(
        message.contains("differs from the one this database holds"),
        "{message}"
    );
    assert_eq!(hash(&holder), before);

    // A copy without it refuses a carried framework that breaks a rule, that
    // is not the one the assessment names, or that the scores do not fit.
    let fresh = dir.path().join("fresh.sqlite");
    create_db(&fresh);
    let frameworks_before = cli_ok(&fresh, &["framework", "list"]);
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            forged("overlap.json", &|d| {
                d["assessment"]["framework_definition"]["rating"] = serde_json::json!({
                    "method": "percentage_of_maximum",
                    "bands": [
                        { "label": "Low", "from_percent": 25, "to_percent": 70 },
                        { "label": "High", "from_percent": 60, "to_percent": 100 }
                    ]
                });
            }),
            "its framework is not valid",
        ),
        (
            forged("renamed.json", &|d| {
                d["assessment"]["framework_definition"]["version"] = "2099".into();
            }),
            "carries framework graded-outcomes (version 2099)",
        ),
        (
            forged("rescaled.json", &|d| {
                // 0–3 where the file said 1–4: the score of 4 no longer fits.
                for index in 0..4 {
                    d["assessment"]["framework_definition"]["scale"][index]["score"] = index.into();
                }
            }),
            "“4” is not a score on this framework’s scale",
        ),
        (
            forged("missing.json", &|d| {
                d["assessment"]
                    .as_object_mut()
                    .expect("record")
                    .remove("framework_definition");
            }),
            "does not carry",
        ),
    ];
    for (path, expected) in cases {
        let message = cli_refused(&fresh, &["import", path_str(&path)]);
        assert!(message.contains(expected), "{}: {message}", path.display());
    }
    assert_eq!(
        cli_ok(&fresh, &["framework", "list"]),
        frameworks_before,
        "nothing added"
    );
    assert!(cli_ok(&fresh, &["list"]).contains("No assessments yet"));
}

#[test]
fn cqc_rating_shows_in_every_format_only_once_every_statement_is_scored() {
    let (dir, db) = temp_db();
    let id = cli_ok(
        &db,
        &[
            "new",
            "--org",
            "Example Borough Council",
            "--title",
            "CQC",
            "--framework",
            CQC,
        ],
    );
    let id = id.trim().to_owned();
    let statements = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2"];
    for item in &statements[..8] {
        cli_ok(&db, &["set", "--assessment", &id, "--item", item, "--score", "3"]);
    }
    let refused = cli_refused(&db, &["set", "--assessment", &id, "--item", "4.2", "--score", "0"]);
    assert!(
        refused.contains("“0” is not a score on this framework’s scale"),
        "{refused}"
    );
    let pdf = dir.path().join("cqc.pdf");
    let export = |format: &str, out: &Path| {
        cli_ok(
            &db,
            &[
                format,
                "--assessment",
                &id,
                "--out",
                path_str(out),
                "--date",
                "2026-12-02",
            ],
        );
    };
    export("export-pdf", &pdf);
    let text = one_line(&pdf_text(&std::fs::read(&pdf).expect("pdf")));
    assert!(
        text.contains("Self-assessment, overall rating: not yet rated (8 of 9 quality statements scored)"),
        "{text}"
    );

    cli_ok(
        &db,
        &[
            "set",
            "--assessment",
            &id,
            "--item",
            "4.2",
            "--score",
            "4",
            "--basis",
            "Co-produced audit",
        ],
    );
    let history = cli_ok(&db, &["history", "--assessment", &id, "--item", "4.2"]);
    assert!(
        history.contains("What the evidence shows  “” → “Co-produced audit”"),
        "{history}"
    );
    // 8 × 3 + 4 = 28 of 36: 77.8%, rounded to 78%: Good.
    let rated = "Self-assessment, overall rating: Good (78% of the maximum score)";
    export("export-pdf", &pdf);
    let text = one_line(&pdf_text(&std::fs::read(&pdf).expect("pdf")));
    for expected in [
        rated,
        "Quality statement",
        "What the evidence shows",
        "Gaps and actions",
        "63–87% Good",
    ] {
        assert!(text.contains(expected), "PDF lacks {expected}");
    }
    let docx = dir.path().join("cqc.docx");
    export("export-docx", &docx);
    let xml = unzip_text(&docx, "word/document.xml");
    assert!(
        xml.contains(rated) && xml.contains("What the evidence shows"),
        "Word lacks the rating"
    );
    let xlsx = dir.path().join("cqc.xlsx");
    export("export-xlsx", &xlsx);
    let strings = unzip_text(&xlsx, "xl/sharedStrings.xml");
    assert!(
        strings.contains("Good (78% of the maximum score)"),
        "Excel lacks the rating"
    );
    let csv = dir.path().join("cqc.csv");
    export("export-csv", &csv);
    let table = std::fs::read_to_string(&csv).expect("csv");
    assert!(table.lines().next().is_some_and(|head| {
        head.contains("Quality statement,Score,Score label,What the evidence shows,Gaps and actions")
    }));
    assert!(table.contains("4 – Evidence shows an exceptional standard"));

    workbook_comes_back_the_same(dir.path(), &id, &xlsx, &table);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

#[test]
fn a_database_and_exchange_file_from_the_last_release_open_and_round_trip_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let released = dir.path().join("released.sqlite");
    std::fs::copy(fixture("released-0.1.0.sqlite"), &released).expect("copy");
    let author = Author::default();
    let session = Session::open(&released, None, author.clone()).expect("the release's database opens");
    let listing = session.database().list().expect("list");
    assert_eq!(listing.len(), 1);
    let stored = session.load(listing[0].id).expect("load");
    let file = exchange::read_file(&fixture("released-0.1.0-exchange-v3.json"), session.catalogue())
        .expect("the release's exchange file reads");
    assert_eq!(file.format_version, 3);
    assert_eq!(file.new_framework, None);
    assert_eq!(
        file.assessment, stored,
        "the migrated database holds what the release exported"
    );
    assert_eq!(
        file.changes,
        session.database().history(stored.id, None).expect("history")
    );
    let answer = stored.answer(&ItemId::new("2.3"));
    assert_eq!(answer.score.map(critical_friend::domain::Score::value), Some(1));
    assert!(answer.notes.starts_with("Released notes"));

    // Imported by this build into a new database and exported again: the same.
    let fresh = dir.path().join("fresh.sqlite");
    let mut importer = Session::open(&fresh, None, author).expect("fresh");
    let prepared = importer.prepare_file(file.clone()).expect("prepare");
    importer.apply_import(&prepared, &[], "released.json").expect("import");
    let again = dir.path().join("again.json");
    importer.export_exchange(stored.id, &again).expect("export");
    let back = exchange::read_file(&again, importer.catalogue()).expect("read back");
    assert_eq!(back.assessment, file.assessment);
    assert_eq!(back.changes, file.changes);
    assert_eq!(back.format_version, exchange::FORMAT_VERSION);
}

/// The workbook, imported into another database, is the same assessment:
/// its CSV table reads as the one the workbook came from.
fn workbook_comes_back_the_same(dir: &Path, id: &str, xlsx: &Path, table: &str) {
    let other = dir.join("other.sqlite");
    assert_eq!(cli_ok(&other, &["import-xlsx", path_str(xlsx)]).trim(), id);
    let listed: Value = serde_json::from_str(&cli_ok(&other, &["list", "--json"])).expect("json");
    assert_eq!(listed[0]["scored"], 9);
    let again = dir.join("again.csv");
    cli_ok(
        &other,
        &[
            "export-csv",
            "--assessment",
            id,
            "--out",
            path_str(&again),
            "--date",
            "2026-12-02",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&again).expect("csv"),
        table,
        "every score and text came back"
    );
}

/// Framework files at the edges: a byte-order mark (as Notepad saves) is
/// read; `check` gives `add`'s verdict against the database it is pointed
/// at; an item number with a separator in it, or one differing from another
/// only in capitals, is refused; an id differing from a known one only in
/// capitals is refused.
#[test]
fn framework_files_at_the_edges_get_adds_verdict_from_check() {
    let (dir, db) = temp_db();
    create_db(&db);
    let text = std::fs::read_to_string(example_framework()).expect("read");
    let bom = dir.path().join("notepad.json");
    std::fs::write(&bom, format!("\u{feff}{text}")).expect("write");
    let checked = cli_ok(&db, &["framework", "check", path_str(&bom)]);
    assert!(checked.contains("it can be added"), "{checked}");
    cli_ok(&db, &["framework", "add", path_str(&bom)]);
    assert!(cli_ok(&db, &["framework", "check", path_str(&bom)]).contains("already in this database"));

    // A changed copy of the one added, and of a built-in: check refuses as add does.
    let mut changed = example_json();
    changed["name"] = Value::from("Renamed without a new version");
    let changed = write_json(dir.path(), "changed.json", &changed);
    let mut builtin: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/frameworks/teasc-use-of-resources.json"),
        )
        .expect("read"),
    )
    .expect("json");
    builtin["name"] = Value::from("Our own Use of Resources");
    let builtin = write_json(dir.path(), "builtin.json", &builtin);
    for file in [&changed, &builtin] {
        let by_check = cli_refused(&db, &["framework", "check", path_str(file)]);
        let by_add = cli_refused(&db, &["framework", "add", path_str(file)]);
        assert_eq!(by_check, by_add, "check and add agree on {}", file.display());
    }

    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut comma = example_json();
    comma["id"] = Value::from("comma-ids");
    comma["themes"][0]["items"][0]["id"] = Value::from("1,1");
    cases.push(("comma", comma, "letters, digits, dots"));
    let mut mixed_case = example_json();
    mixed_case["id"] = Value::from("cased-ids");
    mixed_case["themes"][0]["items"][1]["id"] = Value::from("A.1");
    mixed_case["themes"][0]["items"][0]["id"] = Value::from("a.1");
    cases.push(("cased-items", mixed_case, "appears twice"));
    let mut upper = example_json();
    upper["id"] = Value::from("TEASC-Use-of-Resources");
    cases.push(("cased-id", upper, "only in capital letters"));
    for (name, value, expected) in cases {
        let file = write_json(dir.path(), &format!("{name}.json"), &value);
        for command in ["check", "add"] {
            let message = cli_refused(&db, &["framework", command, path_str(&file)]);
            assert!(message.contains(expected), "{name} ({command}): {message}");
        }
    }
}
