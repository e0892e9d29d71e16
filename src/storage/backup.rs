//! Automatic backups with SQLite's online backup: before a migration, at the
//! first open each day, before every import or merge and before a restore,
//! into a `backups` folder beside the database. The newest ten are kept (or
//! as many as `CRITICAL_FRIEND_KEEP_BACKUPS` says). Each backup is written
//! to a temporary name and renamed into place, so a backup that exists is
//! whole.

use std::{
    fs,
    path::{Path, PathBuf},
    time::Duration,
};

use rusqlite::{
    Connection, OpenFlags,
    backup::{Backup, StepResult},
};
use time::{OffsetDateTime, PrimitiveDateTime, macros::format_description};

use super::{
    Database, StorageError,
    open::{apply_passphrase, create_private_file, inspect_file},
    schema,
};

/// How many backups are kept when nothing else is configured.
pub const DEFAULT_KEEP: usize = 10;

/// Why a backup was taken; part of its file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The first time the database was opened today.
    Daily,
    /// Before upgrading the database to a newer schema.
    BeforeMigration,
    /// Before importing or merging a file.
    BeforeImport,
    /// Before replacing the database with a backup.
    BeforeRestore,
    /// Asked for by the user.
    Manual,
}

impl Reason {
    const ALL: [Reason; 5] = [
        Reason::Daily,
        Reason::BeforeMigration,
        Reason::BeforeImport,
        Reason::BeforeRestore,
        Reason::Manual,
    ];

    fn slug(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::BeforeMigration => "before-upgrade",
            Reason::BeforeImport => "before-import",
            Reason::BeforeRestore => "before-restore",
            Reason::Manual => "manual",
        }
    }

    /// What people read.
    pub fn label(self) -> &'static str {
        match self {
            Reason::Daily => "first opened that day",
            Reason::BeforeMigration => "before upgrading to a newer version",
            Reason::BeforeImport => "before importing a file",
            Reason::BeforeRestore => "before restoring a backup",
            Reason::Manual => "taken by hand",
        }
    }
}

/// One backup file.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupInfo {
    /// Where it is.
    pub path: PathBuf,
    /// When it was taken (UTC, to the second).
    pub taken_at: OffsetDateTime,
    /// Why.
    pub reason: Reason,
    /// Its size.
    pub bytes: u64,
}

/// A backup's time in its name: to the microsecond, so names sort by time
/// and two taken in one second never share a name.
const STAMP: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year][month][day]-[hour][minute][second]-[subsecond digits:6]");
/// The same to the second, as backups were named before.
const OLD_STAMP: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year][month][day]-[hour][minute][second]");

/// What a backup's name says, after the database's name: when it was
/// taken, why, and which of the backups claiming that moment it is (1 for
/// the first). `None` for a name that is not a backup's.
fn parse_name(rest: &str) -> Option<(OffsetDateTime, Reason, u32)> {
    let micro = rest
        .get(..22)
        .and_then(|stamp| PrimitiveDateTime::parse(stamp, STAMP).ok())
        .zip(rest.get(22..).and_then(|after| after.strip_prefix('-')));
    let (taken_at, after) = if let Some(found) = micro {
        found
    } else {
        let stamp = PrimitiveDateTime::parse(rest.get(..15)?, OLD_STAMP).ok()?;
        (stamp, rest.get(15..)?.strip_prefix('-')?)
    };
    Reason::ALL.into_iter().find_map(|reason| {
        let extra = after.strip_prefix(reason.slug())?;
        let extra = match extra.strip_prefix('-') {
            None if extra.is_empty() => 1,
            Some(number) => number.parse().ok().filter(|n| *n >= 2)?,
            None => return None,
        };
        Some((taken_at.assume_utc(), reason, extra))
    })
}

/// How many backups to keep: `CRITICAL_FRIEND_KEEP_BACKUPS`, or ten.
pub fn keep_from_env() -> usize {
    std::env::var("CRITICAL_FRIEND_KEEP_BACKUPS")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .filter(|keep| *keep > 0)
        .unwrap_or(DEFAULT_KEEP)
}

/// The backups folder for a database file.
pub fn folder_for(database: &Path) -> PathBuf {
    database
        .parent()
        .map_or_else(|| PathBuf::from("backups"), |parent| parent.join("backups"))
}

fn stem_of(database: &Path) -> String {
    database.file_stem().map_or_else(
        || "critical-friend".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

/// Copies every page of `from` into `to` with SQLite's online backup,
/// waiting briefly when another connection is writing.
fn copy_pages(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    let mut waits = 0;
    loop {
        match backup.step(256)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked if waits < 50 => {
                waits += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("the database stayed busy during the backup".to_owned()),
                ));
            }
            _ => {}
        }
    }
}

/// The backups of the database at `database`, newest first.
pub fn list(database: &Path) -> Result<Vec<BackupInfo>, StorageError> {
    let folder = folder_for(database);
    let prefix = format!("{}-", stem_of(database));
    let entries = match fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(StorageError::Backup { path: folder, source }),
    };
    let mut backups = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".sqlite")) else {
            continue;
        };
        let Some((taken_at, reason, extra)) = parse_name(rest) else {
            continue;
        };
        let info = BackupInfo {
            path: entry.path(),
            taken_at,
            reason,
            bytes: entry.metadata().map_or(0, |m| m.len()),
        };
        backups.push((info, extra));
    }
    // Newest first; of two claiming one moment, the later claim first.
    backups.sort_by(|(a, a_extra), (b, b_extra)| (b.taken_at, b_extra).cmp(&(a.taken_at, a_extra)));
    Ok(backups.into_iter().map(|(info, _)| info).collect())
}

impl Database {
    /// Keeps the newest `keep` backups from now on (at least one).
    pub fn set_keep_backups(&mut self, keep: usize) {
        self.keep_backups = keep.max(1);
    }

    /// Backs the database up now, then keeps only the newest backups.
    /// Returns the backup's path.
    pub fn back_up(&self, reason: Reason, now: OffsetDateTime) -> Result<PathBuf, StorageError> {
        self.back_up_from(&self.conn, reason, now)
    }

    /// Backs up what `source`, a connection to this database, reads.
    fn back_up_from(&self, source: &Connection, reason: Reason, now: OffsetDateTime) -> Result<PathBuf, StorageError> {
        let folder = folder_for(&self.path);
        let failed = |source: std::io::Error| StorageError::Backup {
            path: folder.clone(),
            source,
        };
        fs::create_dir_all(&folder).map_err(failed)?;
        let stamp = now
            .to_offset(time::UtcOffset::UTC)
            .format(STAMP)
            .map_err(|e| failed(std::io::Error::other(e)))?;
        // A partial file of this process's own, so two processes backing up
        // at once never write into each other's copy.
        let partial = tempfile::Builder::new()
            .prefix(&format!("{}-", stem_of(&self.path)))
            .suffix(".sqlite.partial")
            .tempfile_in(&folder)
            .map_err(failed)?;
        {
            let mut copy = Connection::open(partial.path()).map_err(|error| failed(std::io::Error::other(error)))?;
            // A protected database's backups are protected with the same passphrase.
            apply_passphrase(&copy, partial.path(), self.passphrase.as_deref())?;
            copy_pages(source, &mut copy).map_err(|error| failed(std::io::Error::other(error)))?;
        }
        // The first free name is claimed without replacing anything, so a
        // backup another process finished in the same second is kept; a
        // partial file that is never claimed is deleted when dropped.
        let stem = format!("{}-{stamp}-{}", stem_of(&self.path), reason.slug());
        let mut partial = partial;
        let mut extra = 1;
        let target = loop {
            let target = if extra == 1 {
                folder.join(format!("{stem}.sqlite"))
            } else {
                folder.join(format!("{stem}-{extra}.sqlite"))
            };
            match partial.persist_noclobber(&target) {
                Ok(_) => break target,
                Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists && extra < 1000 => {
                    partial = error.file;
                    extra += 1;
                }
                Err(error) => return Err(failed(error.error)),
            }
        };
        self.prune(self.keep_backups)?;
        Ok(target)
    }

    /// Deletes all but the newest `keep` backups of this database, and
    /// partial backups left by a process that was stopped mid-backup over an
    /// hour ago.
    fn prune(&self, keep: usize) -> Result<(), StorageError> {
        let prefix = format!("{}-", stem_of(&self.path));
        if let Ok(entries) = fs::read_dir(folder_for(&self.path)) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let stale = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|modified| modified.elapsed().ok())
                    .is_some_and(|age| age > Duration::from_hours(1));
                if name.starts_with(&prefix) && name.ends_with(".sqlite.partial") && stale {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        for old in list(&self.path)?.into_iter().skip(keep.max(1)) {
            fs::remove_file(&old.path).map_err(|source| StorageError::Backup {
                path: old.path.clone(),
                source,
            })?;
        }
        Ok(())
    }

    /// Whether a backup was taken today (UTC).
    pub(super) fn backed_up_today(&self, now: OffsetDateTime) -> bool {
        list(&self.path).is_ok_and(|backups| backups.iter().any(|b| b.taken_at.date() == now.date()))
    }

    /// Replaces the database's content with a backup's, after backing up the
    /// current state. The backup must pass every check an opened file passes
    /// (ours, a released schema, whole, with its tables and columns) before
    /// anything happens. It is then brought up to this version in a private
    /// scratch copy; the safety backup and the replacement happen in one
    /// transaction that holds the write lock throughout, so a save another
    /// process makes is either in the safety backup or made after the
    /// restore — never lost between the two. If anything fails, the
    /// database is left as it was. Returns the path of the safety backup.
    pub fn restore(&mut self, backup: &Path, now: OffsetDateTime) -> Result<PathBuf, StorageError> {
        self.restore_checked(backup, now, &mut |_| Ok(()))
    }

    /// As [`Database::restore`], once `check` has found nothing wrong with
    /// the backup as it would be restored (brought up to this version, in
    /// its scratch copy): what it says is wrong refuses the backup, naming it.
    pub fn restore_checked(
        &mut self,
        backup: &Path,
        now: OffsetDateTime,
        check: &mut dyn FnMut(&Database) -> Result<(), String>,
    ) -> Result<PathBuf, StorageError> {
        self.check_restorable(backup)?;
        let source = check_backup(backup, self.passphrase.as_deref())?;
        let folder = folder_for(&self.path);
        let failed = |source: std::io::Error| StorageError::Backup {
            path: folder.clone(),
            source,
        };
        fs::create_dir_all(&folder).map_err(failed)?;
        let scratch = tempfile::Builder::new()
            .prefix(".restoring-")
            .suffix(".sqlite")
            .tempfile_in(&folder)
            .map_err(failed)?;
        let sql = |error| StorageError::from_sqlite(scratch.path(), error);
        let damaged = |detail: String| StorageError::BadBackup {
            path: backup.to_path_buf(),
            detail,
        };
        {
            let mut copy = Connection::open(scratch.path()).map_err(sql)?;
            apply_passphrase(&copy, scratch.path(), self.passphrase.as_deref())?;
            copy_pages(&source, &mut copy).map_err(sql)?;
            drop(source);
            bring_up_to_date(&mut copy)
                .map_err(|error| damaged(format!("it could not be brought up to this version: {error}")))?;
            let shape = schema::shape_of(&copy).map_err(sql)?;
            if let Some(detail) = schema::shape_problem(schema::latest_version(), &shape) {
                return Err(damaged(detail));
            }
            let restored = Database {
                conn: copy,
                path: scratch.path().to_path_buf(),
                keep_backups: self.keep_backups,
                backup_warning: None,
                passphrase: self.passphrase.clone(),
            };
            check(&restored).map_err(damaged)?;
        }
        self.replace_with(scratch.path(), now).map_err(|error| match error {
            StorageError::Sqlite { source, .. } => {
                damaged(format!("it holds a value this version does not allow ({source})"))
            }
            error => error,
        })
    }

    /// Takes the safety backup and replaces every table's rows with those of
    /// the (current-schema) database at `scratch`, in one transaction.
    fn replace_with(&mut self, scratch: &Path, now: OffsetDateTime) -> Result<PathBuf, StorageError> {
        let scratch_text = scratch.to_string_lossy().into_owned();
        let attached = match self.passphrase.as_deref() {
            Some(passphrase) => self.conn.execute(
                "ATTACH DATABASE ?1 AS restored KEY ?2",
                rusqlite::params![scratch_text, passphrase],
            ),
            None => self.conn.execute("ATTACH DATABASE ?1 AS restored", [scratch_text]),
        };
        attached.map_err(|e| self.error(e))?;
        let result = self.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.error(e));
        let result = result.and_then(|()| {
            // The backup API cannot read through the connection holding the
            // write lock; a second connection reads the committed state,
            // which nobody else can change while we hold it.
            let reader =
                Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| self.error(e))?;
            apply_passphrase(&reader, &self.path, self.passphrase.as_deref())?;
            let safety = self.back_up_from(&reader, Reason::BeforeRestore, now)?;
            copy_rows(&self.conn).map_err(|e| self.error(e))?;
            Ok(safety)
        });
        let ended = self
            .conn
            .execute_batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
        let ended = ended.inspect_err(|_| {
            let _ = self.conn.execute_batch("ROLLBACK");
        });
        let _ = self.conn.execute_batch("DETACH DATABASE restored");
        ended.map_err(|e| self.error(e))?;
        result
    }
}

/// Brings a copied database to this build's schema, in one transaction.
fn bring_up_to_date(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let tx = conn.transaction()?;
    for migration in &schema::MIGRATIONS[usize::try_from(current).unwrap_or(0)..] {
        tx.execute_batch(migration)?;
    }
    tx.pragma_update(None, "application_id", schema::APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", schema::latest_version())?;
    tx.commit()
}

/// Replaces every row of every table of `main` with the rows of
/// `restored`, which has the same schema. Runs inside the caller's
/// transaction; the scored-item counts the triggers keep are worked out anew.
fn copy_rows(conn: &Connection) -> rusqlite::Result<()> {
    let mut tables = conn.prepare(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
    )?;
    let tables = tables
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // This computer's own key stays: a restore brings back the work, not
    // another person's key.
    let has_key: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM main.own_key)", [], |row| row.get(0))?;
    let tables: Vec<String> = tables
        .into_iter()
        .filter(|table| !(has_key && table == "own_key"))
        .collect();
    for table in tables.iter().rev() {
        conn.execute(&format!("DELETE FROM main.\"{table}\""), [])?;
    }
    for table in &tables {
        let mut columns = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns = columns
            .query_map([table], |row| row.get::<_, String>(0))?
            .map(|name| name.map(|name| format!("\"{name}\"")))
            .collect::<rusqlite::Result<Vec<_>>>()?
            .join(", ");
        conn.execute(
            &format!("INSERT INTO main.\"{table}\" ({columns}) SELECT {columns} FROM restored.\"{table}\""),
            [],
        )?;
        if table == "assessment" {
            // Counted again, by the triggers, as the rest comes in.
            conn.execute("UPDATE main.assessment SET text_bytes = 0", [])?;
        }
    }
    conn.execute(
        "UPDATE main.assessment SET scored =
            (SELECT count(*) FROM main.answer WHERE answer.assessment_id = assessment.id AND answer.score IS NOT NULL)",
        [],
    )?;
    Ok(())
}

impl Database {
    /// Refuses at once what cannot be a backup to restore: anything but a
    /// file (a pipe would wait forever to be read), and this database
    /// itself, under any name or link.
    fn check_restorable(&self, backup: &Path) -> Result<(), StorageError> {
        let metadata = fs::metadata(backup).map_err(|source| StorageError::BackupUnreadable {
            path: backup.to_path_buf(),
            source,
        })?;
        if !metadata.is_file() {
            return Err(StorageError::NotAFile {
                path: backup.to_path_buf(),
            });
        }
        let same = fs::canonicalize(backup)
            .ok()
            .zip(fs::canonicalize(&self.path).ok())
            .is_some_and(|(backup, live)| backup == live);
        if same || is_same_file(&metadata, &self.path) {
            return Err(StorageError::RestoreFromItself {
                path: backup.to_path_buf(),
            });
        }
        Ok(())
    }
}

/// Whether `metadata` is of the file at `path` (a hard link to it, say).
#[cfg(unix)]
fn is_same_file(metadata: &fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).is_ok_and(|live| live.dev() == metadata.dev() && live.ino() == metadata.ino())
}

#[cfg(not(unix))]
fn is_same_file(_metadata: &fs::Metadata, _path: &Path) -> bool {
    false
}

/// Opens a backup read-only and checks it is a whole Critical Friend
/// database of a schema this build wrote, with every table and column.
fn check_backup(path: &Path, passphrase: Option<&str>) -> Result<Connection, StorageError> {
    if passphrase.is_none() {
        inspect_file(path)?;
    }
    let source = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|error| StorageError::from_sqlite(path, error))?;
    apply_passphrase(&source, path, passphrase)?;
    let read = |pragma: &str| -> Result<i64, StorageError> {
        source
            .pragma_query_value(None, pragma, |row| row.get(0))
            .map_err(|error| StorageError::from_sqlite(path, error))
    };
    let application_id = read("application_id").map_err(|error| match (error, passphrase) {
        (StorageError::NotSqlite { path }, Some(_)) => StorageError::WrongPassphrase { path },
        (error, _) => error,
    })?;
    if application_id != schema::APPLICATION_ID {
        return Err(StorageError::Foreign {
            path: path.to_path_buf(),
        });
    }
    let version = read("user_version")?;
    if version > schema::latest_version() {
        return Err(StorageError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: schema::latest_version(),
        });
    }
    let damaged = |detail: String| StorageError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    let verdict: String = source
        .query_row("PRAGMA integrity_check(1)", [], |row| row.get(0))
        .map_err(|error| StorageError::from_sqlite(path, error))?;
    if verdict != "ok" {
        return Err(damaged(verdict));
    }
    let shape = schema::shape_of(&source).map_err(|error| StorageError::from_sqlite(path, error))?;
    let problem = if version <= 0 {
        Some(format!("its schema version {version} is not one Critical Friend wrote"))
    } else {
        schema::shape_problem(version, &shape)
    };
    match problem {
        Some(detail) => Err(damaged(detail)),
        None => Ok(source),
    }
}

impl Database {
    /// Writes a copy of the whole database protected with `passphrase`
    /// (SQLCipher), atomically; this database is left as it is. Needs the
    /// `encryption` feature.
    pub fn write_protected_copy(&self, to: &Path, passphrase: &str) -> Result<(), StorageError> {
        if !cfg!(feature = "encryption") {
            return Err(StorageError::EncryptionUnavailable { path: to.to_path_buf() });
        }
        if to.exists() {
            return Err(StorageError::CannotOpen {
                path: to.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "the file already exists"),
            });
        }
        let partial = to.with_extension("sqlite.partial");
        let _ = fs::remove_file(&partial);
        create_private_file(&partial)?;
        let partial_text = partial.to_string_lossy().into_owned();
        let result = self
            .conn
            .execute(
                "ATTACH DATABASE ?1 AS protected KEY ?2",
                rusqlite::params![partial_text, passphrase],
            )
            .and_then(|_| {
                self.conn
                    .query_row("SELECT sqlcipher_export('protected')", [], |_| Ok(()))
            })
            .and_then(|()| {
                self.conn.execute_batch(&format!(
                    "PRAGMA protected.application_id = {}; PRAGMA protected.user_version = {};",
                    schema::APPLICATION_ID,
                    schema::latest_version()
                ))
            });
        let detached = self.conn.execute_batch("DETACH DATABASE protected");
        let result = result.and(detached).map_err(|error| self.error(error)).and_then(|()| {
            fs::rename(&partial, to).map_err(|source| StorageError::CannotOpen {
                path: to.to_path_buf(),
                source,
            })
        });
        if result.is_err() {
            let _ = fs::remove_file(&partial);
        }
        result
    }
}
