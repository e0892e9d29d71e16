//! Damaged, locked, read-only and full: each gets a clear message, the file
//! is left as it was, and work that could not be saved can be saved once the
//! problem clears.

use std::path::Path;

use crate::common::{hash, temp_db};
use critical_friend::{
    domain::{AnswerValue, Author, Catalogue, Edit, ItemId, example::example_assessment},
    service::{ServiceError, Session},
    storage::{Database, StorageError},
};
use time::OffsetDateTime;

fn example_db(path: &Path) -> critical_friend::domain::AssessmentId {
    let catalogue = Catalogue::builtin();
    let mut db = Database::open(path).expect("create");
    let example = example_assessment(catalogue.default_framework(), OffsetDateTime::now_utc());
    db.create(&example).expect("store");
    example.id
}

fn note(text: &str) -> Vec<Edit> {
    vec![Edit::new(ItemId::new("1.1"), AnswerValue::Notes(text.to_owned()))]
}

/// Whether this process can write files it has marked read-only (root can).
fn ignores_permissions(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").expect("probe");
    let mut permissions = std::fs::metadata(&probe).expect("metadata").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&probe, permissions).expect("chmod");
    std::fs::OpenOptions::new().append(true).open(&probe).is_ok()
}

#[test]
fn a_corrupted_page_is_reported_and_the_file_left_alone() {
    let (_dir, path) = temp_db();
    example_db(&path);
    let mut bytes = std::fs::read(&path).expect("read");
    let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
    assert!(bytes.len() >= page_size * 4, "the example spans several pages");
    // Page 3's header: an impossible page type.
    bytes[page_size * 2] = 0xFF;
    std::fs::write(&path, &bytes).expect("write");
    let before = hash(&path);
    let error = Database::open(&path).expect_err("a damaged file is refused");
    assert!(matches!(error, StorageError::Damaged { .. }), "{error}");
    assert!(error.to_string().contains("restore it from a backup"), "{error}");
    assert_eq!(hash(&path), before);
}

#[test]
fn a_file_locked_by_another_program_waits_then_saves() {
    let (_dir, path) = temp_db();
    let id = example_db(&path);
    let mut db = Session::over(Database::open(&path).expect("open"), Author::default()).expect("session");
    let other = rusqlite::Connection::open(&path).expect("other program");
    other.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let error = db.apply_edits(id, &note("typed while locked")).expect_err("busy");
    assert!(
        matches!(&error, ServiceError::Storage(storage) if storage.is_transient()),
        "{error}"
    );
    assert!(error.to_string().contains("another program"), "{error}");
    other.execute_batch("ROLLBACK").expect("unlock");
    db.apply_edits(id, &note("typed while locked"))
        .expect("saved once the lock is gone");
    assert_eq!(
        db.load(id).expect("load").answer(&ItemId::new("1.1")).notes,
        "typed while locked"
    );
}

#[test]
fn opening_a_locked_file_says_so_and_changes_nothing() {
    let (_dir, path) = temp_db();
    example_db(&path);
    drop(Database::open(&path).expect("today's backup"));
    let other = rusqlite::Connection::open(&path).expect("other program");
    other
        .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE")
        .expect("lock");
    let error = Database::open(&path).expect_err("locked");
    assert!(matches!(error, StorageError::Busy { .. }), "{error}");
    other.execute_batch("ROLLBACK").expect("unlock");
}

#[test]
fn a_full_disk_keeps_the_database_whole_and_saves_once_there_is_room() {
    let (_dir, path) = temp_db();
    let id = example_db(&path);
    let mut db = Session::over(Database::open(&path).expect("open"), Author::default()).expect("session");
    let before = db.load(id).expect("load");
    db.database().cap_size(Some(2)).expect("cap");
    let long = "Evidence gap: ".repeat(70_000);
    let error = db.apply_edits(id, &note(&long)).expect_err("full");
    assert!(
        matches!(error, ServiceError::Storage(StorageError::DiskFull { .. })),
        "{error}"
    );
    assert!(error.to_string().contains("free some space"), "{error}");
    assert_eq!(db.load(id).expect("load"), before, "nothing half-written");
    db.database().cap_size(None).expect("room again");
    db.apply_edits(id, &note(&long)).expect("saved");
    let check: String = rusqlite::Connection::open(&path)
        .expect("check")
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity");
    assert_eq!(check, "ok");
}

#[test]
fn a_read_only_file_opens_and_refuses_writes_with_a_clear_message() {
    let (dir, path) = temp_db();
    let id = example_db(&path);
    drop(Database::open(&path).expect("today's backup"));
    if ignores_permissions(dir.path()) {
        eprintln!("skipped: this process writes read-only files anyway (running as root)");
        return;
    }
    let mut permissions = std::fs::metadata(&path).expect("metadata").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&path, permissions).expect("chmod");
    let before = hash(&path);
    match Database::open(&path) {
        Ok(db) => {
            let mut db = Session::over(db, Author::default()).expect("session");
            let error = db.apply_edits(id, &note("more")).expect_err("read-only");
            assert!(
                matches!(error, ServiceError::Storage(StorageError::ReadOnly { .. })),
                "{error}"
            );
        }
        Err(error) => assert!(
            matches!(error, StorageError::ReadOnly { .. } | StorageError::CannotOpen { .. }),
            "{error}"
        ),
    }
    assert_eq!(hash(&path), before);
}

#[test]
fn a_read_only_folder_gives_a_message_not_a_panic() {
    let (dir, _) = temp_db();
    if ignores_permissions(dir.path()) {
        eprintln!("skipped: this process writes read-only folders anyway (running as root)");
        return;
    }
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).expect("folder");
    let mut permissions = std::fs::metadata(&folder).expect("metadata").permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&folder, permissions).expect("chmod");
    let error = Database::open(&folder.join("new.sqlite")).expect_err("cannot create");
    assert!(error.to_string().contains("you may write to it"), "{error}");
}
