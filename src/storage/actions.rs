//! The action plan in SQLite: each action and its progress notes, read with
//! the assessment, written whole with it, and changed one at a time with
//! every change recorded.

#[allow(clippy::wildcard_imports)]
use super::{audit::Changed, *};
use crate::domain::{
    Action, ActionOp, ActionSource, Progress, Rag,
    action_plan::progress_value,
    challenge::{format_date, parse_date},
};

/// Inserts an assessment's action plan; the caller owns the transaction
/// and has cleared any earlier content.
pub(super) fn insert_plan(tx: &Connection, assessment: &Assessment) -> rusqlite::Result<()> {
    let mut insert_action = tx.prepare_cached(
        "INSERT INTO action (id, assessment_id, position, text, source, owner, due, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut insert_note = tx.prepare_cached(
        "INSERT INTO action_progress (id, assessment_id, action_id, position, on_date, text, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let key = assessment.id.to_string();
    for (position, action) in (1i64..).zip(&assessment.actions) {
        insert_action.execute(params![
            action.id.to_string(),
            key,
            position,
            action.text,
            action.source.key(),
            action.owner,
            format_date(action.due),
            action.status.as_str(),
        ])?;
        for (position, note) in (1i64..).zip(&action.progress) {
            insert_note.execute(params![
                note.id.to_string(),
                key,
                action.id.to_string(),
                position,
                format_date(Some(note.on)),
                note.text,
                note.by,
            ])?;
        }
    }
    Ok(())
}

/// Adds an action, Red, at the end of the plan; returns its id.
fn insert_action(
    tx: &Connection,
    key: &str,
    (action, text): (uuid::Uuid, &str),
    source: &ActionSource,
    owner: &str,
    due: Option<time::Date>,
) -> rusqlite::Result<uuid::Uuid> {
    tx.execute(
        "INSERT INTO action (id, assessment_id, position, text, source, owner, due, status)
         VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM action WHERE assessment_id = ?2),
                 ?3, ?4, ?5, ?6, 'red')",
        params![action.to_string(), key, text, source.key(), owner, format_date(due)],
    )?;
    Ok(action)
}

/// Adds a note of progress by `author` at the end of an action's notes;
/// returns its id.
fn insert_note(
    tx: &Connection,
    key: &str,
    action: uuid::Uuid,
    on: time::Date,
    text: &str,
    author: &Author,
) -> rusqlite::Result<uuid::Uuid> {
    let note = uuid::Uuid::new_v4();
    let by = if author.name.trim().is_empty() {
        "Unnamed"
    } else {
        author.name.trim()
    };
    tx.execute(
        "INSERT INTO action_progress (id, assessment_id, action_id, position, on_date, text, author)
         VALUES (?1, ?2, ?3,
                 (SELECT coalesce(max(position), 0) + 1 FROM action_progress
                  WHERE assessment_id = ?2 AND action_id = ?3),
                 ?4, ?5, ?6)",
        params![
            note.to_string(),
            key,
            action.to_string(),
            format_date(Some(on)),
            text,
            by
        ],
    )?;
    Ok(note)
}

/// One action's stored fields: text, source, owner, due and status.
type Stored = (String, String, String, String, String);

impl Database {
    /// An assessment's action plan, in order, each action's notes oldest first.
    pub(super) fn actions(&self, id: AssessmentId) -> Result<Vec<Action>, StorageError> {
        let rows = self.rows_of(
            "SELECT id, text, source, owner, due, status FROM action WHERE assessment_id = ?1 ORDER BY position",
            id,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    (row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?),
                ))
            },
        )?;
        let notes = self.rows_of(
            "SELECT id, action_id, on_date, text, author FROM action_progress WHERE assessment_id = ?1
             ORDER BY action_id, position",
            id,
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            },
        )?;
        let mut actions = rows
            .into_iter()
            .map(|(action_id, stored)| self.action(&action_id, stored))
            .collect::<Result<Vec<_>, _>>()?;
        for (note_id, action_id, on, text, by) in notes {
            let action_id = self.parse_uuid(&action_id)?;
            let on = parse_date(&on)
                .ok()
                .flatten()
                .ok_or_else(|| self.bad_value(format!("progress date “{on}”")))?;
            let note = Progress {
                id: self.parse_uuid(&note_id)?,
                on,
                text,
                by,
            };
            actions
                .iter_mut()
                .find(|action| action.id == action_id)
                .ok_or_else(|| self.bad_value(format!("a progress note of a missing action {action_id}")))?
                .progress
                .push(note);
        }
        Ok(actions)
    }

    fn action(&self, id: &str, (text, source, owner, due, status): Stored) -> Result<Action, StorageError> {
        Ok(Action {
            id: self.parse_uuid(id)?,
            text,
            source: ActionSource::parse(&source).ok_or_else(|| self.bad_value(format!("action source “{source}”")))?,
            owner,
            due: parse_date(&due).map_err(|_| self.bad_value(format!("due date “{due}”")))?,
            status: status
                .parse::<Rag>()
                .map_err(|_| self.bad_value(format!("action status “{status}”")))?,
            progress: Vec::new(),
        })
    }

    /// Changes the action plan and records each field changed; returns the
    /// action's id (the new one's, for an addition).
    pub fn change_action(
        &mut self,
        id: AssessmentId,
        op: &ActionOp,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<uuid::Uuid, StorageError> {
        self.change_entry(id, "action", author, now, |tx, key| write_op(tx, key, op, author))
    }
}

/// Writes one change to the plan of assessment `key`; returns the action
/// and the changes to record, or `None` if the action is not there.
fn write_op(
    tx: &Connection,
    key: &str,
    op: &ActionOp,
    author: &Author,
) -> rusqlite::Result<Option<(uuid::Uuid, Vec<Changed>)>> {
    let some = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    if let ActionOp::Add {
        id,
        text,
        source,
        owner,
        due,
    } = op
    {
        let action = insert_action(tx, key, (*id, text), source, owner, *due)?;
        let mut changes = vec![(action, AuditField::Action, None, Some(text.clone()))];
        if *source != ActionSource::None {
            changes.push((action, AuditField::ActionSource, None, Some(source.key())));
        }
        if !owner.is_empty() {
            changes.push((action, AuditField::ActionOwner, None, Some(owner.clone())));
        }
        if due.is_some() {
            changes.push((action, AuditField::ActionDue, None, some(&format_date(*due))));
        }
        return Ok(Some((action, changes)));
    }
    let Some(action) = op.action() else {
        return Ok(None);
    };
    let stored: Option<Stored> = tx
        .query_row(
            "SELECT text, source, owner, due, status FROM action WHERE id = ?1 AND assessment_id = ?2",
            params![action.to_string(), key],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
        )
        .optional()?;
    let Some((text_was, _, owner_was, due_was, status_was)) = stored else {
        return Ok(None);
    };
    let set = |column: &str, value: &str| {
        tx.execute(
            &format!("UPDATE action SET {column} = ?3 WHERE id = ?1 AND assessment_id = ?2"),
            params![action.to_string(), key, value],
        )
    };
    let change = match op {
        ActionOp::Text { text, .. } => {
            set("text", text)?;
            (action, AuditField::Action, Some(text_was), Some(text.clone()))
        }
        ActionOp::Owner { owner, .. } => {
            set("owner", owner)?;
            (action, AuditField::ActionOwner, Some(owner_was), Some(owner.clone()))
        }
        ActionOp::Due { due, .. } => {
            let new = format_date(*due);
            set("due", &new)?;
            (action, AuditField::ActionDue, some(&due_was), some(&new))
        }
        ActionOp::Status { status, .. } => {
            set("status", status.as_str())?;
            let new = Some(status.as_str().to_owned());
            (action, AuditField::ActionStatus, Some(status_was), new)
        }
        ActionOp::Progress { on, text, .. } => {
            let note = insert_note(tx, key, action, *on, text, author)?;
            (
                note,
                AuditField::Progress,
                None,
                Some(progress_value(action, *on, text)),
            )
        }
        ActionOp::Remove { .. } | ActionOp::Add { .. } => {
            tx.execute(
                "DELETE FROM action_progress WHERE assessment_id = ?1 AND action_id = ?2",
                params![key, action.to_string()],
            )?;
            tx.execute(
                "DELETE FROM action WHERE assessment_id = ?1 AND id = ?2",
                params![key, action.to_string()],
            )?;
            (action, AuditField::Action, Some(text_was), None)
        }
    };
    Ok(Some((action, vec![change])))
}

impl Database {
    /// Stores a progress review, new, and records the baseline it reviews.
    pub fn start_review(
        &mut self,
        review: &Assessment,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<(), StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        if exists(&tx, review.id).map_err(sql)? {
            return Err(StorageError::AlreadyExists(review.id));
        }
        insert_assessment(&tx, review).map_err(sql)?;
        let change = AuditChange {
            item: None,
            target: None,
            field: AuditField::Baseline,
            old: None,
            new: review.baseline.map(|id| id.to_string()),
        };
        record(&tx, review.id, &change, author, now).map_err(sql)?;
        tx.commit().map_err(sql)
    }
}
