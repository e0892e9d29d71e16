//! The action plan and the progress review, through the gate: each change
//! to the plan checked by the domain's rules and stored with its history;
//! a progress review started only from a Final assessment.

use uuid::Uuid;

use super::{ServiceError, Session};
use crate::domain::{
    ActionOp, Assessment, AssessmentDetails, AssessmentId, Refused, Write, action_plan::carried, rules,
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
        let role = self.author.role;
        self.gated(
            id,
            |assessment, framework| {
                let mut step = assessment.clone();
                ops.iter().try_for_each(|op| {
                    rules::check(&step, framework, role, Write::Action(op))?;
                    step.apply_action(op, "");
                    Ok(())
                })
            },
            |database, _, author, now| {
                ops.iter()
                    .map(|op| database.change_action(id, op, author, now))
                    .collect()
            },
        )
    }

    /// "Start the action plan from the report": one action per area for
    /// consideration that has none yet, all or none. Returns the new
    /// actions' ids, in the report's order.
    pub fn plan_from_findings(&mut self, id: AssessmentId) -> Result<Vec<Uuid>, ServiceError> {
        let role = self.author.role;
        self.gated(
            id,
            |assessment, framework| {
                assessment
                    .actions_from_findings()
                    .iter()
                    .try_for_each(|op| rules::check(assessment, framework, role, Write::Action(op)))
            },
            |database, current, author, now| {
                current
                    .actions_from_findings()
                    .iter()
                    .map(|op| database.change_action(id, op, author, now))
                    .collect()
            },
        )
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
        let role = self.author.role;
        self.gated(
            from,
            |assessment, framework| rules::check(assessment, framework, role, Write::StartReview),
            |database, baseline, author, now| {
                let details = AssessmentDetails {
                    period: period.to_owned(),
                    ..baseline.details.clone()
                };
                let mut review = baseline.duplicate(details, now);
                review.baseline = Some(baseline.id);
                review.actions = carried(&baseline.actions, |_| None);
                database.start_review(&review, author, now)?;
                Ok(review)
            },
        )
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
        other => other.clone(),
    }
}

impl Session {
    /// Applies an edited action plan workbook to the plan it was exported
    /// from: changed wording, owners, dates and statuses; new rows as new
    /// actions; new lines in a quarter's cell as notes of progress (dated
    /// as they begin, else in that quarter). All or nothing; a backup is
    /// taken first. Actions missing from the sheet are left as they are.
    pub(crate) fn import_plan(
        &mut self,
        id: Option<AssessmentId>,
        rows: &[crate::exchange::workbook::plan::PlanRow],
    ) -> Result<AssessmentId, ServiceError> {
        let Some(id) = id.filter(|id| self.database.contains(*id).unwrap_or(false)) else {
            return Err(Refused::Invalid(
                "this action plan workbook updates the plan of the assessment it was exported from, which is not in this database; import that assessment first".to_owned(),
            )
            .into());
        };
        let existing = self.load(id)?;
        let today = self.now().date();
        let ops = plan_ops(&existing, rows, today);
        if !ops.is_empty() {
            self.database
                .back_up(crate::storage::backup::Reason::BeforeImport, self.now())?;
            self.change_actions(id, &ops)?;
        }
        Ok(id)
    }
}

/// The changes an edited plan sheet makes to `existing`'s plan.
fn plan_ops(
    existing: &Assessment,
    rows: &[crate::exchange::workbook::plan::PlanRow],
    today: time::Date,
) -> Vec<ActionOp> {
    use crate::domain::{
        Quarter, Rag,
        action_plan::{note_line, parse_note_line},
    };
    let current = Quarter::of(today);
    let default_day = |number: u8| {
        if number == current.number {
            return today;
        }
        let year = if number < current.number {
            current.year
        } else {
            current.year - 1
        };
        Quarter { year, number }.start().unwrap_or(today)
    };
    let mut ops = Vec::new();
    for row in rows {
        let action = row
            .id
            .and_then(|id| existing.actions.iter().find(|action| action.id == id));
        let id = if let Some(action) = action {
            if action.text != row.text {
                ops.push(ActionOp::Text {
                    id: action.id,
                    text: row.text.clone(),
                });
            }
            if action.owner != row.owner {
                ops.push(ActionOp::Owner {
                    id: action.id,
                    owner: row.owner.clone(),
                });
            }
            if action.due != row.due {
                ops.push(ActionOp::Due {
                    id: action.id,
                    due: row.due,
                });
            }
            action.id
        } else {
            let id = Uuid::new_v4();
            ops.push(ActionOp::Add {
                id,
                text: row.text.clone(),
                source: crate::domain::ActionSource::None,
                owner: row.owner.clone(),
                due: row.due,
            });
            id
        };
        let status_was = action.map_or(Rag::Red, |action| action.status);
        if row.status != status_was {
            ops.push(ActionOp::Status { id, status: row.status });
        }
        let known: Vec<String> = action
            .map(|action| action.progress.iter().map(note_line).collect())
            .unwrap_or_default();
        for (number, lines) in (1u8..).zip(&row.quarters) {
            for line in lines.iter().filter(|line| !known.contains(line)) {
                let (on, text) = parse_note_line(line, default_day(number));
                ops.push(ActionOp::Progress { id, on, text });
            }
        }
    }
    ops
}
