//! Answers: saving edits to items' scores and texts.

#[allow(clippy::wildcard_imports)]
use super::*;

/// The stored value of the field an edit writes, as audit text.
pub(super) fn current_value(tx: &Connection, id: AssessmentId, edit: &Edit) -> rusqlite::Result<Option<String>> {
    let column = edit.change.field().as_str();
    let statement = format!("SELECT CAST({column} AS TEXT) FROM answer WHERE assessment_id = ?1 AND item_id = ?2");
    let value: Option<Option<String>> = tx
        .prepare_cached(&statement)?
        .query_row(params![id.to_string(), edit.item.as_str()], |row| row.get(0))
        .optional()?;
    let value = value.flatten();
    // An answer that was never written reads as the empty default.
    Ok(match (value, &edit.change) {
        (None, Change::Basis(_) | Change::Notes(_) | Change::Challenge(_)) => Some(String::new()),
        (value, _) => value,
    })
}

pub(super) fn write_edit(tx: &Connection, id: AssessmentId, edit: &Edit, now: OffsetDateTime) -> rusqlite::Result<()> {
    let column = edit.change.field().as_str();
    let value: rusqlite::types::Value = match &edit.change {
        Change::Score(score) | Change::PeerScore(score) => {
            score.map_or(rusqlite::types::Value::Null, |s| i64::from(s.value()).into())
        }
        Change::Basis(text) | Change::Notes(text) | Change::Challenge(text) => text.clone().into(),
    };
    let statement = format!(
        "INSERT INTO answer (assessment_id, item_id, {column}, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (assessment_id, item_id) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at"
    );
    tx.prepare_cached(&statement)?
        .execute(params![id.to_string(), edit.item.as_str(), value, now_text(now)])?;
    Ok(())
}

impl Database {
    /// Saves answer edits in one transaction, recording each change that
    /// alters a value in the audit trail. Either all are stored or none.
    pub fn apply_edits(
        &mut self,
        id: AssessmentId,
        edits: &[Edit],
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        touch_assessment(&tx, &path, id, now)?;
        for edit in edits {
            let old = current_value(&tx, id, edit).map_err(sql)?;
            let new = edit.change.value_text();
            if old == new {
                continue;
            }
            write_edit(&tx, id, edit, now).map_err(sql)?;
            let change = AuditChange {
                item: Some(edit.item.as_str()),
                target: None,
                field: AuditField::Answer(edit.change.field()),
                old,
                new,
            };
            record(&tx, id, &change, author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }
}
