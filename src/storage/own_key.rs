//! The key of the person who works in this database: created on first use,
//! kept in the database (so under its passphrase in the `encryption` build,
//! and readable by its owner only, as the database is), never exported and
//! never shown. A copy of the database signs as the same person.

use rusqlite::OptionalExtension;
use time::OffsetDateTime;

use super::{Database, StorageError, types::Moment};
use crate::domain::signing::Signer;

impl Database {
    /// This database's own key: the one it holds, or a new one made and
    /// stored now. `None` when there is none and the database cannot be
    /// written (opened read-only): nothing will be signed, as nothing can
    /// be changed.
    pub fn own_signer(&mut self) -> Result<Option<Signer>, StorageError> {
        if let Some(signer) = self.stored_signer()? {
            return Ok(Some(signer));
        }
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            return Ok(None);
        }
        let signer = Signer::generate().map_err(|error| StorageError::NoKey {
            path: self.path.clone(),
            detail: error.to_string(),
        })?;
        let secret = signer.secret();
        let stored = self.conn.execute(
            "INSERT OR IGNORE INTO own_key (id, secret, created_at) VALUES (1, ?1, ?2)",
            rusqlite::params![secret.as_slice(), Moment(OffsetDateTime::now_utc())],
        );
        match stored {
            // Another window may have made one first: that one is ours.
            Ok(_) => Ok(self.stored_signer()?.or(Some(signer))),
            Err(error) if is_read_only(&error) => Ok(None),
            Err(error) => Err(self.error(error)),
        }
    }

    fn stored_signer(&self) -> Result<Option<Signer>, StorageError> {
        let secret: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT secret FROM own_key WHERE id = 1", [], |row| row.get(0))
            .optional()
            .map_err(|e| self.error(e))?;
        secret
            .map(|bytes| {
                <[u8; 32]>::try_from(bytes.as_slice())
                    .map(|secret| Signer::from_secret(&secret))
                    .map_err(|_| self.bad_value("this database's own key is damaged".to_owned()))
            })
            .transpose()
    }
}

fn is_read_only(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::PermissionDenied)
    )
}
