//! Exchange files written by the last release (format 6, with values in
//! the words it recorded them in) and by earlier formats still import: as
//! new assessments, and merged into copies this version made — and what
//! they bring goes through the same rules as everything else.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{cli, cli_ok, temp_db};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `fixture` rewritten as format `version`: the parts that format did not
/// have removed, its checksum recomputed (versions before 3 had none).
fn as_version(dir: &Path, version: u32) -> PathBuf {
    let text = std::fs::read_to_string(fixture("exchange-v6-council-final.json")).expect("fixture");
    let mut document: Value = serde_json::from_str(&text).expect("json");
    let record = document["assessment"].as_object_mut().expect("assessment");
    if version < 6 {
        record.remove("documents");
        record.remove("requests");
        let changes = record
            .get_mut("changes")
            .and_then(Value::as_array_mut)
            .expect("changes");
        changes.retain(|change| {
            let field = change["field"].as_str().unwrap_or_default();
            !field.starts_with("document") && !field.starts_with("request") && field != "considered"
        });
    }
    if version < 5 {
        record.remove("actions");
        record.remove("baseline");
        let changes = record
            .get_mut("changes")
            .and_then(Value::as_array_mut)
            .expect("changes");
        changes.retain(|change| !change["field"].as_str().unwrap_or_default().starts_with("action"));
    }
    document["format_version"] = Value::from(version);
    let file = dir.join(format!("v{version}.json"));
    let resealed = critical_friend::exchange::reseal(&serde_json::to_string(&document).expect("json")).expect("reseal");
    std::fs::write(&file, resealed).expect("write");
    file
}

#[test]
fn files_of_formats_three_to_six_import_as_new_assessments_and_export_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = vec![fixture("released-0.1.0-exchange-v3.json")];
    files.extend((4..=6).map(|version| as_version(dir.path(), version)));
    // And the last release's own file, exactly as it wrote it.
    files.push(fixture("exchange-v6-council-final.json"));
    for (index, file) in files.iter().enumerate() {
        let db = dir.path().join(format!("db-{index}.sqlite"));
        let imported = cli_ok(&db, &["import", path_str(file)]);
        assert!(imported.contains("as a new assessment"), "{imported}");
        let id = cli_ok(&db, &["list", "--json"]);
        let listing: Value = serde_json::from_str(&id).expect("json");
        let id = listing[0]["id"].as_str().expect("id").to_owned();
        let again = dir.path().join(format!("again-{index}.json"));
        cli_ok(&db, &["export", "--assessment", &id, "--out", path_str(&again)]);
        let other = dir.path().join(format!("other-{index}.sqlite"));
        cli_ok(&other, &["import", path_str(&again)]);
        let history = cli_ok(&other, &["history", "--assessment", &id]);
        assert!(
            !history.trim().is_empty() || index == 0,
            "{}: the history travels",
            file.display()
        );
    }
}

#[test]
fn the_last_releases_peer_file_merges_into_a_copy_this_version_made() {
    let (_dir, db) = temp_db();
    // The council's copy as the last release sent it, taken in by this one…
    cli_ok(
        &db,
        &[
            "--as",
            "council",
            "import",
            path_str(&fixture("exchange-v6-council-sent.json")),
        ],
    );
    // …and the peer team's file back from the last release, merged into it:
    // a team member recorded in words, a request, a document considered.
    let report = cli_ok(
        &db,
        &[
            "--as",
            "council",
            "import",
            path_str(&fixture("exchange-v6-peer-back.json")),
        ],
    );
    assert!(!report.contains("Conflict"), "{report}");
    let listing: Value = serde_json::from_str(&cli_ok(&db, &["list", "--json"])).expect("json");
    let id = listing[0]["id"].as_str().expect("id").to_owned();
    let requests: Value =
        serde_json::from_str(&cli_ok(&db, &["requests", "--assessment", &id, "--json"])).expect("json");
    assert_eq!(requests.as_array().map(Vec::len), Some(1), "{requests}");
    let history = cli_ok(&db, &["history", "--assessment", &id]);
    assert!(
        history.contains("Lee Lead"),
        "the member in the words it was recorded in: {history}"
    );
    // The same file again brings nothing new.
    let again = cli(
        &db,
        &[
            "--as",
            "council",
            "import",
            path_str(&fixture("exchange-v6-peer-back.json")),
        ],
    );
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
}
