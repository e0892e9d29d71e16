//! Signed changes, through the real binary on real files: who may change
//! what is decided by whose key signed the change and the assessment's
//! roster, not by what a file says about itself. The two forgeries that
//! merged before signing, the keys a council accepts or retires, and an
//! honest round trip.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{cli, cli_ok, fingerprint, hash, temp_db};

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Runs the binary as `who` (`["--as", role, "--name", name]`).
fn run(db: &Path, who: &[&str], args: &[&str]) -> String {
    let mut all: Vec<&str> = who.to_vec();
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

const JO: [&str; 4] = ["--as", "council", "--name", "Jo Bloggs"];
const PAT: [&str; 4] = ["--as", "peer", "--name", "Pat Peer"];

/// The council's Final example with its action plan (action 1 Red), and
/// its file for the peer team; returns the assessment's id and the file.
fn council_with_plan(db: &Path, dir: &Path) -> (String, PathBuf) {
    let id = run(db, &JO, &["demo", "--after-challenge"]).trim().to_owned();
    run(db, &JO, &["status", "--assessment", &id, "--set", "final"]);
    run(db, &JO, &["action", "from-findings", "--assessment", &id]);
    run(
        db,
        &JO,
        &[
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
    let sent = dir.join("sent.json");
    run(db, &JO, &["export", "--assessment", &id, "--out", path_str(&sent)]);
    (id, sent)
}

/// A copy of the council's file imported into a database of its own.
fn copy_of(sent: &Path, dir: &Path, name: &str, who: &[&str]) -> PathBuf {
    let db = dir.join(format!("{name}.sqlite"));
    run(&db, who, &["import", path_str(sent)]);
    db
}

fn action_status(db: &Path, id: &str) -> String {
    let actions: Value = serde_json::from_str(&cli_ok(db, &["actions", "--assessment", id, "--json"])).expect("json");
    actions[0]["status"].as_str().expect("status").to_owned()
}

/// Imports `file` into `db` as `who` with `extra` arguments and asserts it
/// is refused whole: a message people can read, the database untouched.
fn refused(db: &Path, who: &[&str], file: &Path, extra: &[&str]) -> String {
    let before = hash(db);
    let mut args: Vec<&str> = who.to_vec();
    args.extend(["import", path_str(file)]);
    args.extend_from_slice(extra);
    let output = cli(db, &args);
    let message = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        !output.status.success(),
        "the import was taken: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(!message.contains("unexpected argument"), "{message}");
    assert_eq!(hash(db), before, "a refused import changed the database");
    message
}

#[test]
fn a_stranger_who_imports_the_councils_file_cannot_act_as_the_council() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let (id, sent) = council_with_plan(&council, dir.path());
    // Anyone with the app and a copy of the file can say they are Carol.
    let carol = ["--as", "council", "--name", "Carol"];
    let stranger = copy_of(&sent, dir.path(), "stranger", &carol);
    run(
        &stranger,
        &carol,
        &[
            "action",
            "update",
            "--assessment",
            &id,
            "--action",
            "1",
            "--status",
            "blue",
        ],
    );
    let forged = dir.path().join("from-carol.json");
    run(
        &stranger,
        &carol,
        &["export", "--assessment", &id, "--out", path_str(&forged)],
    );

    let message = refused(&council, &JO, &forged, &[]);
    let theirs = fingerprint(&stranger);
    assert!(message.contains("Carol"), "{message}");
    assert!(
        message.contains(&theirs),
        "the fingerprint to check is shown: {message}"
    );
    assert!(message.contains("--accept"), "{message}");
    // Accepting some other key is no acceptance of this one.
    let someone_else = fingerprint(&council);
    refused(&council, &JO, &forged, &["--accept", &someone_else]);
    assert_eq!(action_status(&council, &id), "red");
}

#[test]
fn the_peer_teams_changes_relabelled_as_the_councils_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let id = run(&council, &JO, &["demo", "--after-challenge"]).trim().to_owned();
    let sent = dir.path().join("sent.json");
    run(
        &council,
        &JO,
        &["export", "--assessment", &id, "--out", path_str(&sent)],
    );
    let peer = copy_of(&sent, dir.path(), "peer", &PAT);
    // An honest file first: the council accepts Pat's key as the peer
    // team's, having read the fingerprint to Pat over the phone.
    run(
        &peer,
        &PAT,
        &[
            "key-message",
            "add",
            "--assessment",
            &id,
            "--text",
            "Strong leadership.",
        ],
    );
    let honest = dir.path().join("honest.json");
    run(
        &peer,
        &PAT,
        &["export", "--assessment", &id, "--out", path_str(&honest)],
    );
    let pat = fingerprint(&peer);
    let taken = run(&council, &JO, &["import", path_str(&honest), "--accept", &pat]);
    assert!(taken.contains("Pat Peer"), "{taken}");
    // The council's plan, Red, sent back to Pat.
    run(&council, &JO, &["status", "--assessment", &id, "--set", "final"]);
    run(&council, &JO, &["action", "from-findings", "--assessment", &id]);
    run(
        &council,
        &JO,
        &[
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
    let plan = dir.path().join("plan.json");
    run(
        &council,
        &JO,
        &["export", "--assessment", &id, "--out", path_str(&plan)],
    );
    run(&peer, &PAT, &["import", path_str(&plan)]);

    // Pat, on their own laptop, says they are the council: their own copy
    // refuses, as Pat's key is on the roster for the peer team.
    let output = cli(
        &peer,
        &[
            "--as",
            "council",
            "--name",
            "Pat Peer",
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
    assert!(!output.status.success(), "Pat's copy took a council change");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("cannot sign a change as the Council"), "{message}");

    // So Pat writes the change into the file by hand, as the issue's
    // forgery did: action 1 Green, labelled the council's.
    let pats = dir.path().join("pats.json");
    run(&peer, &PAT, &["export", "--assessment", &id, "--out", path_str(&pats)]);
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&pats).expect("read")).expect("json");
    for (name, forgery) in forgeries() {
        let file = dir.path().join(format!("{name}.json"));
        let mut forged = document.clone();
        let text = forgery(&mut forged, &peer);
        std::fs::write(&file, text).expect("write");
        let message = refused(&council, &JO, &file, &["--accept", &pat]);
        eprintln!("{name}: {message}");
        assert_eq!(action_status(&council, &id), "red", "{name}");
    }
}

/// Ways Pat might label a change to action 1 (Green) as the council's in
/// their own file; each returns the file's text, its checksum recomputed.
type Forgery = fn(&mut Value, &Path) -> String;

fn forgeries() -> Vec<(&'static str, Forgery)> {
    vec![
        ("unsigned", |document, _| {
            let change = green_change(document, "Jo Bloggs");
            push(document, change);
            reseal(document)
        }),
        ("relabelled-after-signing", |document, _| {
            // Pat's own signed key message, rewritten into the council's change.
            let at = position(document, |change| {
                change["author"] == "Pat Peer" && change["field"] != "roster"
            });
            let mut change = green_change(document, "Jo Bloggs");
            let original = &document["assessment"]["changes"][at];
            change["id"] = original["id"].clone();
            change["key"] = original["key"].clone();
            change["signature"] = original["signature"].clone();
            document["assessment"]["changes"][at] = change;
            set_green(document);
            reseal(document)
        }),
        ("the-councils-signature-replayed", |document, _| {
            // Jo's signed change to action 1, replayed as the status change.
            let action = document["assessment"]["actions"][0]["id"].clone();
            let at = position(document, |change| {
                change["author"] == "Jo Bloggs" && change["target"] == action
            });
            let mut change = green_change(document, "Jo Bloggs");
            change["key"] = document["assessment"]["changes"][at]["key"].clone();
            change["signature"] = document["assessment"]["changes"][at]["signature"].clone();
            push(document, change);
            reseal(document)
        }),
        ("signed-by-pats-own-key-as-the-council", |document, peer| {
            let change = green_change(document, "Pat Peer");
            let id = change["id"].as_str().expect("id").to_owned();
            push(document, change);
            crate::common::signed_by_hand(peer, document, &id)
        }),
    ]
}

/// Action 1 moved from Red to Green, as the council's change by `author`.
fn green_change(document: &Value, author: &str) -> Value {
    serde_json::json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "target": document["assessment"]["actions"][0]["id"],
        "field": "action_status",
        "old": "red",
        "new": "green",
        "role": "council",
        "author": author,
        "organisation": "",
        "at": "2030-01-01T00:00:00Z",
    })
}

fn position(document: &Value, found: impl Fn(&Value) -> bool) -> usize {
    document["assessment"]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .position(found)
        .expect("the change to forge from")
}

fn set_green(document: &mut Value) {
    document["assessment"]["actions"][0]["status"] = Value::from("green");
}

fn push(document: &mut Value, change: Value) {
    document["assessment"]["changes"]
        .as_array_mut()
        .expect("changes")
        .push(change);
    set_green(document);
}

fn reseal(document: &Value) -> String {
    critical_friend::exchange::reseal(&serde_json::to_string(document).expect("json")).expect("reseal")
}

#[test]
fn an_unused_database_has_a_key_of_its_own() {
    let (_dir, first) = temp_db();
    let (_other, second) = temp_db();
    let one = fingerprint(&first);
    assert_eq!(fingerprint(&first), one, "the same key every time");
    assert_ne!(fingerprint(&second), one, "each database its own");
}

#[test]
fn a_retired_key_signs_nothing_more_and_a_new_one_takes_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let id = run(&council, &JO, &["demo", "--after-challenge"]).trim().to_owned();
    let old_laptop = dir.path().join("pat-old.sqlite");
    crate::common::name_peer_lead(&council, &JO, &id, (&old_laptop, &PAT));
    let sent = dir.path().join("sent.json");
    run(
        &council,
        &JO,
        &["export", "--assessment", &id, "--out", path_str(&sent)],
    );
    run(&old_laptop, &PAT, &["import", path_str(&sent)]);
    run(
        &old_laptop,
        &PAT,
        &[
            "key-message",
            "add",
            "--assessment",
            &id,
            "--text",
            "Before the laptop was lost",
        ],
    );
    let first = dir.path().join("first.json");
    run(
        &old_laptop,
        &PAT,
        &["export", "--assessment", &id, "--out", path_str(&first)],
    );
    run(&council, &JO, &["import", path_str(&first)]);

    // The laptop is lost: the council retires its key.
    let old_key = fingerprint(&old_laptop);
    let retired = run(
        &council,
        &JO,
        &["roster", "retire", "--assessment", &id, "--key", &old_key],
    );
    assert!(retired.contains("Pat Peer"), "{retired}");
    let listed = run(&council, &JO, &["roster", "list", "--assessment", &id]);
    assert!(listed.contains(&old_key) && listed.contains("retired"), "{listed}");
    // Whoever has it now writes with it; the council refuses what it signs.
    run(
        &old_laptop,
        &PAT,
        &[
            "key-message",
            "add",
            "--assessment",
            &id,
            "--text",
            "Written after the key was retired",
        ],
    );
    let late = dir.path().join("late.json");
    run(
        &old_laptop,
        &PAT,
        &["export", "--assessment", &id, "--out", path_str(&late)],
    );
    let message = refused(&council, &JO, &late, &[]);
    assert!(message.contains("retired"), "{message}");
    // Retiring twice is refused; a fingerprint not on the roster names none.
    assert!(
        !cli(
            &council,
            &[&JO[..], &["roster", "retire", "--assessment", &id, "--key", &old_key]].concat()
        )
        .status
        .success()
    );

    // Pat's new laptop: its card, added by the council, signs again.
    let new_laptop = dir.path().join("pat-new.sqlite");
    crate::common::name_peer_lead(&council, &JO, &id, (&new_laptop, &PAT));
    let again = dir.path().join("again.json");
    run(
        &council,
        &JO,
        &["export", "--assessment", &id, "--out", path_str(&again)],
    );
    run(&new_laptop, &PAT, &["import", path_str(&again)]);
    run(
        &new_laptop,
        &PAT,
        &[
            "key-message",
            "add",
            "--assessment",
            &id,
            "--text",
            "From the new laptop",
        ],
    );
    let back = dir.path().join("back.json");
    run(
        &new_laptop,
        &PAT,
        &["export", "--assessment", &id, "--out", path_str(&back)],
    );
    let report = run(&council, &JO, &["import", path_str(&back)]);
    assert!(report.contains("From the new laptop"), "{report}");
    let history = run(&council, &JO, &["history", "--assessment", &id, "--verbose"]);
    assert!(history.contains(&fingerprint(&new_laptop)), "{history}");
    assert!(!history.contains("Written after the key was retired"), "{history}");
}

#[test]
fn an_honest_round_trip_of_a_council_three_reviewers_and_a_lead_merges_as_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let id = run(&council, &JO, &["new", "--org", "Powys", "--title", "Use of Resources"])
        .trim()
        .to_owned();
    run(
        &council,
        &JO,
        &["set", "--assessment", &id, "--item", "1.1", "--score", "2"],
    );
    let lead_db = dir.path().join("lead.sqlite");
    let lead = ["--as", "peer", "--name", "Lee Lead"];
    crate::common::name_peer_lead(&council, &JO, &id, (&lead_db, &lead));
    run(&council, &JO, &["status", "--assessment", &id, "--set", "submitted"]);
    let sent = dir.path().join("sent.json");
    run(
        &council,
        &JO,
        &["export", "--assessment", &id, "--out", path_str(&sent)],
    );
    run(&lead_db, &lead, &["import", path_str(&sent)]);
    run(&lead_db, &lead, &["status", "--assessment", &id, "--set", "review"]);

    // Three reviewers, each scoring an item of their own.
    let mut accepts = Vec::new();
    for (n, item) in [(1, "2.1"), (2, "3.1"), (3, "4.1")] {
        let name = format!("Reviewer {n}");
        let who = ["--as", "peer", "--name", name.as_str()];
        let db = dir.path().join(format!("reviewer-{n}.sqlite"));
        run(&db, &who, &["import", path_str(&sent)]);
        run(
            &db,
            &who,
            &["set", "--assessment", &id, "--item", item, "--peer-score", "1"],
        );
        let file = dir.path().join(format!("reviewer-{n}.json"));
        run(&db, &who, &["export", "--assessment", &id, "--out", path_str(&file)]);
        if n == 1 {
            // Sent straight to the council, it is the lead's to accept.
            let message = refused(&council, &JO, &file, &["--accept", &fingerprint(&db)]);
            assert!(message.contains("only the peer team's lead can accept"), "{message}");
        }
        let report = run(
            &lead_db,
            &lead,
            &["import", path_str(&file), "--accept", &fingerprint(&db)],
        );
        assert!(!report.contains("Conflicts") && report.contains(&name), "{report}");
        accepts.push(fingerprint(&db));
    }
    let back = dir.path().join("back.json");
    run(
        &lead_db,
        &lead,
        &["export", "--assessment", &id, "--out", path_str(&back)],
    );
    // The council knows the lead, and the lead vouched for the reviewers.
    let report = run(&council, &JO, &["import", path_str(&back)]);
    assert!(!report.contains("Unsigned"), "{report}");
    let again = run(&council, &JO, &["import", path_str(&back)]);
    assert!(again.contains("Nothing changed"), "{again}");
    let exported = dir.path().join("final.json");
    run(
        &council,
        &JO,
        &["export", "--assessment", &id, "--out", path_str(&exported)],
    );
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&exported).expect("read")).expect("json");
    let peer_scores: Vec<(String, i64)> = document["assessment"]["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .filter_map(|answer| Some((answer["item"].as_str()?.to_owned(), answer["peer_score"].as_i64()?)))
        .collect();
    assert_eq!(
        peer_scores,
        [("2.1".to_owned(), 1), ("3.1".to_owned(), 1), ("4.1".to_owned(), 1)],
        "every reviewer's score, nothing else"
    );
    let roster = run(&council, &JO, &["roster", "list", "--assessment", &id]);
    for key in accepts.iter().chain([&fingerprint(&lead_db), &fingerprint(&council)]) {
        assert!(roster.contains(key.as_str()), "{roster}");
    }
}
