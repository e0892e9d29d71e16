//! The history: every change recorded as it is made (a sitting of typing
//! as one), the changes a merge brings in, which of them a copy declined,
//! reading it all back, and the stored merge reports.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{
    Database, StorageError,
    types::{Id, Moment},
};
use crate::domain::{
    AssessmentId, Author, Change, ItemId, Role, Subject, change::SITTING_GAP, merge::MergeReport, signing::Signer,
};

/// Records `change` to assessment `id`, inside the caller's transaction.
/// Typing extends the field's last change when both are one sitting; the
/// change so extended is signed again by `signer`, whose it is.
pub(super) fn record(
    conn: &Connection,
    id: AssessmentId,
    change: &Change,
    signer: Option<&Signer>,
) -> rusqlite::Result<()> {
    let typing = change.subject.is_typing(change.from.is_some() && change.to.is_some());
    if typing && extend_sitting(conn, id, change, signer)? {
        return Ok(());
    }
    insert(conn, id, change, false)
}

fn insert(conn: &Connection, id: AssessmentId, change: &Change, shared: bool) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (id, assessment_id, item_id, field, old_value, new_value, role, author, organisation, at,
                            target, shared, declined, author_key, signature)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        Id(change.id),
        id,
        change.subject.item(),
        change.subject.key(),
        change.from,
        change.to,
        change.author.role,
        change.author.name,
        change.author.organisation,
        Moment(change.at),
        change.subject.target().map(Id),
        shared,
        change.declined,
        change.author.key,
        change.signature,
    ])?;
    Ok(())
}

/// Extends the field's last recorded change with this save when both are
/// one sitting of typing: the same person, within [`SITTING_GAP`], carrying
/// on from the text that change left, and that change never shared with
/// another copy. The change keeps its text before and takes the new text
/// and time; if the text is back where it started, the change is dropped.
/// Returns whether the save was recorded this way.
fn extend_sitting(
    conn: &Connection,
    id: AssessmentId,
    change: &Change,
    signer: Option<&Signer>,
) -> rusqlite::Result<bool> {
    let last = conn
        .prepare_cached(
            "SELECT id, old_value, new_value, role, author, organisation, at, shared, author_key FROM audit
             WHERE assessment_id = ?1 AND item_id IS ?2 AND field = ?3 AND target IS ?4
             ORDER BY at DESC, rowid DESC LIMIT 1",
        )?
        .query_row(
            params![
                id,
                change.subject.item(),
                change.subject.key(),
                change.subject.target().map(Id)
            ],
            |row| {
                Ok((
                    row.get::<_, Id>(0)?,
                    (row.get::<_, Option<String>>(1)?, row.get::<_, Option<String>>(2)?),
                    Author {
                        role: row.get(3)?,
                        name: row.get(4)?,
                        organisation: row.get(5)?,
                        key: row.get(8)?,
                    },
                    row.get::<_, Moment>(6)?.0,
                    row.get::<_, bool>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((last_id, (before, after), author, at, shared)) = last else {
        return Ok(false);
    };
    let recent = at <= change.at && change.at - at <= SITTING_GAP;
    let was_typing = change.subject.is_typing(before.is_some() && after.is_some());
    if shared || !was_typing || author != change.author || !recent || after != change.from {
        return Ok(false);
    }
    if before == change.to {
        conn.prepare_cached("DELETE FROM audit WHERE id = ?1")?
            .execute([last_id])?;
        return Ok(true);
    }
    let mut extended = Change {
        id: last_id.0,
        from: before,
        signature: None,
        ..change.clone()
    };
    if let Some(key) = extended.author.key {
        match signer.filter(|signer| signer.public() == key) {
            Some(signer) => signer.sign(id, &mut extended),
            // Only its author can sign it again.
            None => return Ok(false),
        }
    }
    conn.prepare_cached("UPDATE audit SET new_value = ?2, at = ?3, signature = ?4 WHERE id = ?1")?
        .execute(params![last_id, change.to, Moment(change.at), extended.signature])?;
    Ok(true)
}

impl Database {
    /// Records changes made here, inside the caller's transaction; `signer`
    /// signs again a change that a sitting of typing extends.
    pub(crate) fn record(
        &self,
        id: AssessmentId,
        changes: &[Change],
        signer: Option<&Signer>,
    ) -> Result<(), StorageError> {
        for change in changes {
            record(&self.conn, id, change, signer).map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Adds changes that arrived from another copy, as they are, inside the
    /// caller's transaction; marks `declined` ones of ours that the merged
    /// copy no longer holds.
    pub(crate) fn take_in(&self, id: AssessmentId, arrived: &[Change], declined: &[Uuid]) -> Result<(), StorageError> {
        for change in arrived {
            insert(&self.conn, id, change, true).map_err(|e| self.error(e))?;
        }
        self.decline(id, declined)
    }

    /// Marks changes of assessment `id` as declined: its data does not hold them.
    pub(crate) fn decline(&self, id: AssessmentId, changes: &[Uuid]) -> Result<(), StorageError> {
        for change in changes {
            self.conn
                .prepare_cached("UPDATE audit SET declined = 1 WHERE assessment_id = ?1 AND id = ?2")
                .and_then(|mut statement| statement.execute(params![id, Id(*change)]))
                .map_err(|e| self.error(e))?;
        }
        Ok(())
    }

    /// Marks every change to an assessment as shared, before they leave in
    /// an exchange file: from now on other copies know them by their ids, so
    /// they are never extended by later typing.
    pub fn share_changes(&mut self, id: AssessmentId) -> Result<(), StorageError> {
        self.conn
            .execute(
                "UPDATE audit SET shared = 1 WHERE assessment_id = ?1 AND shared = 0",
                [id],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// The recorded changes to an assessment (or one of its items), oldest first.
    pub fn history(&self, id: AssessmentId, item: Option<&ItemId>) -> Result<Vec<Change>, StorageError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, item_id, target, field, old_value, new_value, role, author, organisation, at, declined,
                        author_key, signature
                 FROM audit WHERE assessment_id = ?1 AND (?2 IS NULL OR item_id = ?2) ORDER BY at, rowid",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(params![id, item], |row| {
                Ok((
                    row.get::<_, Id>(0)?.0,
                    (
                        row.get::<_, Option<ItemId>>(1)?,
                        row.get::<_, Option<Id>>(2)?,
                        row.get::<_, String>(3)?,
                    ),
                    (row.get::<_, Option<String>>(4)?, row.get::<_, Option<String>>(5)?),
                    Author {
                        role: row.get::<_, Role>(6)?,
                        name: row.get(7)?,
                        organisation: row.get(8)?,
                        key: row.get(11)?,
                    },
                    row.get::<_, Moment>(9)?.0,
                    (row.get::<_, bool>(10)?, row.get(12)?),
                ))
            })
            .map_err(|e| self.error(e))?;
        let mut changes = Vec::new();
        for row in rows {
            let (change_id, (item, target, field), (from, to), author, at, (declined, signature)) =
                row.map_err(|e| self.error(e))?;
            let subject = Subject::from_stored(change_id, item, target.map(|t| t.0), &field)
                .map_err(|error| self.bad_value(error.to_string()))?;
            changes.push(Change {
                id: change_id,
                subject,
                from,
                to,
                author,
                at,
                declined,
                signature,
            });
        }
        Ok(changes)
    }

    /// Stores a merge report, inside the caller's transaction.
    pub(crate) fn store_report(&self, id: AssessmentId, report: &MergeReport) -> Result<(), StorageError> {
        self.conn
            .execute(
                "INSERT INTO merge_report (id, assessment_id, at, role, author, organisation, source, report)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    Id(Uuid::new_v4()),
                    id,
                    Moment(report.at),
                    report.author.role,
                    report.author.name,
                    report.author.organisation,
                    report.source,
                    report.text(),
                ],
            )
            .map(drop)
            .map_err(|e| self.error(e))
    }

    /// The merge reports stored with an assessment, oldest first.
    pub fn merge_reports(&self, id: AssessmentId) -> Result<Vec<MergeReport>, StorageError> {
        self.rows_of(
            "SELECT at, role, author, organisation, source, report FROM merge_report
             WHERE assessment_id = ?1 ORDER BY at, rowid",
            id,
            |row| {
                Ok(MergeReport {
                    at: row.get::<_, Moment>(0)?.0,
                    author: Author {
                        role: row.get(1)?,
                        name: row.get(2)?,
                        organisation: row.get(3)?,
                        key: None,
                    },
                    source: row.get(4)?,
                    lines: row.get::<_, String>(5)?.lines().map(str::to_owned).collect(),
                })
            },
        )
    }
}
