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
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX)
}
