//! Whole assessments: storing a new one, and deleting one. Every other
//! change to an assessment is written by [`super::state`] through the
//! service's one gate.

use time::OffsetDateTime;

use super::{Database, StorageError, read::exists};
use crate::domain::{Assessment, AssessmentId};

impl Database {
    /// Stores a new assessment whole, in one transaction; refuses an id
    /// already stored.
    pub fn create(&mut self, assessment: &Assessment) -> Result<(), StorageError> {
        self.atomically(|database| database.insert_new(assessment, assessment.updated_at))
    }

    /// Stores a new assessment whole, inside the caller's transaction.
    pub(crate) fn insert_new(&self, assessment: &Assessment, now: OffsetDateTime) -> Result<(), StorageError> {
        if exists(&self.conn, assessment.id).map_err(|e| self.error(e))? {
            return Err(StorageError::AlreadyExists(assessment.id));
        }
        self.persist(None, assessment, now)
    }

    /// Deletes an assessment and its answers. Callers confirm with the user first.
    pub fn delete(&mut self, id: AssessmentId) -> Result<(), StorageError> {
        let changed = self
            .conn
            .execute("DELETE FROM assessment WHERE id = ?1", [id])
            .map_err(|e| self.error(e))?;
        if changed == 0 {
            return Err(StorageError::NotFound(id));
        }
        Ok(())
    }
}
