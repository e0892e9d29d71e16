//! Where exports may go. Every file Critical Friend writes for the user —
//! packs, exchange files, protected copies — is checked here first: a target
//! that is the open database, one of SQLite's working files beside it
//! (`-wal`, `-shm`, `-journal`) or anything in its backups folder is refused,
//! compared by resolved path and, where the system has them, by file
//! identity (so a symbolic or hard link to the database is caught too).

use std::{
    fs,
    path::{Path, PathBuf},
};

use crate::{
    files,
    storage::{backup, sidecar},
};

/// Why an export was not written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The target is one of the database's own files.
    #[error(
        "Nothing was written: that file is {what}, and writing over it would destroy your work. Choose another name: {path}"
    )]
    OwnFile {
        /// The file asked for.
        path: PathBuf,
        /// What it is.
        what: &'static str,
    },
    /// The file system refused.
    #[error("Could not write the file ({source}). Check the folder exists and you may write to it: {path}")]
    Write {
        /// The file asked for.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The files of one database that no export may replace.
#[derive(Clone, Debug)]
pub struct OwnFiles {
    database: PathBuf,
}

const WORKING_SUFFIXES: [&str; 3] = ["-wal", "-shm", "-journal"];

impl OwnFiles {
    /// The files of the database at `database`.
    pub fn of(database: &Path) -> Self {
        Self {
            database: database.to_path_buf(),
        }
    }

    /// Refuses `target` if writing it would replace one of the database's files.
    pub fn check(&self, target: &Path) -> Result<(), FileError> {
        let refuse = |what| {
            Err(FileError::OwnFile {
                path: target.to_path_buf(),
                what,
            })
        };
        let Some(resolved) = resolve(target) else {
            return Ok(());
        };
        let database = resolve(&self.database).unwrap_or_else(|| self.database.clone());
        if resolved == database {
            return refuse("the database Critical Friend is using");
        }
        if WORKING_SUFFIXES
            .iter()
            .any(|suffix| resolved == sidecar(&database, suffix))
        {
            return refuse("one of the database's working files");
        }
        let backups = backup::folder_for(&database);
        let backups = resolve(&backups).unwrap_or(backups);
        if resolved.parent() == Some(backups.as_path()) {
            return refuse("in the database's backups folder");
        }
        if let Some(identity) = identity_of(target) {
            let mut own = vec![self.database.clone()];
            own.extend(WORKING_SUFFIXES.iter().map(|suffix| sidecar(&self.database, suffix)));
            if own.iter().any(|path| identity_of(path) == Some(identity)) {
                return refuse("the database Critical Friend is using (by another name)");
            }
            let in_backups = fs::read_dir(&backups)
                .into_iter()
                .flatten()
                .flatten()
                .any(|entry| identity_of(&entry.path()) == Some(identity));
            if in_backups {
                return refuse("one of the database's backups (by another name)");
            }
        }
        Ok(())
    }

    /// Checks `target`, then writes `bytes` to it atomically.
    pub fn write(&self, target: &Path, bytes: &[u8]) -> Result<(), FileError> {
        self.check(target)?;
        files::write_atomically(target, bytes).map_err(|source| FileError::Write {
            path: target.to_path_buf(),
            source,
        })
    }
}

/// The path with every link and `..` resolved: the file itself if it
/// exists, else its folder resolved with the name added. `None` when not
/// even the folder exists (then nothing can be written there anyway).
fn resolve(path: &Path) -> Option<PathBuf> {
    if let Ok(resolved) = fs::canonicalize(path) {
        return Some(resolved);
    }
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    fs::canonicalize(folder).ok().map(|folder| folder.join(name))
}

/// The (device, file) pair that identifies a file however it is reached.
#[cfg(unix)]
fn identity_of(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|metadata| (metadata.dev(), metadata.ino()))
}

/// Without file identities, resolved paths are the only comparison.
#[cfg(not(unix))]
fn identity_of(_path: &Path) -> Option<(u64, u64)> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_its_working_files_and_backups_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = dir.path().join("cf.sqlite");
        fs::write(&database, b"db").expect("write");
        let own = OwnFiles::of(&database);
        assert!(own.check(&database).is_err());
        assert!(own.check(&dir.path().join("cf.sqlite-wal")).is_err());
        assert!(own.check(&dir.path().join("./cf.sqlite-journal")).is_err());
        let backups = dir.path().join("backups");
        fs::create_dir_all(&backups).expect("backups folder");
        assert!(own.check(&dir.path().join("backups/../cf.sqlite")).is_err());
        assert!(own.check(&backups.join("anything.pdf")).is_err());
        assert!(own.check(&dir.path().join("pack.pdf")).is_ok());
        assert!(own.write(&database, b"pack").is_err());
        assert_eq!(fs::read(&database).expect("read"), b"db");
    }

    #[cfg(unix)]
    #[test]
    fn links_to_the_database_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = dir.path().join("cf.sqlite");
        fs::write(&database, b"db").expect("write");
        let own = OwnFiles::of(&database);
        let hard = dir.path().join("hard.pdf");
        fs::hard_link(&database, &hard).expect("hard link");
        assert!(own.check(&hard).is_err());
        let soft = dir.path().join("soft.pdf");
        std::os::unix::fs::symlink(&database, &soft).expect("symlink");
        assert!(own.check(&soft).is_err());
    }
}
