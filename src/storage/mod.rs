//! SQLite storage. This module owns every SQL statement in the app.
//!
//! Opening checks a file before writing anything to it: a file that is not
//! SQLite, is cut short, belongs to another program or comes from a newer
//! schema is reported and left byte-for-byte untouched — never recreated,
//! never deleted. Every change is written in a transaction.

mod actions;
mod answers;
mod assessments;
mod audit;
pub mod backup;
mod challenge;
mod error;
mod evidence;
mod evidence_ops;
mod frameworks;
mod lists;
mod merge;
mod open;
mod report;
mod rows;
pub mod schema;

use std::{
    fs,
    io::Read,
    path::{Path, PathBuf},
    time::Duration,
};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

pub(crate) use self::open::sidecar;
#[allow(clippy::wildcard_imports)]
use self::{assessments::*, audit::*, open::*, rows::*};
pub use error::StorageError;
pub use frameworks::FrameworkGate;

pub use crate::domain::AuditEntry;
use crate::domain::{
    Answer, Assessment, AssessmentDetails, AssessmentId, AuditField, Author, ChallengeOp, Change, Edit, Facts,
    FrameworkRef, ItemId, ListEntry, ListKind, ListOp, PeerLists, PeerReport, ReportOp, Role, ScopeQuestion, Score,
    Status, TeamMember, Visit, merge::MergeReport,
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

/// What the rules checked a change against: the assessment's status, lock
/// and version link. [`Database::guarded`] writes only while these still
/// hold, so a change checked against one state is never stored into another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gate {
    status: Status,
    self_locked: bool,
    superseded_by: Option<AssessmentId>,
}

impl Gate {
    /// The gate state of `assessment` as it was loaded.
    pub fn of(assessment: &Assessment) -> Self {
        Self {
            status: assessment.status,
            self_locked: assessment.self_locked,
            superseded_by: assessment.superseded_by,
        }
    }
}

/// The database used when no `--db` or `CRITICAL_FRIEND_DB` is given: in the
/// platform's data directory.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("uk.org", "Critical Friend", "critical-friend")
        .map(|dirs| dirs.data_dir().join("critical-friend.sqlite"))
}

impl Database {
    /// Runs `write` in one transaction that holds the write lock from the
    /// start, after checking that assessment `id` is still in the `gate`
    /// state its change was checked against. If another window or process
    /// moved it on meanwhile, nothing is written and the answer is
    /// [`StorageError::ChangedMeanwhile`], so the caller can check again.
    pub fn guarded<T>(
        &mut self,
        id: AssessmentId,
        gate: &Gate,
        write: impl FnOnce(&mut Self) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        self.atomically(|database| database.gate_holds(id, gate).and_then(|()| write(database)))
    }

    /// Runs `write` in one transaction that holds the write lock from the
    /// start: all of it is stored, or none.
    pub fn atomically<T>(
        &mut self,
        write: impl FnOnce(&mut Self) -> Result<T, StorageError>,
    ) -> Result<T, StorageError> {
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.error(e))?;
        let result = write(self);
        let ended = match &result {
            Ok(_) => self.conn.execute_batch("COMMIT"),
            Err(_) => self.conn.execute_batch("ROLLBACK"),
        };
        if let Err(error) = ended {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(self.error(error));
        }
        result
    }
    fn gate_holds(&self, id: AssessmentId, gate: &Gate) -> Result<(), StorageError> {
        let stored = self
            .conn
            .query_row(
                "SELECT status, self_locked, superseded_by FROM assessment WHERE id = ?1",
                [id.to_string()],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, bool>(1)?,
                        row.get::<_, Option<String>>(2)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.error(e))?
            .ok_or(StorageError::NotFound(id))?;
        let now = Gate {
            status: self.parse_status(&stored.0)?,
            self_locked: stored.1,
            superseded_by: stored.2.map(|text| self.parse_id(&text)).transpose()?,
        };
        if now == *gate {
            Ok(())
        } else {
            Err(StorageError::ChangedMeanwhile(id))
        }
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
    fn error(&self, error: rusqlite::Error) -> StorageError {
        StorageError::from_sqlite(&self.path, error)
    }
    fn bad_value(&self, detail: impl Into<String>) -> StorageError {
        StorageError::BadValue {
            path: self.path.clone(),
            detail: detail.into(),
        }
    }
}
