//! Automatic backups and restore, on real files.

use crate::common::{hash, temp_db};
use critical_friend::{
    domain::{Catalogue, example::example_assessment},
    storage::{
        Database, StorageError,
        backup::{self, Reason},
    },
};
use time::{Duration, OffsetDateTime};

#[test]
fn the_first_open_each_day_takes_one_backup() {
    let (_dir, path) = temp_db();
    drop(Database::open(&path).expect("create"));
    assert!(
        backup::list(&path).expect("list").is_empty(),
        "a new file needs no backup"
    );
    drop(Database::open(&path).expect("open"));
    drop(Database::open(&path).expect("open again"));
    let backups = backup::list(&path).expect("list");
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, Reason::Daily);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backups[0].path)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "a backup is readable by its owner only");
    }
}

#[test]
fn only_the_newest_backups_are_kept() {
    let (_dir, path) = temp_db();
    let mut db = Database::open(&path).expect("create");
    db.set_keep_backups(10);
    let start = OffsetDateTime::now_utc();
    for minute in 0..12 {
        db.back_up(Reason::Manual, start + Duration::minutes(minute))
            .expect("backup");
    }
    let backups = backup::list(&path).expect("list");
    assert_eq!(backups.len(), 10);
    assert_eq!(
        backups[0].taken_at.minute(),
        (start + Duration::minutes(11)).minute(),
        "newest first"
    );
}

#[test]
fn an_upgrade_backs_up_the_old_file_first() {
    let (dir, path) = temp_db();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.sqlite");
    std::fs::copy(&fixture, &path).expect("copy");
    drop(Database::open(&path).expect("migrate"));
    let backups = backup::list(&path).expect("list");
    let upgrade = backups
        .iter()
        .find(|b| b.reason == Reason::BeforeMigration)
        .expect("a backup before the upgrade");
    assert!(upgrade.path.starts_with(dir.path().join("backups")));
    let old = rusqlite::Connection::open_with_flags(&upgrade.path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the backup");
    let version: i64 = old
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .expect("version");
    assert_eq!(version, 1, "the backup holds the version 1 schema");
    let count = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) FROM assessment", [], |row| row.get(0))
            .expect("count")
    };
    let original = rusqlite::Connection::open_with_flags(&fixture, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the fixture");
    assert_eq!(count(&old), count(&original), "and every assessment");
}

#[test]
fn restoring_brings_back_deleted_work_and_keeps_the_state_before() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let mut db = Database::open(&path).expect("create");
    let example = example_assessment(catalogue.default_framework(), now);
    db.create(&example).expect("store");
    let saved = db.back_up(Reason::Manual, now).expect("backup");
    db.delete(example.id).expect("delete");
    assert!(db.list().expect("list").is_empty());

    let safety = db.restore(&saved, now + Duration::seconds(1)).expect("restore");
    assert_eq!(db.load(example.id).expect("restored").answers, example.answers);
    let before_restore = Database::open(&safety).expect("open the safety backup");
    assert!(
        before_restore.list().expect("list").is_empty(),
        "the safety backup is the state before"
    );
}

#[test]
fn a_file_that_is_not_a_backup_is_refused_and_nothing_changes() {
    let (dir, path) = temp_db();
    let mut db = Database::open(&path).expect("create");
    let catalogue = Catalogue::builtin();
    db.create(&example_assessment(
        catalogue.default_framework(),
        OffsetDateTime::now_utc(),
    ))
    .expect("store");
    let bogus = dir.path().join("notes.sqlite");
    std::fs::write(&bogus, "not a database").expect("write");
    let before = hash(&bogus);
    let error = db.restore(&bogus, OffsetDateTime::now_utc()).expect_err("refused");
    assert!(matches!(error, StorageError::NotSqlite { .. }), "{error}");
    assert_eq!(db.list().expect("list").len(), 1);
    assert_eq!(hash(&bogus), before);
}

#[test]
fn importing_a_file_backs_up_first() {
    use critical_friend::{domain::Author, service::Session};
    let (dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let mut stored = Database::open(&dir.path().join("source.sqlite")).expect("source");
    let example = example_assessment(catalogue.default_framework(), now);
    stored.create(&example).expect("store");
    let mut source = Session::over(stored, Author::default()).expect("session");
    let file = dir.path().join("example.json");
    source.export_exchange(example.id, &file).expect("export");
    let mut db = Session::open(&path, None, Author::default()).expect("create");
    let prepared = db.prepare_import(&file).expect("prepare");
    db.apply_import(&prepared, &[], "example.json").expect("import");
    assert!(
        backup::list(&path)
            .expect("list")
            .iter()
            .any(|b| b.reason == Reason::BeforeImport)
    );
}
