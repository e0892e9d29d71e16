//! The evidence behind the scores, through the command line on real files:
//! the register, links and requests read back in the packs; the evidence
//! bundle into a second database with byte-identical files; and hostile
//! bundles, oversized and missing files and a damaged attachment refused
//! with a clear message and the database byte for byte as it was.

use std::{
    io::{Read, Write},
    path::Path,
};

use serde_json::Value;

use crate::common::{cli, cli_ok, hash, import_accepting, pdf_text, signed_by_hand, temp_db};

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The example with two documents (one with a file), a request answered
/// and one open; returns its id and the attached file's bytes.
pub(crate) fn with_evidence(db: &Path, dir: &Path) -> (String, Vec<u8>) {
    let id = cli_ok(db, &["demo"]).trim().to_owned();
    let bytes: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13).to_le_bytes()[0])
        .collect();
    let budget = dir.join("Budget 2016-17.pdf");
    std::fs::write(&budget, &bytes).expect("write");
    let first = cli_ok(
        db,
        &[
            "evidence",
            "add",
            "--assessment",
            &id,
            "--title",
            "Budget 2016/17",
            "--ref",
            "FIN/2016/3",
            "--date",
            "2016-04-01",
            "--owner",
            "Finance",
            "--items",
            "6.1,6.2",
            "--attach",
            path_str(&budget),
        ],
    );
    assert_eq!(first.trim(), "1");
    cli_ok(
        db,
        &[
            "evidence",
            "add",
            "--assessment",
            &id,
            "--title",
            "Market position statement",
            "--items",
            "5.3",
        ],
    );
    cli_ok(
        db,
        &[
            "evidence",
            "link",
            "--assessment",
            &id,
            "--document",
            "2",
            "--items",
            "5.3,5.4",
        ],
    );
    let peer = ["--as", "peer", "--name", "Ann Lead"];
    let ask = |text: &str, items: &str| {
        let mut args: Vec<&str> = peer.to_vec();
        args.extend(["request", "add", "--assessment", &id, "--text", text, "--items", items]);
        cli_ok(db, &args)
    };
    assert_eq!(ask("Care home placements by month", "3.2").trim(), "1");
    assert_eq!(ask("Reablement outcomes at 91 days", "2.1").trim(), "2");
    cli_ok(
        db,
        &[
            "request",
            "answer",
            "--assessment",
            &id,
            "--request",
            "1",
            "--provided",
            "--document",
            "2",
        ],
    );
    (id, bytes)
}

#[test]
fn the_register_links_and_requests_read_back_in_the_packs() {
    let (dir, db) = temp_db();
    let (id, _) = with_evidence(&db, dir.path());
    let listed: Value =
        serde_json::from_str(&cli_ok(&db, &["evidence", "list", "--assessment", &id, "--json"])).expect("json");
    assert_eq!(listed[0]["file"]["size"], 300_000);
    assert_eq!(listed[1]["items"], "5.3,5.4");
    let behind = cli_ok(&db, &["evidence", "list", "--assessment", &id, "--item", "6.2"]);
    assert!(
        behind.contains("D1. Budget 2016/17") && !behind.contains("D2"),
        "{behind}"
    );
    let open = cli_ok(&db, &["requests", "--assessment", &id, "--open"]);
    assert!(
        open.contains("R2. Reablement outcomes at 91 days") && !open.contains("R1."),
        "{open}"
    );
    let all = cli_ok(&db, &["requests", "--assessment", &id]);
    assert!(all.contains("Provided") && all.contains("as D2"), "{all}");

    // The peer team asks and marks what it read; the council answers. Not the other way round.
    let refused = cli(&db, &["request", "add", "--assessment", &id, "--text", "More"]);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("belongs to the Peer team role"));
    let refused = cli(
        &db,
        &[
            "--as",
            "peer",
            "evidence",
            "link",
            "--assessment",
            &id,
            "--document",
            "1",
            "--items",
            "1.1",
        ],
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("belongs to the Council role"));
    cli_ok(
        &db,
        &[
            "--as",
            "peer",
            "evidence",
            "considered",
            "--assessment",
            &id,
            "--document",
            "1",
        ],
    );

    let previsit = dir.path().join("previsit.pdf");
    cli_ok(
        &db,
        &[
            "export-pdf",
            "--assessment",
            &id,
            "--kind",
            "previsit",
            "--out",
            path_str(&previsit),
        ],
    );
    let text = squash(&pdf_text(&std::fs::read(&previsit).expect("read")));
    for needle in [
        "Request R2 (2.1)",
        "Reablement outcomes at 91 days — asked by Ann Lead",
        "Appendix: documents",
        "FIN/2016/3",
        "Budget 2016-17.pdf, 293 KB",
        "Evidence",
        "D1",
    ] {
        assert!(text.contains(needle), "the pre-visit pack misses {needle:?}");
    }
    assert!(
        !text.contains("Care home placements by month"),
        "an answered request is not open"
    );
    let history = cli_ok(&db, &["history", "--assessment", &id]);
    for field in [
        "Document",
        "Request for evidence",
        "Answer to a request",
        "Document considered",
    ] {
        assert!(history.contains(field), "the history misses {field}");
    }
}

#[test]
fn a_bundle_carries_the_files_into_the_peer_teams_copy_byte_for_byte() {
    let (dir, db) = temp_db();
    let (id, bytes) = with_evidence(&db, dir.path());
    let exchange = dir.path().join("for-peers.json");
    cli_ok(&db, &["export", "--assessment", &id, "--out", path_str(&exchange)]);
    let bundle = dir.path().join("evidence.zip");
    let written = cli_ok(&db, &["export-bundle", "--assessment", &id, "--out", path_str(&bundle)]);
    assert!(written.contains("(1 file)"), "{written}");
    let names: Vec<String> = {
        let archive = zip::ZipArchive::new(std::fs::File::open(&bundle).expect("open")).expect("zip");
        archive
            .file_names()
            .filter_map(Result::ok)
            .map(|name| name.to_string())
            .collect()
    };
    for name in [
        "bundle.json",
        "register.csv",
        "index.pdf",
        "files/D1 - Budget 2016-17.pdf",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }

    let peer = dir.path().join("peer.sqlite");
    let early = cli(&peer, &["--as", "peer", "import-bundle", path_str(&bundle)]);
    assert!(String::from_utf8_lossy(&early.stderr).contains("import its exchange file first"));
    cli_ok(&peer, &["--as", "peer", "import", path_str(&exchange)]);
    let copy = dir.path().join("copy.pdf");
    // Until the bundle comes, the register says where the file is.
    let listed = cli_ok(&peer, &["evidence", "list", "--assessment", &id]);
    assert!(listed.contains("not in this copy yet"), "{listed}");
    let save = [
        "evidence",
        "save",
        "--assessment",
        &id,
        "--document",
        "1",
        "--out",
        path_str(&copy),
    ];
    let not_yet = cli(&peer, &save);
    assert!(
        String::from_utf8_lossy(&not_yet.stderr).contains("Import the bundle"),
        "{not_yet:?}"
    );
    assert!(!copy.exists(), "nothing half-written");
    let imported = cli_ok(&peer, &["--as", "peer", "import-bundle", path_str(&bundle)]);
    assert!(imported.contains("1 file added"), "{imported}");
    assert!(!cli_ok(&peer, &["evidence", "list", "--assessment", &id]).contains("not in this copy"));
    cli_ok(&peer, &save);
    assert_eq!(std::fs::read(&copy).expect("read"), bytes, "the same bytes");
    let again = cli_ok(&peer, &["--as", "peer", "import-bundle", path_str(&bundle)]);
    assert!(again.contains("0 files added"), "{again}");
    let refused = cli(&peer, &save);
    assert!(!refused.status.success(), "an existing file is never overwritten");
}

/// Rewrites `from` as a zip whose entries `edit` may rename, change or add to.
fn rewritten(from: &Path, to: &Path, edit: impl Fn(&str, Vec<u8>) -> Vec<(String, Vec<u8>)>) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).expect("open")).expect("zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("create"));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).expect("entry");
        let name = part.name().expect("name").to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).expect("read");
        for (name, bytes) in edit(&name, bytes) {
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start");
            out.write_all(&bytes).expect("write");
        }
    }
    out.finish().expect("finish");
}

#[test]
#[allow(clippy::too_many_lines, reason = "one hostile file after another, read in order")]
fn hostile_bundles_and_files_are_refused_and_nothing_changes() {
    let (dir, db) = temp_db();
    let (id, _) = with_evidence(&db, dir.path());
    let exchange = dir.path().join("for-peers.json");
    cli_ok(&db, &["export", "--assessment", &id, "--out", path_str(&exchange)]);
    let bundle = dir.path().join("evidence.zip");
    cli_ok(&db, &["export-bundle", "--assessment", &id, "--out", path_str(&bundle)]);
    let peer = dir.path().join("peer.sqlite");
    cli_ok(&peer, &["--as", "peer", "import", path_str(&exchange)]);

    let traversal = dir.path().join("traversal.zip");
    rewritten(&bundle, &traversal, |name, bytes| {
        let mut parts = vec![(name.to_owned(), bytes)];
        if name == "register.csv" {
            parts.push(("../../outside.txt".to_owned(), b"pwned".to_vec()));
        }
        parts
    });
    let mismatched = dir.path().join("mismatched.zip");
    rewritten(&bundle, &mismatched, |name, mut bytes| {
        if name.starts_with("files/") {
            bytes[1000] ^= 0xFF;
        }
        vec![(name.to_owned(), bytes)]
    });
    let longer = dir.path().join("longer.zip");
    rewritten(&bundle, &longer, |name, mut bytes| {
        if name.starts_with("files/") {
            bytes.extend_from_slice(&[0; 4096]);
        }
        vec![(name.to_owned(), bytes)]
    });
    let unlisted = dir.path().join("unlisted.zip");
    rewritten(&bundle, &unlisted, |name, bytes| {
        let mut parts = vec![(name.to_owned(), bytes)];
        if name == "index.pdf" {
            parts.push(("files/extra.exe".to_owned(), vec![0; 64]));
        }
        parts
    });
    // A zip bomb: the file's entry unpacks to 150 MB of zeros from a few hundred kB.
    let bomb = dir.path().join("bomb.zip");
    rewritten(&bundle, &bomb, |name, bytes| {
        if name.starts_with("files/") {
            vec![(name.to_owned(), vec![0; 150 * 1024 * 1024])]
        } else {
            vec![(name.to_owned(), bytes)]
        }
    });
    assert!(std::fs::metadata(&bomb).expect("bomb").len() < 2 * 1024 * 1024);
    let truncated = dir.path().join("truncated.zip");
    let whole = std::fs::read(&bundle).expect("read");
    std::fs::write(&truncated, &whole[..whole.len() / 2]).expect("write");
    for (file, says) in [
        (&traversal, "a path outside its folder"),
        (&mismatched, "does not match the SHA-256 and size the register records"),
        (&longer, "more than it may"),
        (&unlisted, "which its manifest does not list"),
        (&bomb, "more than it may"),
        (&truncated, "not an evidence bundle"),
    ] {
        let before = hash(&peer);
        let refused = cli(&peer, &["--as", "peer", "import-bundle", path_str(file)]);
        let message = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "{} was imported", file.display());
        assert!(message.contains(says), "{}: {message}", file.display());
        assert_eq!(hash(&peer), before, "{} changed the database", file.display());
    }
    assert!(!dir.path().join("outside.txt").exists() && !Path::new("outside.txt").exists());

    // A file over 100 MB, or one that is not there.
    let big = dir.path().join("big.bin");
    std::fs::File::create(&big)
        .and_then(|file| file.set_len(101 * 1024 * 1024))
        .expect("sparse file");
    let before = hash(&db);
    let too_big = cli(
        &db,
        &[
            "evidence",
            "add",
            "--assessment",
            &id,
            "--title",
            "Big",
            "--attach",
            path_str(&big),
        ],
    );
    assert!(String::from_utf8_lossy(&too_big.stderr).contains("at most 100 MB"));
    let missing = cli(
        &db,
        &[
            "evidence",
            "add",
            "--assessment",
            &id,
            "--title",
            "Gone",
            "--attach",
            "/no/such/file.pdf",
        ],
    );
    assert!(String::from_utf8_lossy(&missing.stderr).contains("could not read /no/such/file.pdf"));
    assert_eq!(hash(&db), before);

    // An attachment damaged inside the database is reported, never passed on.
    {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute("UPDATE attachment SET data = zeroblob(length(data))", [])
            .expect("damage");
    }
    let copy = dir.path().join("copy.pdf");
    let damaged = cli(
        &db,
        &[
            "evidence",
            "save",
            "--assessment",
            &id,
            "--document",
            "1",
            "--out",
            path_str(&copy),
        ],
    );
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("is damaged"));
    assert!(!copy.exists(), "no partial copy is left");
    let again = dir.path().join("again.zip");
    let damaged = cli(&db, &["export-bundle", "--assessment", &id, "--out", path_str(&again)]);
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("is damaged"));
    assert!(!again.exists(), "no partial bundle is left");
}

#[test]
fn requests_and_considered_marks_travel_both_ways_and_a_forged_register_change_is_refused() {
    let (dir, db) = temp_db();
    let (id, _) = with_evidence(&db, dir.path());
    let to_peers = dir.path().join("to-peers.json");
    cli_ok(&db, &["export", "--assessment", &id, "--out", path_str(&to_peers)]);
    let peer = dir.path().join("peer.sqlite");
    let as_peer = |args: &[&str]| {
        let mut all = vec!["--as", "peer", "--name", "Ann Lead"];
        all.extend_from_slice(args);
        cli_ok(&peer, &all)
    };
    as_peer(&["import", path_str(&to_peers)]);
    as_peer(&["evidence", "considered", "--assessment", &id, "--document", "1"]);
    as_peer(&[
        "request",
        "add",
        "--assessment",
        &id,
        "--text",
        "Delayed transfers by ward",
    ]);
    let back = dir.path().join("back.json");
    as_peer(&["export", "--assessment", &id, "--out", path_str(&back)]);
    let report = import_accepting(&db, &[], &back, &[&peer]);
    assert!(!report.contains("Conflicts"), "{report}");
    let listed: Value =
        serde_json::from_str(&cli_ok(&db, &["evidence", "list", "--assessment", &id, "--json"])).expect("json");
    assert_eq!(listed[0]["considered"], true, "the peer team's mark arrived");
    cli_ok(
        &db,
        &[
            "request",
            "answer",
            "--assessment",
            &id,
            "--request",
            "3",
            "--declined",
            "--reason",
            "Not recorded by ward",
        ],
    );
    // The council corrects a document; a bad date or the peer role changes nothing.
    let edit = |date: &str| {
        vec![
            "evidence",
            "edit",
            "--assessment",
            &id,
            "--document",
            "1",
            "--title",
            "Budget 2016/17 (revised)",
            "--date",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([date.to_owned()])
        .collect::<Vec<_>>()
    };
    let before = hash(&db);
    let bad = cli(&db, &edit("2016-13-01").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!bad.status.success());
    let mut as_peer_edit = vec!["--as", "peer"];
    let good = edit("2016-05-01");
    as_peer_edit.extend(good.iter().map(String::as_str));
    assert!(
        !cli(&db, &as_peer_edit).status.success(),
        "the register is the council's"
    );
    assert_eq!(hash(&db), before);
    cli_ok(&db, &good.iter().map(String::as_str).collect::<Vec<_>>());
    let again = dir.path().join("again.json");
    cli_ok(&db, &["export", "--assessment", &id, "--out", path_str(&again)]);
    as_peer(&["import", path_str(&again)]);
    let corrected: Value =
        serde_json::from_str(&as_peer(&["evidence", "list", "--assessment", &id, "--json"])).expect("json");
    assert_eq!(
        corrected[0]["title"], "Budget 2016/17 (revised)",
        "the correction travelled"
    );
    assert_eq!(corrected[0]["date"], "2016-05-01");
    let requests = as_peer(&["requests", "--assessment", &id]);
    assert!(
        requests.contains("R3. Delayed transfers by ward — Declined") && requests.contains("Not recorded by ward"),
        "{requests}"
    );

    a_forged_register_change_is_refused(&db, &peer, &back, dir.path());
}

/// A peer file that claims to link a register document is refused whole —
/// even signed with Ann's own key, read out of her own database.
fn a_forged_register_change_is_refused(db: &Path, peer: &Path, back: &Path, dir: &Path) {
    let text = std::fs::read_to_string(back).expect("read");
    let mut document: Value = serde_json::from_str(&text).expect("json");
    let target = document["assessment"]["documents"][0]["id"].clone();
    let changes = document["assessment"]["changes"].as_array_mut().expect("changes");
    let forged_id = uuid::Uuid::new_v4().to_string();
    changes.push(serde_json::json!({
        "id": forged_id,
        "target": target,
        "field": "document_items",
        "old": "6.1,6.2",
        "new": "1.1",
        "role": "peer",
        "author": "Ann Lead",
        "organisation": "",
        "at": "2026-12-02T12:00:00Z"
    }));
    document["assessment"]["documents"][0]["items"] = Value::from("1.1");
    let forged = dir.join("forged.json");
    std::fs::write(&forged, signed_by_hand(peer, &mut document, &forged_id)).expect("write");
    let before = hash(db);
    let refused = cli(db, &["import", path_str(&forged)]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("only the Council role may change it"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(hash(db), before);
}
