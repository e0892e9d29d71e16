//! SQLite storage. This module owns every SQL statement in the app.
//!
//! Opening checks a file before writing anything to it: a file that is not
//! SQLite, is cut short, belongs to another program or comes from a newer
//! schema is reported and left byte-for-byte untouched — never recreated,
//! never deleted. Every change is written in a transaction.

mod actions;
mod assessments;
pub mod backup;
mod error;
mod evidence;
mod frameworks;
mod history;
mod latest_shape;
mod measures;
mod open;
mod own_key;
mod read;
pub mod schema;
mod state;
mod types;
mod world;

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use rusqlite::Connection;
use time::OffsetDateTime;

pub(crate) use self::open::sidecar;
pub use error::StorageError;
pub use frameworks::FrameworkGate;
pub use measures::ReplacedValues;

use crate::domain::{AssessmentDetails, AssessmentId, FrameworkRef, Status};

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

impl Database {
    /// Runs `write` in one transaction that holds the write lock from the
    /// start: all of it is stored, or none. The one way anything is written:
    /// inside another call it joins that call's transaction.
    pub fn atomically<T, E: From<StorageError>>(
        &mut self,
        write: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        if !self.conn.is_autocommit() {
            return write(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.error(e))?;
        let result = write(self);
        let ended = match &result {
            Ok(_) => self.conn.execute_batch("COMMIT"),
            Err(_) => self.conn.execute_batch("ROLLBACK"),
        };
        if let Err(error) = ended {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(self.error(error).into());
        }
        result
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
