//! An edited action plan workbook, through the gate: every cell someone
//! edited becomes a change to the plan — wording, source, owner, due date,
//! status, a measure's target or quarter's value, a note added, corrected
//! or deleted, the order of the rows — or
//! the whole workbook is refused, naming the sheet, row and column. A cell
//! changed in Critical Friend since the workbook was exported, and edited
//! in it too, is a conflict, never an overwrite.

use std::collections::HashMap;

use time::Date;
use uuid::Uuid;

use super::{ServiceError, Session, import::ImportError};
use crate::{
    domain::{
        ActionOp, ActionSource, Assessment, AssessmentId, Framework, ListKind, Quarter, Refused, Write,
        action_plan::{Action, note_line, parse_note_line},
        change::ActionPart,
    },
    exchange::workbook::{
        WorkbookError,
        layout::{QuarterColumn, quarter_heading, value_heading},
        plan::{PlanCells, PlanRow, refused},
    },
    packs::{ActionRow, plan_section},
};

fn action_write(op: &ActionOp) -> Write<'_> {
    Write::Action(op)
}

impl Session {
    /// Applies an edited action plan workbook to the plan it was exported
    /// from, all or nothing, after a backup. Actions missing from the sheet
    /// are left as they are.
    pub(crate) fn import_plan(
        &mut self,
        id: Option<AssessmentId>,
        rows: &[PlanRow],
    ) -> Result<AssessmentId, ServiceError> {
        let Some(id) = id.filter(|id| self.database.contains(*id).unwrap_or(false)) else {
            return Err(Refused::Invalid(
                "this action plan workbook updates the plan of the assessment it was exported from, which is not in this database; import that assessment first".to_owned(),
            )
            .into());
        };
        let existing = self.load(id)?;
        let framework = self.framework_of(&existing)?.clone();
        let baseline = existing.baseline.and_then(|baseline| self.load(baseline).ok());
        let today = self.now().date();
        // Worked out first, so a refused workbook takes no backup.
        plan_ops(&existing, (&framework, baseline.as_ref()), rows, today).map_err(ImportError::from)?;
        self.database
            .back_up(crate::storage::backup::Reason::BeforeImport, self.now())?;
        self.commit_with(
            id,
            |current| {
                plan_ops(current, (&framework, baseline.as_ref()), rows, today)
                    .map_err(|error| ImportError::from(error).into())
            },
            action_write,
            |_, _| Ok(()),
        )?;
        Ok(id)
    }
}

/// A plan row's cells as the workbook would be written from `row` now,
/// its progress set out in the workbook's own `columns`.
fn cells_of(row: &ActionRow, columns: &[QuarterColumn]) -> PlanCells {
    let lines = |cell: &str| -> Vec<String> {
        cell.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    PlanCells {
        text: row.text.clone(),
        source: row.source.clone(),
        texts: row.texts.iter().cloned().collect(),
        due: crate::domain::challenge::parse_date(&row.due).ok().flatten(),
        status: row.status.label().to_owned(),
        quarters: columns
            .iter()
            .map(|column| {
                let held = row
                    .quarters
                    .iter()
                    .filter(|(quarter, _)| column.holds(*quarter))
                    .flat_map(|(_, cell)| lines(cell))
                    .collect();
                (*column, held)
            })
            .collect(),
        values: row.values.iter().cloned().collect(),
    }
}

/// The changes the edited rows make to `existing`'s plan, or why the
/// workbook is refused.
fn plan_ops(
    existing: &Assessment,
    (framework, baseline): (&Framework, Option<&Assessment>),
    rows: &[PlanRow],
    today: Date,
) -> Result<Vec<ActionOp>, WorkbookError> {
    let columns: Vec<QuarterColumn> = rows
        .first()
        .map(|row| row.cells.quarters.iter().map(|(column, _)| *column).collect())
        .unwrap_or_default();
    let now: HashMap<Uuid, PlanCells> = plan_section(framework, existing, baseline, today)
        .rows
        .iter()
        .map(|row| (row.id, cells_of(row, &columns)))
        .collect();
    let sources = Sources {
        existing,
        framework,
        baseline,
    };
    let mut ops = Vec::new();
    let mut added = Vec::new();
    for row in rows {
        let Some(id) = row.id else {
            added.extend(new_action(row, &sources, today)?);
            continue;
        };
        let (Some(action), Some(current)) = (existing.actions.iter().find(|a| a.id == id), now.get(&id)) else {
            return Err(refused(
                row.row,
                format!(
                    "column Action id holds {id}, which is not an action of this plan; leave the id as it was exported, and leave it empty on a new row"
                ),
            ));
        };
        ops.extend(edited(row, action, current, &sources, today)?);
    }
    ops.extend(moves(existing, rows));
    ops.extend(added);
    Ok(ops)
}

/// The findings, key messages and items an action can come from.
struct Sources<'a> {
    existing: &'a Assessment,
    framework: &'a Framework,
    baseline: Option<&'a Assessment>,
}

impl Sources<'_> {
    /// The source a Source cell names, for an action worded `text`: nothing,
    /// an item by its number, or a finding or key message by the words the
    /// plan prints for it.
    fn named(&self, cell: &str, text: &str, row: usize) -> Result<ActionSource, WorkbookError> {
        if cell.is_empty() {
            return Ok(ActionSource::None);
        }
        let number = cell.split_whitespace().next().unwrap_or_default();
        if self.framework.item(&crate::domain::ItemId::new(number)).is_some() {
            return Ok(ActionSource::Item(crate::domain::ItemId::new(number)));
        }
        let findings = std::iter::once(self.existing)
            .chain(self.baseline)
            .flat_map(|assessment| assessment.peer.entries.iter())
            .filter_map(|entry| match entry.list {
                ListKind::Areas(_) => Some(ActionSource::Area(entry.id)),
                ListKind::KeyMessages => Some(ActionSource::KeyMessage(entry.id)),
                _ => None,
            });
        let mut matching: Vec<ActionSource> = findings
            .filter(|source| {
                let probe = Action {
                    source: source.clone(),
                    ..Action::new(Uuid::nil(), text)
                };
                self.existing.action_source(self.framework, &probe, self.baseline) == cell
                    || self.existing.source_text(self.framework, source, self.baseline) == cell
            })
            .collect();
        matching.dedup();
        match matching.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(refused(
                row,
                format!(
                    "column Source: “{cell}” is not a finding, key message or item of this assessment; write an item's number (2.3), or copy a finding's words from the report"
                ),
            )),
            _ => Err(refused(
                row,
                format!(
                    "column Source: “{cell}” names more than one finding; copy the finding's words from the report"
                ),
            )),
        }
    }
}

/// The day a note typed without one reports on: today in the current
/// quarter; else the first day of the column's quarter, or — in an older
/// workbook whose columns do not say the year — of that quarter's most
/// recent passing.
fn default_day(column: QuarterColumn, today: Date) -> Date {
    let current = Quarter::of(today);
    let number = column.number;
    if let Some(year) = column.year {
        let quarter = Quarter { year, number };
        return if quarter == current {
            today
        } else {
            quarter.start().unwrap_or(today)
        };
    }
    if number == current.number {
        return today;
    }
    let year = if number < current.number {
        current.year
    } else {
        current.year - 1
    };
    Quarter { year, number }.start().unwrap_or(today)
}

/// A new row: a new action, its status if not Red, and its notes.
fn new_action(row: &PlanRow, sources: &Sources<'_>, today: Date) -> Result<Vec<ActionOp>, WorkbookError> {
    let id = Uuid::new_v4();
    let cells = &row.cells;
    let mut ops = vec![ActionOp::Add {
        id,
        text: cells.text.clone(),
        source: sources.named(&cells.source, &cells.text, row.row)?,
        owner: cells.text_part(ActionPart::OWNER).to_owned(),
        due: cells.due,
    }];
    for part in ActionPart::texts().filter(|part| *part != ActionPart::OWNER) {
        let text = cells.text_part(part);
        if !text.is_empty() {
            ops.push(ActionOp::Part {
                id,
                part,
                text: text.to_owned(),
            });
        }
    }
    let status = row.status()?;
    if status != crate::domain::Rag::Red {
        ops.push(ActionOp::Status { id, status });
    }
    for (column, lines) in &cells.quarters {
        for line in lines {
            let (on, text) = parse_note_line(line, default_day(*column, today));
            ops.push(ActionOp::Progress { id, on, text });
        }
    }
    for (quarter, value) in &cells.values {
        let (part, text) = (ActionPart::Value(*quarter), value.clone());
        ops.push(ActionOp::Part { id, part, text });
    }
    Ok(ops)
}

/// What someone edited in the row of an action already in the plan.
fn edited(
    row: &PlanRow,
    action: &Action,
    current: &PlanCells,
    sources: &Sources<'_>,
    today: Date,
) -> Result<Vec<ActionOp>, WorkbookError> {
    let was = row.exported.as_ref().unwrap_or(current);
    let cells = &row.cells;
    let id = action.id;
    // A cell edited here, whose value Critical Friend has changed since.
    let stale = |column: &str| {
        refused(
            row.row,
            format!(
                "column {column} was edited here, but also changed in Critical Friend since the workbook was exported; export a fresh workbook and make the edit there"
            ),
        )
    };
    let mut ops = Vec::new();
    let mut edit = |column: &str, changed: bool, moved: bool, op: Option<ActionOp>| {
        if changed && moved {
            return Err(stale(column));
        }
        if changed {
            ops.extend(op);
        }
        Ok(())
    };
    edit(
        "Action",
        cells.text != was.text,
        current.text != was.text,
        Some(ActionOp::Text {
            id,
            text: cells.text.clone(),
        }),
    )?;
    if cells.source != was.source {
        let source = sources.named(&cells.source, &cells.text, row.row)?;
        edit(
            "Source",
            true,
            current.source != was.source,
            Some(ActionOp::Source { id, source }),
        )?;
    }
    let quarters: std::collections::BTreeSet<Quarter> = cells.values.keys().chain(was.values.keys()).copied().collect();
    for quarter in quarters {
        let value = |cells: &PlanCells| cells.values.get(&quarter).cloned().unwrap_or_default();
        let (now, was_then, before) = (value(cells), value(was), value(current));
        let op = ActionOp::Part {
            id,
            part: ActionPart::Value(quarter),
            text: now.clone(),
        };
        edit(&value_heading(quarter), now != was_then, before != was_then, Some(op))?;
    }
    for part in ActionPart::texts() {
        let (now, was_then, before) = (cells.text_part(part), was.text_part(part), current.text_part(part));
        let op = ActionOp::Part {
            id,
            part,
            text: now.to_owned(),
        };
        edit(part.heading(), now != was_then, before != was_then, Some(op))?;
    }
    edit(
        "Due",
        cells.due != was.due,
        current.due != was.due,
        Some(ActionOp::Due { id, due: cells.due }),
    )?;
    if cells.status != was.status {
        let status = row.status()?;
        let op = (status != action.status).then_some(ActionOp::Status { id, status });
        edit("Status", true, current.status != was.status, op)?;
    }
    for (column, lines) in &cells.quarters {
        let before = was.notes_in(*column);
        if lines.as_slice() == before {
            continue;
        }
        if current.notes_in(*column) != before {
            let heading = column.year.map_or_else(
                || format!("Q{}", column.number),
                |year| {
                    quarter_heading(Quarter {
                        year,
                        number: column.number,
                    })
                },
            );
            return Err(stale(&heading));
        }
        ops.extend(notes(action, before, lines, default_day(*column, today)));
    }
    Ok(ops)
}

/// A quarter cell's lines edited: each line taken out and one put in, in
/// order, is that note corrected; a line taken out alone is the note
/// deleted; a line put in alone, a new note.
fn notes(action: &Action, was: &[String], now: &[String], default: Date) -> Vec<ActionOp> {
    let mut kept: Vec<&String> = now.iter().collect();
    let mut gone = Vec::new();
    for line in was {
        match kept.iter().position(|other| *other == line) {
            Some(at) => {
                kept.remove(at);
            }
            None => gone.push(line),
        }
    }
    let mut used = Vec::new();
    let mut note_of = |line: &String| {
        let note = action
            .progress
            .iter()
            .find(|note| !used.contains(&note.id) && note_line(note) == *line)?;
        used.push(note.id);
        Some(note.id)
    };
    let gone: Vec<Uuid> = gone.into_iter().filter_map(&mut note_of).collect();
    let mut ops = Vec::new();
    for (index, line) in kept.iter().enumerate() {
        let (on, text) = parse_note_line(line, default);
        ops.push(match gone.get(index) {
            Some(note) => ActionOp::EditNote { note: *note, on, text },
            None => ActionOp::Progress {
                id: action.id,
                on,
                text,
            },
        });
    }
    ops.extend(
        gone.iter()
            .skip(kept.len())
            .map(|note| ActionOp::RemoveNote { note: *note }),
    );
    ops
}

/// The plan's actions in the order the sheet lists them (those it leaves
/// out keep their places).
fn moves(existing: &Assessment, rows: &[PlanRow]) -> Vec<ActionOp> {
    let listed: Vec<Uuid> = rows
        .iter()
        .filter_map(|row| row.id)
        .filter(|id| existing.actions.iter().any(|a| a.id == *id))
        .collect();
    let mut working: Vec<Uuid> = existing.actions.iter().map(|a| a.id).collect();
    let mut next = listed.iter();
    let wanted: Vec<Uuid> = working
        .iter()
        .map(|id| {
            if listed.contains(id) {
                *next.next().unwrap_or(id)
            } else {
                *id
            }
        })
        .collect();
    let mut ops = Vec::new();
    for (place, id) in wanted.iter().enumerate() {
        if working[place] != *id {
            working.retain(|x| x != id);
            working.insert(place, *id);
            ops.push(ActionOp::Move {
                id: *id,
                place: place + 1,
            });
        }
    }
    ops
}
