//! The action plan and the progress review, through the gate: each change
//! to the plan described, checked by the domain's rules and stored with its
//! history; a progress review started only from a Final assessment.

use uuid::Uuid;

use super::{ServiceError, Session};
use crate::domain::{
    ActionOp, Assessment, AssessmentDetails, AssessmentId, EntryKind, Refused, Subject, Write, action_plan::carried,
    change::EntryField,
};

impl Session {
    /// Changes the action plan; returns the action's id (the new one's, for
    /// an addition). Texts and the owner are stored trimmed.
    pub fn change_action(&mut self, id: AssessmentId, op: &ActionOp) -> Result<Uuid, ServiceError> {
        let ids = self.change_actions(id, std::slice::from_ref(op))?;
        Ok(ids.first().copied().unwrap_or_default())
    }

    /// Makes several changes to the action plan, all or none (an update
    /// that sets a status and adds a note); returns each change's action.
    pub fn change_actions(&mut self, id: AssessmentId, ops: &[ActionOp]) -> Result<Vec<Uuid>, ServiceError> {
        let ops: Vec<ActionOp> = ops.iter().map(trimmed).collect();
        let writes: Vec<Write<'_>> = ops.iter().map(Write::Action).collect();
        let before = self.load(id)?;
        self.commit(id, &writes, |_, _| Ok(()))?;
        Ok(ops.iter().map(|op| action_of(&before, op)).collect())
    }

    /// "Start the action plan from the report": one action per area for
    /// consideration that has none yet, all or none. Returns the new
    /// actions' ids, in the report's order.
    pub fn plan_from_findings(&mut self, id: AssessmentId) -> Result<Vec<Uuid>, ServiceError> {
        let made = self.commit_with(
            id,
            |current| Ok(current.actions_from_findings()),
            action_write,
            |_, _| Ok(()),
        )?;
        Ok(made
            .iter()
            .filter_map(|change| match change.subject {
                Subject::Entry(id, EntryField::Entry(EntryKind::Action)) if change.from.is_none() => Some(id),
                _ => None,
            })
            .collect())
    }

    /// Starts the progress review of a Final assessment: the next
    /// assessment for the same council, for `period`, linked to it, starting
    /// from its self-assessment answers and carrying its action plan.
    pub fn start_review(&mut self, from: AssessmentId, period: &str) -> Result<Assessment, ServiceError> {
        let period = period.trim();
        if period.is_empty() {
            return Err(
                Refused::Invalid("a progress review needs the period it covers, e.g. 2017/18".to_owned()).into(),
            );
        }
        self.make_version(from, Write::StartReview, |baseline, now| {
            let details = AssessmentDetails {
                period: period.to_owned(),
                ..baseline.details.clone()
            };
            let mut review = baseline.duplicate(details, now);
            review.baseline = Some(baseline.id);
            review.actions = carried(&baseline.actions, |_| None);
            review
        })
    }
}

fn action_write(op: &ActionOp) -> Write<'_> {
    Write::Action(op)
}

/// The action an op is about (the note's action, for a note).
fn action_of(before: &Assessment, op: &ActionOp) -> Uuid {
    match op {
        ActionOp::Add { id, .. } => *id,
        ActionOp::EditNote { note, .. } | ActionOp::RemoveNote { note } => before
            .actions
            .iter()
            .find(|a| a.progress.iter().any(|n| n.id == *note))
            .map(|a| a.id)
            .unwrap_or_default(),
        other => other.action().unwrap_or_default(),
    }
}

fn trimmed(op: &ActionOp) -> ActionOp {
    let trim = |text: &String| text.trim().to_owned();
    match op {
        ActionOp::Add {
            id,
            text,
            source,
            owner,
            due,
        } => ActionOp::Add {
            id: *id,
            text: trim(text),
            source: source.clone(),
            owner: trim(owner),
            due: *due,
        },
        ActionOp::Text { id, text } => ActionOp::Text {
            id: *id,
            text: trim(text),
        },
        ActionOp::Owner { id, owner } => ActionOp::Owner {
            id: *id,
            owner: trim(owner),
        },
        ActionOp::Progress { id, on, text } => ActionOp::Progress {
            id: *id,
            on: *on,
            text: trim(text),
        },
        ActionOp::EditNote { note, on, text } => ActionOp::EditNote {
            note: *note,
            on: *on,
            text: trim(text),
        },
        other => other.clone(),
    }
}
