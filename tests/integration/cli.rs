//! The command line, run as a real process against real files.

use crate::common::{cli, cli_ok, create_db, hash, pdf_text, temp_db};

#[test]
fn framework_lists_every_theme_and_item_without_a_database() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
        .arg("framework")
        .env_remove("CRITICAL_FRIEND_DB")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    for needle in [
        "1. Prevention",
        "6. Contributions",
        "1.1   Information and Advice",
        "3.10  Safeguarding",
        "6.4   Fairer Contributions",
        "I am not forced into using health and social care earlier than I need to.",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn new_list_and_json_list_agree() {
    let (_dir, db) = temp_db();
    let id = cli_ok(
        &db,
        &[
            "new",
            "--org",
            "Ynys Môn",
            "--title",
            "Hunanasesiad",
            "--period",
            "2016/17",
            "--lead",
            "Gŵyn",
        ],
    );
    let id = id.trim();
    assert_eq!(id.len(), 36, "prints a UUID: {id}");
    let json: serde_json::Value = serde_json::from_str(&cli_ok(&db, &["list", "--json"])).expect("json");
    assert_eq!(json[0]["id"], id);
    assert_eq!(json[0]["organisation"], "Ynys Môn");
    assert_eq!(json[0]["scored"], 0);
    assert_eq!(json[0]["items"], 34);
    assert_eq!(json[0]["status"], "draft");
    assert!(cli_ok(&db, &["list"]).contains("Ynys Môn"));
}

#[test]
fn the_environment_variable_chooses_the_database() {
    let (_dir, db) = temp_db();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
        .args(["new", "--org", "Env Council", "--title", "T"])
        .env("CRITICAL_FRIEND_DB", &db)
        .output()
        .expect("run");
    assert!(output.status.success());
    assert!(cli_ok(&db, &["list"]).contains("Env Council"));
}

#[test]
fn demo_exports_a_pdf_and_json_that_imports_elsewhere() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let pdf = dir.path().join("pack.pdf");
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--out",
            pdf.to_str().expect("path"),
            "--date",
            "2026-11-22",
        ],
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"));
    assert!(text.contains("Example Borough Council"));

    let json = dir.path().join("assessment.json");
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", json.to_str().expect("path")],
    );
    let again = cli_ok(&db, &["import", json.to_str().expect("path")]);
    assert!(
        again.contains("Nothing changed"),
        "merging a copy into itself changes nothing: {again}"
    );

    let other = dir.path().join("other.sqlite");
    assert_eq!(
        cli_ok(&other, &["import", json.to_str().expect("path")])
            .lines()
            .next()
            .unwrap_or_default(),
        id
    );
    let listed: serde_json::Value = serde_json::from_str(&cli_ok(&other, &["list", "--json"])).expect("json");
    assert_eq!(listed[0]["scored"], 34);
}

#[test]
fn bad_imports_are_refused_and_import_nothing() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let json = dir.path().join("good.json");
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", json.to_str().expect("path")],
    );
    let good = std::fs::read_to_string(&json).expect("read");
    let target = dir.path().join("target.sqlite");
    create_db(&target);
    let cases = [
        (
            "score.json",
            critical_friend::exchange::reseal(&good.replacen("\"score\": 2", "\"score\": 9", 1)).expect("reseal"),
            "runs from 0 (Not in place) to 3 (Embedded)",
        ),
        (
            "level.json",
            good.replacen("\"score\": 2", "\"score\": 12", 1),
            "from 0 to 9",
        ),
        (
            "item.json",
            good.replacen("\"item\": \"1.1\"", "\"item\": \"7.1\"", 1),
            "changed after it was exported",
        ),
        (
            "broken.json",
            good[..good.len() / 3].to_owned(),
            "not a valid assessment file",
        ),
        (
            "other.json",
            "{\"hello\": 1}".to_owned(),
            "not a Critical Friend assessment file",
        ),
    ];
    for (name, text, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        let output = cli(&target, &["import", file.to_str().expect("path")]);
        assert!(!output.status.success(), "{name} was accepted");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.contains(expected), "{name}: {message}");
    }
    assert!(cli_ok(&target, &["list"]).contains("No assessments yet"));
}

#[test]
fn a_bad_database_file_fails_with_one_line_and_is_untouched() {
    let (_dir, db) = temp_db();
    std::fs::write(&db, b"this is a spreadsheet, honest").expect("write");
    let before = hash(&db);
    let output = cli(&db, &["list"]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("not a Critical Friend database"), "{message}");
    assert_eq!(message.trim().lines().count(), 1);
    assert_eq!(hash(&db), before);
}

#[test]
fn unknown_ids_and_bad_arguments_fail_cleanly() {
    let (dir, db) = temp_db();
    create_db(&db);
    let out = dir.path().join("x.pdf");
    let output = cli(
        &db,
        &[
            "export-pdf",
            "--assessment",
            "00000000-0000-4000-8000-000000000000",
            "--out",
            out.to_str().expect("path"),
        ],
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("No assessment with id"));
    assert!(!out.exists(), "no half-written file");
    let output = cli(&db, &["export-pdf", "--assessment", "nope", "--out", "x.pdf"]);
    assert!(!output.status.success());
    let output = cli(&db, &["new", "--org", "  ", "--title", "T"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("organisation is required"));
}

#[test]
fn roles_status_and_history_from_the_command_line() {
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let council = ["--as", "council", "--name", "Cath", "--org", "Example BC"];
    let peer = ["--as", "peer", "--name", "Davinder", "--org", "LGA"];
    let run = |who: &[&str], args: &[&str]| cli(&db, &[who, args].concat());

    assert!(
        run(
            &council,
            &[
                "set",
                "--assessment",
                &id,
                "--item",
                "2.3",
                "--score",
                "2",
                "--basis",
                "Updated"
            ]
        )
        .status
        .success()
    );
    let refused = run(&peer, &["set", "--assessment", &id, "--item", "2.3", "--score", "3"]);
    assert!(!refused.status.success(), "a peer cannot change the self score");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("belongs to the Council role"));
    assert!(
        run(
            &peer,
            &[
                "set",
                "--assessment",
                &id,
                "--item",
                "2.3",
                "--peer-score",
                "3",
                "--challenge",
                "Show the data"
            ]
        )
        .status
        .success()
    );
    let bad = run(&council, &["set", "--assessment", &id, "--item", "2.3", "--score", "4"]);
    assert!(!bad.status.success(), "score out of range");
    let unknown = run(&council, &["set", "--assessment", &id, "--item", "9.9", "--score", "1"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no item 9.9"));

    assert!(
        run(&council, &["status", "--assessment", &id, "--set", "submitted"])
            .status
            .success()
    );
    let locked = run(
        &council,
        &["set", "--assessment", &id, "--item", "1.1", "--notes", "late change"],
    );
    assert!(
        String::from_utf8_lossy(&locked.stderr).contains("locked"),
        "self fields are locked after submission"
    );
    assert!(
        !run(&peer, &["status", "--assessment", &id, "--set", "final"])
            .status
            .success(),
        "peers do not finalise"
    );
    assert!(
        run(&peer, &["status", "--assessment", &id, "--set", "review"])
            .status
            .success()
    );
    assert!(
        run(&council, &["status", "--assessment", &id, "--set", "final"])
            .status
            .success()
    );
    let frozen = run(
        &peer,
        &["set", "--assessment", &id, "--item", "2.3", "--challenge", "more"],
    );
    assert!(String::from_utf8_lossy(&frozen.stderr).contains("Final"));
    let next = cli_ok(
        &db,
        &[&council[..], &["status", "--assessment", &id, "--set", "reopen"]].concat(),
    );
    assert_eq!(next.trim().len(), 36, "reopen prints the new version's id");

    let history = cli_ok(&db, &["history", "--assessment", &id, "--item", "2.3"]);
    assert!(
        history.contains("Score  “1” → “2”  Cath (Example BC), Council"),
        "{history}"
    );
    assert!(
        history.contains("Peer score  – → “3”  Davinder (LGA), Peer team"),
        "{history}"
    );
    let listed: serde_json::Value = serde_json::from_str(&cli_ok(&db, &["list", "--json"])).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "the old version is kept");
}

#[test]
fn packs_can_add_the_history_and_leave_out_the_peer_review() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let peer = ["--as", "peer", "--name", "Jackie Meldrum", "--org", "Lambeth"];
    cli_ok(
        &db,
        &[
            &peer[..],
            &[
                "set",
                "--assessment",
                &id,
                "--item",
                "3.2",
                "--peer-score",
                "1",
                "--challenge",
                "Working age admissions?",
            ],
        ]
        .concat(),
    );
    let with = dir.path().join("with.pdf");
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--with-history",
            "--out",
            with.to_str().expect("path"),
        ],
    );
    let text = pdf_text(&std::fs::read(&with).expect("pdf"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Appendix: history of changes"));
    assert!(text.contains("Jackie Meldrum (Lambeth), Peer team"));
    assert!(text.contains("Self-assessment and peer scores compared"));
    assert!(text.contains("Working age admissions?"));
    let without = dir.path().join("without.pdf");
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--without-peer-review",
            "--out",
            without.to_str().expect("path"),
        ],
    );
    let text = pdf_text(&std::fs::read(&without).expect("pdf"));
    assert!(!text.contains("peer scores compared"));
    assert!(!text.contains("Working age admissions?"));
    assert!(!text.contains("history of changes"));
}

#[test]
fn findings_and_key_messages_reach_the_pack() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let peer = ["--as", "peer", "--name", "Rachel Ayling", "--org", "LGA"];
    let add = |args: &[&str]| cli_ok(&db, &[&peer[..], args].concat());
    add(&[
        "finding",
        "add",
        "--assessment",
        &id,
        "--theme",
        "2",
        "--kind",
        "strength",
        "--text",
        "Mature and valued reablement service",
    ]);
    add(&[
        "finding",
        "add",
        "--assessment",
        &id,
        "--theme",
        "2",
        "--kind",
        "area",
        "--text",
        "Join up the vision for intermediate care beds",
    ]);
    add(&[
        "key-message",
        "add",
        "--assessment",
        &id,
        "--text",
        "Develop a strategic approach to demand management",
    ]);
    let refused = cli(
        &db,
        &[
            "finding",
            "add",
            "--assessment",
            &id,
            "--theme",
            "9",
            "--kind",
            "area",
            "--text",
            "x",
        ],
    );
    assert!(!refused.status.success(), "council cannot add findings");
    let no_theme = cli(
        &db,
        &[
            &peer[..],
            &[
                "finding",
                "add",
                "--assessment",
                &id,
                "--theme",
                "9",
                "--kind",
                "area",
                "--text",
                "x",
            ],
        ]
        .concat(),
    );
    assert!(String::from_utf8_lossy(&no_theme.stderr).contains("no theme 9"));
    let pdf = dir.path().join("pack.pdf");
    cli_ok(
        &db,
        &["export-pdf", "--assessment", &id, "--out", pdf.to_str().expect("path")],
    );
    let text = pdf_text(&std::fs::read(&pdf).expect("pdf"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Key messages from the peer team"));
    assert!(text.contains("1. Develop a strategic approach to demand management"));
    assert!(text.contains("Peer team: strengths 1. Mature and valued reablement service"));
    assert!(text.contains("Peer team: areas for consideration 1. Join up the vision for intermediate care beds"));
}

#[test]
fn a_share_safe_pack_leaves_out_peoples_names() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo"]).trim().to_owned();
    let peer = ["--as", "peer", "--name", "Jackie Meldrum", "--org", "Lambeth"];
    let steps: [&[&str]; 2] = [
        &["set", "--assessment", &id, "--item", "3.2", "--peer-score", "1"],
        &[
            "team",
            "add",
            "--assessment",
            &id,
            "--member",
            "Ann Lead",
            "--role",
            "Lead peer",
            "--member-org",
            "LGA",
        ],
    ];
    for step in steps {
        cli_ok(&db, &[&peer[..], step].concat());
    }
    let lead = serde_json::from_str::<serde_json::Value>(&cli_ok(&db, &["list", "--json"])).expect("json")[0]["lead"]
        .as_str()
        .expect("lead")
        .to_owned();
    assert!(!lead.is_empty());
    let read = |name: &str, extra: &[&str]| {
        let out = dir.path().join(name);
        let args = [
            &[
                "export-pdf",
                "--assessment",
                &id,
                "--with-history",
                "--out",
                out.to_str().expect("path"),
            ][..],
            extra,
        ]
        .concat();
        cli_ok(&db, &args);
        pdf_text(&std::fs::read(&out).expect("pdf"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let normal = read("normal.pdf", &[]);
    assert!(normal.contains("Jackie Meldrum") && normal.contains("Ann Lead") && normal.contains(&lead));
    let safe = read("safe.pdf", &["--share-safe"]);
    for name in ["Jackie Meldrum", "Ann Lead", lead.as_str()] {
        assert!(!safe.contains(name), "the share-safe copy names {name}");
    }
    assert!(safe.contains("Share-safe: people's names are left out"));
    assert!(safe.contains("Member 1") && safe.contains("Lead peer"));
    assert!(
        safe.contains("Appendix: history of changes"),
        "the history stays, by role"
    );
}

#[test]
fn typing_after_an_export_still_reaches_the_copy_that_imported_it() {
    let (dir, council_db) = temp_db();
    let peer_db = dir.path().join("peer.sqlite");
    let id = cli_ok(
        &council_db,
        &["new", "--org", "Example BC", "--title", "Use of Resources"],
    )
    .trim()
    .to_owned();
    let type_notes = |text: &str| {
        cli_ok(
            &council_db,
            &[
                "--name",
                "Jo",
                "set",
                "--assessment",
                &id,
                "--item",
                "4.1",
                "--notes",
                text,
            ],
        );
    };
    let send = |name: &str| {
        let file = dir.path().join(name);
        cli_ok(
            &council_db,
            &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
        );
        cli_ok(&peer_db, &["--as", "peer", "import", file.to_str().expect("path")]);
    };
    type_notes("Ask");
    type_notes("Ask finance");
    let history = cli_ok(&council_db, &["history", "--assessment", &id, "--item", "4.1"]);
    assert_eq!(history.lines().count(), 1, "one sitting, one change: {history}");
    assert!(
        history.contains("Notes and queries (including evidence gaps)  “” → “Ask finance”  Jo"),
        "{history}"
    );
    send("first.json");
    // Jo carries on typing a moment later, in the same sitting.
    type_notes("Ask finance for the outturn");
    send("second.json");
    let received = cli_ok(&peer_db, &["history", "--assessment", &id, "--item", "4.1"]);
    assert!(
        received.contains("“Ask finance” → “Ask finance for the outturn”"),
        "{received}"
    );
    let exported = dir.path().join("check.json");
    cli_ok(
        &peer_db,
        &["export", "--assessment", &id, "--out", exported.to_str().expect("path")],
    );
    let text = std::fs::read_to_string(&exported).expect("read");
    assert!(
        text.contains("Ask finance for the outturn"),
        "the peer team has the latest notes"
    );
}

#[test]
fn the_example_after_a_peer_challenge_has_a_peer_review_to_print() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]);
    assert!(cli_ok(&db, &["list"]).contains("Peer review"));
    let out = dir.path().join("pack.pdf");
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            id.trim(),
            "--out",
            out.to_str().expect("path"),
        ],
    );
    let text = pdf_text(&std::fs::read(&out).expect("read"));
    for needle in ["Key messages", "front door that resolves", "Alex Morgan"] {
        assert!(text.contains(needle), "the pack has {needle:?}");
    }
}

/// A mistyped `--db` given to a command that only reads or exports creates
/// no folder and no database: it says there is none.
#[test]
fn a_mistyped_database_path_creates_nothing_for_commands_that_only_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let typo = dir.path().join("no-such-folder").join("typo.sqlite");
    let id = "7e72cf65-d7dd-4178-be2f-51dd7a63f398";
    let out = dir.path().join("out.json");
    let framework = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/frameworks/teasc-use-of-resources.json"
    );
    let out = out.to_str().expect("path");
    let commands: [&[&str]; 8] = [
        &["list"],
        &["backup", "list"],
        &["export", "--assessment", id, "--out", out],
        &["export-bundle", "--assessment", id, "--out", out],
        &["evidence", "list", "--assessment", id],
        &["roster", "list", "--assessment", id],
        &["history", "--assessment", id],
        &["framework", "check", framework],
    ];
    for args in commands {
        let output = cli(&typo, args);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!typo.parent().expect("folder").exists(), "{args:?} made the folder");
        if args[0] != "framework" {
            assert!(!output.status.success(), "{args:?}");
            assert!(
                message.contains("There is no database at this path"),
                "{args:?}: {message}"
            );
        }
    }
}

/// A NUL character is refused wherever text comes in — a text file, an
/// exchange file — with one message, and nothing is stored.
#[test]
fn a_nul_character_is_refused_at_input_with_one_message() {
    let (dir, db) = temp_db();
    let draft = cli_ok(&db, &["demo"]).trim().to_owned();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    let file = dir.path().join("pasted.txt");
    std::fs::write(&file, "Before\0after").expect("write");
    let file = file.to_str().expect("path");
    let before = hash(&db);
    for args in [
        vec!["set", "--assessment", &draft, "--item", "1.1", "--basis-file", file],
        vec!["--as", "peer", "report", "summary", "--assessment", &id, "--file", file],
    ] {
        let output = cli(&db, &args);
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}");
        assert!(message.contains("NUL character"), "{args:?}: {message}");
    }
    assert_eq!(hash(&db), before);
    // The same in an exchange file, for an assessment new to the database.
    let exported = dir.path().join("example.json");
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", exported.to_str().expect("path")],
    );
    let text = std::fs::read_to_string(&exported).expect("read");
    let mut document: serde_json::Value = serde_json::from_str(&text).expect("json");
    document["assessment"]["answers"][0]["basis"] = serde_json::Value::from("Before\u{0}after");
    let forged = dir.path().join("nul.json");
    let resealed = critical_friend::exchange::reseal(&serde_json::to_string(&document).expect("json")).expect("reseal");
    std::fs::write(&forged, resealed).expect("write");
    let (_other_dir, other) = temp_db();
    let output = cli(&other, &["import", forged.to_str().expect("path")]);
    assert!(!output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("NUL character"), "{message}");
}

/// What the app accepts it can always export: an assessment's words and
/// their history are limited so its exchange file — even of texts that
/// JSON writes at twice their length — stays inside what an import reads.
/// The write that would pass the limit is refused in plain words and
/// changes nothing; the largest assessment exports, and imports elsewhere.
#[test]
fn the_largest_assessment_the_app_accepts_exports_and_imports_again() {
    let (dir, db) = temp_db();
    let id = cli_ok(&db, &["new", "--org", "Powys", "--title", "Use of Resources"])
        .trim()
        .to_owned();
    // A megabyte of quotes and backslashes: the worst case for JSON.
    let text = dir.path().join("megabyte.txt");
    std::fs::write(&text, "\"quoted\\\" and \\escaped\\ ".repeat(1024 * 1024 / 24)).expect("write");
    let text = text.to_str().expect("path");
    let items = [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3",
    ];
    let mut taken = 0;
    let mut refusal = None;
    for item in items {
        for flag in ["--basis-file", "--notes-file"] {
            let before = hash(&db);
            let output = cli(&db, &["set", "--assessment", &id, "--item", item, flag, text]);
            if output.status.success() {
                taken += 1;
            } else {
                assert_eq!(hash(&db), before, "a refused write changed the database");
                refusal = Some(String::from_utf8_lossy(&output.stderr).into_owned());
                break;
            }
        }
        if refusal.is_some() {
            break;
        }
    }
    let refusal = refusal.expect("a write past the limit is refused");
    assert!(refusal.contains("larger than 12 MB"), "{refusal}");
    assert!(taken >= 5, "five megabytes of words are taken: {taken}");
    let file = dir.path().join("largest.json");
    let started = std::time::Instant::now();
    cli_ok(
        &db,
        &["export", "--assessment", &id, "--out", file.to_str().expect("path")],
    );
    let took = started.elapsed();
    let bytes = std::fs::metadata(&file).expect("exported").len();
    eprintln!("largest assessment: {taken} one-megabyte texts, exchange file {bytes} bytes, exported in {took:?}");
    assert!(bytes <= critical_friend::exchange::MAX_FILE_BYTES);
    let (_other_dir, other) = temp_db();
    assert_eq!(
        cli_ok(&other, &["import", file.to_str().expect("path")]).lines().next(),
        Some(id.as_str())
    );
}

/// The history says where an action comes from in words, never by an
/// internal id.
#[test]
fn the_history_says_where_an_action_comes_from_in_words() {
    let (_dir, db) = temp_db();
    let id = cli_ok(&db, &["demo", "--after-challenge"]).trim().to_owned();
    cli_ok(&db, &["status", "--assessment", &id, "--set", "final"]);
    cli_ok(&db, &["action", "from-findings", "--assessment", &id]);
    let history = cli_ok(&db, &["history", "--assessment", &id]);
    assert!(history.contains("“an area for consideration”"), "{history}");
    assert!(!history.contains("area:"), "{history}");
}

/// `--version` says the version and the commit it was built from, for a
/// support call.
#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
        .arg("--version")
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(
        said.contains(env!("CARGO_PKG_VERSION")) && said.contains("(commit "),
        "{said}"
    );
}
