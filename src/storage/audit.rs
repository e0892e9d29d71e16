//! The audit trail: recording each change (a sitting of typing as one), and reading the history back.

#[allow(clippy::wildcard_imports)]
use super::*;

pub(super) struct AuditChange<'a> {
    pub(super) item: Option<&'a str>,
    pub(super) target: Option<uuid::Uuid>,
    pub(super) field: AuditField,
    pub(super) old: Option<String>,
    pub(super) new: Option<String>,
}

/// A change to an entry to record: its target, field, and values before
/// and after.
pub(super) type Changed = (uuid::Uuid, AuditField, Option<String>, Option<String>);

impl Database {
    /// Changes one entry of assessment `id` (an action, a document, a
    /// request) in one transaction: `write` makes the change and says which
    /// entry it touched and what changed, and each change is recorded as
    /// `author`. An entry that is not there is an error naming `what`; a
    /// change that alters nothing writes nothing.
    pub(super) fn change_entry(
        &mut self,
        id: AssessmentId,
        what: &str,
        author: &Author,
        now: OffsetDateTime,
        write: impl FnOnce(&Connection, &str) -> rusqlite::Result<Option<(uuid::Uuid, Vec<Changed>)>>,
    ) -> Result<uuid::Uuid, StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        touch_assessment(&tx, &path, id, now)?;
        let Some((entry, changes)) = write(&tx, &id.to_string()).map_err(sql)? else {
            return Err(StorageError::BadValue {
                path: path.clone(),
                detail: format!("the {what} to change is not in assessment {id}"),
            });
        };
        if changes.is_empty() {
            // Nothing differs: the savepoint is dropped, and nothing is written.
            return Ok(entry);
        }
        for (target, field, old, new) in changes {
            let change = AuditChange {
                item: None,
                target: Some(target),
                field,
                old,
                new,
            };
            record(&tx, id, &change, author, now).map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(entry)
    }
}

pub(super) fn record(
    tx: &Connection,
    id: AssessmentId,
    change: &AuditChange<'_>,
    author: &Author,
    now: OffsetDateTime,
) -> rusqlite::Result<()> {
    let typing = change.field.is_typing(change.old.is_some() && change.new.is_some());
    if typing && extend_sitting(tx, id, change, author, now)? {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO audit (id, assessment_id, item_id, field, old_value, new_value, role, author, organisation, at,
                            target, shared)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 0)",
    )?
    .execute(params![
        uuid::Uuid::new_v4().to_string(),
        id.to_string(),
        change.item,
        change.field.key(),
        change.old,
        change.new,
        author.role.as_str(),
        author.name,
        author.organisation,
        now_text(now),
        change.target.map(|target| target.to_string()),
    ])?;
    Ok(())
}

/// Extends the field's last recorded change with this save when both are
/// one sitting of typing: the same person, within [`crate::domain::audit::SITTING_GAP`],
/// carrying on from the text that change left, and that change never shared
/// with another copy. The change keeps its text before and takes the new
/// text and time; if the text is back where it started, the change is
/// dropped. Returns whether the save was recorded this way.
pub(super) fn extend_sitting(
    tx: &Connection,
    id: AssessmentId,
    change: &AuditChange<'_>,
    author: &Author,
    now: OffsetDateTime,
) -> rusqlite::Result<bool> {
    let last = tx
        .prepare_cached(
            "SELECT id, old_value, new_value, role, author, organisation, at, shared FROM audit
             WHERE assessment_id = ?1 AND item_id IS ?2 AND field = ?3 AND target IS ?4
             ORDER BY at DESC, rowid DESC LIMIT 1",
        )?
        .query_row(
            params![
                id.to_string(),
                change.item,
                change.field.key(),
                change.target.map(|target| target.to_string())
            ],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    (
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                    ),
                    row.get::<_, String>(6)?,
                    row.get::<_, bool>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((change_id, before, after, (role, name, organisation), at, shared)) = last else {
        return Ok(false);
    };
    let same_person = role == author.role.as_str() && name == author.name && organisation == author.organisation;
    let recent =
        OffsetDateTime::parse(&at, &Rfc3339).is_ok_and(|at| at <= now && now - at <= crate::domain::audit::SITTING_GAP);
    let was_typing = change.field.is_typing(before.is_some() && after.is_some());
    if shared || !was_typing || !same_person || !recent || after != change.old {
        return Ok(false);
    }
    if before == change.new {
        tx.prepare_cached("DELETE FROM audit WHERE id = ?1")?
            .execute([&change_id])?;
    } else {
        tx.prepare_cached("UPDATE audit SET new_value = ?2, at = ?3 WHERE id = ?1")?
            .execute(params![change_id, change.new, now_text(now)])?;
    }
    Ok(true)
}

impl Database {
    /// Marks every change to an assessment as shared, before they leave in
    /// an exchange file: from now on other copies know them by their ids, so
    /// they are never extended by later typing.
    pub fn share_changes(&mut self, id: AssessmentId) -> Result<(), StorageError> {
        self.conn
            .execute(
                "UPDATE audit SET shared = 1 WHERE assessment_id = ?1 AND shared = 0",
                [id.to_string()],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// The recorded changes to an assessment (or one of its items), oldest first.
    pub fn history(&self, id: AssessmentId, item: Option<&ItemId>) -> Result<Vec<AuditEntry>, StorageError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT item_id, field, old_value, new_value, role, author, organisation, at, id, target FROM audit
                 WHERE assessment_id = ?1 AND (?2 IS NULL OR item_id = ?2) ORDER BY at, rowid",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(params![id.to_string(), item.map(ItemId::as_str)], |row| {
                Ok((
                    (
                        row.get::<_, Option<String>>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, Option<String>>(3)?,
                    ),
                    (
                        row.get::<_, String>(4)?,
                        row.get::<_, String>(5)?,
                        row.get::<_, String>(6)?,
                    ),
                    row.get::<_, String>(7)?,
                    row.get::<_, String>(8)?,
                    row.get::<_, Option<String>>(9)?,
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut entries = Vec::new();
        for row in rows {
            let ((item, field, old_value, new_value), (role, name, organisation), at, change_id, target) =
                row.map_err(|e| self.error(e))?;
            let role: Role = role.parse().map_err(|_| self.bad_value(format!("role “{role}”")))?;
            let field = field
                .parse::<AuditField>()
                .map_err(|error| self.bad_value(error.to_string()))?;
            entries.push(AuditEntry {
                id: self.parse_uuid(&change_id)?,
                item: item.map(ItemId::new),
                target: target.map(|text| self.parse_uuid(&text)).transpose()?,
                field,
                old_value,
                new_value,
                author: Author {
                    role,
                    name,
                    organisation,
                },
                at: self.parse_time(&at)?,
            });
        }
        Ok(entries)
    }
}

impl AuditChange<'_> {
    /// The self fields were locked (`true`) or unlocked.
    pub(super) fn lock(locked: bool) -> Self {
        Self {
            item: None,
            target: None,
            field: AuditField::SelfLocked,
            old: Some((!locked).to_string()),
            new: Some(locked.to_string()),
        }
    }
}
