//! Storage errors. Each says what happened and what to do, with the path last.

use std::{io, path::PathBuf};

use rusqlite::ErrorCode;

use crate::domain::AssessmentId;

/// Why the database could not be opened, read or written.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The file is not an SQLite database at all.
    #[error(
        "This file is not a Critical Friend database (it is not an SQLite file). Choose another file; this one has not been changed: {path}"
    )]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },
    /// An SQLite file whose contents are damaged or cut short.
    #[error(
        "This database is damaged ({detail}). It has not been changed; restore it from a backup or choose another file: {path}"
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What was found.
        detail: String,
    },
    /// Written by a newer Critical Friend.
    #[error(
        "This database was written by a newer version of Critical Friend (schema {found}; this version reads up to {supported}). Update Critical Friend to open it; the file has not been changed: {path}"
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Schema version in the file.
        found: i64,
        /// Newest schema this build understands.
        supported: i64,
    },
    /// An SQLite file that belongs to some other program.
    #[error(
        "This SQLite file belongs to another program, not Critical Friend. Choose another file; this one has not been changed: {path}"
    )]
    Foreign {
        /// The file.
        path: PathBuf,
    },
    /// The folder or file could not be created or opened.
    #[error(
        "Could not open or create the database ({source}). Check the folder exists and you may write to it, or choose another location with --db: {path}"
    )]
    CannotOpen {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// Another process holds a lock.
    #[error(
        "The database is busy: another copy of Critical Friend, or another program, is writing to it. Try again in a moment; close the other program if this lasts: {path}"
    )]
    Busy {
        /// The file.
        path: PathBuf,
    },
    /// The file or its folder cannot be written.
    #[error(
        "The database cannot be written (the file or its folder is read-only). Make the file and its folder writable, then try again: {path}"
    )]
    ReadOnly {
        /// The file.
        path: PathBuf,
    },
    /// No space left.
    #[error("The disk is full, so changes cannot be saved; free some space, then try again: {path}")]
    DiskFull {
        /// The file.
        path: PathBuf,
    },
    /// What was given to restore is not a file (a folder, a pipe, a device).
    #[error("Only a backup file can be restored, and this is not a file; nothing was changed: {path}")]
    NotAFile {
        /// The path given.
        path: PathBuf,
    },
    /// A write that would make an assessment larger than its exchange file
    /// may carry.
    #[error(
        "Nothing was changed: this would make the assessment's words and their history larger than {limit} MB, more than an exchange file can carry. Shorten a long text, or reopen a Final assessment as a new version, which starts a history of its own: {path}"
    )]
    TooLarge {
        /// The database.
        path: PathBuf,
        /// The limit, in MB.
        limit: u64,
    },
    /// A backup holding what this version refuses.
    #[error(
        "This backup cannot be restored: {detail}. The database has not been changed; choose another backup: {path}"
    )]
    BadBackup {
        /// The backup.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// What was given to restore cannot be read.
    #[error("Could not read the backup ({source}); nothing was changed: {path}")]
    BackupUnreadable {
        /// The path given.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// What was given to restore is the database itself (or a link to it).
    #[error(
        "This is the database itself, not a backup of it; choose a file from `backup list`. Nothing was changed: {path}"
    )]
    RestoreFromItself {
        /// The path given.
        path: PathBuf,
    },
    /// There is no database file where one was expected.
    #[error("There is no database at this path; check it, or create one by opening Critical Friend on it: {path}")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// No assessment has this id.
    #[error("No assessment with id {0} is in this database. `critical-friend list` shows the ids it holds.")]
    NotFound(AssessmentId),
    /// The id is already used.
    #[error("An assessment with id {0} is already in this database; it was left as it is.")]
    AlreadyExists(AssessmentId),
    /// The passphrase does not open the file (or it is not a Critical Friend database).
    #[error(
        "This passphrase does not open the database, or the file is not a Critical Friend database. Check the passphrase; the file has not been changed: {path}"
    )]
    WrongPassphrase {
        /// The file.
        path: PathBuf,
    },
    /// A passphrase was given to a build without encryption.
    #[error(
        "This copy of Critical Friend was built without passphrase protection, so it cannot open protected databases (build with --features encryption): {path}"
    )]
    EncryptionUnavailable {
        /// The file.
        path: PathBuf,
    },
    /// A backup could not be written, listed or removed.
    #[error(
        "Could not back up the database ({source}). Check that the folder can be written to and the disk has room: {path}"
    )]
    Backup {
        /// The backup folder or file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The assessment changed between checking a change and storing it.
    #[error(
        "Assessment {0} changed while this change was being checked (another window or process saved to it). Nothing was written; try again."
    )]
    ChangedMeanwhile(AssessmentId),
    /// The frameworks changed between checking a change to them and storing it.
    #[error(
        "The frameworks in this database changed while this change was being checked (another window or process saved to it). Nothing was written; try again."
    )]
    FrameworksChangedMeanwhile,
    /// The register names a file whose bytes this copy does not hold yet.
    #[error(
        "The file “{name}” is not in this copy yet: attached files travel in the evidence bundle. Import the bundle (Evidence → Import an evidence bundle…, or `critical-friend import-bundle`), then try again"
    )]
    AttachmentNotHere {
        /// The file's name.
        name: String,
    },
    /// The bytes given for an attachment are not the ones its digest and
    /// size describe.
    #[error(
        "“{name}” does not match the SHA-256 and size recorded for it (it changed while it was being read, or was altered after it was recorded); nothing was stored"
    )]
    AttachmentMismatch {
        /// The file's name.
        name: String,
    },
    /// An attached file could not be written where it was going.
    #[error("Could not write out the attached file “{name}” ({source}); nothing in the database was changed")]
    AttachmentNotWritten {
        /// The file's name.
        name: String,
        /// Why.
        source: std::io::Error,
    },
    /// A stored value breaks the model's rules.
    #[error("The database holds a value Critical Friend cannot read ({detail}). It has not been changed: {path}")]
    BadValue {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        detail: String,
    },
    /// The operating system gave no random numbers for a new key.
    #[error(
        "Your signing key could not be made: the operating system gave no random numbers ({detail}). Nothing was changed; try again: {path}"
    )]
    NoKey {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        detail: String,
    },
    /// Any other SQLite failure.
    #[error("The database reported an error ({}): {path}", source.sqlite_error_code().map_or_else(|| "unexpected reply".to_owned(), |code| format!("{code:?}")))]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

impl StorageError {
    /// Turns an SQLite error into the variant that tells the user what to do.
    pub(crate) fn from_sqlite(path: &std::path::Path, error: rusqlite::Error) -> Self {
        let path = path.to_path_buf();
        // A stored value that is not what its column holds: our own types
        // refused it as they read it.
        if let rusqlite::Error::FromSqlConversionFailure(_, _, source) = &error {
            return Self::BadValue {
                path,
                detail: source.to_string(),
            };
        }
        if let rusqlite::Error::SqliteFailure(_, Some(message)) = &error
            && message.contains(super::schema::TOO_LARGE)
        {
            return Self::TooLarge {
                path,
                limit: super::schema::MAX_ASSESSMENT_BYTES / (1024 * 1024),
            };
        }
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy { path },
            Some(ErrorCode::ReadOnly) => Self::ReadOnly { path },
            Some(ErrorCode::DiskFull) => Self::DiskFull { path },
            Some(ErrorCode::NotADatabase) => Self::NotSqlite { path },
            Some(ErrorCode::DatabaseCorrupt) => Self::Damaged {
                path,
                detail: error.to_string(),
            },
            _ => Self::Sqlite { path, source: error },
        }
    }

    /// True when waiting and trying again may succeed without the user acting.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Busy { .. })
    }
}
