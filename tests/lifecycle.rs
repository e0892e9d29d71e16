//! The whole peer challenge through the command line and real files: the
//! council scores and exports; two reviewers work in their own databases;
//! their files merge into one peer review, which goes back to the council,
//! which marks it Final and prints the pack.

mod common;

use std::path::Path;

use common::{cli, cli_ok, hash, pdf_text};

fn path(file: &Path) -> &str {
    file.to_str().expect("utf-8 path")
}

#[test]
fn council_two_reviewers_merge_and_final_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let ann_db = dir.path().join("ann.sqlite");
    let bob_db = dir.path().join("bob.sqlite");
    let file = |name: &str| dir.path().join(name);
    let as_council = ["--as", "council", "--name", "Dilys Price", "--org", "Ynys Môn"];
    let as_ann = ["--as", "peer", "--name", "Ann Lead", "--org", "LGA"];
    let as_bob = ["--as", "peer", "--name", "Bob Peer", "--org", "Gwynedd"];
    let run = |db: &Path, who: &[&str], args: &[&str]| cli_ok(db, &[who, args].concat());

    // The council creates, scores, asks a scope question, submits and exports.
    let id = run(
        &council,
        &as_council,
        &["new", "--org", "Ynys Môn", "--title", "Use of Resources"],
    );
    let id = id.trim();
    run(
        &council,
        &as_council,
        &[
            "set",
            "--assessment",
            id,
            "--item",
            "2.3",
            "--score",
            "3",
            "--basis",
            "Reablement works",
        ],
    );
    run(
        &council,
        &as_council,
        &["set", "--assessment", id, "--item", "1.1", "--score", "2"],
    );
    run(
        &council,
        &as_council,
        &[
            "scope",
            "add",
            "--assessment",
            id,
            "--question",
            "Is our reablement offer value for money?",
        ],
    );
    run(
        &council,
        &as_council,
        &["status", "--assessment", id, "--set", "submitted"],
    );
    let sent = file("to-peers.json");
    run(
        &council,
        &as_council,
        &["export", "--assessment", id, "--out", path(&sent)],
    );

    // Two reviewers, each in their own database.
    assert_eq!(run(&ann_db, &as_ann, &["import", path(&sent)]).lines().next(), Some(id));
    assert_eq!(run(&bob_db, &as_bob, &["import", path(&sent)]).lines().next(), Some(id));
    let refused = cli(
        &ann_db,
        &[
            &as_ann[..],
            &["set", "--assessment", id, "--item", "2.3", "--score", "1"],
        ]
        .concat(),
    );
    assert!(!refused.status.success(), "a reviewer cannot change the self score");
    run(&ann_db, &as_ann, &["status", "--assessment", id, "--set", "review"]);
    run(
        &ann_db,
        &as_ann,
        &[
            "set",
            "--assessment",
            id,
            "--item",
            "2.3",
            "--peer-score",
            "2",
            "--challenge",
            "Show 91-day outcomes",
        ],
    );
    run(
        &ann_db,
        &as_ann,
        &[
            "key-message",
            "add",
            "--assessment",
            id,
            "--text",
            "Strong, visible leadership",
        ],
    );
    run(
        &ann_db,
        &as_ann,
        &[
            "team",
            "add",
            "--assessment",
            id,
            "--member",
            "Ann Lead",
            "--role",
            "Lead peer",
            "--member-org",
            "LGA",
        ],
    );
    run(
        &ann_db,
        &as_ann,
        &[
            "visit",
            "--assessment",
            id,
            "--start",
            "2026-12-01",
            "--end",
            "2026-12-04",
        ],
    );
    run(
        &bob_db,
        &as_bob,
        &["set", "--assessment", id, "--item", "1.1", "--peer-score", "1"],
    );
    run(
        &bob_db,
        &as_bob,
        &[
            "finding",
            "add",
            "--assessment",
            id,
            "--theme",
            "2",
            "--kind",
            "strength",
            "--text",
            "Mature reablement service",
        ],
    );
    run(
        &bob_db,
        &as_bob,
        &[
            "finding",
            "add",
            "--assessment",
            id,
            "--theme",
            "2",
            "--kind",
            "area",
            "--text",
            "Track outcomes beyond 91 days",
        ],
    );
    run(
        &bob_db,
        &as_bob,
        &[
            "scope",
            "respond",
            "--assessment",
            id,
            "--number",
            "1",
            "--text",
            "Broadly yes; costs are below comparators",
        ],
    );
    run(
        &bob_db,
        &as_bob,
        &[
            "team",
            "add",
            "--assessment",
            id,
            "--member",
            "Bob Peer",
            "--role",
            "Member peer",
            "--member-org",
            "Gwynedd",
        ],
    );
    let from_bob = file("bob.json");
    run(
        &bob_db,
        &as_bob,
        &["export", "--assessment", id, "--out", path(&from_bob)],
    );

    // The lead merges Bob's file into hers: nothing conflicts.
    let diff_before = hash(&ann_db);
    let diff = run(&ann_db, &as_ann, &["diff", path(&from_bob)]);
    assert!(diff.contains("1.1 Peer score"), "{diff}");
    assert!(!diff.contains("CONFLICT"), "{diff}");
    assert_eq!(hash(&ann_db), diff_before, "diff changes nothing");
    let report = run(&ann_db, &as_ann, &["import", path(&from_bob)]);
    assert!(report.contains("Taken without asking"), "{report}");
    let again = run(&ann_db, &as_ann, &["import", path(&from_bob)]);
    assert!(
        again.contains("Nothing changed"),
        "merging the same file twice: {again}"
    );
    let review = file("peer-review.json");
    run(
        &ann_db,
        &as_ann,
        &["export", "--assessment", id, "--out", path(&review)],
    );

    // Back to the council, which finalises and prints.
    run(&council, &as_council, &["import", path(&review)]);
    run(&council, &as_council, &["status", "--assessment", id, "--set", "final"]);
    let late = file("late.json");
    run(
        &bob_db,
        &as_bob,
        &["set", "--assessment", id, "--item", "6.4", "--peer-score", "0"],
    );
    run(&bob_db, &as_bob, &["export", "--assessment", id, "--out", path(&late)]);
    let before = hash(&council);
    let refused = cli(&council, &[&as_council[..], &["import", path(&late)]].concat());
    assert!(!refused.status.success(), "a Final assessment takes no more changes");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Final"));
    assert_eq!(hash(&council), before);

    let pdf = file("final.pdf");
    run(
        &council,
        &as_council,
        &["export-pdf", "--assessment", id, "--out", path(&pdf), "--with-history"],
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"));
    for needle in [
        "Strong, visible leadership",
        "Mature reablement service",
        "Track outcomes beyond 91 days",
        "Show 91-day outcomes",
        "Is our reablement offer value for money?",
        "Broadly yes; costs are below comparators",
        "Ann Lead",
        "Bob Peer",
        "2026-12-01 to 2026-12-04",
        "merges of reviewers",
    ] {
        assert!(text.contains(needle), "the Final pack lacks {needle:?}");
    }
    let merges = run(&council, &as_council, &["merges", "--assessment", id]);
    assert!(merges.contains("peer-review.json"), "{merges}");
    let history = run(&council, &as_council, &["history", "--assessment", id]);
    assert!(
        history.contains("Bob Peer") && history.contains("Ann Lead"),
        "{history}"
    );
}

#[test]
fn conflicting_reviewers_need_a_choice_on_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let council = dir.path().join("council.sqlite");
    let ann_db = dir.path().join("ann.sqlite");
    let bob_db = dir.path().join("bob.sqlite");
    let sent = dir.path().join("sent.json");
    let from_bob = dir.path().join("bob.json");
    let id = cli_ok(&council, &["new", "--org", "Powys", "--title", "UoR"]);
    let id = id.trim();
    cli_ok(&council, &["export", "--assessment", id, "--out", path(&sent)]);
    for (db, name, score) in [(&ann_db, "Ann", "1"), (&bob_db, "Bob", "3")] {
        cli_ok(db, &["--as", "peer", "--name", name, "import", path(&sent)]);
        cli_ok(
            db,
            &[
                "--as",
                "peer",
                "--name",
                name,
                "set",
                "--assessment",
                id,
                "--item",
                "3.1",
                "--peer-score",
                score,
            ],
        );
    }
    cli_ok(&bob_db, &["export", "--assessment", id, "--out", path(&from_bob)]);
    let before = hash(&ann_db);
    let refused = cli(&ann_db, &["--as", "peer", "--name", "Ann", "import", path(&from_bob)]);
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("3.1 Peer score") && message.contains("--prefer"),
        "{message}"
    );
    assert_eq!(hash(&ann_db), before, "nothing imported");
    let report = cli_ok(
        &ann_db,
        &[
            "--as",
            "peer",
            "--name",
            "Ann",
            "import",
            path(&from_bob),
            "--prefer",
            "theirs",
        ],
    );
    assert!(report.contains("take theirs"), "{report}");
    let json: serde_json::Value = serde_json::from_str(&cli_ok(&ann_db, &["list", "--json"])).expect("json");
    assert_eq!(json[0]["id"], id);
    let exported = dir.path().join("ann.json");
    cli_ok(&ann_db, &["export", "--assessment", id, "--out", path(&exported)]);
    let text = std::fs::read_to_string(&exported).expect("read");
    assert!(text.contains("\"peer_score\": 3"), "Bob's score was taken");
}
