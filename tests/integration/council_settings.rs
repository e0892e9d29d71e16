//! The council's settings on an assessment — its comparator group and its
//! region — named once, by the council only, as ONS codes: every standing
//! ranks it among its group and sets its region's value beside England's,
//! in the app and in the packs; the settings travel in exchange files
//! (a version 9 file's group too), and a database made before they had a
//! table of their own keeps its group. Every council, code and figure here
//! is fictional.

use std::path::Path;

use crate::common::{cli, cli_ok, hash, temp_db};
use crate::measures::{PUBLISHED, fictional_file, write};

const COUNCIL: [&str; 4] = ["--as", "council", "--name", "Jo"];

/// A new assessment of Testshire 3 in `db`, as the council; its id.
pub(crate) fn testshire_3(db: &Path) -> String {
    cli_ok(
        db,
        &[
            &COUNCIL[..],
            &["new", "--org", "Testshire 3 Council", "--title", "Use of Resources"],
        ]
        .concat(),
    )
    .trim()
    .to_owned()
}

/// Testshire 3 in a fresh database with one setting set (`measures
/// SETTING --set VALUE`), exported as the council: the database, the
/// assessment's id and the exchange file.
fn exported_with(setting: &str, value: &str) -> (tempfile::TempDir, std::path::PathBuf, String, std::path::PathBuf) {
    let (dir, db) = temp_db();
    let id = testshire_3(&db);
    let set = ["measures", setting, "--assessment", &id, "--set", value];
    cli_ok(&db, &[&COUNCIL[..], &set[..]].concat());
    let exported = dir.path().join("sent.cfriend");
    let out = exported.to_str().expect("path");
    cli_ok(
        &db,
        &[&COUNCIL[..], &["export", "--assessment", &id, "--out", out]].concat(),
    );
    (dir, db, id, exported)
}

/// The comparator group assessment `id` has in `db` once the council has
/// imported `file` there.
fn group_after_import(db: &Path, file: &Path, id: &str) -> String {
    cli_ok(db, &[&COUNCIL[..], &["import", file.to_str().expect("path")]].concat());
    cli_ok(db, &["measures", "group", "--assessment", id]).trim().to_owned()
}

/// The fictional file with Yorkshire and The Humber's 2C value.
fn with_region() -> String {
    let mut text = fictional_file(PUBLISHED, "800.5");
    text.push_str("\nE12000003,Yorkshire and The Humber,Region,E12000003,2C,Total,Outcome,600.0\n");
    text
}

/// The line the full pack sets beside item 3.2 for ASCOF 2C.
fn beside_3_2(db: &Path, id: &str, dir: &Path) -> String {
    let flat = crate::measures::full_pack_text(db, id, dir);
    let at = flat.find("ASCOF 2C:").expect("2C beside its item");
    flat[at..at + 140].to_owned()
}

/// The council names its region once; the packs set the region's value
/// beside England's; a code that is no region, or a peer naming it, is
/// refused with the database untouched; the region travels.
#[test]
fn the_councils_region_is_named_once_shown_beside_england_and_travels() {
    let (dir, db) = temp_db();
    let file = write(dir.path(), "ascof.csv", &with_region());
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    let id = testshire_3(&db);
    let region = |db: &Path, set: &[&str]| {
        let mut args = COUNCIL.to_vec();
        args.extend(["measures", "region", "--assessment", &id]);
        args.extend_from_slice(set);
        cli(db, &args)
    };
    let said = String::from_utf8_lossy(&region(&db, &[]).stdout).into_owned();
    assert!(said.contains("No region"), "{said}");
    assert!(!beside_3_2(&db, &id, dir.path()).contains("Yorkshire"));

    let said = String::from_utf8_lossy(&region(&db, &["--set", " e12000003"]).stdout).into_owned();
    assert_eq!(said.trim(), "E12000003");
    let line = beside_3_2(&db, &id, dir.path());
    assert!(
        line.contains("England 560.8 per 100,000; Yorkshire and The Humber 600.0 per 100,000; 3 of 8"),
        "{line}"
    );

    let before = hash(&db);
    let refused = region(&db, &["--set", "E06000001"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("“E06000001” is not an ONS region code"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let peer = cli(
        &db,
        &[
            "--as",
            "peer",
            "measures",
            "region",
            "--assessment",
            &id,
            "--set",
            "E12000001",
        ],
    );
    assert!(!peer.status.success(), "the peer team named the council's region");
    assert_eq!(hash(&db), before, "a refused setting leaves the database as it was");

    let exported = dir.path().join("region.cfriend");
    let out = exported.to_str().expect("path");
    cli_ok(
        &db,
        &[&COUNCIL[..], &["export", "--assessment", &id, "--out", out]].concat(),
    );
    let other = dir.path().join("other.sqlite");
    cli_ok(&other, &[&COUNCIL[..], &["import", out]].concat());
    let there = region(&other, &[]);
    assert_eq!(String::from_utf8_lossy(&there.stdout).trim(), "E12000003");
    let history = cli_ok(&other, &["history", "--assessment", &id]);
    assert!(history.contains("Region"), "the change is in the history: {history}");
}

/// An exchange file carrying a setting this version does not know is
/// refused, saying to update, and the database is left as it was; a
/// version 9 file's comparator group, in the field version 9 wrote it,
/// still imports.
#[test]
fn a_files_settings_are_read_from_version_9_and_an_unknown_one_is_refused() {
    let (dir, _db, id, exported) = exported_with("group", "E06000005,E06000007");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&exported).expect("read")).expect("json");
    assert_eq!(
        document["assessment"]["settings"]["comparator_group"],
        "E06000005,E06000007"
    );

    let resealed = |edit: &dyn Fn(&mut serde_json::Value), name: &str| {
        let mut edited = document.clone();
        edit(&mut edited);
        let path = dir.path().join(name);
        let text = serde_json::to_string_pretty(&edited).expect("json");
        std::fs::write(&path, critical_friend::exchange::reseal(&text).expect("reseal")).expect("write");
        path
    };
    let unknown = resealed(
        &|d| d["assessment"]["settings"]["colour"] = "blue".into(),
        "unknown.cfriend",
    );
    let other = dir.path().join("other.sqlite");
    crate::common::create_db(&other);
    let before = hash(&other);
    let refused = cli(
        &other,
        &[&COUNCIL[..], &["import", unknown.to_str().expect("path")]].concat(),
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("“colour”") && said.contains("update Critical Friend"),
        "{said}"
    );
    assert_eq!(hash(&other), before, "a refused file leaves the database as it was");

    let version_9 = resealed(
        &|d| {
            d["format_version"] = 9.into();
            d["assessment"].as_object_mut().expect("assessment").remove("settings");
            d["assessment"]["comparator_group"] = serde_json::json!(["E06000005", "E06000007"]);
        },
        "v9.cfriend",
    );
    assert_eq!(group_after_import(&other, &version_9, &id), "E06000005, E06000007");
}

/// A database of schema version 16 kept the comparator group in a column
/// of the assessment; opened by this version, the group is a setting.
#[test]
fn a_version_16_databases_comparator_group_becomes_a_setting() {
    let (dir, _) = temp_db();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v16.sqlite");
    let db = dir.path().join("v16.sqlite");
    std::fs::copy(&fixture, &db).expect("copy");
    let id: String = {
        let conn = rusqlite::Connection::open(&db).expect("open");
        conn.execute("UPDATE assessment SET comparator_group = 'E06000005,E06000007'", [])
            .expect("set the group as version 16 stored it");
        conn.query_row("SELECT id FROM assessment LIMIT 1", [], |row| row.get(0))
            .expect("an assessment")
    };
    let group = cli_ok(&db, &["measures", "group", "--assessment", &id]);
    assert_eq!(group.trim(), "E06000005, E06000007");
}

/// The council names its comparator group (its nearest neighbours, say)
/// once, on the assessment: every standing then ranks it among them — in
/// the packs as in the app — the group travels in the exchange file, and
/// only the council names it, as ONS codes.
#[test]
fn the_councils_comparator_group_ranks_it_among_its_neighbours_and_travels() {
    let (dir, db) = temp_db();
    let file = write(dir.path(), "ascof.csv", &fictional_file(PUBLISHED, "800.5"));
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    let council = ["--as", "council", "--name", "Jo"];
    let id = testshire_3(&db);
    let beside_3_2 = |db: &Path| beside_3_2(db, &id, dir.path());
    assert!(beside_3_2(&db).contains("3 of 8, quartile 2"), "{}", beside_3_2(&db));
    let said = cli_ok(
        &db,
        &[
            &council[..],
            &[
                "measures",
                "group",
                "--assessment",
                &id,
                "--set",
                "E06000005, e06000007,E06000002",
            ],
        ]
        .concat(),
    );
    assert_eq!(said.trim(), "E06000005, E06000007, E06000002");
    assert!(beside_3_2(&db).contains("2 of 4, quartile 2"), "{}", beside_3_2(&db));

    let refused = cli(
        &db,
        &[
            &council[..],
            &["measures", "group", "--assessment", &id, "--set", "Leeds"],
        ]
        .concat(),
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("“LEEDS” is not an ONS area code"));
    let peer = cli(
        &db,
        &[
            "--as",
            "peer",
            "measures",
            "group",
            "--assessment",
            &id,
            "--set",
            "E06000001",
        ],
    );
    assert!(!peer.status.success(), "the peer team named the council's comparators");

    let exported = dir.path().join("group.cfriend");
    cli_ok(
        &db,
        &[
            &council[..],
            &["export", "--assessment", &id, "--out", exported.to_str().expect("path")],
        ]
        .concat(),
    );
    let other = dir.path().join("other.sqlite");
    cli_ok(&other, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    assert_eq!(
        group_after_import(&other, &exported, &id),
        "E06000005, E06000007, E06000002"
    );
}

/// In the Measures view the council names its comparator group and its
/// region, and the ranks and the region's values follow at once.
#[test]
fn the_comparator_group_and_region_are_named_in_the_measures_view() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let (dir, db) = temp_db();
    let file = write(dir.path(), "ascof.csv", &with_region());
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    testshire_3(&db);
    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    crate::ui::switch_role(&mut harness, "Council", "Jo");
    harness.get_by_role_and_label(Role::Button, "Measures").click();
    harness.run();
    harness.get_by_label("Ranks are among every council with a published value.");
    harness.get_by_label("3 of 8, quartile 2");
    crate::ui::type_into(
        &mut harness,
        Role::TextInput,
        "Comparator group (ONS codes)",
        "E06000005, E06000007, E06000002",
    );
    harness.get_by_label("Save group").click();
    harness.run();
    harness.get_by_label_contains("comparator group of 3 councils");
    harness.get_by_label("2 of 4, quartile 2");

    // The region, beside England's in the table.
    harness.get_by_label("No region named: each measure shows England's value only.");
    crate::ui::type_into(&mut harness, Role::TextInput, "Region (ONS code)", "e12000003");
    harness.get_by_label("Save region").click();
    harness.run();
    harness.get_by_label("The Region column is the council's region, Yorkshire and The Humber (E12000003).");
    harness.get_by_label("600.0 per 100,000");
}

/// Two windows on one assessment: the council begins typing a region in
/// the app while another process names a different one. Saving over a
/// value that has changed since is a conflict, named, never an overwrite.
#[test]
fn a_region_saved_over_one_changed_since_is_a_conflict_not_an_overwrite() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    let (dir, db) = temp_db();
    let file = write(dir.path(), "ascof.csv", &with_region());
    cli_ok(&db, &["measures", "import-ascof", &file, "--period", "2023-24"]);
    let id = testshire_3(&db);
    let mut harness = crate::ui::open_app(&db);
    crate::ui::open_listed(&harness);
    harness.run();
    crate::ui::switch_role(&mut harness, "Council", "Jo");
    harness.get_by_role_and_label(Role::Button, "Measures").click();
    harness.run();
    crate::ui::type_into(&mut harness, Role::TextInput, "Region (ONS code)", "E12000001");

    // Meanwhile, another process.
    let mut args = COUNCIL.to_vec();
    args.extend(["measures", "region", "--assessment", &id, "--set", "E12000003"]);
    cli_ok(&db, &args);

    harness.get_by_label("Save region").click();
    harness.run();
    harness.get_by_label_contains("was changed by someone else since you saw it");
    let kept = cli_ok(&db, &["measures", "region", "--assessment", &id]);
    assert_eq!(kept.trim(), "E12000003", "the other process's region stands");
}

/// A file edited by hand to name a setting twice — the checksum still
/// holds, since only the last of the two is read — is refused, naming the
/// setting, and the database is left as it was: neither value is dropped
/// unseen.
#[test]
fn a_file_naming_a_setting_twice_is_refused_not_half_read() {
    let (dir, _db, _id, exported) = exported_with("region", "E12000003");
    let out = exported.to_str().expect("path");
    let text = std::fs::read_to_string(&exported).expect("read");
    let written = "\"region\": \"E12000003\"";
    assert_eq!(text.matches(written).count(), 1, "the region is written once");
    let twice = text.replace(written, &format!("\"region\": \"E12000004\", {written}"));
    std::fs::write(&exported, twice).expect("write");

    let other = dir.path().join("other.sqlite");
    crate::common::create_db(&other);
    let before = hash(&other);
    let refused = cli(&other, &[&COUNCIL[..], &["import", out]].concat());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "a setting named twice was read as one");
    assert!(said.contains("“region”") && said.contains("twice"), "{said}");
    assert_eq!(hash(&other), before, "a refused file leaves the database as it was");
}
