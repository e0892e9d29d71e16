//! Whole assessments: creating, details, the workflow status and lock, reopening as a new version, deleting.

#[allow(clippy::wildcard_imports)]
use super::*;

/// Marks assessment `id` as changed at `now`, inside the caller's
/// transaction; an assessment that is not there is `NotFound`.
pub(super) fn touch_assessment(
    tx: &Connection,
    path: &Path,
    id: AssessmentId,
    now: OffsetDateTime,
) -> Result<(), StorageError> {
    let changed = tx
        .execute(
            "UPDATE assessment SET updated_at = ?2 WHERE id = ?1",
            params![id.to_string(), now_text(now)],
        )
        .map_err(|error| StorageError::from_sqlite(path, error))?;
    if changed == 1 {
        Ok(())
    } else {
        Err(StorageError::NotFound(id))
    }
}

impl Database {
    /// Stores a new assessment with all its answers, in one transaction.
    pub fn create(&mut self, assessment: &Assessment) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        if exists(&tx, assessment.id).map_err(sql)? {
            return Err(StorageError::AlreadyExists(assessment.id));
        }
        insert_assessment(&tx, assessment).map_err(sql)?;
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
        let tx = self.conn.savepoint().map_err(sql)?;
        let lock = current.self_locked || status == Status::Submitted;
        tx.execute(
            "UPDATE assessment SET status = ?2, self_locked = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.to_string(), status.as_str(), lock, now_text(now)],
        )
        .map_err(sql)?;
        let change = AuditChange {
            item: None,
            target: None,
            field: AuditField::Status,
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
        self.set_self_lock(id, false, author, now)
    }

    /// Locks the self fields again after an unlock: recorded like the unlock.
    pub fn lock_self(&mut self, id: AssessmentId, author: &Author, now: OffsetDateTime) -> Result<(), StorageError> {
        self.set_self_lock(id, true, author, now)
    }

    /// Sets the self-assessment's lock, recording the change if it is one.
    fn set_self_lock(
        &mut self,
        id: AssessmentId,
        locked: bool,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        let changed = tx
            .execute(
                "UPDATE assessment SET self_locked = ?3, updated_at = ?2 WHERE id = ?1 AND self_locked = ?4",
                params![id.to_string(), now_text(now), locked, !locked],
            )
            .map_err(sql)?;
        if changed == 1 {
            record(&tx, id, &AuditChange::lock(locked), author, now).map_err(sql)?;
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
        let tx = self.conn.savepoint().map_err(sql)?;
        if exists(&tx, next.id).map_err(sql)? {
            return Err(StorageError::AlreadyExists(next.id));
        }
        insert_assessment(&tx, next).map_err(sql)?;
        tx.execute(
            "UPDATE assessment SET superseded_by = ?2, updated_at = ?3 WHERE id = ?1",
            params![old.to_string(), next.id.to_string(), now_text(now)],
        )
        .map_err(sql)?;
        for (on, field, value) in [
            (old, AuditField::SupersededBy, next.id),
            (next.id, AuditField::Supersedes, old),
        ] {
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
        let tx = self.conn.savepoint().map_err(sql)?;
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
            field: AuditField::Details,
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
