//! The evidence in SQLite: the register of documents and the requests,
//! read with the assessment, written whole with it, and changed one at a
//! time with every change recorded; and attached files, stored once each by
//! their SHA-256, streamed in and out in pieces (never held whole in
//! memory), checked against their digest whenever they are read.

use std::io::{Read, Write};

use rusqlite::{MAIN_DB, OptionalExtension};
use sha2::{Digest, Sha256};

use rusqlite::params;
use time::OffsetDateTime;

use super::{
    Database, StorageError,
    open::sidecar,
    read::now_text,
    types::{Day, Id},
};
use crate::domain::{
    AssessmentId,
    evidence::{Answer, Attached, Document, Particulars, Request, parse_items},
};

/// How much of a file is read at a time.
const CHUNK: usize = 64 * 1024;

impl Database {
    /// An assessment's register, in order.
    pub(super) fn documents(&self, id: AssessmentId) -> Result<Vec<Document>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, title, particulars, items, file, considered FROM document WHERE assessment_id = ?1
             ORDER BY position",
            id,
            |row| {
                Ok((
                    row.get::<_, Id>(0)?.0,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, bool>(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(document, title, particulars, items, file, considered)| {
                Ok(Document {
                    id: document,
                    title,
                    particulars: Particulars::parse(&particulars)
                        .ok_or_else(|| self.bad_value(format!("document particulars “{particulars}”")))?,
                    items: parse_items(&items),
                    file: if file.is_empty() {
                        None
                    } else {
                        Some(Attached::parse(&file).ok_or_else(|| self.bad_value(format!("attached file “{file}”")))?)
                    },
                    considered,
                })
            })
            .collect()
    }

    /// An assessment's requests, in order.
    pub(super) fn requests(&self, id: AssessmentId) -> Result<Vec<Request>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, text, items, asked_by, asked_on, answer FROM request WHERE assessment_id = ?1
             ORDER BY position",
            id,
            |row| {
                Ok((
                    row.get::<_, Id>(0)?.0,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Day>(4)?.0,
                    row.get::<_, String>(5)?,
                ))
            },
        )?;
        rows.into_iter()
            .map(|(request, text, items, asked_by, asked_on, answer)| {
                Ok(Request {
                    id: request,
                    text,
                    items: parse_items(&items),
                    asked_by,
                    asked_on: asked_on.ok_or_else(|| self.bad_value("a request without the day it was asked"))?,
                    answer: if answer.is_empty() {
                        None
                    } else {
                        Some(Answer::parse(&answer).ok_or_else(|| self.bad_value(format!("answer “{answer}”")))?)
                    },
                })
            })
            .collect()
    }

    /// Whether the file with this digest is stored.
    pub fn has_attachment(&self, sha256: &str) -> Result<bool, StorageError> {
        self.conn
            .query_row("SELECT count(*) FROM attachment WHERE sha256 = ?1", [sha256], |row| {
                row.get::<_, i64>(0)
            })
            .map(|count| count > 0)
            .map_err(|e| self.error(e))
    }

    /// Stores the bytes `from` gives as the attachment `expected` describes,
    /// unless a file with that digest is already stored. The bytes are
    /// streamed into the database in pieces and checked against the digest
    /// and size as they go; if they do not match (the file changed since it
    /// was read), nothing is stored. Returns whether it was stored now
    /// (`false`: it was there already, perhaps put there by another process).
    pub fn store_attachment(
        &mut self,
        from: &mut dyn Read,
        expected: &Attached,
        now: OffsetDateTime,
    ) -> Result<bool, StorageError> {
        if self.has_attachment(&expected.sha256)? {
            return Ok(false);
        }
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        let size = i64::try_from(expected.size).map_err(|_| StorageError::BadValue {
            path: path.clone(),
            detail: "an attachment larger than SQLite can hold".to_owned(),
        })?;
        tx.execute(
            "INSERT INTO attachment (sha256, size, data, added_at) VALUES (?1, ?2, zeroblob(?2), ?3)",
            params![expected.sha256, size, now_text(now)],
        )
        .map_err(sql)?;
        let row = tx.last_insert_rowid();
        let mut blob = tx.blob_open(MAIN_DB, c"attachment", c"data", row, false).map_err(sql)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0; CHUNK];
        let mut written: u64 = 0;
        let changed = || StorageError::AttachmentMismatch {
            name: expected.name.clone(),
        };
        loop {
            let read = from.read(&mut buffer).map_err(|_| changed())?;
            if read == 0 {
                break;
            }
            written += read as u64;
            if written > expected.size {
                return Err(changed());
            }
            hasher.update(&buffer[..read]);
            blob.write_all(&buffer[..read]).map_err(|_| changed())?;
        }
        drop(blob);
        if written != expected.size || format!("{:x}", hasher.finalize()) != expected.sha256 {
            return Err(changed());
        }
        tx.commit().map_err(sql)?;
        Ok(true)
    }

    /// Streams the stored file with this digest into `to`, checking it
    /// against the digest; a file whose bytes no longer match is reported
    /// as damaged (what was written to `to` must then be thrown away).
    pub fn read_attachment(&self, file: &Attached, to: &mut dyn Write) -> Result<u64, StorageError> {
        let row: Option<i64> = self
            .conn
            .query_row(
                "SELECT rowid FROM attachment WHERE sha256 = ?1",
                [&file.sha256],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.error(e))?;
        let damaged = |what: &str| StorageError::BadValue {
            path: self.path.clone(),
            detail: format!("the attached file “{}” is {what}", file.name),
        };
        let row = row.ok_or_else(|| StorageError::AttachmentNotHere {
            name: file.name.clone(),
        })?;
        let mut blob = self
            .conn
            .blob_open(MAIN_DB, c"attachment", c"data", row, true)
            .map_err(|e| self.error(e))?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0; CHUNK];
        let mut total: u64 = 0;
        loop {
            let read = blob.read(&mut buffer).map_err(|_| damaged("unreadable"))?;
            if read == 0 {
                break;
            }
            hasher.update(&buffer[..read]);
            to.write_all(&buffer[..read])
                .map_err(|source| StorageError::AttachmentNotWritten {
                    name: file.name.clone(),
                    source,
                })?;
            total += read as u64;
        }
        if total != file.size || format!("{:x}", hasher.finalize()) != file.sha256 {
            return Err(damaged("damaged: its bytes no longer match their SHA-256"));
        }
        Ok(total)
    }

    /// The database file's size in bytes, with its write-ahead log.
    pub fn size_on_disk(&self) -> u64 {
        let size = |path: &std::path::Path| std::fs::metadata(path).map_or(0, |m| m.len());
        size(&self.path) + size(&sidecar(&self.path, "-wal"))
    }
}
