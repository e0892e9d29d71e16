//! The frame of a peer challenge: scope questions and responses, the peer team, the days on site.

#[allow(clippy::wildcard_imports)]
use super::*;

/// What a challenge change wrote: the entry, the audit field, old and new
/// values; `None` when the entry to change does not exist.
pub(super) type Written = Option<(uuid::Uuid, AuditField, Option<String>, Option<String>)>;

pub(super) fn write_scope(tx: &Connection, key: &str, op: &ChallengeOp) -> rusqlite::Result<Written> {
    let current = |target: uuid::Uuid| -> rusqlite::Result<Option<(String, String)>> {
        tx.query_row(
            "SELECT question, response FROM scope_question WHERE assessment_id = ?1 AND id = ?2",
            params![key, target.to_string()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()
    };
    let update = |column: &str, target: uuid::Uuid, text: &str| {
        tx.execute(
            &format!("UPDATE scope_question SET {column} = ?3 WHERE assessment_id = ?1 AND id = ?2"),
            params![key, target.to_string(), text],
        )
    };
    Ok(match op {
        ChallengeOp::AddQuestion(text) => {
            let target = uuid::Uuid::new_v4();
            tx.execute(
                "INSERT INTO scope_question (id, assessment_id, position, question)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM scope_question WHERE assessment_id = ?2), ?3)",
                params![target.to_string(), key, text],
            )?;
            Some((target, AuditField::Scope, None, Some(text.clone())))
        }
        ChallengeOp::EditQuestion { id: target, text } => match current(*target)? {
            Some((old, _)) => {
                update("question", *target, text)?;
                Some((*target, AuditField::Scope, Some(old), Some(text.clone())))
            }
            None => None,
        },
        ChallengeOp::Respond { id: target, text } => match current(*target)? {
            Some((_, old)) => {
                update("response", *target, text)?;
                Some((*target, AuditField::ScopeResponse, Some(old), Some(text.clone())))
            }
            None => None,
        },
        ChallengeOp::RemoveQuestion(target) => match current(*target)? {
            Some((old, _)) => {
                tx.execute(
                    "DELETE FROM scope_question WHERE assessment_id = ?1 AND id = ?2",
                    params![key, target.to_string()],
                )?;
                Some((*target, AuditField::Scope, Some(old), None))
            }
            None => None,
        },
        _ => None,
    })
}

pub(super) fn write_team(tx: &Connection, key: &str, op: &ChallengeOp) -> rusqlite::Result<Written> {
    let current = |target: uuid::Uuid| -> rusqlite::Result<Option<TeamMember>> {
        tx.query_row(
            "SELECT name, role, organisation FROM team_member WHERE assessment_id = ?1 AND id = ?2",
            params![key, target.to_string()],
            |row| {
                Ok(TeamMember {
                    id: target,
                    name: row.get(0)?,
                    role: row.get(1)?,
                    organisation: row.get(2)?,
                })
            },
        )
        .optional()
    };
    Ok(match op {
        ChallengeOp::AddMember(added) => {
            let target = uuid::Uuid::new_v4();
            tx.execute(
                "INSERT INTO team_member (id, assessment_id, position, name, role, organisation)
                 VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM team_member WHERE assessment_id = ?2),
                         ?3, ?4, ?5)",
                params![target.to_string(), key, added.name, added.role, added.organisation],
            )?;
            Some((target, AuditField::Team, None, Some(added.describe())))
        }
        ChallengeOp::EditMember(edited) => match current(edited.id)? {
            Some(old) => {
                tx.execute(
                    "UPDATE team_member SET name = ?3, role = ?4, organisation = ?5 WHERE assessment_id = ?1 AND id = ?2",
                    params![key, edited.id.to_string(), edited.name, edited.role, edited.organisation],
                )?;
                Some((
                    edited.id,
                    AuditField::Team,
                    Some(old.describe()),
                    Some(edited.describe()),
                ))
            }
            None => None,
        },
        ChallengeOp::RemoveMember(target) => match current(*target)? {
            Some(old) => {
                tx.execute(
                    "DELETE FROM team_member WHERE assessment_id = ?1 AND id = ?2",
                    params![key, target.to_string()],
                )?;
                Some((*target, AuditField::Team, Some(old.describe()), None))
            }
            None => None,
        },
        _ => None,
    })
}

pub(super) fn write_visit(tx: &Connection, key: &str, visit: Visit) -> rusqlite::Result<Written> {
    let (start, end): (String, String) = tx.query_row(
        "SELECT visit_start, visit_end FROM assessment WHERE id = ?1",
        [key],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let old = Visit {
        start: crate::domain::challenge::parse_date(&start).ok().flatten(),
        end: crate::domain::challenge::parse_date(&end).ok().flatten(),
    };
    tx.execute(
        "UPDATE assessment SET visit_start = ?2, visit_end = ?3 WHERE id = ?1",
        params![
            key,
            crate::domain::challenge::format_date(visit.start),
            crate::domain::challenge::format_date(visit.end)
        ],
    )?;
    Ok(Some((
        uuid::Uuid::nil(),
        AuditField::Visit,
        Some(old.describe()),
        Some(visit.describe()),
    )))
}

impl Database {
    /// Changes the scope questions, the peer team or the visit dates in one
    /// transaction, recording the change. Returns the id of the question or
    /// member added or changed (nil for the visit).
    pub fn change_challenge(
        &mut self,
        id: AssessmentId,
        op: &ChallengeOp,
        author: &Author,
        now: OffsetDateTime,
    ) -> Result<uuid::Uuid, StorageError> {
        let path = self.path.clone();
        let sql = |error| StorageError::from_sqlite(&path, error);
        let tx = self.conn.savepoint().map_err(sql)?;
        touch_assessment(&tx, &path, id, now)?;
        let key = id.to_string();
        let written = match op {
            ChallengeOp::SetVisit(visit) => write_visit(&tx, &key, *visit),
            ChallengeOp::AddMember(_) | ChallengeOp::EditMember(_) | ChallengeOp::RemoveMember(_) => {
                write_team(&tx, &key, op)
            }
            _ => write_scope(&tx, &key, op),
        }
        .map_err(sql)?;
        let Some((target, field, old, new)) = written else {
            return Err(StorageError::BadValue {
                path: path.clone(),
                detail: format!("the {} entry to change is not in assessment {id}", op.subject()),
            });
        };
        let change = AuditChange {
            item: None,
            target: (!target.is_nil()).then_some(target),
            field,
            old,
            new,
        };
        record(&tx, id, &change, author, now).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(target)
    }
}
