//! Storage on real SQLite files: what is written is what is read back after
//! reopening, migrations give the same schema as a fresh database, and files
//! that are not ours are refused and left byte-for-byte unchanged.

use crate::common::{Gate, hash, temp_db};
use critical_friend::{
    domain::{
        AnswerValue, Assessment, AssessmentDetails, Author, Catalogue, Edit, ItemId, Role, Score, Status,
        example::example_assessment,
    },
    storage::{Database, StorageError, schema},
};
use time::OffsetDateTime;

fn council() -> Author {
    Author {
        role: Role::Council,
        name: "Cath Example".into(),
        organisation: "Example Borough Council".into(),
        key: None,
    }
}

fn peer() -> Author {
    Author {
        role: Role::Peer,
        name: "Delyth Ŵyn".into(),
        organisation: "LGA".into(),
        key: None,
    }
}

fn details() -> AssessmentDetails {
    AssessmentDetails {
        organisation: "Sir Ddinbych".into(),
        title: "Hunanasesiad – Use of Resources".into(),
        period: "2017/18".into(),
        lead: "Siân Ŵyn".into(),
    }
}

#[test]
fn edits_survive_closing_and_reopening() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let assessment = Assessment::new(catalogue.default_framework(), details(), now);
    {
        let mut db = Database::open(&path).expect("create");
        db.create(&assessment).expect("store");
        let edits = [
            Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(3).ok())),
            Edit::new(
                ItemId::new("1.1"),
                AnswerValue::Basis("Gwybodaeth – “Help”: £3 / €4 ŵ ŷ".into()),
            ),
            Edit::new(ItemId::new("3.10"), AnswerValue::Notes("Query".into())),
            Edit::new(ItemId::new("2.2"), AnswerValue::Score(Score::new(0).ok())),
        ];
        db.apply_edits(assessment.id, &edits, &council(), now).expect("save");
    }
    let db = Database::open(&path).expect("reopen");
    let loaded = db.load(assessment.id).expect("load");
    assert_eq!(loaded.details, details());
    assert_eq!(loaded.answer(&ItemId::new("1.1")).score, Score::new(3).ok());
    assert_eq!(
        loaded.answer(&ItemId::new("1.1")).basis,
        "Gwybodaeth – “Help”: £3 / €4 ŵ ŷ"
    );
    assert_eq!(
        loaded.answer(&ItemId::new("2.2")).score,
        Score::new(0).ok(),
        "0 is a score, not 'not scored'"
    );
    assert_eq!(loaded.answer(&ItemId::new("3.10")).notes, "Query");
    assert_eq!(loaded.answer(&ItemId::new("3.10")).score, None);
    assert!(loaded.answer(&ItemId::new("1.1")).updated_at.is_some());
    let listing = db.list().expect("list");
    assert_eq!(listing.len(), 1);
    assert_eq!(listing[0].scored, 2);
}

#[test]
fn a_whole_example_round_trips_and_one_megabyte_notes_are_kept() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let mut example = example_assessment(catalogue.default_framework(), now);
    let huge = "Llanfair – ŵ “notes” ".repeat(1024 * 1024 / 24);
    example.apply(&Edit::new(ItemId::new("4.4"), AnswerValue::Notes(huge.clone())), now);
    Database::open(&path).expect("create").create(&example).expect("store");
    let loaded = Database::open(&path).expect("reopen").load(example.id).expect("load");
    assert_eq!(loaded.answers, example.answers);
    assert_eq!(loaded.answer(&ItemId::new("4.4")).notes.len(), huge.len());
}

#[test]
fn details_update_duplicate_and_delete() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let mut db = Database::open(&path).expect("create");
    let example = example_assessment(catalogue.default_framework(), now);
    db.create(&example).expect("store");
    let mut next_year = details();
    next_year.period = "2018/19".into();
    db.update_details(example.id, &next_year, &council(), now)
        .expect("update");
    assert_eq!(db.load(example.id).expect("load").details.period, "2018/19");

    let copy = example.duplicate(details(), now);
    db.create(&copy).expect("store copy");
    assert_eq!(db.load(copy.id).expect("load copy").scored_count(), 34);
    assert!(matches!(db.create(&copy), Err(StorageError::AlreadyExists(_))));

    db.delete(example.id).expect("delete");
    assert!(matches!(db.load(example.id), Err(StorageError::NotFound(_))));
    assert_eq!(db.list().expect("list").len(), 1);
}

fn schema_of(db_path: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db_path).expect("open");
    let mut statement = conn
        .prepare("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        .expect("prepare");
    statement
        .query_map([], |row| row.get(0))
        .expect("query")
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_released_schema_migrates_to_the_fresh_schema() {
    let (dir, fresh) = temp_db();
    drop(Database::open(&fresh).expect("fresh"));
    for version in 1..=schema::latest_version() {
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schema-v{version}.sqlite"));
        let copy = dir.path().join(format!("v{version}.sqlite"));
        std::fs::copy(&fixture, &copy).expect("copy fixture");
        let db = Database::open(&copy).expect("migrate");
        assert!(!db.list().expect("fixture assessments are readable").is_empty());
        drop(db);
        assert_eq!(
            schema_of(&copy),
            schema_of(&fresh),
            "schema v{version} migrated differs from fresh"
        );
    }
}

fn assert_refused_and_untouched(path: &std::path::Path, check: impl Fn(&StorageError) -> bool) {
    let before = hash(path);
    let error = Database::open(path).expect_err("must be refused");
    assert!(check(&error), "unexpected error: {error}");
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "message names the file: {error}"
    );
    assert_eq!(hash(path), before, "file was changed");
    let parent = path.parent().expect("parent");
    let name = path.file_name().expect("name").to_string_lossy().to_string();
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(!parent.join(format!("{name}{suffix}")).exists(), "left a {suffix} file");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_untouched() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, "Organisation,Score\nExample,3\n").expect("write");
    assert_refused_and_untouched(&path, |e| matches!(e, StorageError::NotSqlite { .. }));
}

#[test]
fn a_truncated_database_is_refused_and_untouched() {
    let (_dir, path) = temp_db();
    {
        let mut db = Database::open(&path).expect("create");
        let catalogue = Catalogue::builtin();
        db.create(&example_assessment(
            catalogue.default_framework(),
            OffsetDateTime::now_utc(),
        ))
        .expect("store");
    }
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
    assert_refused_and_untouched(&path, |e| matches!(e, StorageError::Damaged { .. }));
}

#[test]
fn a_newer_schema_is_refused_and_untouched() {
    let (_dir, path) = temp_db();
    drop(Database::open(&path).expect("create"));
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.pragma_update(None, "user_version", schema::latest_version() + 1)
            .expect("bump");
        conn.pragma_update(None, "journal_mode", "DELETE").expect("leave WAL");
    }
    assert_refused_and_untouched(&path, |e| matches!(e, StorageError::NewerSchema { .. }));
}

#[test]
fn another_programs_sqlite_file_is_refused_and_untouched() {
    let (_dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos VALUES (1, 'x');",
        )
        .expect("foreign schema");
    }
    assert_refused_and_untouched(&path, |e| matches!(e, StorageError::Foreign { .. }));
}

#[cfg(unix)]
#[test]
fn an_unwritable_location_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).expect("mkdir");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).expect("chmod");
    let probe = locked.join("probe");
    if std::fs::write(&probe, b"x").is_ok() {
        // Running as root: permissions do not apply, nothing to prove here.
        return;
    }
    let error = Database::open(&locked.join("sub/db.sqlite")).expect_err("cannot create");
    assert!(matches!(error, StorageError::CannotOpen { .. }), "{error}");
}

#[test]
fn an_edit_to_a_missing_assessment_changes_nothing() {
    let (_dir, path) = temp_db();
    let mut db = Database::open(&path).expect("create");
    let catalogue = Catalogue::builtin();
    let ghost = Assessment::new(catalogue.default_framework(), details(), OffsetDateTime::now_utc());
    let edit = Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(1).ok()));
    assert!(matches!(
        db.apply_edits(ghost.id, &[edit], &council(), OffsetDateTime::now_utc()),
        Err(critical_friend::service::ServiceError::Storage(StorageError::NotFound(
            _
        )))
    ));
    assert!(db.list().expect("list").is_empty());
}

#[test]
fn two_connections_on_one_file_see_each_others_saves() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let assessment = Assessment::new(catalogue.default_framework(), details(), now);
    let mut first = Database::open(&path).expect("first");
    first.create(&assessment).expect("store");
    let mut second = Database::open(&path).expect("second copy");
    second
        .apply_edits(
            assessment.id,
            &[Edit::new(ItemId::new("5.3"), AnswerValue::Score(Score::new(2).ok()))],
            &council(),
            now,
        )
        .expect("second saves");
    first
        .apply_edits(
            assessment.id,
            &[Edit::new(ItemId::new("5.4"), AnswerValue::Score(Score::new(1).ok()))],
            &council(),
            now,
        )
        .expect("first saves");
    let loaded = second.load(assessment.id).expect("load");
    assert_eq!(loaded.scored_count(), 2);
}

#[test]
fn every_change_is_recorded_with_who_and_what() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let assessment = Assessment::new(catalogue.default_framework(), details(), now);
    let mut db = Database::open(&path).expect("create");
    db.create(&assessment).expect("store");
    let item = ItemId::new("2.3");
    db.apply_edits(
        assessment.id,
        &[Edit::new(item.clone(), AnswerValue::Score(Score::new(1).ok()))],
        &council(),
        now,
    )
    .expect("council scores");
    db.apply_edits(
        assessment.id,
        &[Edit::new(item.clone(), AnswerValue::Score(Score::new(2).ok()))],
        &council(),
        now,
    )
    .expect("council rescoring");
    db.apply_edits(
        assessment.id,
        &[
            Edit::new(item.clone(), AnswerValue::PeerScore(Score::new(3).ok())),
            Edit::new(item.clone(), AnswerValue::Challenge("Show the 91-day data".into())),
        ],
        &peer(),
        now,
    )
    .expect("peer scores");
    // Saving the same value again records nothing.
    db.apply_edits(
        assessment.id,
        &[Edit::new(item.clone(), AnswerValue::Score(Score::new(2).ok()))],
        &council(),
        now,
    )
    .expect("no-op");
    let history = db.history(assessment.id, Some(&item)).expect("history");
    let summary: Vec<_> = history
        .iter()
        .map(|e| (e.subject.key(), e.from.as_deref(), e.to.as_deref(), e.author.role))
        .collect();
    assert_eq!(
        summary,
        [
            ("score".to_owned(), None, Some("1"), Role::Council),
            ("score".to_owned(), Some("1"), Some("2"), Role::Council),
            ("peer_score".to_owned(), None, Some("3"), Role::Peer),
            (
                "challenge".to_owned(),
                Some(""),
                Some("Show the 91-day data"),
                Role::Peer
            ),
        ]
    );
    assert_eq!(history[2].author.name, "Delyth Ŵyn");
    let loaded = Database::open(&path)
        .expect("reopen")
        .load(assessment.id)
        .expect("load");
    assert_eq!(loaded.answer(&item).peer_score, Score::new(3).ok());
    assert_eq!(loaded.answer(&item).challenge, "Show the 91-day data");
}

#[test]
fn submitting_locks_and_reopening_a_final_assessment_makes_a_new_version() {
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let assessment = example_assessment(catalogue.default_framework(), now);
    let mut db = Database::open(&path).expect("create");
    db.create(&assessment).expect("store");
    db.set_status(assessment.id, Status::Submitted, &council(), now)
        .expect("submit");
    let submitted = db.load(assessment.id).expect("load");
    assert!(submitted.self_locked);
    let may = |assessment: &Assessment, role| {
        critical_friend::domain::rules::may_answer(assessment, role, critical_friend::domain::AnswerField::Score)
    };
    assert!(may(&submitted, Role::Council).is_err(), "locked after submission");
    db.unlock_self(assessment.id, &council(), now).expect("unlock");
    assert!(!db.load(assessment.id).expect("load").self_locked);
    db.set_status(assessment.id, Status::Review, &peer(), now)
        .expect("review");
    db.set_status(assessment.id, Status::Final, &council(), now)
        .expect("final");
    let final_version = db.load(assessment.id).expect("load");
    assert!(may(&final_version, Role::Peer).is_err(), "Final is frozen");

    let next = db.gate(&council(), now).reopen(assessment.id).expect("reopen");
    let old = db.load(assessment.id).expect("old");
    assert_eq!(old.superseded_by, Some(next.id));
    assert_eq!(old.status, Status::Final);
    let new = db.load(next.id).expect("new");
    assert_eq!(new.supersedes, Some(assessment.id));
    assert_eq!(new.status, Status::Draft);
    assert_eq!(new.scored_count(), 34);
    let fields: Vec<_> = db
        .history(assessment.id, None)
        .expect("history")
        .into_iter()
        .map(|e| e.subject.key())
        .collect();
    assert_eq!(
        fields,
        [
            // The council's key first; then, as the council's officer
            // plays the peer team here, the same key as the team's lead.
            "roster",
            "status",
            "self_locked",
            "self_locked",
            "roster",
            "status",
            "status",
            "superseded_by"
        ]
    );
}

#[cfg(unix)]
#[test]
fn new_databases_and_exports_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = temp_db();
    drop(Database::open(&path).expect("create"));
    let mode = std::fs::metadata(&path).expect("db").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "database mode {mode:o}");
    let export = dir.path().join("pack.pdf");
    critical_friend::files::write_atomically(&export, b"%PDF").expect("write");
    let mode = std::fs::metadata(&export).expect("export").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "export mode {mode:o}");
}

#[test]
fn findings_lists_keep_their_order_and_every_change_is_recorded() {
    use critical_friend::domain::{ListKind, ListOp};
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let assessment = example_assessment(catalogue.default_framework(), now);
    let mut db = Database::open(&path).expect("create");
    db.create(&assessment).expect("store");
    let list = ListKind::Strengths(critical_friend::domain::SectionRef::Theme(2));
    let add = |db: &mut Database, text: &str| {
        db.change_list(
            assessment.id,
            &ListOp::Add {
                list,
                text: text.into(),
            },
            &peer(),
            now,
        )
        .expect("add")
    };
    let first = add(&mut db, "Mature reablement service");
    let second = add(&mut db, "Good assisted living service");
    let third = add(&mut db, "Recovery module at NVQ2");
    db.change_list(assessment.id, &ListOp::Move { id: third, up: true }, &peer(), now)
        .expect("move");
    db.change_list(
        assessment.id,
        &ListOp::Edit {
            id: first,
            text: "Mature, valued reablement".into(),
        },
        &peer(),
        now,
    )
    .expect("edit");
    db.change_list(assessment.id, &ListOp::Remove { id: second }, &peer(), now)
        .expect("remove");
    let loaded = Database::open(&path)
        .expect("reopen")
        .load(assessment.id)
        .expect("load");
    let texts: Vec<_> = loaded.peer.list(list).map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["Mature, valued reablement", "Recovery module at NVQ2"]);
    let history = db.history(assessment.id, None).expect("history");
    assert_eq!(history.len(), 6);
    assert!(
        history
            .iter()
            .all(|e| ["strengths:2", "position"].contains(&e.subject.key().as_str()) && e.author.role == Role::Peer)
    );
    // A whole assessment with findings round-trips through the exchange file.
    let text = critical_friend::exchange::to_json(&loaded, &history, None, now);
    let back = critical_friend::exchange::from_json(&text, &catalogue).expect("import");
    assert_eq!(back.assessment.peer, loaded.peer);
    assert_eq!(back.changes, history);
}

#[test]
fn the_scored_count_on_the_home_list_follows_every_kind_of_write() {
    use critical_friend::domain::{AnswerValue, Edit, ItemId, Score};
    let (dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let now = OffsetDateTime::now_utc();
    let mut db = Database::open(&path).expect("create");
    let example = example_assessment(catalogue.default_framework(), now);
    db.create(&example).expect("store");
    let check = |db: &Database, expected: usize| {
        let listed = db.list().expect("list")[0].scored;
        assert_eq!(listed, expected);
        assert_eq!(db.load(example.id).expect("load").scored_count(), expected);
    };
    check(&db, 34);
    let score = |item: &str, value: Option<u8>| {
        Edit::new(
            ItemId::new(item),
            AnswerValue::Score(value.and_then(|v| Score::new(v).ok())),
        )
    };
    db.apply_edits(example.id, &[score("1.1", None), score("1.2", None)], &council(), now)
        .expect("clear two");
    check(&db, 32);
    db.apply_edits(
        example.id,
        &[score("1.1", Some(3)), score("2.1", Some(1))],
        &council(),
        now,
    )
    .expect("set one, change one");
    check(&db, 33);
    // A merge that takes another copy's cleared score.
    let sent = dir.path().join("sent.json");
    db.gate(&council(), now)
        .export_exchange(example.id, &sent)
        .expect("export");
    let other = Database::open(&dir.path().join("other.sqlite")).expect("other");
    let mut copy = other.gate(&council(), now);
    let prepared = copy.prepare_import(&sent).expect("prepare");
    copy.apply_import(&prepared, &[], "sent.json").expect("import");
    copy.apply_edits(example.id, &[score("3.1", None)]).expect("clear");
    let back = dir.path().join("back.json");
    copy.export_exchange(example.id, &back).expect("export back");
    let mut mine = db.gate(&council(), now);
    let prepared = mine.prepare_import(&back).expect("prepare");
    // The other copy's key, accepted as the council's.
    let keys: Vec<_> = prepared.strangers().iter().map(|entry| entry.key).collect();
    mine.apply_import_accepting(&prepared, (&[], &keys), "back.json")
        .expect("merge");
    check(&db, 32);
    // A database from before the count existed gets it filled in.
    let old = dir.path().join("v4.sqlite");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v4.sqlite");
    std::fs::copy(&fixture, &old).expect("copy");
    let migrated = Database::open(&old).expect("migrate");
    for listing in migrated.list().expect("list") {
        assert_eq!(listing.scored, migrated.load(listing.id).expect("load").scored_count());
    }
}

#[test]
fn a_sitting_of_typing_is_one_change_until_a_pause_another_person_or_sharing() {
    use time::Duration;
    let (_dir, path) = temp_db();
    let catalogue = Catalogue::builtin();
    let start = OffsetDateTime::now_utc();
    let mut db = Database::open(&path).expect("create");
    let assessment = Assessment::new(catalogue.default_framework(), details(), start);
    db.create(&assessment).expect("store");
    let item = ItemId::new("2.3");
    let save = |db: &mut Database, change: AnswerValue, who: &Author, seconds: i64| {
        db.apply_edits(
            assessment.id,
            &[Edit::new(item.clone(), change)],
            who,
            start + Duration::seconds(seconds),
        )
        .expect("save");
    };
    let notes = |text: &str| AnswerValue::Notes(text.to_owned());
    let recorded = |db: &Database| -> Vec<(Option<String>, Option<String>, String)> {
        db.history(assessment.id, Some(&item))
            .expect("history")
            .into_iter()
            .map(|c| (c.from, c.to, c.author.name))
            .collect()
    };
    let change = |old: &str, new: &str, who: &Author| (Some(old.to_owned()), Some(new.to_owned()), who.name.clone());

    // Saved every second while typing: one change from before to after.
    for (n, text) in ["A", "AB", "ABC"].into_iter().enumerate() {
        save(&mut db, notes(text), &council(), i64::try_from(n).expect("small"));
    }
    assert_eq!(recorded(&db), [change("", "ABC", &council())]);
    // Another person carries on: their own change.
    let colleague = Author {
        name: "Rhys Example".into(),
        ..council()
    };
    save(&mut db, notes("ABCD"), &colleague, 3);
    // The same person after a pause longer than a sitting: another change.
    let later = 4 + critical_friend::domain::change::SITTING_GAP.whole_seconds();
    save(&mut db, notes("ABCDE"), &colleague, later);
    assert_eq!(
        recorded(&db),
        [
            change("", "ABC", &council()),
            change("ABC", "ABCD", &colleague),
            change("ABCD", "ABCDE", &colleague)
        ]
    );
    // Once shared in an exchange file, a change is never extended again.
    db.share_changes(assessment.id).expect("share");
    save(&mut db, notes("ABCDEF"), &colleague, later + 1);
    assert_eq!(recorded(&db).len(), 4);
    // Typing back to where the sitting started leaves no change at all.
    save(&mut db, notes("ABCDE"), &colleague, later + 2);
    assert_eq!(recorded(&db).len(), 3);
    // Scores are never typing: each change is its own.
    for (n, score) in [1, 2].into_iter().enumerate() {
        let score = Score::new(score).ok();
        save(
            &mut db,
            AnswerValue::Score(score),
            &colleague,
            later + 3 + i64::try_from(n).expect("small"),
        );
    }
    assert_eq!(recorded(&db).len(), 5);
}

/// The bytes an assessment's words and history take, as the triggers keep
/// them through every kind of write and as the migration first counts them,
/// agree with a count made afresh.
#[test]
fn the_size_the_triggers_keep_agrees_with_a_fresh_count() {
    let (dir, db) = temp_db();
    let recount = |path: &std::path::Path| -> Vec<(i64, i64)> {
        let conn = rusqlite::Connection::open(path).expect("open");
        let mut statement = conn
            .prepare(
                "SELECT text_bytes, CAST(
                    (SELECT total(octet_length(basis) + octet_length(notes) + octet_length(challenge))
                        FROM answer WHERE answer.assessment_id = assessment.id)
                  + (SELECT total(octet_length(text)) FROM peer_entry WHERE peer_entry.assessment_id = assessment.id)
                  + (SELECT total(512 + coalesce(octet_length(old_value), 0) + coalesce(octet_length(new_value), 0))
                        FROM audit WHERE audit.assessment_id = assessment.id) AS INTEGER)
                 FROM assessment ORDER BY id",
            )
            .expect("prepare");
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("query")
            .map(|row| row.expect("row"))
            .collect()
    };
    let id = crate::common::cli_ok(&db, &["demo", "--after-challenge"])
        .trim()
        .to_owned();
    for args in [
        vec!["set", "--assessment", &id, "--item", "1.1", "--basis", "Rewritten"],
        vec![
            "--as",
            "peer",
            "finding",
            "add",
            "--assessment",
            &id,
            "--theme",
            "2",
            "--kind",
            "area",
            "--text",
            "More",
        ],
        vec![
            "--as",
            "peer",
            "key-message",
            "add",
            "--assessment",
            &id,
            "--text",
            "Strong",
        ],
    ] {
        if args[0] == "set" {
            crate::common::cli_ok(&db, &["status", "--assessment", &id, "--set", "unlock"]);
        }
        crate::common::cli_ok(&db, &args);
    }
    for (kept, counted) in recount(&db) {
        assert_eq!(kept, counted);
    }
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v13.sqlite");
    let old = dir.path().join("v13.sqlite");
    std::fs::copy(&fixture, &old).expect("copy");
    drop(Database::open(&old).expect("migrate"));
    for (kept, counted) in recount(&old) {
        assert!(kept > 0);
        assert_eq!(kept, counted);
    }
}
