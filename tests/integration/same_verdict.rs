//! One rule entry, the same verdict from every source. Each kind of change
//! is tried through every way it can arrive — the app's own calls, the
//! command line, an exchange file (written honestly by another copy, or
//! edited by hand with its checksum recomputed), an edited workbook — and
//! every source must take it, or refuse it and change nothing, alike.

use std::path::{Path, PathBuf};

use critical_friend::{
    domain::{
        ActionOp, ActionSource, AnswerValue, AssessmentId, Author, Edit, ItemId, Rag, Role, Score,
        evidence::{Answer, RequestOp},
    },
    service::Session,
};
use serde_json::Value;

use crate::common::{cli, edit_workbook, hash};

/// Who makes the change in a source.
fn person(role: Role) -> Author {
    Author {
        role,
        name: "Tester".into(),
        organisation: String::new(),
        key: None,
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A source's verdict: whether it took the change.
type Verdict = bool;

/// A database as a case starts from, and the assessment in it.
struct Start {
    dir: tempfile::TempDir,
    db: PathBuf,
    id: AssessmentId,
}

impl Start {
    /// A fresh copy of the starting database, for one source.
    fn copy(&self, source: &str) -> PathBuf {
        let to = self.dir.path().join(format!("{source}.sqlite"));
        std::fs::copy(&self.db, &to).expect("copy");
        to
    }

    fn id(&self) -> String {
        self.id.to_string()
    }
}

/// Runs the binary against `db` as `role`; its verdict, and the database
/// must be unchanged when it refuses.
fn by_cli(db: &Path, role: Role, args: &[&str]) -> Verdict {
    let before = hash(db);
    let mut all = vec![
        "--as",
        if role == Role::Peer { "peer" } else { "council" },
        "--name",
        "Tester",
    ];
    all.extend_from_slice(args);
    let output = cli(db, &all);
    let taken = output.status.success();
    if !taken {
        eprintln!("  refused {args:?}: {}", String::from_utf8_lossy(&output.stderr).trim());
        assert_eq!(hash(db), before, "a refusal changed the database ({args:?})");
    }
    taken
}

/// The verdict of the app's own calls, through a session.
fn by_app(db: &Path, role: Role, call: impl FnOnce(&mut Session) -> bool) -> Verdict {
    let mut session = Session::open(db, None, person(role)).expect("session");
    call(&mut session)
}

/// Exports the assessment, lets `edit` change the document as an attacker
/// would (recomputing the checksum), imports it back as `role`.
fn by_forged_file(start: &Start, db: &Path, role: Role, edit: impl FnOnce(&mut Value)) -> Verdict {
    let file = start.dir.path().join("forged.json");
    by_cli(
        db,
        Role::Council,
        &["export", "--assessment", &start.id(), "--out", path_str(&file)],
    );
    let mut document: Value = serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    edit(&mut document);
    let resealed = critical_friend::exchange::reseal(&document.to_string()).expect("reseal");
    std::fs::write(&file, resealed).expect("write");
    // Signed with the copy's own key, as its owner could: the rules, not
    // the signatures, give the verdict.
    crate::common::sign_file_by_hand(db, &file);
    by_cli(db, role, &["import", path_str(&file)])
}

/// A change record as a file holds one.
fn record(subject: (&str, Option<&str>, Option<&str>), (from, to): (Option<&str>, Option<&str>), role: Role) -> Value {
    let (field, item, target) = subject;
    let mut change = serde_json::json!({
        "id": uuid::Uuid::new_v4().to_string(), "field": field, "old": from, "new": to,
        "role": if role == Role::Peer { "peer" } else { "council" },
        "author": "Tester", "organisation": "", "at": "2030-01-01T00:00:00Z",
    });
    if let Some(item) = item {
        change["item"] = Value::from(item);
    }
    if let Some(target) = target {
        change["target"] = Value::from(target);
    }
    change
}

/// Sets an answer's field in a forged file, with the change behind it.
fn forge_answer(document: &mut Value, item: &str, field: &str, value: &Value, role: Role) {
    let answers = document["assessment"]["answers"].as_array_mut().expect("answers");
    let answer = answers.iter_mut().find(|a| a["item"] == item).expect("answer");
    let was = answer[field].clone();
    answer[field] = value.clone();
    let text = |value: &Value| match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    };
    let (from, to) = (text(&was), text(value));
    let change = record((field, Some(item), None), (from.as_deref(), to.as_deref()), role);
    document["assessment"]["changes"]
        .as_array_mut()
        .expect("changes")
        .push(change);
}

/// Exports the assessment's workbook of `kind`, edits `sheet`, imports it as `role`.
fn by_workbook(
    start: &Start,
    db: &Path,
    role: Role,
    (kind, sheet): (&str, &str),
    edit: impl Fn(&mut Vec<Vec<String>>),
) -> Verdict {
    let exported = start.dir.path().join(format!("{kind}.xlsx"));
    by_cli(
        db,
        Role::Council,
        &[
            "export-xlsx",
            "--assessment",
            &start.id(),
            "--kind",
            kind,
            "--out",
            path_str(&exported),
        ],
    );
    let edited = start.dir.path().join(format!("{kind}-edited.xlsx"));
    edit_workbook(&exported, &edited, sheet, edit);
    by_cli(db, role, &["import-xlsx", path_str(&edited)])
}

/// The column of a sheet headed `heading`.
fn column(rows: &[Vec<String>], heading: &str) -> usize {
    rows[0]
        .iter()
        .position(|cell| cell.starts_with(heading))
        .expect("column")
}

/// The row of a theme sheet for `item`.
fn row_of(rows: &[Vec<String>], item: &str) -> usize {
    rows.iter()
        .position(|row| row.first().is_some_and(|cell| cell == item))
        .expect("row")
}

fn start(setup: &[&[&str]], after_challenge: bool) -> Start {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("start.sqlite");
    let args: &[&str] = if after_challenge {
        &["demo", "--after-challenge"]
    } else {
        &["demo"]
    };
    let output = cli(&db, args);
    let id: AssessmentId = String::from_utf8_lossy(&output.stdout).trim().parse().expect("id");
    for step in setup {
        let mut all: Vec<String> = step.iter().map(|s| (*s).to_owned()).collect();
        for arg in &mut all {
            if arg == "ID" {
                *arg = id.to_string();
            }
        }
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        assert!(cli(&db, &all).status.success(), "setup {step:?}");
    }
    Start { dir, db, id }
}

/// Every source's verdict on one kind of change, against what the rules say.
fn same_verdict(case: &str, expected: Verdict, verdicts: &[(&str, Verdict)]) {
    for (source, verdict) in verdicts {
        assert_eq!(
            *verdict,
            expected,
            "{case}: {source} {} it",
            if *verdict { "took" } else { "refused" }
        );
    }
    eprintln!(
        "{case}: {} by {}",
        if expected { "taken" } else { "refused" },
        verdicts.iter().map(|(s, _)| *s).collect::<Vec<_>>().join(", ")
    );
}

#[test]
fn a_council_score_on_a_submitted_self_assessment_is_refused_by_every_source() {
    let start = start(&[&["status", "--assessment", "ID", "--set", "submitted"]], false);
    let score = |value: u8| Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(value).ok()));
    same_verdict(
        "a council score while the self-assessment is locked",
        false,
        &[
            (
                "the app",
                by_app(&start.copy("app"), Role::Council, |s| {
                    s.apply_edits(start.id, &[score(1)]).is_ok()
                }),
            ),
            (
                "the command line",
                by_cli(
                    &start.copy("cli"),
                    Role::Council,
                    &["set", "--assessment", &start.id(), "--item", "1.1", "--score", "1"],
                ),
            ),
            (
                "an exchange file",
                by_forged_file(&start, &start.copy("file"), Role::Council, |d| {
                    forge_answer(d, "1.1", "score", &Value::from(1), Role::Council);
                }),
            ),
            (
                "a workbook",
                by_workbook(
                    &start,
                    &start.copy("xlsx"),
                    Role::Council,
                    ("full", "1 Prevention"),
                    |rows| {
                        let row = row_of(rows, "1.1");
                        rows[row][2] = "1".to_owned();
                    },
                ),
            ),
        ],
    );
}

#[test]
fn the_peer_team_writing_the_councils_basis_is_refused_by_every_source() {
    let start = start(&[], false);
    let basis = Edit::new(ItemId::new("1.1"), AnswerValue::Basis("Peer words".into()));
    same_verdict(
        "the peer team writing the council's basis",
        false,
        &[
            (
                "the app",
                by_app(&start.copy("app"), Role::Peer, |s| {
                    s.apply_edits(start.id, &[basis]).is_ok()
                }),
            ),
            (
                "the command line",
                by_cli(
                    &start.copy("cli"),
                    Role::Peer,
                    &[
                        "set",
                        "--assessment",
                        &start.id(),
                        "--item",
                        "1.1",
                        "--basis",
                        "Peer words",
                    ],
                ),
            ),
            (
                "an exchange file",
                by_forged_file(&start, &start.copy("file"), Role::Peer, |d| {
                    forge_answer(d, "1.1", "basis", &Value::from("Peer words"), Role::Peer);
                }),
            ),
            (
                "a workbook",
                by_workbook(
                    &start,
                    &start.copy("xlsx"),
                    Role::Peer,
                    ("full", "1 Prevention"),
                    |rows| {
                        let row = row_of(rows, "1.1");
                        rows[row][3] = "Peer words".to_owned();
                    },
                ),
            ),
        ],
    );
}

#[test]
fn a_score_off_the_frameworks_scale_is_refused_by_every_source() {
    let start = start(&[], false);
    let seven = Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(7).ok()));
    same_verdict(
        "a score of 7 on a scale of 0 to 3",
        false,
        &[
            (
                "the app",
                by_app(&start.copy("app"), Role::Council, |s| {
                    s.apply_edits(start.id, &[seven]).is_ok()
                }),
            ),
            (
                "the command line",
                by_cli(
                    &start.copy("cli"),
                    Role::Council,
                    &["set", "--assessment", &start.id(), "--item", "1.1", "--score", "7"],
                ),
            ),
            (
                "an exchange file",
                by_forged_file(&start, &start.copy("file"), Role::Council, |d| {
                    forge_answer(d, "1.1", "score", &Value::from(7), Role::Council);
                }),
            ),
            (
                "a workbook",
                by_workbook(
                    &start,
                    &start.copy("xlsx"),
                    Role::Council,
                    ("full", "1 Prevention"),
                    |rows| {
                        let row = row_of(rows, "1.1");
                        rows[row][2] = "7".to_owned();
                    },
                ),
            ),
        ],
    );
}

#[test]
fn an_action_from_a_finding_that_never_existed_is_refused_by_every_source() {
    let start = start(
        &[&["--as", "council", "status", "--assessment", "ID", "--set", "final"]],
        true,
    );
    let nowhere = uuid::Uuid::new_v4();
    let op = ActionOp::Add {
        id: uuid::Uuid::new_v4(),
        text: "Act on nothing".into(),
        source: ActionSource::Area(nowhere),
        owner: String::new(),
        due: None,
    };
    same_verdict(
        "a new action from a finding that never existed",
        false,
        &[
            (
                "the app",
                by_app(&start.copy("app"), Role::Council, |s| {
                    s.change_action(start.id, &op).is_ok()
                }),
            ),
            (
                "an exchange file",
                by_forged_file(&start, &start.copy("file"), Role::Council, |d| {
                    let action = uuid::Uuid::new_v4().to_string();
                    let source = format!("area:{nowhere}");
                    d["assessment"]["actions"] = serde_json::json!([{
                        "id": action, "text": "Act on nothing", "source": source, "owner": "", "due": "",
                        "status": "red", "progress": [],
                    }]);
                    let changes = d["assessment"]["changes"].as_array_mut().expect("changes");
                    changes.push(record(
                        ("action", None, Some(&action)),
                        (None, Some("Act on nothing")),
                        Role::Council,
                    ));
                    changes.push(record(
                        ("action_source", None, Some(&action)),
                        (None, Some(&source)),
                        Role::Council,
                    ));
                }),
            ),
            (
                "a workbook",
                by_workbook(
                    &start,
                    &start.copy("xlsx"),
                    Role::Council,
                    ("action-plan", "Action plan"),
                    |rows| {
                        let mut row = vec![String::new(); rows[0].len()];
                        row[1] = "Act on nothing".to_owned();
                        row[column(rows, "Source")] = "Areas for consideration (theme 9): nothing".to_owned();
                        rows.push(row);
                    },
                ),
            ),
        ],
    );
}

#[test]
fn the_council_updating_its_plan_after_final_is_taken_by_every_source() {
    let start = start(
        &[
            &["--as", "council", "status", "--assessment", "ID", "--set", "final"],
            &["--as", "council", "action", "from-findings", "--assessment", "ID"],
        ],
        true,
    );
    let db = start.copy("app");
    let action = Session::open(&db, None, person(Role::Council))
        .map(|session| session.load(start.id).expect("load").actions[0].id)
        .expect("action");
    let green = ActionOp::Status {
        id: action,
        status: Rag::Green,
    };
    // An honest file: another council copy moves action 1 to Green.
    let honest = |db: &Path| {
        let sent = start.dir.path().join("sent.json");
        by_cli(
            db,
            Role::Council,
            &["export", "--assessment", &start.id(), "--out", path_str(&sent)],
        );
        let other = start.dir.path().join("other-copy.sqlite");
        let back = start.dir.path().join("back.json");
        for step in [
            vec!["import", path_str(&sent)],
            vec![
                "action",
                "update",
                "--assessment",
                &start.id(),
                "--action",
                "1",
                "--status",
                "green",
            ],
            vec!["export", "--assessment", &start.id(), "--out", path_str(&back)],
        ] {
            assert!(crate::common::cli(&other, &step).status.success(), "{step:?}");
        }
        // The council accepts its other copy's key.
        let key = crate::common::fingerprint(&other);
        by_cli(db, Role::Council, &["import", path_str(&back), "--accept", &key])
    };
    same_verdict(
        "the council moving an action to Green on a Final assessment",
        true,
        &[
            (
                "the app",
                by_app(&db, Role::Council, |s| s.change_action(start.id, &green).is_ok()),
            ),
            (
                "the command line",
                by_cli(
                    &start.copy("cli"),
                    Role::Council,
                    &[
                        "action",
                        "update",
                        "--assessment",
                        &start.id(),
                        "--action",
                        "1",
                        "--status",
                        "green",
                    ],
                ),
            ),
            ("an exchange file", honest(&start.copy("file"))),
            (
                "a workbook",
                by_workbook(
                    &start,
                    &start.copy("xlsx"),
                    Role::Council,
                    ("action-plan", "Action plan"),
                    |rows| {
                        let status = column(rows, "Status");
                        rows[1][status] = "Green".to_owned();
                    },
                ),
            ),
        ],
    );
}

#[test]
fn the_peer_team_answering_a_request_is_refused_by_every_source() {
    let start = start(
        &[
            &[
                "--as",
                "council",
                "evidence",
                "add",
                "--assessment",
                "ID",
                "--title",
                "Budget",
            ],
            &[
                "--as",
                "peer",
                "request",
                "add",
                "--assessment",
                "ID",
                "--text",
                "Placements by month",
            ],
        ],
        true,
    );
    let db = start.copy("app");
    let (request, document) = {
        let loaded = Session::open(&db, None, person(Role::Peer))
            .expect("session")
            .load(start.id)
            .expect("load");
        (loaded.requests[0].id, loaded.documents[0].id)
    };
    let answer = RequestOp::Answer {
        id: request,
        answer: Answer::Provided {
            document,
            on: "2026-12-01".into(),
        },
    };
    same_verdict(
        "the peer team answering its own request",
        false,
        &[
            (
                "the app",
                by_app(&db, Role::Peer, |s| s.change_request(start.id, &answer).is_ok()),
            ),
            (
                "the command line",
                by_cli(
                    &start.copy("cli"),
                    Role::Peer,
                    &[
                        "request",
                        "answer",
                        "--assessment",
                        &start.id(),
                        "--request",
                        "1",
                        "--provided",
                        "--document",
                        "1",
                    ],
                ),
            ),
            (
                "an exchange file",
                by_forged_file(&start, &start.copy("file"), Role::Peer, |d| {
                    let key = answer_key(&answer);
                    d["assessment"]["requests"][0]["answer"] = serde_json::from_str(&key).expect("answer");
                    let target = request.to_string();
                    d["assessment"]["changes"].as_array_mut().expect("changes").push(record(
                        ("request_answer", None, Some(&target)),
                        (None, Some(&key)),
                        Role::Peer,
                    ));
                }),
            ),
        ],
    );
}

fn answer_key(op: &RequestOp) -> String {
    match op {
        RequestOp::Answer { answer, .. } => answer.key(),
        RequestOp::Ask { .. } => String::new(),
    }
}
