//! Opening a database safely: a file is inspected before SQLite writes anything to it, and one that is not ours, is damaged, cut short or newer is refused and left byte-for-byte as it was. Then the schema is brought up to date in one transaction.

use std::{
    fs,
    io::Read,
    path::{Path, PathBuf},
};

use rusqlite::{Connection, OpenFlags};
use time::OffsetDateTime;

use super::{BUSY_TIMEOUT, Database, StorageError, backup, schema};

/// What the first bytes of an existing file say about it.
pub(super) enum FileKind {
    /// Missing or empty: a new database may be created.
    New,
    /// Looks like a whole SQLite file.
    Sqlite,
}

pub(super) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

pub(super) fn inspect_file(path: &Path) -> Result<FileKind, StorageError> {
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
    // While a `-wal` file exists another connection may be checkpointing,
    // growing the file after it rewrote the header: the length says nothing
    // then, and SQLite's own check, made under its locks, decides.
    if change_counter == valid_for && page_count > 0 && !sidecar(path, "-wal").exists() {
        let expected = u64::from(page_count) * u64::from(page_size);
        if length < expected {
            return Err(damaged(&format!(
                "the file is cut short: {length} bytes of the {expected} its header promises"
            )));
        }
    }
    Ok(FileKind::Sqlite)
}

/// The file SQLite keeps beside `database` with this suffix (`-wal`, `-shm`,
/// `-journal`).
pub(crate) fn sidecar(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A protected file's header is encrypted, so only its presence and length
/// can be checked before the passphrase is tried.
pub(super) fn inspect_protected(path: &Path) -> Result<FileKind, StorageError> {
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
pub(super) fn create_private_file(path: &Path) -> Result<(), StorageError> {
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

/// Keys a connection with a passphrase (SQLCipher); without the
/// `encryption` feature, refuses rather than silently storing plain text.
pub(super) fn apply_passphrase(conn: &Connection, path: &Path, passphrase: Option<&str>) -> Result<(), StorageError> {
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

    /// A second connection to the same file, with the same passphrase: for
    /// work done on another thread.
    pub fn connect_again(&self) -> Result<Self, StorageError> {
        Self::open_with(&self.path, self.passphrase.as_deref())
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

    /// Before an upgrade, a backup is required; otherwise one is taken at
    /// the first open each day, and a failure is only a warning.
    pub(super) fn automatic_backup(&mut self) -> Result<(), StorageError> {
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

    /// Refuses files that are not ours or are newer than this build, before
    /// anything is written.
    pub(super) fn check_ownership(&self) -> Result<(), StorageError> {
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
        if fresh {
            return Ok(());
        }
        if user_version <= 0 {
            return Err(StorageError::Damaged {
                path: self.path.clone(),
                detail: format!("its schema version {user_version} is not one Critical Friend wrote"),
            });
        }
        let shape = schema::shape_of(&self.conn).map_err(|e| self.error(e))?;
        match schema::shape_problem(user_version, &shape) {
            Some(detail) => Err(StorageError::Damaged {
                path: self.path.clone(),
                detail,
            }),
            None => Ok(()),
        }
    }

    pub(super) fn check_integrity(&self) -> Result<(), StorageError> {
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
    pub(super) fn configure(&self) {
        let _ = self.conn.pragma_update(None, "journal_mode", "WAL");
        let _ = self.conn.pragma_update(None, "synchronous", "FULL");
    }

    pub(super) fn migrate(&mut self) -> Result<(), StorageError> {
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.error(e))?;
        if current == schema::latest_version() {
            return Ok(());
        }
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
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
}
