//! Each action's supporting measure, as a directorate scorecard gives it
//! (what is measured, its target, which way is better, its value in each
//! quarter of the financial year), through the real binary on real files:
//! set and listed, read against its target, refused whole when a part is
//! wrong, merged quarter by quarter between two council copies, refused
//! when forged into an exchange file, and printed in the plan packs.

use std::path::Path;

use serde_json::Value;

use crate::common::{cli, cli_ok, hash, import_accepting, pdf_text, sign_file_by_hand, temp_db};

const COUNCIL: [&str; 4] = ["--as", "council", "--name", "Jo Bloggs"];

fn council(db: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = COUNCIL.to_vec();
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn actions_json(db: &Path, id: &str) -> Vec<Value> {
    let value: Value = serde_json::from_str(&cli_ok(db, &["actions", "--assessment", id, "--json"])).expect("json");
    value.as_array().expect("array").clone()
}

/// The example after its challenge, Final, with one action measured as the
/// scorecard measures delayed discharges; returns its id.
fn measured_plan(db: &Path) -> String {
    let id = cli_ok(db, &["demo", "--after-challenge"]).trim().to_owned();
    council(db, &["status", "--assessment", &id, "--set", "final"]);
    council(
        db,
        &[
            "action",
            "add",
            "--assessment",
            &id,
            "--text",
            "Reduce delayed discharges from hospital",
            "--measure",
            "Delayed discharges per 100,000 adults a week",
            "--target",
            "1.50",
            "--better",
            "Lower",
            "--value",
            "Q1 2012/13=1.92",
            "--value",
            "2012/13 Q2 = 2.16",
        ],
    );
    id
}

#[test]
fn a_supporting_measure_is_set_listed_and_read_against_its_target() {
    let (_dir, db) = temp_db();
    let id = measured_plan(&db);
    let action = &actions_json(&db, &id)[0];
    assert_eq!(action["measure"], "Delayed discharges per 100,000 adults a week");
    assert_eq!(action["better"], "lower", "one of a few words, however typed");
    assert_eq!(action["values"]["Q1 2012/13"], "1.92");
    assert_eq!(action["values"]["Q2 2012/13"], "2.16");
    assert_eq!(action["against_target"]["rag"], "red");
    assert_eq!(action["against_target"]["quarter"], "Q2 2012/13");
    assert!(
        action["against_target"]["rule"]
            .as_str()
            .is_some_and(|rule| rule.contains("a tenth of the target")),
        "the rule travels with the colour"
    );
    let listed = council(&db, &["actions", "--assessment", &id]);
    assert!(
        listed.contains("target 1.50; Q1 2012/13 1.92, Q2 2012/13 2.16; against target: Red"),
        "{listed}"
    );

    // A third quarter's value brings it within a tenth of the target.
    let update = |args: &[&str]| {
        let mut all = vec!["action", "update", "--assessment", id.as_str(), "--action", "1"];
        all.extend_from_slice(args);
        council(&db, &all)
    };
    update(&["--value", "Q3 2012/13=1.6"]);
    assert_eq!(actions_json(&db, &id)[0]["against_target"]["rag"], "amber");
    // An empty value takes the quarter out.
    update(&["--value", "Q3 2012/13="]);
    assert!(actions_json(&db, &id)[0]["values"].get("Q3 2012/13").is_none());
    let history = council(&db, &["history", "--assessment", &id]);
    assert!(
        history.contains("Value of an action's measure, Q3 2012/13 (Oct–Dec)"),
        "{history}"
    );
}

#[test]
fn a_wrong_part_refuses_the_whole_request_and_changes_nothing() {
    let (_dir, db) = temp_db();
    let id = measured_plan(&db);
    let before = hash(&db);
    let attempts: [&[&str]; 5] = [
        &["--better", "sideways", "--status", "green"],
        &["--value", "Q5 2012/13=1.0", "--status", "green"],
        &["--value", "2.16", "--status", "green"],
        &[
            "--value",
            "Q4 2012/13=this value is far longer than any scorecard cell would hold",
            "--status",
            "green",
        ],
        &["--target", "1.50\nor less", "--status", "green"],
    ];
    for args in attempts {
        let mut all: Vec<&str> = COUNCIL.to_vec();
        all.extend(["action", "update", "--assessment", id.as_str(), "--action", "1"]);
        all.extend_from_slice(args);
        let output = cli(&db, &all);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} was taken");
        assert!(
            ["is not a", "not a quarter", "QUARTER=VALUE", "too long", "one line"]
                .iter()
                .any(|words| message.contains(words)),
            "{args:?}: {message}"
        );
        assert_eq!(hash(&db), before, "{args:?} changed the database");
    }
}

#[test]
fn two_council_copies_giving_two_quarters_values_both_keep_theirs() {
    let (dir, db) = temp_db();
    let id = measured_plan(&db);
    let sent = dir.path().join("sent.cfriend");
    council(&db, &["export", "--assessment", &id, "--out", path_str(&sent)]);
    let other = dir.path().join("other.sqlite");
    council(&other, &["import", path_str(&sent)]);
    let update = |db: &Path, value: &str| {
        council(
            db,
            &[
                "action",
                "update",
                "--assessment",
                &id,
                "--action",
                "1",
                "--value",
                value,
            ],
        );
    };
    update(&other, "Q3 2012/13=1.70");
    update(&db, "Q4 2012/13=1.45");
    let back = dir.path().join("back.cfriend");
    council(&other, &["export", "--assessment", &id, "--out", path_str(&back)]);
    let report = import_accepting(&db, &COUNCIL, &back, &[&other]);
    assert!(!report.to_lowercase().contains("conflict"), "{report}");
    let values = &actions_json(&db, &id)[0]["values"];
    assert_eq!(
        (values["Q3 2012/13"].as_str(), values["Q4 2012/13"].as_str()),
        (Some("1.70"), Some("1.45"))
    );
    assert_eq!(actions_json(&db, &id)[0]["against_target"]["rag"], "green");
}

#[test]
fn a_value_forged_into_an_exchange_file_is_refused_by_the_same_rule() {
    let (dir, db) = temp_db();
    let id = measured_plan(&db);
    let file = dir.path().join("sent.cfriend");
    council(&db, &["export", "--assessment", &id, "--out", path_str(&file)]);
    let mut document: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    let forged = "2.16, and then a long story nobody checked any further";
    document["assessment"]["actions"][0]["values"]["2012-Q2"] = Value::from(forged);
    let changes = document["assessment"]["changes"].as_array_mut().expect("changes");
    let change = changes
        .iter_mut()
        .find(|change| change["field"] == "action_value:2012-Q2")
        .expect("the change that gave Q2 its value");
    change["new"] = Value::from(forged);
    change.as_object_mut().expect("a record").remove("signature");
    std::fs::write(
        &file,
        critical_friend::exchange::reseal(&serde_json::to_string(&document).expect("json")).expect("reseal"),
    )
    .expect("write");
    sign_file_by_hand(&db, &file);
    let fresh = dir.path().join("fresh.sqlite");
    crate::common::create_db(&fresh);
    let before = hash(&fresh);
    let output = cli(
        &fresh,
        &["--as", "council", "--name", "Jo Bloggs", "import", path_str(&file)],
    );
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the forged value was taken");
    assert!(message.contains("measure's value is too long"), "{message}");
    assert_eq!(hash(&fresh), before);
}

#[test]
fn the_plan_prints_each_measure_with_its_colour_against_target() {
    let (dir, db) = temp_db();
    cli_ok(&db, &["demo", "--a-year-on"]);
    let id = crate::common::listed_id(&db, "Final");
    let pdf = dir.path().join("plan.pdf");
    council(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&pdf),
        ],
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("People leaving hospital who are offered reablement (higher is better); target 85%"),
        "{text}"
    );
    assert!(text.contains("Q1 2017/18 86%; against target: Green"), "{text}");
    assert!(
        text.contains("against target: Amber"),
        "the care home admissions: {text}"
    );
    assert!(text.contains("a tenth of the target"), "the rule is printed: {text}");
    // The scorecard's shape: the latest year's measures, Q1 to Q4, beside
    // the colour against target and the action's own status.
    assert!(text.contains("Scorecard 2017/18: supporting measures"), "{text}");
    assert!(
        text.contains("People leaving hospital who are offered reablement (higher is better) 85% 86% – – – Green"),
        "{text}"
    );
    // A measure with no value that year has no colour that year.
    assert!(
        text.contains("per 100,000 (lower is better) 600 – – – – – Blue (done)"),
        "{text}"
    );
    let docx = dir.path().join("plan.docx");
    council(
        &db,
        &[
            "export-docx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&docx),
        ],
    );
    let document = crate::common::unzip_text(&docx, "word/document.xml");
    assert!(document.contains("Q1 2017/18 86%; against target: Green"), "{document}");
    assert!(document.contains("Scorecard 2017/18: supporting measures"));
}

#[test]
fn the_plan_workbook_gives_each_quarters_value_a_column_and_reads_edits_back() {
    let (dir, db) = temp_db();
    let id = measured_plan(&db);
    let workbook = dir.path().join("plan.xlsx");
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
    let column_of = |rows: &Vec<Vec<String>>, heading: &str| {
        rows[0]
            .iter()
            .position(|cell| cell == heading)
            .unwrap_or_else(|| panic!("no column {heading}: {:?}", rows[0]))
    };
    let edited = dir.path().join("edited.xlsx");
    crate::plan::edited_workbook(&workbook, &edited, |rows| {
        let row = rows
            .iter()
            .position(|row| row.iter().any(|c| c == "Reduce delayed discharges from hospital"));
        let row = row.expect("the measured action's row");
        assert_eq!(rows[row][column_of(rows, "Q2 2012/13 value")], "2.16");
        assert_eq!(rows[row][column_of(rows, "Target")], "1.50");
        let q3 = column_of(rows, "Q3 2012/13 value");
        rows[row][q3] = "1.55".to_owned();
        let target = column_of(rows, "Target");
        rows[row][target] = "1.60".to_owned();
    });
    council(&db, &["import-xlsx", path_str(&edited)]);
    let action = actions_json(&db, &id)
        .into_iter()
        .find(|a| a["text"] == "Reduce delayed discharges from hospital")
        .expect("the action");
    assert_eq!(
        (action["values"]["Q3 2012/13"].as_str(), action["target"].as_str()),
        (Some("1.55"), Some("1.60"))
    );
    assert_eq!(action["against_target"]["rag"], "green");

    // A direction of better that is not one refuses the workbook whole.
    let wrong = dir.path().join("wrong.xlsx");
    crate::plan::edited_workbook(&edited, &wrong, |rows| {
        let better = column_of(rows, "Better (higher, lower, neither)");
        let last = rows.len() - 1;
        rows[last][better] = "sideways".to_owned();
    });
    let before = hash(&db);
    let output = cli(
        &db,
        &[
            "--as",
            "council",
            "--name",
            "Jo Bloggs",
            "import-xlsx",
            path_str(&wrong),
        ],
    );
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && message.contains("sideways"), "{message}");
    assert_eq!(hash(&db), before);
}
