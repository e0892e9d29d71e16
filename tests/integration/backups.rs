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

/// Backups taken in the same second, through the real binary: every one is
/// listed and counted toward the number kept, and the "state before
/// restore" a restore names is among them.
#[test]
fn backups_taken_in_one_second_are_all_listed_and_pruned() {
    let (dir, path) = temp_db();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
            .arg("--db")
            .arg(&path)
            .args(args)
            .env("CRITICAL_FRIEND_KEEP_BACKUPS", "2")
            .env_remove("CRITICAL_FRIEND_DB")
            .output()
            .expect("run");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("utf-8")
    };
    run(&["key", "--fingerprint"]);
    for _ in 0..5 {
        run(&["backup", "now"]);
    }
    let files = || -> Vec<String> {
        std::fs::read_dir(dir.path().join("backups"))
            .expect("backups folder")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sqlite"))
            .collect()
    };
    assert_eq!(files().len(), 2, "{:?}", files());
    assert_eq!(run(&["backup", "list"]).lines().count(), 2);
    // Two restores in one second: each names its safety backup, and the list shows it.
    let newest = dir.path().join("kept.sqlite");
    std::fs::copy(&backup::list(&path).expect("list")[0].path, &newest).expect("copy");
    for _ in 0..2 {
        let said = run(&["backup", "restore", newest.to_str().expect("path")]);
        let listed = run(&["backup", "list"]);
        let named = files()
            .into_iter()
            .find(|name| name.contains("before-restore") && said.contains(name.as_str()))
            .unwrap_or_else(|| panic!("the safety backup is named: {said}"));
        assert!(listed.contains(&named), "{named} is listed: {listed}");
    }
    assert_eq!(files().len(), 2, "{:?}", files());
}

/// Restoring what cannot be a backup is refused at once, naming it: a
/// folder, a pipe (which would otherwise wait forever), the database itself
/// or a link to it.
#[test]
fn restoring_a_pipe_a_folder_or_the_database_itself_is_refused_at_once() {
    let (dir, path) = temp_db();
    drop(Database::open(&path).expect("create"));
    let was = hash(&path);
    let mut db = Database::open(&path).expect("open");
    let now = OffsetDateTime::now_utc();
    let refused = |db: &mut Database, target: &std::path::Path| -> String {
        match db.restore(target, now) {
            Ok(_) => panic!("{} was restored", target.display()),
            Err(error) => error.to_string(),
        }
    };
    assert!(refused(&mut db, dir.path()).contains("not a file"));
    assert!(refused(&mut db, &path).contains("the database itself"));
    #[cfg(unix)]
    {
        let link = dir.path().join("link.sqlite");
        std::os::unix::fs::symlink(&path, &link).expect("link");
        assert!(refused(&mut db, &link).contains("the database itself"));
        let hard = dir.path().join("hard.sqlite");
        std::fs::hard_link(&path, &hard).expect("hard link");
        assert!(refused(&mut db, &hard).contains("the database itself"));
        let fifo = dir.path().join("pipe.sqlite");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        assert!(refused(&mut db, &fifo).contains("not a file"));
    }
    drop(db);
    assert_eq!(hash(&path), was, "nothing changed");
    assert!(
        backup::list(&path)
            .expect("list")
            .iter()
            .all(|taken| taken.reason != Reason::BeforeRestore),
        "no safety backup was taken for a refused restore"
    );
}

/// A backup holding what this version refuses — a value its schema
/// forbids, a schema number that is not its own, a score off its
/// framework's scale, an unknown framework — is refused in plain words
/// naming the backup, and the live database is left as it was.
#[test]
fn a_backup_holding_what_the_rules_refuse_is_refused_naming_the_backup() {
    let (dir, path) = temp_db();
    let id = {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
            .arg("--db")
            .arg(&path)
            .arg("demo")
            .output()
            .expect("run");
        String::from_utf8(output.stdout).expect("utf-8").trim().to_owned()
    };
    let good = backup::list(&path)
        .ok()
        .and_then(|list| list.first().map(|b| b.path.clone()));
    let good = good.unwrap_or_else(|| {
        Database::open(&path)
            .expect("open")
            .back_up(Reason::Manual, OffsetDateTime::now_utc())
            .expect("backup")
    });
    let doctored = |name: &str, sql: &str| {
        let copy = dir.path().join(name);
        std::fs::copy(&good, &copy).expect("copy");
        let conn = rusqlite::Connection::open(&copy).expect("open the copy");
        conn.execute_batch(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
            .expect("doctor the copy");
        copy
    };
    let cases = [
        (
            doctored("forbidden.sqlite", "UPDATE answer SET score = 12 WHERE item_id = '1.1'"),
            "cannot read",
        ),
        (
            doctored("stamped.sqlite", "PRAGMA user_version = 3"),
            "brought up to this version",
        ),
        (
            doctored("off-scale.sqlite", "UPDATE answer SET score = 9 WHERE item_id = '1.1'"),
            "holds what this version refuses",
        ),
        (
            doctored(
                "unknown.sqlite",
                "UPDATE assessment SET framework_id = 'no-such-framework'",
            ),
            "does not hold",
        ),
    ];
    let before = hash(&path);
    for (backup, expected) in cases {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_critical-friend"))
            .arg("--db")
            .arg(&path)
            .args(["backup", "restore", backup.to_str().expect("path")])
            .output()
            .expect("run");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{} was restored", backup.display());
        assert!(message.contains(expected), "{}: {message}", backup.display());
        assert!(
            message.contains(backup.file_name().expect("name").to_str().expect("utf-8")),
            "the backup is named: {message}"
        );
        assert!(
            !message.contains("assessments.sqlite"),
            "the live file is not blamed: {message}"
        );
        assert_eq!(hash(&path), before, "{}", backup.display());
    }
    assert!(!id.is_empty());
}

/// A restore brings back the work, not another computer's key: restoring a
/// backup made from someone else's database leaves this one's key as it was.
#[test]
fn a_restore_keeps_this_computers_own_key() {
    let (dir, path) = temp_db();
    let other = dir.path().join("other.sqlite");
    let key = |db: &std::path::Path| crate::common::fingerprint(db);
    let mine = key(&path);
    let theirs = key(&other);
    assert_ne!(mine, theirs);
    let backup = Database::open(&other)
        .expect("open")
        .back_up(Reason::Manual, OffsetDateTime::now_utc())
        .expect("backup");
    let mut db = Database::open(&path).expect("open");
    db.restore(&backup, OffsetDateTime::now_utc()).expect("restore");
    drop(db);
    assert_eq!(key(&path), mine);
}
