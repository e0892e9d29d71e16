//! SQLite storage. This module owns every SQL statement in the app.
//!
//! Opening checks a file before writing anything to it: a file that is not
//! SQLite, is cut short, belongs to another program or comes from a newer
//! schema is reported and left byte-for-byte untouched — never recreated,
//! never deleted. Every change is written in a transaction.

pub mod backup;
mod error;
pub mod schema;

use std::{
    fs,
    io::Read,
    path::{Path, PathBuf},
    time::Duration,
};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

pub use error::StorageError;

pub use crate::domain::AuditEntry;
use crate::domain::{
    Answer, Assessment, AssessmentDetails, AssessmentId, Author, ChallengeOp, Change, Edit, FrameworkRef, ItemId,
    ListEntry, ListOp, PeerLists, Role, ScopeQuestion, Score, Status, TeamMember, Visit, audit, challenge,
    merge::MergeReport,
};

/// How long a write waits for another process before reporting "busy".
const BUSY_TIMEOUT: Duration = Duration::from_millis(1500);

/// One row of the home screen's table.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentListing {
    /// The assessment's id.
    pub id: AssessmentId,
    /// Which framework it answers.
    pub framework: FrameworkRef,
    /// Organisation, title, period and lead.
    pub details: AssessmentDetails,
    /// Where it is in its life.
    pub status: Status,
    /// How many items have a score.
    pub scored: usize,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// An open Critical Friend database.
pub struct Database {
    conn: Connection,
    path: PathBuf,
    keep_backups: usize,
    backup_warning: Option<String>,
    /// The passphrase of a protected database; its backups use it too.
    passphrase: Option<String>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// The database used when no `--db` or `CRITICAL_FRIEND_DB` is given: in the
/// platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk.org", "Critical Friend", "critical-friend")
        .map(|dirs| dirs.data_dir().join("critical-friend.sqlite"))
}

/// What the first bytes of an existing file say about it.
enum FileKind {
    /// Missing or empty: a new database may be created.
    New,
    /// Looks like a whole SQLite file.
    Sqlite,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

fn inspect_file(path: &Path) -> Result<FileKind, StorageError> {
    let cannot_open = |source| StorageError::CannotOpen {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::New),
        Err(error) => return Err(cannot_open(error)),
    };
    let length = file.metadata().map_err(cannot_open)?.len();
    if length == 0 {
        return Ok(FileKind::New);
    }
    let mut header = Vec::with_capacity(100);
    file.by_ref().take(100).read_to_end(&mut header).map_err(cannot_open)?;
    if header.len() < SQLITE_MAGIC.len() || &header[..16] != SQLITE_MAGIC {
        return Err(StorageError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    let damaged = |detail: &str| StorageError::Damaged {
        path: path.to_path_buf(),
        detail: detail.to_owned(),
    };
    if header.len() < 100 {
        return Err(damaged("the file is cut short inside its header"));
    }
    let raw_page_size = u32::from(u16::from_be_bytes([header[16], header[17]]));
    let page_size = if raw_page_size == 1 { 65_536 } else { raw_page_size };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(damaged("its header gives an impossible page size"));
    }
    let word = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let change_counter = word(24);
    let page_count = word(28);
    let valid_for = word(92);
    if change_counter == valid_for && page_count > 0 {
        let expected = u64::from(page_count) * u64::from(page_size);
        if length < expected {
            return Err(damaged(&format!(
                "the file is cut short: {length} bytes of the {expected} its header promises"
            )));
        }
    }
    Ok(FileKind::Sqlite)
}

/// A protected file's header is encrypted, so only its presence and length
/// can be checked before the passphrase is tried.
fn inspect_protected(path: &Path) -> Result<FileKind, StorageError> {
    match fs::metadata(path) {
        Ok(metadata) if metadata.len() > 0 => Ok(FileKind::Sqlite),
        Ok(_) => Ok(FileKind::New),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(FileKind::New),
        Err(source) => Err(StorageError::CannotOpen {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Creates an empty database file readable by its owner only (on Unix;
/// SQLite gives its journal files the same permissions). An existing empty
/// file is left as it is.
fn create_private_file(path: &Path) -> Result<(), StorageError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(source) => Err(StorageError::CannotOpen {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn now_text(time: OffsetDateTime) -> String {
    time.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

/// Keys a connection with a passphrase (SQLCipher); without the
/// `encryption` feature, refuses rather than silently storing plain text.
fn apply_passphrase(conn: &Connection, path: &Path, passphrase: Option<&str>) -> Result<(), StorageError> {
    let Some(passphrase) = passphrase else {
        return Ok(());
    };
    if !cfg!(feature = "encryption") {
        return Err(StorageError::EncryptionUnavailable {
            path: path.to_path_buf(),
        });
    }
    // SQLCipher reports a wrong passphrase on standard error as well as to
    // us; the message we give is enough.
    let _ = conn.pragma_update(None, "cipher_log_level", "NONE");
    conn.pragma_update(None, "key", passphrase)
        .map_err(|error| StorageError::from_sqlite(path, error))
}

impl Database {
    /// Opens (or creates) the database at `path`, migrating an older schema.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        Self::open_with(path, None)
    }

    /// Opens (or creates) a database protected with `passphrase`, or an
    /// ordinary one when it is `None`. A wrong passphrase is reported and
    /// the file left untouched.
    pub fn open_with(path: &Path, passphrase: Option<&str>) -> Result<Self, StorageError> {
        if passphrase.is_some() && !cfg!(feature = "encryption") {
            return Err(StorageError::EncryptionUnavailable {
                path: path.to_path_buf(),
            });
        }
        let kind = if passphrase.is_some() {
            inspect_protected(path)?
        } else {
            inspect_file(path)?
        };
        let sql = |error| StorageError::from_sqlite(path, error);
        if matches!(kind, FileKind::New)
            && let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            fs::create_dir_all(parent).map_err(|source| StorageError::CannotOpen {
                path: path.to_path_buf(),
                source,
            })?;
        }
        if matches!(kind, FileKind::New) {
            create_private_file(path)?;
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if matches!(kind, FileKind::New) {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|error| match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) => StorageError::CannotOpen {
                path: path.to_path_buf(),
                source: std::io::Error::other(error.to_string()),
            },
            _ => StorageError::from_sqlite(path, error),
        })?;
        apply_passphrase(&conn, path, passphrase)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql)?;
        let mut db = Self {
            conn,
            path: path.to_path_buf(),
            keep_backups: backup::keep_from_env(),
            backup_warning: None,
            passphrase: passphrase.map(str::to_owned),
        };
        db.check_ownership().map_err(|error| match (error, passphrase) {
            (StorageError::NotSqlite { path }, Some(_)) => StorageError::WrongPassphrase { path },
            (error, _) => error,
        })?;
        db.check_integrity()?;
        if matches!(kind, FileKind::Sqlite) {
            db.automatic_backup()?;
        }
        db.configure();
        db.conn.pragma_update(None, "foreign_keys", true).map_err(sql)?;
        db.migrate()?;
        Ok(db)
    }

    /// The file this database lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Lets the file grow by only `extra_pages` more pages, as a nearly full
    /// disk would; `None` lifts the cap. This is how the tests reach the
    /// full-disk path without filling a real disk.
    #[doc(hidden)]
    pub fn cap_size(&self, extra_pages: Option<u32>) -> Result<(), StorageError> {
        let pages: i64 = self
            .conn
            .pragma_query_value(None, "page_count", |row| row.get(0))
            .map_err(|e| self.error(e))?;
        let cap = extra_pages.map_or(i64::from(u32::MAX), |extra| pages + i64::from(extra));
        self.conn
            .pragma_update(None, "max_page_count", cap)
            .map_err(|e| self.error(e))
    }

    /// Why today's automatic backup could not be taken, if it could not.
    pub fn backup_warning(&self) -> Option<&str> {
        self.backup_warning.as_deref()
    }

    /// Before an upgrade, a backup is required; otherwise one is taken at
    /// the first open each day, and a failure is only a warning.
    fn automatic_backup(&mut self) -> Result<(), StorageError> {
        let now = OffsetDateTime::now_utc();
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(e))?;
        if version > 0 && version < schema::latest_version() {
            self.back_up(backup::Reason::BeforeMigration, now)?;
        } else if !self.backed_up_today(now)
            && let Err(error) = self.back_up(backup::Reason::Daily, now)
        {
            self.backup_warning = Some(error.to_string());
        }
        Ok(())
    }

    fn error(&self, error: rusqlite::Error) -> StorageError {
        StorageError::from_sqlite(&self.path, error)
    }

    fn bad_value(&self, detail: impl Into<String>) -> StorageError {
        StorageError::BadValue {
            path: self.path.clone(),
            detail: detail.into(),
        }
    }

    /// Refuses files that are not ours or are newer than this build, before
    /// anything is written.
    fn check_ownership(&self) -> Result<(), StorageError> {
        let read = |pragma: &str| -> Result<i64, StorageError> {
            self.conn
                .pragma_query_value(None, pragma, |row| row.get(0))
                .map_err(|e| self.error(e))
        };
        let application_id = read("application_id")?;
        let user_version = read("user_version")?;
        let objects: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
            .map_err(|e| self.error(e))?;
        let fresh = application_id == 0 && user_version == 0 && objects == 0;
        if !fresh && application_id != schema::APPLICATION_ID {
            return Err(StorageError::Foreign {
                path: self.path.clone(),
            });
        }
        if user_version > schema::latest_version() {
            return Err(StorageError::NewerSchema {
                path: self.path.clone(),
                found: user_version,
                supported: schema::latest_version(),
            });
        }
        Ok(())
    }

    fn check_integrity(&self) -> Result<(), StorageError> {
        let verdict: String = self
            .conn
            .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
            .map_err(|e| self.error(e))?;
        if verdict == "ok" {
            Ok(())
        } else {
            Err(StorageError::Damaged {
                path: self.path.clone(),
                detail: verdict,
            })
        }
    }

    /// WAL lets a second copy read while one writes; FULL sync makes every
    /// reported save durable. A read-only file cannot switch mode: its
    /// writes fail later with a clear message instead.
    fn configure(&self) {
        let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        let _ = self.conn.pragma_update(None, "synchronous", "FULL");
    }

    fn migrate(&mut self) -> Result<(), StorageError> {
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(e))?;
        if current == schema::latest_version() {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        let start = usize::try_from(current).unwrap_or(0);
        for migration in &schema::MIGRATIONS[start..] {
            tx.execute_batch(migration).map_err(sql)?;
        }
        tx.pragma_update(None, "application_id", schema::APPLICATION_ID)
            .map_err(sql)?;
        tx.pragma_update(None, "user_version", schema::latest_version())
            .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Every assessment, most recently edited first.
    pub fn list(&self) -> Result<Vec<AssessmentListing>, StorageError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT a.id, a.framework_id, a.framework_version, a.organisation, a.title, a.period, a.lead,
                        a.status, a.updated_at, a.scored
                 FROM assessment a ORDER BY a.updated_at DESC, a.organisation",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    framework_at(row, 1)?,
                    details_at(row, 3)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, i64>(9)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut listings = Vec::new();
        for row in rows {
            let (id, framework, details, status, updated_at, scored) = row.map_err(|e| self.error(e))?;
            listings.push(AssessmentListing {
                id: self.parse_id(&id)?,
                framework,
                details,
                status: self.parse_status(&status)?,
                scored: usize::try_from(scored).unwrap_or(0),
                updated_at: self.parse_time(&updated_at)?,
            });
        }
        Ok(listings)
    }

    fn parse_id(&self, text: &str) -> Result<AssessmentId, StorageError> {
        text.parse()
            .map_err(|_| self.bad_value(format!("assessment id “{text}”")))
    }

    fn parse_status(&self, text: &str) -> Result<Status, StorageError> {
        text.parse().map_err(|_| self.bad_value(format!("status “{text}”")))
    }

    fn parse_time(&self, text: &str) -> Result<OffsetDateTime, StorageError> {
        OffsetDateTime::parse(text, &Rfc3339).map_err(|_| self.bad_value(format!("time “{text}”")))
    }

    /// Whether an assessment with this id is stored.
    pub fn contains(&self, id: AssessmentId) -> Result<bool, StorageError> {
        self.conn
            .query_row("SELECT 1 FROM assessment WHERE id = ?1", [id.to_string()], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.error(e))
    }

    /// Stores a new assessment with all its answers, in one transaction.
    pub fn create(&mut self, assessment: &Assessment) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        if exists(&tx, assessment.id).map_err(sql)? {
            return Err(StorageError::AlreadyExists(assessment.id));
        }
        insert_assessment(&tx, assessment).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Reads one whole assessment.
    pub fn load(&self, id: AssessmentId) -> Result<Assessment, StorageError> {
        let row = self
            .conn
            .query_row(
                "SELECT framework_id, framework_version, organisation, title, period, lead, status,
                        created_at, updated_at, self_locked, supersedes, superseded_by, visit_start, visit_end
                 FROM assessment WHERE id = ?1",
                [id.to_string()],
                |row| {
                    Ok((
                        framework_at(row, 0)?,
                        details_at(row, 2)?,
                        row.get::<_, String>(6)?,
                        row.get::<_, String>(7)?,
                        row.get::<_, String>(8)?,
                        row.get::<_, bool>(9)?,
                        row.get::<_, Option<String>>(10)?,
                        row.get::<_, Option<String>>(11)?,
                        (row.get::<_, String>(12)?, row.get::<_, String>(13)?),
                    ))
                },
            )
            .optional()
            .map_err(|e| self.error(e))?
            .ok_or(StorageError::NotFound(id))?;
        let (framework, details, status, created_at, updated_at, self_locked, supersedes, superseded_by, visit) = row;
        let date = |text: &str| challenge::parse_date(text).map_err(|_| self.bad_value(format!("visit date “{text}”")));
        let visit = Visit {
            start: date(&visit.0)?,
            end: date(&visit.1)?,
        };
        let mut assessment = Assessment {
            id,
            framework,
            details,
            status: self.parse_status(&status)?,
            created_at: self.parse_time(&created_at)?,
            updated_at: self.parse_time(&updated_at)?,
            answers: std::collections::BTreeMap::new(),
            self_locked,
            supersedes: supersedes.map(|text| self.parse_id(&text)).transpose()?,
            superseded_by: superseded_by.map(|text| self.parse_id(&text)).transpose()?,
            peer: self.peer_lists(id)?,
            scope: self.scope_questions(id)?,
            team: self.team(id)?,
            visit,
        };
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT item_id, score, basis, notes, created_at, updated_at, peer_score, challenge
                 FROM answer WHERE assessment_id = ?1",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([id.to_string()], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                    row.get::<_, String>(7)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        for row in rows {
            let (item, score, basis, notes, created, updated, peer_score, challenge) =
                row.map_err(|e| self.error(e))?;
            let score = score
                .map(Score::try_from)
                .transpose()
                .map_err(|error| self.bad_value(format!("item {item}: {error}")))?;
            let peer_score = peer_score
                .map(Score::try_from)
                .transpose()
                .map_err(|error| self.bad_value(format!("item {item}: {error}")))?;
            assessment.answers.insert(
                ItemId::new(item),
                Answer {
                    score,
                    basis,
                    notes,
                    peer_score,
                    challenge,
                    created_at: Some(self.parse_time(&created)?),
                    updated_at: Some(self.parse_time(&updated)?),
                },
            );
        }
        Ok(assessment)
    }

    /// Runs a query with the assessment id as its one parameter and reads
    /// every row with `read`.
    fn rows_of<T>(
        &self,
        sql: &str,
        id: AssessmentId,
        read: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StorageError> {
        let mut statement = self.conn.prepare_cached(sql).map_err(|e| self.error(e))?;
        let rows = statement.query_map([id.to_string()], read).map_err(|e| self.error(e))?;
        rows.collect::<rusqlite::Result<Vec<T>>>().map_err(|e| self.error(e))
    }

    fn peer_lists(&self, id: AssessmentId) -> Result<PeerLists, StorageError> {
        let rows = self.rows_of(
            "SELECT id, list, text FROM peer_entry WHERE assessment_id = ?1 ORDER BY list, position",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get(2)?)),
        )?;
        let entries = rows
            .into_iter()
            .map(|(entry_id, list, text)| {
                Ok(ListEntry {
                    id: self.parse_uuid(&entry_id)?,
                    list: list.parse().map_err(|_| self.bad_value(format!("list “{list}”")))?,
                    text,
                })
            })
            .collect::<Result<_, StorageError>>()?;
        Ok(PeerLists { entries })
    }

    fn scope_questions(&self, id: AssessmentId) -> Result<Vec<ScopeQuestion>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, question, response FROM scope_question WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?)),
        )?;
        rows.into_iter()
            .map(|(question_id, question, response)| {
                Ok(ScopeQuestion {
                    id: self.parse_uuid(&question_id)?,
                    question,
                    response,
                })
            })
            .collect()
    }

    fn team(&self, id: AssessmentId) -> Result<Vec<TeamMember>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, name, role, organisation FROM team_member WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )?;
        rows.into_iter()
            .map(|(member_id, name, role, organisation)| {
                Ok(TeamMember {
                    id: self.parse_uuid(&member_id)?,
                    name,
                    role,
                    organisation,
                })
            })
            .collect()
    }

    /// Changes the scope questions, the peer team or the visit dates in one
    /// transaction, recording the change. Returns the id of the question or
    /// member added or changed (nil for the visit).
    pub fn change_challenge(
        &mut self,
        id: AssessmentId,
        op: &ChallengeOp,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<uuid::Uuid, StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        touch_assessment(&tx, id, now)
            .map_err(sql)?
            .then_some(())
            .ok_or(StorageError::NotFound(id))?;
        let key = id.to_string();
        let written = match op {
            ChallengeOp::SetVisit(visit) => write_visit(&tx, &key, *visit),
            ChallengeOp::AddMember(_) | ChallengeOp::EditMember(_) | ChallengeOp::RemoveMember(_) => {
                write_team(&tx, &key, op)
            }
            _ => write_scope(&tx, &key, op),
        }
        .map_err(sql)?;
        let Some((target, field, old, new)) = written else {
            return Err(StorageError::BadValue {
                path: path.clone(),
                detail: format!("the {} entry to change is not in assessment {id}", op.subject()),
            });
        };
        let change = AuditChange {
            item: None,
            target: (!target.is_nil()).then_some(target),
            field,
            old,
            new,
        };
        record(&tx, id, &change, author, now).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(target)
    }

    /// Changes one of the peer team's lists in one transaction, recording
    /// the change. Returns the id of the entry added or changed.
    pub fn change_list(
        &mut self,
        id: AssessmentId,
        op: &ListOp,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<uuid::Uuid, StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        touch_assessment(&tx, id, now)
            .map_err(sql)?
            .then_some(())
            .ok_or(StorageError::NotFound(id))?;
        let entry = |entry_id: uuid::Uuid| -> Result<(String, i64, String), StorageError> {
            tx.query_row(
                "SELECT list, position, text FROM peer_entry WHERE id = ?1 AND assessment_id = ?2",
                params![entry_id.to_string(), id.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(sql)?
            .ok_or_else(|| StorageError::BadValue {
                path: path.clone(),
                detail: format!("there is no list entry {entry_id}"),
            })
        };
        let (entry_id, list, old, new) = match op {
            ListOp::Add { list, text } => {
                let entry_id = uuid::Uuid::new_v4();
                tx.execute(
                    "INSERT INTO peer_entry (id, assessment_id, list, position, text, created_at, updated_at)
                     VALUES (?1, ?2, ?3,
                             (SELECT coalesce(max(position), 0) + 1 FROM peer_entry WHERE assessment_id = ?2 AND list = ?3),
                             ?4, ?5, ?5)",
                    params![entry_id.to_string(), id.to_string(), list.key(), text, now_text(now)],
                )
                .map_err(sql)?;
                (entry_id, list.key(), None, Some(text.clone()))
            }
            ListOp::Edit { id: entry_id, text } => {
                let (list, _, old) = entry(*entry_id)?;
                tx.execute(
                    "UPDATE peer_entry SET text = ?2, updated_at = ?3 WHERE id = ?1",
                    params![entry_id.to_string(), text, now_text(now)],
                )
                .map_err(sql)?;
                (*entry_id, list, Some(old), Some(text.clone()))
            }
            ListOp::Remove { id: entry_id } => {
                let (list, _, old) = entry(*entry_id)?;
                tx.execute("DELETE FROM peer_entry WHERE id = ?1", [entry_id.to_string()])
                    .map_err(sql)?;
                (*entry_id, list, Some(old), None)
            }
            ListOp::Move { id: entry_id, up } => {
                let (list, position, text) = entry(*entry_id)?;
                let neighbour: Option<(String, i64)> = tx
                    .query_row(
                        if *up {
                            "SELECT id, position FROM peer_entry WHERE assessment_id = ?1 AND list = ?2 AND position < ?3
                             ORDER BY position DESC LIMIT 1"
                        } else {
                            "SELECT id, position FROM peer_entry WHERE assessment_id = ?1 AND list = ?2 AND position > ?3
                             ORDER BY position LIMIT 1"
                        },
                        params![id.to_string(), list, position],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .optional()
                    .map_err(sql)?;
                if let Some((other, other_position)) = neighbour {
                    let swap = "UPDATE peer_entry SET position = ?2 WHERE id = ?1";
                    tx.execute(swap, params![entry_id.to_string(), other_position])
                        .map_err(sql)?;
                    tx.execute(swap, params![other, position]).map_err(sql)?;
                }
                let direction = if *up { "moved up" } else { "moved down" };
                (*entry_id, "position".to_owned(), Some(text), Some(direction.to_owned()))
            }
        };
        let change = AuditChange {
            item: None,
            target: Some(entry_id),
            field: &list,
            old,
            new,
        };
        record(&tx, id, &change, author, now).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(entry_id)
    }

    /// Saves answer edits in one transaction, recording each change that
    /// alters a value in the audit trail. Either all are stored or none.
    pub fn apply_edits(
        &mut self,
        id: AssessmentId,
        edits: &[Edit],
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        touch_assessment(&tx, id, now)
            .map_err(sql)?
            .then_some(())
            .ok_or(StorageError::NotFound(id))?;
        for edit in edits {
            let old = current_value(&tx, id, edit).map_err(sql)?;
            let new = edit.change.value_text();
            if old == new {
                continue;
            }
            write_edit(&tx, id, edit, now).map_err(sql)?;
            let change = AuditChange {
                item: Some(edit.item.as_str()),
                target: None,
                field: edit.change.field().as_str(),
                old,
                new,
            };
            record(&tx, id, &change, author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Moves an assessment to `status`, locking the self fields on
    /// submission, and records the change.
    pub fn set_status(
        &mut self,
        id: AssessmentId,
        status: Status,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let current = self.load(id)?;
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        let lock = current.self_locked || status == Status::Submitted;
        tx.execute(
            "UPDATE assessment SET status = ?2, self_locked = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.to_string(), status.as_str(), lock, now_text(now)],
        )
        .map_err(sql)?;
        let change = AuditChange {
            item: None,
            target: None,
            field: "status",
            old: Some(current.status.as_str().to_owned()),
            new: Some(status.as_str().to_owned()),
        };
        record(&tx, id, &change, author, now).map_err(sql)?;
        if lock != current.self_locked {
            record(&tx, id, &AuditChange::lock(true), author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Unlocks the self fields of a submitted assessment: an explicit,
    /// recorded action.
    pub fn unlock_self(&mut self, id: AssessmentId, author: &Author, now: OffsetDateTime) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        let changed = tx
            .execute(
                "UPDATE assessment SET self_locked = 0, updated_at = ?2 WHERE id = ?1 AND self_locked = 1",
                params![id.to_string(), now_text(now)],
            )
            .map_err(sql)?;
        if changed == 1 {
            record(&tx, id, &AuditChange::lock(false), author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Reopens a Final assessment: stores `next` (a new version with the
    /// same answers) and marks the old one superseded, in one transaction.
    pub fn reopen(
        &mut self,
        old: AssessmentId,
        next: &Assessment,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        if exists(&tx, next.id).map_err(sql)? {
            return Err(StorageError::AlreadyExists(next.id));
        }
        insert_assessment(&tx, next).map_err(sql)?;
        tx.execute(
            "UPDATE assessment SET superseded_by = ?2, updated_at = ?3 WHERE id = ?1",
            params![old.to_string(), next.id.to_string(), now_text(now)],
        )
        .map_err(sql)?;
        for (on, field, value) in [(old, "superseded_by", next.id), (next.id, "supersedes", old)] {
            let change = AuditChange {
                item: None,
                target: None,
                field,
                old: None,
                new: Some(value.to_string()),
            };
            record(&tx, on, &change, author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Marks every change to an assessment as shared, before they leave in
    /// an exchange file: from now on other copies know them by their ids, so
    /// they are never extended by later typing.
    pub fn share_changes(&mut self, id: AssessmentId) -> Result<(), StorageError> {
        self.conn
            .execute(
                "UPDATE audit SET shared = 1 WHERE assessment_id = ?1 AND shared = 0",
                [id.to_string()],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// The recorded changes to an assessment (or one of its items), oldest first.
    pub fn history(&self, id: AssessmentId, item: Option<&ItemId>) -> Result<Vec<AuditEntry>, StorageError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT item_id, field, old_value, new_value, role, author, organisation, at, id, target FROM audit
                 WHERE assessment_id = ?1 AND (?2 IS NULL OR item_id = ?2) ORDER BY at, rowid",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(params![id.to_string(), item.map(ItemId::as_str)], |row| {
                Ok((
                    (
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                    ),
                    (
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                        row.get::<_, String>(6)?,
                    ),
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, Option<String>>(9)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut entries = Vec::new();
        for row in rows {
            let ((item, field, old_value, new_value), (role, name, organisation), at, change_id, target) =
                row.map_err(|e| self.error(e))?;
            let role: Role = role.parse().map_err(|_| self.bad_value(format!("role “{role}”")))?;
            entries.push(AuditEntry {
                id: self.parse_uuid(&change_id)?,
                item: item.map(ItemId::new),
                target: target.map(|text| self.parse_uuid(&text)).transpose()?,
                field,
                old_value,
                new_value,
                author: Author {
                    role,
                    name,
                    organisation,
                },
                at: self.parse_time(&at)?,
            });
        }
        Ok(entries)
    }

    fn parse_uuid(&self, text: &str) -> Result<uuid::Uuid, StorageError> {
        uuid::Uuid::parse_str(text).map_err(|_| self.bad_value(format!("id “{text}”")))
    }

    /// Stores the result of importing or merging an exchange file in one
    /// transaction: the merged assessment (created when `create`, otherwise
    /// replacing our copy's content), the changes it brings into the history,
    /// and the merge report. When merging, `seen_changes` is how many changes
    /// our copy had when the merge was planned; if another window or process
    /// recorded more since, nothing is written and the merge must be planned
    /// again.
    pub fn store_merge(
        &mut self,
        merged: &Assessment,
        new_log: &[AuditEntry],
        report: &MergeReport,
        create: bool,
        seen_changes: usize,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        let key = merged.id.to_string();
        if create {
            if exists(&tx, merged.id).map_err(sql)? {
                return Err(StorageError::AlreadyExists(merged.id));
            }
            insert_assessment(&tx, merged).map_err(sql)?;
        } else {
            let recorded: i64 = tx
                .query_row("SELECT count(*) FROM audit WHERE assessment_id = ?1", [&key], |row| {
                    row.get(0)
                })
                .map_err(sql)?;
            if usize::try_from(recorded).ok() != Some(seen_changes) {
                return Err(StorageError::ChangedMeanwhile(merged.id));
            }
            let changed = tx
                .execute(
                    "UPDATE assessment SET organisation = ?2, title = ?3, period = ?4, lead = ?5, status = ?6,
                            self_locked = ?7, visit_start = ?8, visit_end = ?9, updated_at = ?10
                     WHERE id = ?1",
                    params![
                        key,
                        merged.details.organisation,
                        merged.details.title,
                        merged.details.period,
                        merged.details.lead,
                        merged.status.as_str(),
                        merged.self_locked,
                        challenge::format_date(merged.visit.start),
                        challenge::format_date(merged.visit.end),
                        now_text(merged.updated_at),
                    ],
                )
                .map_err(sql)?;
            if changed == 0 {
                return Err(StorageError::NotFound(merged.id));
            }
            for table in ["answer", "peer_entry", "scope_question", "team_member"] {
                tx.execute(&format!("DELETE FROM {table} WHERE assessment_id = ?1"), [&key])
                    .map_err(sql)?;
            }
            insert_content(&tx, merged).map_err(sql)?;
        }
        let mut insert = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO audit (id, assessment_id, item_id, field, old_value, new_value, role, author,
                                              organisation, at, target, shared)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)",
            )
            .map_err(sql)?;
        for change in new_log {
            insert
                .execute(params![
                    change.id.to_string(),
                    key,
                    change.item.as_ref().map(ItemId::as_str),
                    change.field,
                    change.old_value,
                    change.new_value,
                    change.author.role.as_str(),
                    change.author.name,
                    change.author.organisation,
                    now_text(change.at),
                    change.target.map(|target| target.to_string()),
                ])
                .map_err(sql)?;
        }
        drop(insert);
        tx.execute(
            "INSERT INTO merge_report (id, assessment_id, at, role, author, organisation, source, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                uuid::Uuid::new_v4().to_string(),
                key,
                now_text(report.at),
                report.author.role.as_str(),
                report.author.name,
                report.author.organisation,
                report.source,
                report.text(),
            ],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// The merge reports stored with an assessment, oldest first.
    pub fn merge_reports(&self, id: AssessmentId) -> Result<Vec<MergeReport>, StorageError> {
        let rows = self.rows_of(
            "SELECT at, role, author, organisation, source, report FROM merge_report
             WHERE assessment_id = ?1 ORDER BY at, rowid",
            id,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get::<_, String>(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(at, role, name, organisation, source, text)| {
                Ok(MergeReport {
                    source,
                    author: Author {
                        role: role.parse().map_err(|_| self.bad_value(format!("role “{role}”")))?,
                        name,
                        organisation,
                    },
                    at: self.parse_time(&at)?,
                    lines: text.lines().map(str::to_owned).collect(),
                })
            })
            .collect()
    }

    /// Replaces an assessment's organisation, title, period and lead,
    /// recording the change.
    pub fn update_details(
        &mut self,
        id: AssessmentId,
        details: &AssessmentDetails,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.transaction().map_err(sql)?;
        let old = tx
            .query_row(
                "SELECT organisation, title, period, lead FROM assessment WHERE id = ?1",
                [id.to_string()],
                |row| details_at(row, 0),
            )
            .optional()
            .map_err(sql)?
            .ok_or(StorageError::NotFound(id))?;
        if &old == details {
            return Ok(());
        }
        tx.execute(
            "UPDATE assessment SET organisation = ?2, title = ?3, period = ?4, lead = ?5, updated_at = ?6
             WHERE id = ?1",
            params![
                id.to_string(),
                details.organisation,
                details.title,
                details.period,
                details.lead,
                now_text(now)
            ],
        )
        .map_err(sql)?;
        let change = AuditChange {
            item: None,
            target: None,
            field: "details",
            old: Some(old.describe()),
            new: Some(details.describe()),
        };
        record(&tx, id, &change, author, now).map_err(sql)?;
        tx.commit().map_err(sql)
    }

    /// Deletes an assessment and its answers. Callers confirm with the user first.
    pub fn delete(&mut self, id: AssessmentId) -> Result<(), StorageError> {
        let changed = self
            .conn
            .execute("DELETE FROM assessment WHERE id = ?1", [id.to_string()])
            .map_err(|e| self.error(e))?;
        if changed == 0 {
            return Err(StorageError::NotFound(id));
        }
        Ok(())
    }
}

/// Reads `framework_id, framework_version` starting at column `at`.
fn framework_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<FrameworkRef> {
    Ok(FrameworkRef {
        id: row.get(at)?,
        version: row.get(at + 1)?,
    })
}

/// Reads `organisation, title, period, lead` starting at column `at`.
fn details_at(row: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<AssessmentDetails> {
    Ok(AssessmentDetails {
        organisation: row.get(at)?,
        title: row.get(at + 1)?,
        period: row.get(at + 2)?,
        lead: row.get(at + 3)?,
    })
}

fn exists(tx: &Transaction<'_>, id: AssessmentId) -> rusqlite::Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM assessment WHERE id = ?1", [id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Inserts a whole assessment; the caller owns the transaction and has
/// checked the id is free.
fn insert_assessment(tx: &Transaction<'_>, assessment: &Assessment) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO assessment (id, framework_id, framework_version, organisation, title, period, lead,
                                 status, created_at, updated_at, self_locked, supersedes, superseded_by,
                                 visit_start, visit_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            assessment.id.to_string(),
            assessment.framework.id,
            assessment.framework.version,
            assessment.details.organisation,
            assessment.details.title,
            assessment.details.period,
            assessment.details.lead,
            assessment.status.as_str(),
            now_text(assessment.created_at),
            now_text(assessment.updated_at),
            assessment.self_locked,
            assessment.supersedes.map(|id| id.to_string()),
            assessment.superseded_by.map(|id| id.to_string()),
            challenge::format_date(assessment.visit.start),
            challenge::format_date(assessment.visit.end),
        ],
    )?;
    insert_content(tx, assessment)
}

/// Inserts an assessment's answers, findings, scope questions and team; the
/// caller owns the transaction and has cleared any earlier content.
fn insert_content(tx: &Transaction<'_>, assessment: &Assessment) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO answer (assessment_id, item_id, score, basis, notes, created_at, updated_at,
                             peer_score, challenge)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (item, answer) in &assessment.answers {
        let created = answer.created_at.unwrap_or(assessment.created_at);
        let updated = answer.updated_at.unwrap_or(created);
        insert.execute(params![
            assessment.id.to_string(),
            item.as_str(),
            answer.score.map(Score::value),
            answer.basis,
            answer.notes,
            now_text(created),
            now_text(updated),
            answer.peer_score.map(Score::value),
            answer.challenge,
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO peer_entry (id, assessment_id, list, position, text, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
    )?;
    for (position, entry) in (1i64..).zip(&assessment.peer.entries) {
        insert.execute(params![
            entry.id.to_string(),
            assessment.id.to_string(),
            entry.list.key(),
            position,
            entry.text,
            now_text(assessment.updated_at),
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO scope_question (id, assessment_id, position, question, response) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, question) in (1i64..).zip(&assessment.scope) {
        insert.execute(params![
            question.id.to_string(),
            assessment.id.to_string(),
            position,
            question.question,
            question.response,
        ])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO team_member (id, assessment_id, position, name, role, organisation)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, member) in (1i64..).zip(&assessment.team) {
        insert.execute(params![
            member.id.to_string(),
            assessment.id.to_string(),
            position,
            member.name,
            member.role,
            member.organisation,
        ])?;
    }
    Ok(())
}

/// What a challenge change wrote: the entry, the audit field, old and new
/// values; `None` when the entry to change does not exist.
type Written = Option<(uuid::Uuid, &'static str, Option<String>, Option<String>)>;

fn write_scope(tx: &Transaction<'_>, key: &str, op: &ChallengeOp) -> rusqlite::Result<Written> {
    let current = |target: uuid::Uuid| -> rusqlite::Result<Option<(String, String)>> {
        tx.query_row(
            "SELECT question, response FROM scope_question WHERE assessment_id = ?1 AND id = ?2",
            params![key, target.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
    };
    let update = |column: &str, target: uuid::Uuid, text: &str| {
        tx.execute(
            &format!("UPDATE scope_question SET {column} = ?3 WHERE assessment_id = ?1 AND id = ?2"),
            params![key, target.to_string(), text],
        )
    };
    Ok(match op {
        ChallengeOp::AddQuestion(text) => {
            let target = uuid::Uuid::new_v4();
            tx.execute(
                "INSERT INTO scope_question (id, assessment_id, position, question)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM scope_question WHERE assessment_id = ?2), ?3)",
                params![target.to_string(), key, text],
            )?;
            Some((target, "scope", None, Some(text.clone())))
        }
        ChallengeOp::EditQuestion { id: target, text } => match current(*target)? {
            Some((old, _)) => {
                update("question", *target, text)?;
                Some((*target, "scope", Some(old), Some(text.clone())))
            }
            None => None,
        },
        ChallengeOp::Respond { id: target, text } => match current(*target)? {
            Some((_, old)) => {
                update("response", *target, text)?;
                Some((*target, "scope_response", Some(old), Some(text.clone())))
            }
            None => None,
        },
        ChallengeOp::RemoveQuestion(target) => match current(*target)? {
            Some((old, _)) => {
                tx.execute(
                    "DELETE FROM scope_question WHERE assessment_id = ?1 AND id = ?2",
                    params![key, target.to_string()],
                )?;
                Some((*target, "scope", Some(old), None))
            }
            None => None,
        },
        _ => None,
    })
}

fn write_team(tx: &Transaction<'_>, key: &str, op: &ChallengeOp) -> rusqlite::Result<Written> {
    let current = |target: uuid::Uuid| -> rusqlite::Result<Option<TeamMember>> {
        tx.query_row(
            "SELECT name, role, organisation FROM team_member WHERE assessment_id = ?1 AND id = ?2",
            params![key, target.to_string()],
            |row| {
                Ok(TeamMember {
                    id: target,
                    name: row.get(0)?,
                    role: row.get(1)?,
                    organisation: row.get(2)?,
                })
            },
        )
        .optional()
    };
    Ok(match op {
        ChallengeOp::AddMember(added) => {
            let target = uuid::Uuid::new_v4();
            tx.execute(
                "INSERT INTO team_member (id, assessment_id, position, name, role, organisation)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM team_member WHERE assessment_id = ?2),
                         ?3, ?4, ?5)",
                params![target.to_string(), key, added.name, added.role, added.organisation],
            )?;
            Some((target, "team", None, Some(added.describe())))
        }
        ChallengeOp::EditMember(edited) => match current(edited.id)? {
            Some(old) => {
                tx.execute(
                    "UPDATE team_member SET name = ?3, role = ?4, organisation = ?5 WHERE assessment_id = ?1 AND id = ?2",
                    params![key, edited.id.to_string(), edited.name, edited.role, edited.organisation],
                )?;
                Some((edited.id, "team", Some(old.describe()), Some(edited.describe())))
            }
            None => None,
        },
        ChallengeOp::RemoveMember(target) => match current(*target)? {
            Some(old) => {
                tx.execute(
                    "DELETE FROM team_member WHERE assessment_id = ?1 AND id = ?2",
                    params![key, target.to_string()],
                )?;
                Some((*target, "team", Some(old.describe()), None))
            }
            None => None,
        },
        _ => None,
    })
}

fn write_visit(tx: &Transaction<'_>, key: &str, visit: Visit) -> rusqlite::Result<Written> {
    let (start, end): (String, String) = tx.query_row(
        "SELECT visit_start, visit_end FROM assessment WHERE id = ?1",
        [key],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let old = Visit {
        start: challenge::parse_date(&start).ok().flatten(),
        end: challenge::parse_date(&end).ok().flatten(),
    };
    tx.execute(
        "UPDATE assessment SET visit_start = ?2, visit_end = ?3 WHERE id = ?1",
        params![
            key,
            challenge::format_date(visit.start),
            challenge::format_date(visit.end)
        ],
    )?;
    Ok(Some((
        uuid::Uuid::nil(),
        "visit",
        Some(old.describe()),
        Some(visit.describe()),
    )))
}

fn touch_assessment(tx: &Transaction<'_>, id: AssessmentId, now: OffsetDateTime) -> rusqlite::Result<bool> {
    let changed = tx.execute(
        "UPDATE assessment SET updated_at = ?2 WHERE id = ?1",
        params![id.to_string(), now_text(now)],
    )?;
    Ok(changed == 1)
}

struct AuditChange<'a> {
    item: Option<&'a str>,
    target: Option<uuid::Uuid>,
    field: &'a str,
    old: Option<String>,
    new: Option<String>,
}

impl AuditChange<'_> {
    /// The self fields were locked (`true`) or unlocked.
    fn lock(locked: bool) -> Self {
        Self {
            item: None,
            target: None,
            field: "self_locked",
            old: Some((!locked).to_string()),
            new: Some(locked.to_string()),
        }
    }
}

fn record(
    tx: &Transaction<'_>,
    id: AssessmentId,
    change: &AuditChange<'_>,
    author: &Author,
    now: OffsetDateTime,
) -> rusqlite::Result<()> {
    let typing = audit::is_typing(
        change.item.is_some(),
        change.field,
        change.old.is_some() && change.new.is_some(),
    );
    if typing && extend_sitting(tx, id, change, author, now)? {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO audit (id, assessment_id, item_id, field, old_value, new_value, role, author, organisation, at,
                            target, shared)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
    )?
    .execute(params![
        uuid::Uuid::new_v4().to_string(),
        id.to_string(),
        change.item,
        change.field,
        change.old,
        change.new,
        author.role.as_str(),
        author.name,
        author.organisation,
        now_text(now),
        change.target.map(|target| target.to_string()),
    ])?;
    Ok(())
}

/// Extends the field's last recorded change with this save when both are
/// one sitting of typing: the same person, within [`audit::SITTING_GAP`],
/// carrying on from the text that change left, and that change never shared
/// with another copy. The change keeps its text before and takes the new
/// text and time; if the text is back where it started, the change is
/// dropped. Returns whether the save was recorded this way.
fn extend_sitting(
    tx: &Transaction<'_>,
    id: AssessmentId,
    change: &AuditChange<'_>,
    author: &Author,
    now: OffsetDateTime,
) -> rusqlite::Result<bool> {
    let last = tx
        .prepare_cached(
            "SELECT id, old_value, new_value, role, author, organisation, at, shared FROM audit
             WHERE assessment_id = ?1 AND item_id IS ?2 AND field = ?3 AND target IS ?4
             ORDER BY at DESC, rowid DESC LIMIT 1",
        )?
        .query_row(
            params![
                id.to_string(),
                change.item,
                change.field,
                change.target.map(|target| target.to_string())
            ],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    (
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ),
                    row.get::<_, String>(6)?,
                    row.get::<_, bool>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((change_id, before, after, (role, name, organisation), at, shared)) = last else {
        return Ok(false);
    };
    let same_person = role == author.role.as_str() && name == author.name && organisation == author.organisation;
    let recent = OffsetDateTime::parse(&at, &Rfc3339).is_ok_and(|at| at <= now && now - at <= audit::SITTING_GAP);
    let was_typing = audit::is_typing(change.item.is_some(), change.field, before.is_some() && after.is_some());
    if shared || !was_typing || !same_person || !recent || after != change.old {
        return Ok(false);
    }
    if before == change.new {
        tx.prepare_cached("DELETE FROM audit WHERE id = ?1")?
            .execute([&change_id])?;
    } else {
        tx.prepare_cached("UPDATE audit SET new_value = ?2, at = ?3 WHERE id = ?1")?
            .execute(params![change_id, change.new, now_text(now)])?;
    }
    Ok(true)
}

/// The stored value of the field an edit writes, as audit text.
fn current_value(tx: &Transaction<'_>, id: AssessmentId, edit: &Edit) -> rusqlite::Result<Option<String>> {
    let column = edit.change.field().as_str();
    let statement = format!("SELECT CAST({column} AS TEXT) FROM answer WHERE assessment_id = ?1 AND item_id = ?2");
    let value: Option<Option<String>> = tx
        .prepare_cached(&statement)?
        .query_row(params![id.to_string(), edit.item.as_str()], |row| row.get(0))
        .optional()?;
    let value = value.flatten();
    // An answer that was never written reads as the empty default.
    Ok(match (value, &edit.change) {
        (None, Change::Basis(_) | Change::Notes(_) | Change::Challenge(_)) => Some(String::new()),
        (value, _) => value,
    })
}

fn write_edit(tx: &Transaction<'_>, id: AssessmentId, edit: &Edit, now: OffsetDateTime) -> rusqlite::Result<()> {
    let column = edit.change.field().as_str();
    let value: rusqlite::types::Value = match &edit.change {
        Change::Score(score) | Change::PeerScore(score) => {
            score.map_or(rusqlite::types::Value::Null, |s| i64::from(s.value()).into())
        }
        Change::Basis(text) | Change::Notes(text) | Change::Challenge(text) => text.clone().into(),
    };
    let statement = format!(
        "INSERT INTO answer (assessment_id, item_id, {column}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (assessment_id, item_id) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at"
    );
    tx.prepare_cached(&statement)?
        .execute(params![id.to_string(), edit.item.as_str(), value, now_text(now)])?;
    Ok(())
}
