//! The whole peer challenge through the command line and real files: the
//! council scores and exports; two reviewers work in their own databases;
//! their files merge into one peer review, which goes back to the council,
//! which marks it Final and prints the pack.

use std::path::Path;

use crate::common::{cli, cli_ok, fingerprint, hash, name_peer_lead, pdf_text};

fn path(file: &Path) -> &str {
    file.to_str().expect("utf-8 path")
}

/// Splits a command line into arguments; "double quotes" group words.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// One person at one installation.
struct Desk<'a> {
    db: std::path::PathBuf,
    who: &'a str,
}

impl Desk<'_> {
    /// Runs a command line (with `{id}` and `{dir}` filled in); it must succeed.
    fn ok(&self, line: &str, id: &str, dir: &Path) -> String {
        let line = format!("{} {line}", self.who)
            .replace("{id}", id)
            .replace("{dir}", path(dir));
        let args = words(&line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cli_ok(&self.db, &args)
    }

    /// Runs a command line that must fail; returns its error output.
    fn refused(&self, line: &str, id: &str, dir: &Path) -> String {
        let line = format!("{} {line}", self.who)
            .replace("{id}", id)
            .replace("{dir}", path(dir));
        let args = words(&line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = cli(&self.db, &args);
        assert!(!output.status.success(), "{line} was accepted");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }
}

#[test]
fn council_two_reviewers_merge_and_final_pack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let desk = |name: &str, who| Desk { db: d.join(name), who };
    let council = desk(
        "council.sqlite",
        "--as council --name \"Dilys Price\" --org \"Ynys Môn\"",
    );
    let ann = desk("ann.sqlite", "--as peer --name \"Ann Lead\" --org LGA");
    let bob = desk("bob.sqlite", "--as peer --name \"Bob Peer\" --org Gwynedd");

    // The council creates, scores, asks a scope question, submits and exports.
    let id = council.ok("new --org \"Ynys Môn\" --title \"Use of Resources\"", "", d);
    let id = id.trim();
    // Ann, the peer team's lead, sends the council her key card; the council
    // checks its fingerprint with her and names her lead.
    ann.ok("key --card {dir}/ann.card", id, d);
    council.ok("roster add --assessment {id} --card {dir}/ann.card", id, d);
    for line in [
        "set --assessment {id} --item 2.3 --score 3 --basis \"Reablement works\"",
        "set --assessment {id} --item 1.1 --score 2",
        "scope add --assessment {id} --question \"Is our reablement offer value for money?\"",
        "status --assessment {id} --set submitted",
        "export --assessment {id} --out {dir}/to-peers.json",
    ] {
        council.ok(line, id, d);
    }

    // Two reviewers, each in their own database.
    for reviewer in [&ann, &bob] {
        let imported = reviewer.ok("import {dir}/to-peers.json", id, d);
        assert_eq!(imported.lines().next(), Some(id));
    }
    ann.refused("set --assessment {id} --item 2.3 --score 1", id, d);
    for line in [
        "status --assessment {id} --set review",
        "set --assessment {id} --item 2.3 --peer-score 2 --challenge \"Show 91-day outcomes\"",
        "key-message add --assessment {id} --text \"Strong, visible leadership\"",
        "team add --assessment {id} --member \"Ann Lead\" --role \"Lead peer\" --member-org LGA",
        "visit --assessment {id} --start 2026-12-01 --end 2026-12-04",
    ] {
        ann.ok(line, id, d);
    }
    for line in [
        "set --assessment {id} --item 1.1 --peer-score 1",
        "finding add --assessment {id} --theme 2 --kind strength --text \"Mature reablement service\"",
        "finding add --assessment {id} --theme 2 --kind area --text \"Track outcomes beyond 91 days\"",
        "scope respond --assessment {id} --number 1 --text \"Broadly yes; costs are below comparators\"",
        "team add --assessment {id} --member \"Bob Peer\" --role \"Member peer\" --member-org Gwynedd",
        "export --assessment {id} --out {dir}/bob.json",
    ] {
        bob.ok(line, id, d);
    }

    // The lead merges Bob's file into hers, accepting his key: nothing conflicts.
    let bob_key = fingerprint(&bob.db);
    let before = hash(&ann.db);
    let diff = ann.ok("diff {dir}/bob.json", id, d);
    assert!(diff.contains("1.1 Peer score") && !diff.contains("CONFLICT"), "{diff}");
    assert_eq!(hash(&ann.db), before, "diff changes nothing");
    assert!(
        diff.contains("Bob Peer") && diff.contains(&bob_key),
        "the new key is shown: {diff}"
    );
    assert!(ann.refused("import {dir}/bob.json", id, d).contains("--accept"));
    assert_eq!(hash(&ann.db), before, "nothing is taken before Bob's key is accepted");
    let accept = format!("import {{dir}}/bob.json --accept \"{bob_key}\"");
    let report = ann.ok(&accept, id, d);
    assert!(report.contains("Taken without asking"), "{report}");
    assert!(report.contains("Accepted on first use"), "{report}");
    let again = ann.ok("import {dir}/bob.json", id, d);
    assert!(
        again.contains("Nothing changed"),
        "merging the same file twice: {again}"
    );
    ann.ok("export --assessment {id} --out {dir}/peer-review.json", id, d);

    // Back to the council, which finalises; a late change is refused.
    council.ok("import {dir}/peer-review.json", id, d);
    council.ok("status --assessment {id} --set final", id, d);
    bob.ok("set --assessment {id} --item 6.4 --peer-score 0", id, d);
    bob.ok("export --assessment {id} --out {dir}/late.json", id, d);
    let before = hash(&council.db);
    assert!(council.refused("import {dir}/late.json", id, d).contains("Final"));
    assert_eq!(hash(&council.db), before);

    the_final_pack_holds_everyones_work(&council, id, d);
}

/// The council's Final pack, merges and history hold what each person did.
fn the_final_pack_holds_everyones_work(council: &Desk<'_>, id: &str, d: &Path) {
    council.ok(
        "export-pdf --assessment {id} --out {dir}/final.pdf --with-history",
        id,
        d,
    );
    let text = pdf_text(&std::fs::read(d.join("final.pdf")).expect("pdf"));
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
    assert!(
        council
            .ok("merges --assessment {id}", id, d)
            .contains("peer-review.json")
    );
    let history = council.ok("history --assessment {id}", id, d);
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
    name_peer_lead(&council, &[], id, (&ann_db, &["--as", "peer", "--name", "Ann"]));
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
    let bob = fingerprint(&bob_db);
    let refused = cli(
        &ann_db,
        &[
            "--as",
            "peer",
            "--name",
            "Ann",
            "import",
            path(&from_bob),
            "--accept",
            &bob,
        ],
    );
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
            "--accept",
            &bob,
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
