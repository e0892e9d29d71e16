//! After the challenge, through the command line on real files: a Final
//! assessment's areas for consideration become the action plan, updated
//! over four quarters to Blue; the progress review starts from it, scores
//! move, and `compare` and the progress pack say how. Then the plan as an
//! Excel workbook edited and imported back (or refused whole), the plan
//! travelling between two council copies and merging field by field, and a
//! forged change to the plan refused.

use std::path::Path;

use serde_json::Value;

use crate::common::{cli, cli_ok, hash, import_accepting, pdf_text, temp_db};

const COUNCIL: [&str; 4] = ["--as", "council", "--name", "Jo Bloggs"];

fn council(db: &Path, args: &[&str]) -> String {
    let mut all: Vec<&str> = COUNCIL.to_vec();
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The example after its challenge, Final; returns its id.
fn final_example(db: &Path) -> String {
    let id = cli_ok(db, &["demo", "--after-challenge"]).trim().to_owned();
    council(db, &["status", "--assessment", &id, "--set", "final"]);
    id
}

fn actions_json(db: &Path, id: &str, filters: &[&str]) -> Vec<Value> {
    let mut args = vec!["actions", "--assessment", id, "--json"];
    args.extend_from_slice(filters);
    let value: Value = serde_json::from_str(&cli_ok(db, &args)).expect("json");
    value.as_array().expect("array").clone()
}

#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, read in order")]
fn the_follow_through_from_findings_to_the_progress_review() {
    let (dir, db) = temp_db();
    let id = final_example(&db);
    let added = council(&db, &["action", "from-findings", "--assessment", &id]);
    assert_eq!(added.trim(), "Added 6 actions: 1, 2, 3, 4, 5, 6.");
    let again = council(&db, &["action", "from-findings", "--assessment", &id]);
    assert!(again.contains("nothing was added"), "{again}");

    // A year of progress on action 1, quarter by quarter, then done.
    let update = |args: &[&str]| {
        let mut all = vec!["action", "update", "--assessment", id.as_str(), "--action", "1"];
        all.extend_from_slice(args);
        council(&db, &all);
    };
    update(&[
        "--owner",
        "Head of Commissioning",
        "--due",
        "2017-03-31",
        "--status",
        "amber",
    ]);
    update(&["--progress", "Scoped the savings model", "--on", "2016-05-10"]);
    update(&[
        "--progress",
        "Baseline agreed with finance",
        "--on",
        "2016-08-01",
        "--status",
        "green",
    ]);
    update(&["--progress", "First quarter's savings reported", "--on", "2016-11-15"]);
    update(&[
        "--progress",
        "Board adopted the model",
        "--on",
        "2017-02-20",
        "--status",
        "blue",
    ]);
    council(
        &db,
        &[
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "2",
            "--due",
            "2017-01-31",
            "--status",
            "red",
        ],
    );
    council(
        &db,
        &[
            "action",
            "add",
            "--assessment",
            &id,
            "--text",
            "Publish the market position statement",
            "--item",
            "5.2",
            "--owner",
            "Commissioning",
            "--due",
            "2099-01-31",
        ],
    );

    let actions = actions_json(&db, &id, &[]);
    assert_eq!(actions.len(), 7);
    let first = &actions[0];
    assert_eq!(first["status"], "blue");
    assert_eq!(first["owner"], "Head of Commissioning");
    let quarters: Vec<&str> = first["progress"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|note| note["quarter"].as_str().expect("quarter"))
        .collect();
    assert_eq!(
        quarters,
        [
            "Q1 2016/17 (Apr–Jun)",
            "Q2 2016/17 (Jul–Sep)",
            "Q3 2016/17 (Oct–Dec)",
            "Q4 2016/17 (Jan–Mar)"
        ]
    );
    assert!(first["progress"][0]["by"] == "Jo Bloggs", "notes are attributed");
    assert!(
        first["source_text"]
            .as_str()
            .is_some_and(|text| text.starts_with("Areas for consideration (theme 1)")),
        "{first}"
    );
    let overdue = actions_json(&db, &id, &["--overdue"]);
    assert_eq!(overdue.len(), 1, "done is never overdue; the 2099 one is not yet");
    assert_eq!(overdue[0]["number"], 2);
    assert_eq!(actions_json(&db, &id, &["--status", "blue"]).len(), 1);
    assert_eq!(
        actions_json(&db, &id, &["--theme", "5"]).len(),
        2,
        "the area and the item"
    );
    assert_eq!(actions_json(&db, &id, &["--owner", "commissioning"]).len(), 2);
    let text = cli_ok(&db, &["actions", "--assessment", &id]);
    assert!(text.contains("[Blue (done)]") && text.contains("OVERDUE"), "{text}");

    // The peer team reads the plan but does not write it; the history has it.
    let refused = cli(
        &db,
        &[
            "--as",
            "peer",
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "1",
            "--status",
            "red",
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("only the council can change the action plan"));
    let history = cli_ok(&db, &["history", "--assessment", &id]);
    assert!(
        history.contains("Action status") && history.contains("Progress on an action"),
        "{history}"
    );

    // The action plan pack, as PDF, Word and Excel.
    let plan_pdf = dir.path().join("plan.pdf");
    council(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&plan_pdf),
            "--date",
            "2017-04-01",
        ],
    );
    let plan = squash(&pdf_text(&std::fs::read(&plan_pdf).expect("read")));
    for needle in [
        "Action plan",
        "Status by theme",
        "Blue (done)",
        "2017-01-31 (overdue)",
        "Q4 2016/17 (Jan–Mar), 2017-02-20, Jo Bloggs: Board adopted the model",
        "From: 5.2",
    ] {
        assert!(plan.contains(needle), "the action plan PDF misses {needle:?}");
    }
    for kind in ["docx", "xlsx"] {
        let out = dir.path().join(format!("plan.{kind}"));
        council(
            &db,
            &[
                &format!("export-{kind}"),
                "--assessment",
                &id,
                "--kind",
                "action-plan",
                "--out",
                path_str(&out),
            ],
        );
        assert!(out.exists());
    }

    // The progress review, a year on.
    let review = council(&db, &["review", "start", "--from", &id, "--period", "2017/18"])
        .trim()
        .to_owned();
    let carried = actions_json(&db, &review, &[]);
    assert_eq!(carried.len(), 7, "the plan comes along");
    assert!(
        carried[0]["source_text"]
            .as_str()
            .is_some_and(|text| text.starts_with("Areas for consideration (theme 1)")),
        "the review reads its actions' findings in its baseline"
    );
    council(&db, &["set", "--assessment", &review, "--item", "1.1", "--score", "3"]);
    council(&db, &["set", "--assessment", &review, "--item", "2.3", "--score", "0"]);
    let compared: Value = serde_json::from_str(&cli_ok(
        &db,
        &["compare", "--assessment", &id, "--with", &review, "--json"],
    ))
    .expect("json");
    assert_eq!(compared["periods"], serde_json::json!(["2016/17", "2017/18"]));
    let movement = |item: &str| {
        compared["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|row| row["item"] == item)
            .map(|row| row["movement"].clone())
    };
    assert_eq!(movement("1.1"), Some(Value::from("up")));
    assert_eq!(movement("2.3"), Some(Value::from("down")));
    assert_eq!(movement("3.1"), Some(Value::from("no change")));
    let years = dir.path().join("years.pdf");
    cli_ok(
        &db,
        &[
            "compare",
            "--assessment",
            &id,
            "--with",
            &review,
            "--out",
            path_str(&years),
        ],
    );
    let years = squash(&pdf_text(&std::fs::read(&years).expect("read")));
    assert!(
        years.contains("Year on year: 2016/17, 2017/18") && years.contains("↑ up"),
        "{years}"
    );
    let refused = cli(&db, &["review", "start", "--from", &review, "--period", "2018/19"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("starts from a Final assessment"));

    let progress_pdf = dir.path().join("progress.pdf");
    council(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &review,
            "--kind",
            "progress",
            "--out",
            path_str(&progress_pdf),
        ],
    );
    let progress = squash(&pdf_text(&std::fs::read(&progress_pdf).expect("read")));
    for needle in [
        "Progress since 2016/17",
        "↑ up",
        "↓ down",
        "= no change",
        "Actions by theme",
        "Blue (done)",
    ] {
        assert!(progress.contains(needle), "the progress PDF misses {needle:?}");
    }
    let progress_docx = dir.path().join("progress.docx");
    council(
        &db,
        &[
            "export-docx",
            "--assessment",
            &review,
            "--kind",
            "progress",
            "--out",
            path_str(&progress_docx),
        ],
    );
    let not_a_review = cli(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--kind",
            "progress",
            "--out",
            path_str(&dir.path().join("x.pdf")),
        ],
    );
    assert!(String::from_utf8_lossy(&not_a_review.stderr).contains("not a progress review"));
    for (name, file) in [("action plan", &plan_pdf), ("progress", &progress_pdf)] {
        let pages = lopdf::Document::load(file).expect("pdf").get_pages().len();
        eprintln!("the example's {name} pack: {pages} pages");
    }
}

/// The column of the plan sheet whose heading starts with `heading`.
fn column_of(rows: &[Vec<String>], heading: &str) -> usize {
    rows[0]
        .iter()
        .position(|cell| cell.starts_with(heading))
        .unwrap_or_else(|| panic!("no column {heading}"))
}

/// A cell as someone would type it: a date as `YYYY-MM-DD`, the rest as shown.
fn typed(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::DateTime(value) => {
            #[allow(clippy::cast_possible_truncation, reason = "a day number well within i32")]
            let days = value.as_f64().floor() as i32;
            time::Date::from_julian_day(2_415_019 + days)
                .expect("a date")
                .to_string()
        }
        other => other.to_string(),
    }
}

/// Rewrites an exported action plan workbook as someone editing it in
/// Excel would leave it: every cell as typed text, the plan sheet changed
/// by `edit`.
pub(crate) fn edited_workbook(from: &Path, to: &Path, edit: impl Fn(&mut Vec<Vec<String>>)) {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(from).expect("open workbook");
    let grid = |range: calamine::Range<calamine::Data>| -> Vec<Vec<String>> {
        range.rows().map(|row| row.iter().map(typed).collect()).collect()
    };
    let summary = grid(book.worksheet_range("Summary").expect("Summary"));
    let mut plan = grid(book.worksheet_range("Action plan").expect("Action plan"));
    edit(&mut plan);
    let mut out = rust_xlsxwriter::Workbook::new();
    for (name, rows) in [("Summary", &summary), ("Action plan", &plan)] {
        let sheet = out.add_worksheet();
        sheet.set_name(name).expect("name");
        for (r, row) in (0u32..).zip(rows) {
            for (c, text) in (0u16..).zip(row) {
                if !text.is_empty() {
                    sheet.write_string(r, c, text).expect("write");
                }
            }
        }
    }
    out.save(to).expect("save");
}

#[test]
fn the_action_plan_workbook_comes_back_and_a_bad_row_refuses_it_whole() {
    let (dir, db) = temp_db();
    let id = final_example(&db);
    council(&db, &["action", "from-findings", "--assessment", &id]);
    council(
        &db,
        &[
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "2",
            "--progress",
            "Pilot on two wards",
            "--on",
            "2026-07-01",
        ],
    );
    let exported = dir.path().join("plan.xlsx");
    council(
        &db,
        &[
            "export-xlsx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&exported),
        ],
    );

    let edited = dir.path().join("edited.xlsx");
    edited_workbook(&exported, &edited, |rows| {
        let [owner, due, status, q1, q3] =
            ["Owner", "Due", "Status", "Q1", "Q3"].map(|heading| column_of(rows, heading));
        rows[1][owner] = "Director of Adult Services".to_owned();
        rows[1][due] = "31/03/2027".to_owned();
        rows[1][status] = "Green".to_owned();
        rows[1][q3] = "2026-11-05: Met the providers".to_owned();
        rows[2][q1].push_str("\nSecond ward added");
        let mut new_row = vec![String::new(); rows[0].len()];
        new_row[1] = "Review the charging policy".to_owned();
        new_row[status] = "amber".to_owned();
        new_row[q1] = "Scoping started".to_owned();
        rows.push(new_row);
    });
    let imported = council(&db, &["import-xlsx", path_str(&edited)]);
    assert_eq!(imported.trim(), id);
    let actions = actions_json(&db, &id, &[]);
    assert_eq!(actions.len(), 7, "the new row is a new action");
    assert_eq!(actions[0]["status"], "green");
    assert_eq!(actions[0]["owner"], "Director of Adult Services");
    assert_eq!(actions[0]["due"], "2027-03-31", "a UK date reads as a date");
    assert_eq!(actions[0]["progress"][0]["on"], "2026-11-05");
    assert_eq!(actions[0]["progress"][0]["text"], "Met the providers");
    let second = actions[1]["progress"].as_array().expect("notes");
    assert_eq!(second.len(), 2, "the note already there is not added again: {second:?}");
    assert_eq!(second[1]["text"], "Second ward added");
    assert_eq!(actions[6]["status"], "amber");
    assert_eq!(actions[6]["progress"][0]["text"], "Scoping started");

    // The same workbook again changes nothing more.
    let history = |db: &Path| cli_ok(db, &["history", "--assessment", &id]).lines().count();
    let before = history(&db);
    let again = dir.path().join("again.xlsx");
    council(
        &db,
        &[
            "export-xlsx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&again),
        ],
    );
    council(&db, &["import-xlsx", path_str(&again)]);
    assert_eq!(history(&db), before, "an unchanged plan workbook records nothing");

    // A status that is not one, or a date that is not one: refused whole.
    for (column, value, says) in [
        ("Status", "Purple", "“Purple” is not a status"),
        ("Due", "next March", "is not a date"),
    ] {
        let bad = dir.path().join(format!("bad-{column}.xlsx"));
        edited_workbook(&again, &bad, |rows| {
            let owner = column_of(rows, "Owner");
            rows[1][owner] = "Someone new".to_owned();
            let at = column_of(rows, column);
            rows[3][at] = value.to_owned();
        });
        let before = hash(&db);
        let refused = cli(&db, &["import-xlsx", path_str(&bad)]);
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success());
        assert!(message.contains("row 4") && message.contains(says), "{message}");
        assert_eq!(hash(&db), before, "nothing of a refused workbook is stored");
    }
}

#[test]
fn two_council_copies_merge_their_plans_and_a_forged_plan_change_is_refused() {
    let (dir, db) = temp_db();
    let id = final_example(&db);
    council(&db, &["action", "from-findings", "--assessment", &id]);
    let shared = dir.path().join("shared.json");
    council(&db, &["export", "--assessment", &id, "--out", path_str(&shared)]);
    let other = dir.path().join("other.sqlite");
    cli_ok(&other, &["import", path_str(&shared)]);

    // Each copy changes a different part of the plan, though both are Final.
    council(
        &db,
        &[
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "1",
            "--status",
            "green",
        ],
    );
    council(
        &other,
        &[
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "1",
            "--owner",
            "Finance lead",
            "--progress",
            "Costed",
        ],
    );
    council(
        &other,
        &[
            "action",
            "add",
            "--assessment",
            &id,
            "--text",
            "Report savings quarterly",
        ],
    );
    let back = dir.path().join("back.json");
    council(&other, &["export", "--assessment", &id, "--out", path_str(&back)]);
    // Jo's other laptop has a key of its own, which the council accepts.
    let report = import_accepting(&db, &COUNCIL, &back, &[&other]);
    assert!(!report.contains("Conflicts"), "{report}");
    let actions = actions_json(&db, &id, &[]);
    assert_eq!(actions.len(), 7);
    assert_eq!(actions[0]["status"], "green", "mine kept");
    assert_eq!(actions[0]["owner"], "Finance lead", "theirs taken");
    assert_eq!(actions[0]["progress"][0]["text"], "Costed");
    assert_eq!(actions[6]["text"], "Report savings quarterly");

    // A Final copy still takes nothing but plan changes: a file whose plan
    // change claims to be the peer team's is refused whole.
    let text = std::fs::read_to_string(&back).expect("read");
    let mut document: Value = serde_json::from_str(&text).expect("json");
    let changes = document["assessment"]["changes"].as_array_mut().expect("changes");
    let forged = changes
        .iter_mut()
        .find(|change| change["field"] == "action_owner")
        .expect("an owner change");
    forged["role"] = Value::from("peer");
    forged["new"] = Value::from("Someone the peer team chose");
    forged["id"] = Value::from(uuid::Uuid::new_v4().to_string());
    let forged_file = dir.path().join("forged.json");
    let resealed = critical_friend::exchange::reseal(&serde_json::to_string(&document).expect("json")).expect("reseal");
    std::fs::write(&forged_file, resealed).expect("write");
    let before = hash(&db);
    let refused = cli(&db, &["import", path_str(&forged_file)]);
    assert!(!refused.status.success());
    // Relabelled after signing, its signature no longer matches it.
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("signature"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(hash(&db), before);
}

/// The scorecard's executive portfolio: each action says which cabinet
/// member's portfolio it reports to — set and changed on the command line,
/// in the history, merged between council copies, in the workbook (edited
/// and read back) and printed in the plan.
#[test]
fn each_action_carries_its_executive_portfolio_everywhere_the_plan_goes() {
    let (dir, db) = temp_db();
    let id = final_example(&db);
    let portfolio = "Adult Social Care, Public Health and NHS Partnerships";
    council(
        &db,
        &[
            "action",
            "add",
            "--assessment",
            &id,
            "--text",
            "Publish the market position statement",
            "--portfolio",
            portfolio,
        ],
    );
    assert_eq!(actions_json(&db, &id, &[])[0]["portfolio"], portfolio);
    let history = council(&db, &["history", "--assessment", &id]);
    assert!(history.contains("Action's executive portfolio"), "{history}");

    // Another council copy changes it; the merge takes it.
    let sent = dir.path().join("sent.json");
    council(&db, &["export", "--assessment", &id, "--out", path_str(&sent)]);
    let other = dir.path().join("other.sqlite");
    council(&other, &["import", path_str(&sent)]);
    council(
        &other,
        &[
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "1",
            "--portfolio",
            "Resources",
        ],
    );
    let back = dir.path().join("back.json");
    council(&other, &["export", "--assessment", &id, "--out", path_str(&back)]);
    let report = import_accepting(&db, &COUNCIL, &back, &[&other]);
    assert!(report.contains("executive portfolio"), "{report}");
    assert_eq!(actions_json(&db, &id, &[])[0]["portfolio"], "Resources");

    // The workbook has its column; an edited cell comes back.
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
    let edited = dir.path().join("edited.xlsx");
    edited_workbook(&workbook, &edited, |rows| {
        let column = rows[0]
            .iter()
            .position(|cell| cell == "Executive portfolio")
            .expect("the column");
        rows[1][column] = "Children and Families".to_owned();
    });
    council(&db, &["import-xlsx", path_str(&edited)]);
    assert_eq!(actions_json(&db, &id, &[])[0]["portfolio"], "Children and Families");

    // And the plan prints it.
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
    let text = squash(&pdf_text(&std::fs::read(&pdf).expect("pdf")));
    assert!(text.contains("Executive portfolio: Children and Families"), "{text}");
}

/// The example a year on, its Final challenge's plan exported as a
/// workbook: the challenge's id, the workbook's path, and the plan sheet's
/// rows as calamine reads them.
fn year_on_plan_workbook(dir: &Path, db: &Path) -> (String, std::path::PathBuf, calamine::Range<calamine::Data>) {
    use calamine::{Reader, Xlsx, open_workbook};
    cli_ok(db, &["demo", "--a-year-on"]);
    let id = crate::common::listed_id(db, "Final");
    let exported = dir.join("plan.xlsx");
    council(
        db,
        &[
            "export-xlsx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&exported),
        ],
    );
    let mut book: Xlsx<_> = open_workbook(&exported).expect("open workbook");
    let plan = book.worksheet_range("Action plan").expect("Action plan");
    (id, exported, plan)
}

/// A sheet's first row, as text.
fn headings_of(plan: &calamine::Range<calamine::Data>) -> Vec<String> {
    plan.rows()
        .next()
        .expect("headings")
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The plan workbook as a manager meets it in Excel: due dates are dates
/// (sortable, shown "31 Mar 2017"), and Status offers the four statuses
/// from a drop-down and refuses anything else.
#[test]
fn the_plan_workbooks_due_dates_are_dates_and_its_status_a_drop_down() {
    let (dir, db) = temp_db();
    let (_, exported, plan) = year_on_plan_workbook(dir.path(), &db);
    let headings = headings_of(&plan);
    let due = headings
        .iter()
        .position(|h| h.starts_with("Due"))
        .expect("a Due column");
    let first = plan.rows().nth(1).expect("an action");
    assert!(matches!(first[due], calamine::Data::DateTime(_)), "{:?}", first[due]);
    assert_eq!(typed(&first[due]), "2017-03-31");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&exported).expect("open")).expect("zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet2.xml").expect("sheet"),
        &mut sheet,
    )
    .expect("read");
    assert!(sheet.contains(r#"<dataValidation type="list""#), "{sheet}");
    assert!(sheet.contains("Red,Amber,Green,Blue (done)"), "{sheet}");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/styles.xml").expect("styles"), &mut styles).expect("read");
    assert!(
        styles.contains(r#"formatCode="d mmm yyyy""#),
        "the dates show as 31 Mar 2017"
    );
}

/// A plan with a year of notes across two financial years gets a column
/// for each quarter of each year, headed with the year, so 2016/17's Q3
/// and 2017/18's Q3 never share a cell; a line typed into a year's column
/// without a date reports on that quarter's first day. A workbook from
/// before the columns named their year still reads.
#[test]
fn each_financial_year_has_its_own_progress_columns() {
    let (dir, db) = temp_db();
    let (id, exported, plan) = year_on_plan_workbook(dir.path(), &db);
    let headings = headings_of(&plan);
    let progress: Vec<&String> = headings.iter().filter(|h| h.contains(" progress (")).collect();
    assert_eq!(progress.len(), 8, "{headings:?}");
    assert_eq!(progress[2], "Q3 2016/17 progress (Oct–Dec)");
    assert_eq!(progress[4], "Q1 2017/18 progress (Apr–Jun)");

    let edited = dir.path().join("edited.xlsx");
    edited_workbook(&exported, &edited, |rows| {
        let q1 = column_of(rows, "Q1 2017/18");
        rows[3][q1] = "Building works finished".to_owned();
    });
    council(&db, &["import-xlsx", path_str(&edited)]);
    let actions = actions_json(&db, &id, &[]);
    let third = actions[2]["progress"].as_array().expect("notes");
    let added = third
        .iter()
        .find(|note| note["text"] == "Building works finished")
        .expect("the new note");
    assert_eq!(added["on"], "2017-04-01", "{third:?}");

    // The same workbook with the headings an older version wrote.
    let older = dir.path().join("older.xlsx");
    let again = dir.path().join("again.xlsx");
    council(
        &db,
        &[
            "export-xlsx",
            "--assessment",
            &id,
            "--kind",
            "action-plan",
            "--out",
            path_str(&again),
        ],
    );
    edited_workbook(&again, &older, |rows| {
        let owner = column_of(rows, "Owner");
        rows[1][owner] = "Assistant Director".to_owned();
        for heading in &mut rows[0] {
            if let Some(rest) = heading.strip_prefix("Q1 2017/18 ") {
                *heading = format!("Q1 {rest}");
            }
        }
    });
    council(&db, &["import-xlsx", path_str(&older)]);
    assert_eq!(actions_json(&db, &id, &[])[0]["owner"], "Assistant Director");
}

/// A plan sheet edited so that two columns carry one quarter's heading is
/// refused whole, naming the heading, and nothing is stored.
#[test]
fn two_columns_headed_with_one_quarter_refuse_the_workbook() {
    let (dir, db) = temp_db();
    let (_, exported, _) = year_on_plan_workbook(dir.path(), &db);
    let edited = dir.path().join("twice.xlsx");
    edited_workbook(&exported, &edited, |rows| {
        let q2 = column_of(rows, "Q2 2016/17");
        rows[0][q2] = "Q1 2016/17 progress (Apr–Jun)".to_owned();
        rows[1][q2] = "2016-05-01: A note typed into the second Q1".to_owned();
    });
    let before = hash(&db);
    let refused = cli(&db, &["import-xlsx", path_str(&edited)]);
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(
        message.contains("heads two columns “Q1 2016/17 progress (Apr–Jun)”"),
        "{message}"
    );
    assert_eq!(hash(&db), before);
}
