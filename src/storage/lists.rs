//! The peer team's lists: findings and key messages.

#[allow(clippy::wildcard_imports)]
use super::*;

impl Database {
    /// Changes one of the peer team's lists in one transaction, recording
    /// the change. Returns the id of the entry added or changed.
    pub fn change_list(
        &mut self,
        id: AssessmentId,
        op: &ListOp,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<uuid::Uuid, StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        touch_assessment(&tx, &path, id, now)?;
        let entry = |entry_id: uuid::Uuid| -> Result<(String, i64, String), StorageError> {
            tx.query_row(
                "SELECT list, position, text FROM peer_entry WHERE id = ?1 AND assessment_id = ?2",
                params![entry_id.to_string(), id.to_string()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(sql)?
            .ok_or_else(|| StorageError::BadValue {
                path: path.clone(),
                detail: format!("there is no list entry {entry_id}"),
            })
        };
        let kind = |list: &str| -> Result<AuditField, StorageError> {
            list.parse::<ListKind>()
                .map(AuditField::List)
                .map_err(|_| StorageError::BadValue {
                    path: path.clone(),
                    detail: format!("list “{list}”"),
                })
        };
        let (entry_id, list, old, new) = match op {
            ListOp::Add { list, text } => {
                let entry_id = uuid::Uuid::new_v4();
                tx.execute(
                    "INSERT INTO peer_entry (id, assessment_id, list, position, text, created_at, updated_at)
                     VALUES (?1, ?2, ?3,
                             (SELECT coalesce(max(position), 0) + 1 FROM peer_entry WHERE assessment_id = ?2 AND list = ?3),
                             ?4, ?5, ?5)",
                    params![entry_id.to_string(), id.to_string(), list.key(), text, now_text(now)],
                )
                .map_err(sql)?;
                (entry_id, AuditField::List(*list), None, Some(text.clone()))
            }
            ListOp::Edit { id: entry_id, text } => {
                let (list, _, old) = entry(*entry_id)?;
                tx.execute(
                    "UPDATE peer_entry SET text = ?2, updated_at = ?3 WHERE id = ?1",
                    params![entry_id.to_string(), text, now_text(now)],
                )
                .map_err(sql)?;
                (*entry_id, kind(&list)?, Some(old), Some(text.clone()))
            }
            ListOp::Remove { id: entry_id } => {
                let (list, _, old) = entry(*entry_id)?;
                tx.execute("DELETE FROM peer_entry WHERE id = ?1", [entry_id.to_string()])
                    .map_err(sql)?;
                (*entry_id, kind(&list)?, Some(old), None)
            }
            ListOp::Move { id: entry_id, up } => {
                let (list, position, text) = entry(*entry_id)?;
                let neighbour: Option<(String, i64)> = tx
                    .query_row(
                        if *up {
                            "SELECT id, position FROM peer_entry WHERE assessment_id = ?1 AND list = ?2 AND position < ?3
                             ORDER BY position DESC LIMIT 1"
                        } else {
                            "SELECT id, position FROM peer_entry WHERE assessment_id = ?1 AND list = ?2 AND position > ?3
                             ORDER BY position LIMIT 1"
                        },
                        params![id.to_string(), list, position],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .optional()
                    .map_err(sql)?;
                if let Some((other, other_position)) = neighbour {
                    let swap = "UPDATE peer_entry SET position = ?2 WHERE id = ?1";
                    tx.execute(swap, params![entry_id.to_string(), other_position])
                        .map_err(sql)?;
                    tx.execute(swap, params![other, position]).map_err(sql)?;
                }
                let direction = if *up { "moved up" } else { "moved down" };
                (*entry_id, AuditField::Position, Some(text), Some(direction.to_owned()))
            }
        };
        let change = AuditChange {
            item: None,
            target: Some(entry_id),
            field: list,
            old,
            new,
        };
        record(&tx, id, &change, author, now).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(entry_id)
    }
}
