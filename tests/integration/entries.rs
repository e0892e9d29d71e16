//! `entry`: every numbered list the command line can add to can be listed,
//! edited, moved and removed by number, through the same rules as the app;
//! a wrong number or a refused change leaves the assessment as it was.

use std::path::Path;

use crate::common::{cli, cli_ok, temp_db};

const PEER: [&str; 4] = ["--as", "peer", "--name", "Marcus Coulson"];
const COUNCIL: [&str; 4] = ["--as", "council", "--name", "Cath Roff"];

fn run(db: &Path, who: [&str; 4], args: &[&str]) -> String {
    let mut all: Vec<&str> = who.to_vec();
    all.extend_from_slice(args);
    cli_ok(db, &all)
}

fn list(db: &Path, id: &str, which: &[&str]) -> Vec<String> {
    let mut args = vec!["entry", "list", "--assessment", id];
    args.extend_from_slice(which);
    run(db, PEER, &args)
        .lines()
        .filter(|line| !line.starts_with("   "))
        .map(|line| line.split_once(". ").map_or(line, |(_, text)| text).to_owned())
        .collect()
}

fn history_len(db: &Path, id: &str) -> usize {
    cli_ok(db, &["history", "--assessment", id]).lines().count()
}

#[test]
fn key_messages_are_edited_moved_and_removed_by_number() {
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    let which = ["--list", "key-messages"];
    let before = list(&db, &id, &which);
    assert!(before.len() >= 3, "{before:?}");
    let mut args = vec![
        "entry",
        "edit",
        "--assessment",
        &id,
        "--number",
        "2",
        "--text",
        "Reworded.",
    ];
    args.extend_from_slice(&which);
    run(&db, PEER, &args);
    let mut args = vec!["entry", "move", "--assessment", &id, "--number", "3", "--to", "1"];
    args.extend_from_slice(&which);
    run(&db, PEER, &args);
    let mut args = vec!["entry", "remove", "--assessment", &id, "--number", "2"];
    args.extend_from_slice(&which);
    run(&db, PEER, &args);
    let mut expected = vec![before[2].clone(), "Reworded.".to_owned()];
    expected.extend(before[3..].iter().cloned());
    assert_eq!(list(&db, &id, &which), expected);
}

#[test]
fn findings_and_paragraphs_are_reached_by_where_they_are() {
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    run(
        &db,
        PEER,
        &[
            "entry",
            "edit",
            "--assessment",
            &id,
            "--list",
            "areas",
            "--theme",
            "2",
            "--number",
            "1",
            "--text",
            "Offer reablement to all.",
        ],
    );
    assert_eq!(
        list(&db, &id, &["--list", "areas", "--theme", "2"]),
        ["Offer reablement to all."]
    );
    for text in ["First.", "Second."] {
        run(
            &db,
            PEER,
            &[
                "report",
                "paragraph",
                "add",
                "--assessment",
                &id,
                "--background",
                "--text",
                text,
            ],
        );
    }
    run(
        &db,
        PEER,
        &[
            "entry",
            "move",
            "--assessment",
            &id,
            "--list",
            "paragraphs",
            "--background",
            "--number",
            "2",
            "--to",
            "1",
        ],
    );
    assert_eq!(
        list(&db, &id, &["--list", "paragraphs", "--background"]),
        ["Second.", "First."]
    );
}

#[test]
fn team_members_are_corrected_and_removed_but_keep_their_order() {
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    run(
        &db,
        PEER,
        &[
            "entry",
            "edit",
            "--assessment",
            &id,
            "--list",
            "team",
            "--number",
            "2",
            "--role",
            "Finance peer",
        ],
    );
    assert!(list(&db, &id, &["--list", "team"])[1].contains("Finance peer"));
    run(
        &db,
        PEER,
        &[
            "entry",
            "remove",
            "--assessment",
            &id,
            "--list",
            "team",
            "--number",
            "4",
        ],
    );
    assert_eq!(list(&db, &id, &["--list", "team"]).len(), 3);
    let refused = cli(
        &db,
        &[
            &PEER[..],
            &[
                "entry",
                "move",
                "--assessment",
                &id,
                "--list",
                "team",
                "--number",
                "1",
                "--to",
                "2",
            ],
        ]
        .concat(),
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("keep the order they were added in"));
}

#[test]
fn a_wrong_number_or_a_change_the_rules_refuse_changes_nothing() {
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    let before = history_len(&db, &id);
    let wrong = cli(
        &db,
        &[
            &PEER[..],
            &[
                "entry",
                "remove",
                "--assessment",
                &id,
                "--list",
                "key-messages",
                "--number",
                "99",
            ],
        ]
        .concat(),
    );
    assert!(!wrong.status.success());
    let message = String::from_utf8_lossy(&wrong.stderr).into_owned();
    assert!(
        message.contains("there is no entry 99; the list has entries 1 to"),
        "{message}"
    );
    // The council does not write the peer team's key messages.
    let council = cli(
        &db,
        &[
            &COUNCIL[..],
            &[
                "entry",
                "edit",
                "--assessment",
                &id,
                "--list",
                "key-messages",
                "--number",
                "1",
                "--text",
                "Ours now.",
            ],
        ]
        .concat(),
    );
    assert!(!council.status.success());
    let far = cli(
        &db,
        &[
            &PEER[..],
            &[
                "entry",
                "move",
                "--assessment",
                &id,
                "--list",
                "key-messages",
                "--number",
                "1",
                "--to",
                "40",
            ],
        ]
        .concat(),
    );
    assert!(!far.status.success());
    assert!(String::from_utf8_lossy(&far.stderr).contains("nothing was moved"));
    assert_eq!(history_len(&db, &id), before);
}
