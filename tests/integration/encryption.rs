//! Passphrase protection (SQLCipher). Built only with `--features
//! encryption`; without it, a passphrase is refused rather than ignored.

use critical_friend::storage::{Database, StorageError};

#[cfg(not(feature = "encryption"))]
#[test]
fn without_the_feature_a_passphrase_is_refused_not_ignored() {
    let (_dir, path) = crate::common::temp_db();
    let error = Database::open_with(&path, Some("secret")).expect_err("refused");
    assert!(matches!(error, StorageError::EncryptionUnavailable { .. }), "{error}");
    assert!(!path.exists(), "no plain file was created in its place");
}

#[cfg(feature = "encryption")]
#[test]
fn a_protected_copy_opens_only_with_its_passphrase_and_keeps_its_backups_protected() {
    use crate::common::{hash, temp_db};
    use critical_friend::{
        domain::{Catalogue, example::example_assessment},
        storage::backup,
    };
    use time::OffsetDateTime;
    let (dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let mut plain = Database::open(&path).expect("create");
    let example = example_assessment(catalogue.default_framework(), now);
    plain.create(&example).expect("store");
    let protected = dir.path().join("protected.sqlite");
    plain
        .write_protected_copy(&protected, "correct horse battery staple")
        .expect("protect");

    let bytes = std::fs::read(&protected).expect("read");
    assert!(!bytes.starts_with(b"SQLite format 3"), "the header is encrypted");
    let needle = example.details.organisation.as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|window| window == needle),
        "no plain text in the file"
    );

    let before = hash(&protected);
    let wrong = Database::open_with(&protected, Some("wrong")).expect_err("wrong passphrase");
    assert!(matches!(wrong, StorageError::WrongPassphrase { .. }), "{wrong}");
    let none = Database::open(&protected).expect_err("no passphrase");
    assert!(matches!(none, StorageError::NotSqlite { .. }), "{none}");
    assert_eq!(hash(&protected), before, "left untouched");

    let db = Database::open_with(&protected, Some("correct horse battery staple")).expect("opens");
    assert_eq!(db.load(example.id).expect("load").answers, example.answers);
    let copy = db.back_up(backup::Reason::Manual, now).expect("backup");
    let copy_bytes = std::fs::read(&copy).expect("read backup");
    assert!(
        !copy_bytes.starts_with(b"SQLite format 3"),
        "its backups are protected too"
    );
    drop(db);
    let mut db = Database::open_with(&protected, Some("correct horse battery staple")).expect("reopen");
    db.delete(example.id).expect("delete");
    db.restore(&copy, now).expect("restore the protected backup");
    assert!(db.load(example.id).is_ok());
}
