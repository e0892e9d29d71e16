//! The schema, as append-only migrations keyed on `PRAGMA user_version`.
//! Never edit a released migration: add a new one. Each released schema keeps
//! a fixture in `tests/fixtures/` and a test proves migrated == fresh.

/// Marks a file as Critical Friend's ("CrFr").
pub const APPLICATION_ID: i64 = 0x4372_4672;

/// Migration `n` (1-based) brings the schema from version `n - 1` to `n`.
pub const MIGRATIONS: &[&str] = &[
    // 1: assessments and their answers.
    "
    CREATE TABLE assessment (
        id                TEXT PRIMARY KEY NOT NULL,
        framework_id      TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        organisation      TEXT NOT NULL,
        title             TEXT NOT NULL,
        period            TEXT NOT NULL,
        lead              TEXT NOT NULL,
        status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'review', 'final')),
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX assessment_by_updated ON assessment (updated_at);
    CREATE TABLE answer (
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        item_id       TEXT NOT NULL,
        score         INTEGER CHECK (score BETWEEN 0 AND 3),
        basis         TEXT NOT NULL DEFAULT '',
        notes         TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (assessment_id, item_id)
    ) STRICT;
    ",
    // 2: the peer side, locking and versions, and the audit trail.
    "
    ALTER TABLE answer ADD COLUMN peer_score INTEGER CHECK (peer_score BETWEEN 0 AND 3);
    ALTER TABLE answer ADD COLUMN challenge TEXT NOT NULL DEFAULT '';
    ALTER TABLE assessment ADD COLUMN self_locked INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE assessment ADD COLUMN supersedes TEXT;
    ALTER TABLE assessment ADD COLUMN superseded_by TEXT;
    CREATE TABLE audit (
        id            TEXT PRIMARY KEY NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        item_id       TEXT,
        field         TEXT NOT NULL,
        old_value     TEXT,
        new_value     TEXT,
        role          TEXT NOT NULL CHECK (role IN ('council', 'peer')),
        author        TEXT NOT NULL,
        organisation  TEXT NOT NULL,
        at            TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_by_assessment ON audit (assessment_id, at);
    ",
    // 3: the peer team's strengths, areas for consideration and key messages.
    "
    CREATE TABLE peer_entry (
        id            TEXT PRIMARY KEY NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        list          TEXT NOT NULL,
        position      INTEGER NOT NULL,
        text          TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX peer_entry_by_list ON peer_entry (assessment_id, list, position);
    ",
    // 4: scope questions, the peer team and its visit, the entry each change
    // targets (so merges can follow it), and stored merge reports.
    "
    ALTER TABLE audit ADD COLUMN target TEXT;
    ALTER TABLE assessment ADD COLUMN visit_start TEXT NOT NULL DEFAULT '';
    ALTER TABLE assessment ADD COLUMN visit_end TEXT NOT NULL DEFAULT '';
    CREATE TABLE scope_question (
        id            TEXT NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        question      TEXT NOT NULL,
        response      TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE TABLE team_member (
        id            TEXT NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        name          TEXT NOT NULL,
        role          TEXT NOT NULL DEFAULT '',
        organisation  TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE TABLE merge_report (
        id            TEXT PRIMARY KEY NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        at            TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('council', 'peer')),
        author        TEXT NOT NULL,
        organisation  TEXT NOT NULL,
        source        TEXT NOT NULL,
        report        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX merge_report_by_assessment ON merge_report (assessment_id, at);
    ",
    // 5: each assessment's count of scored items, kept by triggers, so the
    // home list reads 10,000 assessments without counting 340,000 answers.
    "
    ALTER TABLE assessment ADD COLUMN scored INTEGER NOT NULL DEFAULT 0;
    UPDATE assessment SET scored =
        (SELECT count(*) FROM answer WHERE answer.assessment_id = assessment.id AND answer.score IS NOT NULL);
    CREATE TRIGGER answer_scored_insert AFTER INSERT ON answer WHEN NEW.score IS NOT NULL
    BEGIN
        UPDATE assessment SET scored = scored + 1 WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER answer_scored_delete AFTER DELETE ON answer WHEN OLD.score IS NOT NULL
    BEGIN
        UPDATE assessment SET scored = scored - 1 WHERE id = OLD.assessment_id;
    END;
    CREATE TRIGGER answer_scored_update AFTER UPDATE OF score ON answer
        WHEN (OLD.score IS NULL) <> (NEW.score IS NULL)
    BEGIN
        UPDATE assessment SET scored = scored + (CASE WHEN NEW.score IS NULL THEN -1 ELSE 1 END)
        WHERE id = NEW.assessment_id;
    END;
    ",
    // 6: typing is saved every second; the saves of one sitting extend one
    // recorded change rather than adding a row each. A change that has left
    // in an exchange file, or came in from one, is `shared` and never
    // extended: other copies know it by its id. Changes recorded before are
    // treated as shared.
    "
    ALTER TABLE audit ADD COLUMN shared INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1));
    CREATE INDEX audit_by_field ON audit (assessment_id, item_id, field);
    ",
    // 7: frameworks added at run time, stored whole so an assessment's
    // framework travels with the database; scores on any framework's scale
    // (a level is a digit, 0-9). SQLite cannot change a CHECK constraint,
    // so `answer` is rebuilt: its triggers go first (dropping the table
    // would otherwise count every scored answer out), then come back.
    "
    CREATE TABLE framework (
        id            TEXT NOT NULL,
        version       TEXT NOT NULL,
        definition    TEXT NOT NULL,
        added_at      TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('council', 'peer')),
        author        TEXT NOT NULL,
        organisation  TEXT NOT NULL,
        PRIMARY KEY (id, version)
    ) STRICT;
    DROP TRIGGER answer_scored_insert;
    DROP TRIGGER answer_scored_delete;
    DROP TRIGGER answer_scored_update;
    CREATE TABLE answer_v7 (
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        item_id       TEXT NOT NULL,
        score         INTEGER CHECK (score BETWEEN 0 AND 9),
        basis         TEXT NOT NULL DEFAULT '',
        notes         TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        peer_score    INTEGER CHECK (peer_score BETWEEN 0 AND 9),
        challenge     TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (assessment_id, item_id)
    ) STRICT;
    INSERT INTO answer_v7 (assessment_id, item_id, score, basis, notes, created_at, updated_at, peer_score, challenge)
        SELECT assessment_id, item_id, score, basis, notes, created_at, updated_at, peer_score, challenge FROM answer;
    DROP TABLE answer;
    ALTER TABLE answer_v7 RENAME TO answer;
    CREATE TRIGGER answer_scored_insert AFTER INSERT ON answer WHEN NEW.score IS NOT NULL
    BEGIN
        UPDATE assessment SET scored = scored + 1 WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER answer_scored_delete AFTER DELETE ON answer WHEN OLD.score IS NOT NULL
    BEGIN
        UPDATE assessment SET scored = scored - 1 WHERE id = OLD.assessment_id;
    END;
    CREATE TRIGGER answer_scored_update AFTER UPDATE OF score ON answer
        WHEN (OLD.score IS NULL) <> (NEW.score IS NULL)
    BEGIN
        UPDATE assessment SET scored = scored + (CASE WHEN NEW.score IS NULL THEN -1 ELSE 1 END)
        WHERE id = NEW.assessment_id;
    END;
    ",
    // 8: the peer challenge report's own fields. Its sections, paragraphs
    // and bullet lists are entries of `peer_entry`, like the findings.
    "
    ALTER TABLE assessment ADD COLUMN report_summary TEXT NOT NULL DEFAULT '';
    ALTER TABLE assessment ADD COLUMN report_contact TEXT NOT NULL DEFAULT '';
    ALTER TABLE assessment ADD COLUMN report_facts TEXT NOT NULL DEFAULT ',,,';
    ALTER TABLE assessment ADD COLUMN section_order TEXT NOT NULL DEFAULT '';
    ",
    // 9: the council's action plan (which Final does not freeze), each
    // action's dated progress notes, and the baseline a progress review
    // reviews progress since.
    "
    ALTER TABLE assessment ADD COLUMN baseline TEXT;
    CREATE TABLE action (
        id            TEXT NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        text          TEXT NOT NULL,
        source        TEXT NOT NULL DEFAULT '',
        owner         TEXT NOT NULL DEFAULT '',
        due           TEXT NOT NULL DEFAULT '',
        status        TEXT NOT NULL CHECK (status IN ('red', 'amber', 'green', 'blue')),
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE TABLE action_progress (
        id            TEXT NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        action_id     TEXT NOT NULL,
        position      INTEGER NOT NULL,
        on_date       TEXT NOT NULL,
        text          TEXT NOT NULL,
        author        TEXT NOT NULL,
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE INDEX action_progress_by_action ON action_progress (assessment_id, action_id, position);
    ",
    // 10: the evidence behind the scores: the council's register of
    // documents, the peer team's requests, and attached files, stored once
    // each by their SHA-256 and never changed.
    "
    CREATE TABLE document (
        id            TEXT NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        title         TEXT NOT NULL,
        particulars   TEXT NOT NULL DEFAULT '{}',
        items         TEXT NOT NULL DEFAULT '',
        file          TEXT NOT NULL DEFAULT '',
        considered    INTEGER NOT NULL DEFAULT 0 CHECK (considered IN (0, 1)),
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE TABLE request (
        id            TEXT NOT NULL,
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        position      INTEGER NOT NULL,
        text          TEXT NOT NULL,
        items         TEXT NOT NULL DEFAULT '',
        asked_by      TEXT NOT NULL,
        asked_on      TEXT NOT NULL,
        answer        TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE TABLE attachment (
        sha256        TEXT PRIMARY KEY NOT NULL,
        size          INTEGER NOT NULL,
        data          BLOB NOT NULL,
        added_at      TEXT NOT NULL
    ) STRICT;
    ",
    // 11: one change type. A change a copy recorded but does not hold — a
    // merge kept another value — is `declined`, so the newest change each
    // field holds is always its value. Ids are unique in the whole
    // database, and looked up by id alone.
    "
    ALTER TABLE audit ADD COLUMN declined INTEGER NOT NULL DEFAULT 0 CHECK (declined IN (0, 1));
    CREATE INDEX scope_question_by_id ON scope_question (id);
    CREATE INDEX team_member_by_id ON team_member (id);
    CREATE INDEX action_by_id ON action (id);
    CREATE INDEX action_progress_by_id ON action_progress (id);
    CREATE INDEX document_by_id ON document (id);
    CREATE INDEX request_by_id ON request (id);
    ",
    // 12: the executive portfolio each action reports to, as a directorate
    // scorecard gives it.
    "
    ALTER TABLE action ADD COLUMN portfolio TEXT NOT NULL DEFAULT '';
    ",
    // 13: signed changes. Each change keeps its author's public key and
    // signature; each assessment its roster of keys; the database the key
    // of the person who works in it, created on first use and never
    // exported.
    "
    ALTER TABLE audit ADD COLUMN author_key BLOB CHECK (author_key IS NULL OR length(author_key) = 32);
    ALTER TABLE audit ADD COLUMN signature BLOB CHECK (signature IS NULL OR length(signature) = 64);
    CREATE TABLE roster (
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        id            TEXT NOT NULL,
        key           TEXT NOT NULL,
        position      INTEGER NOT NULL,
        name          TEXT NOT NULL,
        organisation  TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('council', 'peer')),
        lead          INTEGER NOT NULL DEFAULT 0 CHECK (lead IN (0, 1)),
        retired       TEXT,
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    CREATE TABLE own_key (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        secret        BLOB NOT NULL CHECK (length(secret) = 32),
        created_at    TEXT NOT NULL
    ) STRICT;
    ",
    // 14: how many bytes an assessment's words and their history take, kept
    // by triggers, so that no write makes an assessment larger than its
    // exchange file may carry (`MAX_ASSESSMENT_BYTES`; see
    // docs/reliability.md). Each recorded change counts 512 bytes besides
    // its values. An assessment already past the limit stays readable and
    // may shrink; it cannot grow.
    "
    ALTER TABLE assessment ADD COLUMN text_bytes INTEGER NOT NULL DEFAULT 0;
    UPDATE assessment SET text_bytes =
        (SELECT total(octet_length(basis) + octet_length(notes) + octet_length(challenge))
            FROM answer WHERE answer.assessment_id = assessment.id)
      + (SELECT total(octet_length(text)) FROM peer_entry WHERE peer_entry.assessment_id = assessment.id)
      + (SELECT total(512 + coalesce(octet_length(old_value), 0) + coalesce(octet_length(new_value), 0))
            FROM audit WHERE audit.assessment_id = assessment.id);
    CREATE TRIGGER answer_bytes_insert AFTER INSERT ON answer BEGIN
        UPDATE assessment SET text_bytes = text_bytes
            + octet_length(NEW.basis) + octet_length(NEW.notes) + octet_length(NEW.challenge)
        WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER answer_bytes_update AFTER UPDATE OF basis, notes, challenge ON answer BEGIN
        UPDATE assessment SET text_bytes = text_bytes
            + octet_length(NEW.basis) + octet_length(NEW.notes) + octet_length(NEW.challenge)
            - octet_length(OLD.basis) - octet_length(OLD.notes) - octet_length(OLD.challenge)
        WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER answer_bytes_delete AFTER DELETE ON answer BEGIN
        UPDATE assessment SET text_bytes = text_bytes
            - octet_length(OLD.basis) - octet_length(OLD.notes) - octet_length(OLD.challenge)
        WHERE id = OLD.assessment_id;
    END;
    CREATE TRIGGER peer_entry_bytes_insert AFTER INSERT ON peer_entry BEGIN
        UPDATE assessment SET text_bytes = text_bytes + octet_length(NEW.text) WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER peer_entry_bytes_update AFTER UPDATE OF text ON peer_entry BEGIN
        UPDATE assessment SET text_bytes = text_bytes + octet_length(NEW.text) - octet_length(OLD.text)
        WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER peer_entry_bytes_delete AFTER DELETE ON peer_entry BEGIN
        UPDATE assessment SET text_bytes = text_bytes - octet_length(OLD.text) WHERE id = OLD.assessment_id;
    END;
    CREATE TRIGGER audit_bytes_insert AFTER INSERT ON audit BEGIN
        UPDATE assessment SET text_bytes = text_bytes + 512
            + coalesce(octet_length(NEW.old_value), 0) + coalesce(octet_length(NEW.new_value), 0)
        WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER audit_bytes_update AFTER UPDATE OF old_value, new_value ON audit BEGIN
        UPDATE assessment SET text_bytes = text_bytes
            + coalesce(octet_length(NEW.old_value), 0) + coalesce(octet_length(NEW.new_value), 0)
            - coalesce(octet_length(OLD.old_value), 0) - coalesce(octet_length(OLD.new_value), 0)
        WHERE id = NEW.assessment_id;
    END;
    CREATE TRIGGER audit_bytes_delete AFTER DELETE ON audit BEGIN
        UPDATE assessment SET text_bytes = text_bytes - 512
            - coalesce(octet_length(OLD.old_value), 0) - coalesce(octet_length(OLD.new_value), 0)
        WHERE id = OLD.assessment_id;
    END;
    CREATE TRIGGER assessment_too_large AFTER UPDATE OF text_bytes ON assessment
        WHEN NEW.text_bytes > 12582912 AND NEW.text_bytes > OLD.text_bytes BEGIN
        SELECT RAISE(ABORT, 'critical-friend: the assessment would grow past its limit');
    END;
    ",
    // 15: published values of measures (ASCOF and the like), for councils,
    // regions and England, per period; a missing value is NULL with the
    // publisher's mark, never 0. Data the council imports, not part of any
    // assessment.
    "
    CREATE TABLE measure_value (
        measure   TEXT NOT NULL,
        area_code TEXT NOT NULL,
        area_name TEXT NOT NULL,
        level     TEXT NOT NULL CHECK (level IN ('council', 'region', 'england')),
        period    TEXT NOT NULL,
        value     REAL,
        mark      TEXT NOT NULL DEFAULT '',
        source    TEXT NOT NULL,
        published TEXT NOT NULL,
        PRIMARY KEY (measure, period, area_code)
    ) STRICT;
    ",
    // 16: each action's supporting measure, as a directorate scorecard
    // gives it: what is measured, its target, which way is better, and its
    // value in each quarter of the financial year (`quarter` as
    // `2017-Q2`, for Q2 2017/18; `id` is the action's id and the quarter);
    // whether the peer team has issued its report as Final; and the
    // report's own names for themes and the themes it leaves out, and its
    // own wording of the background's opening paragraphs (each compact
    // JSON, empty when none); and the councils the council compares itself
    // with on the measures (ONS codes, comma-separated).
    "
    ALTER TABLE assessment ADD COLUMN report_issued INTEGER NOT NULL DEFAULT 0 CHECK (report_issued IN (0, 1));
    ALTER TABLE assessment ADD COLUMN section_names TEXT NOT NULL DEFAULT '';
    ALTER TABLE assessment ADD COLUMN background_wording TEXT NOT NULL DEFAULT '';
    ALTER TABLE assessment ADD COLUMN comparator_group TEXT NOT NULL DEFAULT '';
    ALTER TABLE action ADD COLUMN measure TEXT NOT NULL DEFAULT '';
    ALTER TABLE action ADD COLUMN target TEXT NOT NULL DEFAULT '';
    ALTER TABLE action ADD COLUMN better TEXT NOT NULL DEFAULT '';
    CREATE TABLE action_value (
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        id            TEXT NOT NULL,
        action_id     TEXT NOT NULL,
        quarter       TEXT NOT NULL,
        value         TEXT NOT NULL,
        PRIMARY KEY (assessment_id, id)
    ) STRICT;
    ",
    // 17: the assessment's settings (`domain::settings`), each a row of its
    // key and its value as a change records it, so that a new setting needs
    // no migration; the comparator group moves here from its column.
    "
    CREATE TABLE assessment_setting (
        assessment_id TEXT NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
        key           TEXT NOT NULL,
        value         TEXT NOT NULL,
        PRIMARY KEY (assessment_id, key)
    ) STRICT;
    INSERT INTO assessment_setting (assessment_id, key, value)
        SELECT id, 'comparator_group', comparator_group FROM assessment WHERE comparator_group <> '';
    ALTER TABLE assessment DROP COLUMN comparator_group;
    ",
];

/// How many bytes an assessment's words and their history may take
/// (the 14th migration's trigger holds the same number): with every value
/// at most doubled by JSON's escapes, its exchange file stays inside the
/// 64 MiB an exchange file may be.
pub const MAX_ASSESSMENT_BYTES: u64 = 12 * 1024 * 1024;

/// The message the 14th migration's trigger aborts a write with.
pub(crate) const TOO_LARGE: &str = "critical-friend: the assessment would grow past its limit";

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}

/// Each table's columns, in order, as a schema version makes them.
pub type Shape = Vec<(String, Vec<String>)>;

/// The tables and columns of the database behind `conn`.
pub fn shape_of(conn: &rusqlite::Connection) -> rusqlite::Result<Shape> {
    let mut tables =
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?;
    let names = tables
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut shape = Vec::new();
    let mut columns_of = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    for name in names {
        let columns = columns_of
            .query_map([&name], |row| row.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        shape.push((name, columns));
    }
    Ok(shape)
}

/// The tables and columns schema `version` has: the latest as written out,
/// an earlier one built by running its migrations on an empty database in
/// memory. `None` for a version this build never wrote.
pub fn expected_shape(version: i64) -> Option<Shape> {
    let count = usize::try_from(version)
        .ok()
        .filter(|count| *count <= MIGRATIONS.len())?;
    if count == MIGRATIONS.len() {
        // Written out, so opening an up-to-date database parses no DDL.
        let owned = |(table, columns): &(&str, &[&str])| {
            (
                (*table).to_owned(),
                columns.iter().map(|&column| column.to_owned()).collect(),
            )
        };
        return Some(super::latest_shape::LATEST_SHAPE.iter().map(owned).collect());
    }
    migrated_shape(count)
}

/// The shape the first `count` migrations make, run on an empty database
/// in memory.
fn migrated_shape(count: usize) -> Option<Shape> {
    let conn = rusqlite::Connection::open_in_memory().ok()?;
    for migration in &MIGRATIONS[..count] {
        conn.execute_batch(migration).ok()?;
    }
    shape_of(&conn).ok()
}

/// What is wrong with a database of schema `version` whose tables are
/// `found`, if anything: a version this build never wrote, a missing table,
/// or a table without the columns that version gives it.
pub fn shape_problem(version: i64, found: &Shape) -> Option<String> {
    let Some(expected) = expected_shape(version) else {
        return Some(format!("its schema version {version} is not one Critical Friend wrote"));
    };
    for (table, columns) in &expected {
        match found.iter().find(|(name, _)| name == table) {
            None => return Some(format!("the table “{table}” is missing")),
            Some((_, present)) => {
                if let Some(column) = columns.iter().find(|column| !present.contains(column)) {
                    return Some(format!("the table “{table}” has no column “{column}”"));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_trigger_holds_the_limit_the_code_names() {
        let migration = MIGRATIONS[13];
        assert!(migration.contains(&MAX_ASSESSMENT_BYTES.to_string()));
        assert!(migration.contains(TOO_LARGE));
    }

    #[test]
    fn the_latest_shape_written_out_is_what_the_migrations_make() {
        assert_eq!(
            expected_shape(latest_version()),
            migrated_shape(MIGRATIONS.len()),
            "update storage/latest_shape.rs to the new migration's tables"
        );
    }

    #[test]
    fn every_released_version_has_a_shape_and_others_do_not() {
        for version in 0..=latest_version() {
            assert!(expected_shape(version).is_some(), "version {version}");
        }
        assert!(expected_shape(-1).is_none());
        assert!(expected_shape(latest_version() + 1).is_none());
    }

    #[test]
    fn a_dropped_table_or_column_is_named() {
        let mut shape = expected_shape(latest_version()).expect("latest");
        assert_eq!(shape_problem(latest_version(), &shape), None);
        shape.retain(|(name, _)| name != "audit");
        assert_eq!(
            shape_problem(latest_version(), &shape).as_deref(),
            Some("the table “audit” is missing")
        );
        let mut shape = expected_shape(latest_version()).expect("latest");
        if let Some((_, columns)) = shape.iter_mut().find(|(name, _)| name == "answer") {
            columns.retain(|column| column != "peer_score");
        }
        assert!(shape_problem(latest_version(), &shape).is_some_and(|p| p.contains("peer_score")));
        assert!(shape_problem(-5, &shape).is_some_and(|p| p.contains("-5")));
    }
}
