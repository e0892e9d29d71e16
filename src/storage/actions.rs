//! Reading the action plan: each action, its measure's values and its
//! progress notes, in order.
//! Writing it is [`super::state`]'s, like every other content.

use std::collections::HashMap;

use super::{
    Database, StorageError,
    types::{Day, Id},
};
use crate::domain::{Action, ActionSource, AssessmentId, Progress, Quarter, Rag, change::ActionPart};

impl Database {
    /// An assessment's action plan, in order, each action's notes oldest first.
    pub(super) fn actions(&self, id: AssessmentId) -> Result<Vec<Action>, StorageError> {
        let texts: Vec<ActionPart> = ActionPart::texts().collect();
        let columns: Vec<&str> = texts.iter().map(|part| part.name()).collect();
        let sql = format!(
            "SELECT id, text, source, due, status, {} FROM action WHERE assessment_id = ?1 ORDER BY position",
            columns.join(", ")
        );
        let mut actions = self
            .rows_of(&sql, id, |row| {
                let mut action = Action::new(row.get::<_, Id>(0)?.0, &row.get::<_, String>(1)?);
                action.due = row.get::<_, Day>(3)?.0;
                action.status = row.get::<_, Rag>(4)?;
                for (at, part) in (5..).zip(&texts) {
                    if let Some(line) = action.text_part_mut(*part) {
                        *line = row.get(at)?;
                    }
                }
                Ok((action, row.get::<_, String>(2)?))
            })?
            .into_iter()
            .map(|(mut action, source)| {
                action.source =
                    ActionSource::parse(&source).ok_or_else(|| self.bad_value(format!("action source “{source}”")))?;
                Ok(action)
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        let notes = self.rows_of(
            "SELECT id, action_id, on_date, text, author FROM action_progress WHERE assessment_id = ?1
             ORDER BY action_id, position",
            id,
            |row| {
                Ok((
                    row.get::<_, Id>(1)?.0,
                    row.get::<_, Day>(2)?.0,
                    Progress {
                        id: row.get::<_, Id>(0)?.0,
                        on: time::Date::MIN,
                        text: row.get(3)?,
                        by: row.get(4)?,
                    },
                ))
            },
        )?;
        let at: HashMap<uuid::Uuid, usize> = actions.iter().enumerate().map(|(index, a)| (a.id, index)).collect();
        let values = self.rows_of(
            "SELECT action_id, quarter, value FROM action_value WHERE assessment_id = ?1",
            id,
            |row| {
                Ok((
                    row.get::<_, Id>(0)?.0,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            },
        )?;
        for (action, quarter, value) in values {
            let quarter = Quarter::parse_key(&quarter)
                .ok_or_else(|| self.bad_value(format!("a measure's value in the quarter “{quarter}”")))?;
            let index = at
                .get(&action)
                .ok_or_else(|| self.bad_value(format!("a measure's value of a missing action {action}")))?;
            actions[*index].values.insert(quarter, value);
        }
        for (action, on, mut note) in notes {
            note.on = on.ok_or_else(|| self.bad_value("a progress note without its date"))?;
            let index = at
                .get(&action)
                .ok_or_else(|| self.bad_value(format!("a progress note of a missing action {action}")))?;
            actions[*index].progress.push(note);
        }
        Ok(actions)
    }
}
