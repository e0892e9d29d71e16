//! Reading an action plan workbook back: each row of the plan sheet as the
//! council left it — its action, its parts (source, owner, due date,
//! status, supporting measure and any other), the progress notes in its
//! quarter cells and its measure's value in each quarter. Every row is checked before any is returned:
//! a status that is not Red, Amber, Green or Blue, or a date that is not a
//! date, refuses the whole workbook, naming the row.

use calamine::{Data, Range};
use time::{Date, Month};

use std::collections::BTreeMap;

use super::{
    WorkbookError,
    layout::{ACTION_COLUMN, ID_HEADING, QuarterColumn, parse_quarter_heading, parse_value_heading, part_column},
    text_of,
};
use crate::domain::{Quarter, Rag, action_plan::MAX_ACTION_CHARS, challenge::parse_date, change::ActionPart};

/// The cells of one action as the plan sheet holds them, trimmed: its
/// text, source, due date and status as typed, each of its lines of free
/// text (its owner, and any other), and each progress cell's lines, by the
/// quarter its column is headed with, blank lines dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanCells {
    /// What will be done.
    pub text: String,
    /// Where it comes from, in words.
    pub source: String,
    /// When it is due, as typed (or read from a date cell).
    pub due: Option<Date>,
    /// Its status, as typed (empty if cleared).
    pub status: String,
    /// Each line of free text, by part.
    pub texts: BTreeMap<ActionPart, String>,
    /// Each progress cell's lines, in the sheet's column order.
    pub quarters: Vec<(QuarterColumn, Vec<String>)>,
    /// Each quarter's value of its supporting measure, by the quarter its
    /// column is headed with; empty where the cell is.
    pub values: BTreeMap<Quarter, String>,
}

impl PlanCells {
    /// The lines of the progress column for `column`; none if there is no
    /// such column.
    pub fn notes_in(&self, column: QuarterColumn) -> &[String] {
        self.quarters
            .iter()
            .find(|(which, _)| *which == column)
            .map_or(&[], |(_, lines)| lines.as_slice())
    }

    /// A line of free text, empty if the row has none.
    pub fn text_part(&self, part: ActionPart) -> &str {
        self.texts.get(&part).map_or("", String::as_str)
    }
}

/// One row of the plan sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// The sheet row, 1-based, for messages.
    pub row: usize,
    /// The action's id, if the row is one the workbook was exported with.
    pub id: Option<uuid::Uuid>,
    /// What the row holds now.
    pub cells: PlanCells,
    /// What it held when the workbook was exported (from the hidden sheet
    /// of exported values), for an action that was in the plan then.
    pub exported: Option<PlanCells>,
}

impl PlanRow {
    /// The status the row gives: a new row may leave it empty (Red); an
    /// action already in the plan may not, since nobody means "no status".
    pub fn status(&self) -> Result<Rag, WorkbookError> {
        if self.cells.status.is_empty() {
            return if self.id.is_none() {
                Ok(Rag::Red)
            } else {
                Err(bad(
                    self.row,
                    "column Status is empty; write Red, Amber, Green or Blue (done)".to_owned(),
                ))
            };
        }
        self.cells
            .status
            .parse::<Rag>()
            .map_err(|error| bad(self.row, format!("column Status: {error}")))
    }
}

/// A row of the plan sheet that cannot be applied, naming the column.
pub fn refused(row: usize, what: String) -> WorkbookError {
    bad(row, what)
}

fn bad(row: usize, what: String) -> WorkbookError {
    WorkbookError::BadPlanRow {
        sheet: super::layout::ACTION_PLAN_SHEET.to_owned(),
        row,
        what,
    }
}

/// A date cell: typed as `YYYY-MM-DD` or `DD/MM/YYYY`, or a date Excel
/// stored as a serial number (days since 30 December 1899).
fn date_of(cell: Option<&Data>, row: usize) -> Result<Option<Date>, WorkbookError> {
    let serial = match cell {
        None | Some(Data::Empty) => return Ok(None),
        Some(Data::DateTime(value)) => Some(value.as_f64()),
        Some(Data::Float(value)) => Some(*value),
        Some(Data::Int(value)) => i32::try_from(*value).ok().map(f64::from),
        _ => None,
    };
    if let Some(serial) = serial {
        #[allow(clippy::cast_possible_truncation)]
        let days = serial.floor() as i64;
        let date = (1..=2_958_465)
            .contains(&days)
            .then(|| i32::try_from(2_415_019 + days).ok())
            .flatten()
            .and_then(|julian| Date::from_julian_day(julian).ok());
        return date
            .map(Some)
            .ok_or_else(|| bad(row, format!("column Due: {serial} is not a date")));
    }
    let text = text_of(cell);
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if let Ok(Some(date)) = parse_date(text) {
        return Ok(Some(date));
    }
    let parts: Vec<&str> = text.split('/').collect();
    if let [day, month, year] = parts[..]
        && let (Ok(day), Ok(month), Ok(year)) = (day.parse::<u8>(), month.parse::<u8>(), year.parse::<i32>())
        && let Ok(month) = Month::try_from(month)
        && let Ok(date) = Date::from_calendar_date(year, month, day)
    {
        return Ok(Some(date));
    }
    Err(bad(
        row,
        format!("the due date “{text}” is not a date (write it as YYYY-MM-DD)"),
    ))
}

/// Where the plan sheet's progress cells, measure's values and action id
/// are, found by their headings: a workbook has as many progress and value
/// columns as its plan had years.
struct Columns {
    quarters: Vec<(usize, QuarterColumn)>,
    values: Vec<(usize, Quarter)>,
    id: usize,
}

/// The columns whose heading `parse` reads, refusing a quarter headed twice.
fn headed<T: PartialEq + Copy>(
    headings: &[String],
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<(usize, T)>, WorkbookError> {
    let found: Vec<(usize, T)> = headings
        .iter()
        .enumerate()
        .filter_map(|(at, heading)| parse(heading).map(|quarter| (at, quarter)))
        .collect();
    for (index, (at, quarter)) in found.iter().enumerate() {
        if found[..index].iter().any(|(_, earlier)| earlier == quarter) {
            return Err(bad(
                1,
                format!(
                    "heads two columns “{}”; each quarter has one column",
                    headings[*at].trim()
                ),
            ));
        }
    }
    Ok(found)
}

impl Columns {
    fn of(range: &Range<Data>) -> Result<Self, WorkbookError> {
        let headings: Vec<String> = range
            .rows()
            .next()
            .map(|row| row.iter().map(|cell| text_of(Some(cell))).collect())
            .unwrap_or_default();
        let quarters = headed(&headings, parse_quarter_heading)?;
        let values = headed(&headings, parse_value_heading)?;
        let id = headings
            .iter()
            .position(|heading| heading.trim() == ID_HEADING)
            .ok_or_else(|| bad(1, format!("has no column “{ID_HEADING}”")))?;
        Ok(Self { quarters, values, id })
    }
}

/// Reads a row's cells where the layout puts them: the plan sheet and the
/// hidden sheet of exported values keep the same columns (the one with the
/// id first, the other with No.).
fn cells_of(cells: &[Data], row: usize, columns: &Columns) -> Result<PlanCells, WorkbookError> {
    let cell = |column: usize| text_of(cells.get(column)).trim().to_owned();
    Ok(PlanCells {
        text: cell(ACTION_COLUMN),
        source: cell(part_column(ActionPart::Source)),
        due: date_of(cells.get(part_column(ActionPart::Due)), row)?,
        status: cell(part_column(ActionPart::Status)),
        texts: ActionPart::texts()
            .map(|part| (part, cell(part_column(part))))
            .collect(),
        quarters: columns
            .quarters
            .iter()
            .map(|(at, quarter)| {
                let lines = text_of(cells.get(*at))
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(str::to_owned)
                    .collect();
                (*quarter, lines)
            })
            .collect(),
        values: columns
            .values
            .iter()
            .map(|(at, quarter)| (*quarter, cell(*at)))
            .filter(|(_, value)| !value.is_empty())
            .collect(),
    })
}

/// The exported values, by action id.
fn exported(range: Option<&Range<Data>>, columns: &Columns) -> std::collections::HashMap<uuid::Uuid, PlanCells> {
    let Some(range) = range else {
        return std::collections::HashMap::new();
    };
    range
        .rows()
        .enumerate()
        .skip(1)
        .filter_map(|(index, cells)| {
            let id = uuid::Uuid::parse_str(text_of(cells.first()).trim()).ok()?;
            cells_of(cells, index + 1, columns).ok().map(|values| (id, values))
        })
        .collect()
}

/// Every row of the plan sheet, checked, with what each held when the
/// workbook was exported where the workbook keeps it.
pub(super) fn read_plan(
    range: &Range<Data>,
    exported_values: Option<&Range<Data>>,
) -> Result<Vec<PlanRow>, WorkbookError> {
    let columns = Columns::of(range)?;
    let was = exported(exported_values, &columns);
    let mut rows = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (index, cells) in range.rows().enumerate().skip(1) {
        let row = index + 1;
        let id_text = text_of(cells.get(columns.id)).trim().to_owned();
        let values = cells_of(cells, row, &columns)?;
        let empty = values.text.is_empty() && values.texts.values().all(String::is_empty) && values.status.is_empty();
        if empty && id_text.is_empty() {
            if values.quarters.iter().any(|(_, lines)| !lines.is_empty()) || !values.values.is_empty() {
                return Err(bad(row, "has progress or a measure's value but no action".to_owned()));
            }
            continue;
        }
        if values.text.is_empty() {
            return Err(bad(row, "column Action is empty".to_owned()));
        }
        if values.text.chars().count() > MAX_ACTION_CHARS {
            return Err(bad(
                row,
                format!("column Action holds more than {MAX_ACTION_CHARS} characters"),
            ));
        }
        let id = if id_text.is_empty() {
            None
        } else {
            let id = uuid::Uuid::parse_str(&id_text)
                .map_err(|_| bad(row, format!("column Action id holds “{id_text}”, which was changed")))?;
            if !ids.insert(id) {
                return Err(bad(
                    row,
                    "repeats an action listed above it (column Action id)".to_owned(),
                ));
            }
            Some(id)
        };
        let plan_row = PlanRow {
            row,
            exported: id.and_then(|id| was.get(&id).cloned()),
            id,
            cells: values,
        };
        plan_row.status()?;
        rows.push(plan_row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn dates_read_as_typed_or_as_excel_stores_them() {
        let read = |cell: Data| date_of(Some(&cell), 2);
        assert_eq!(
            read(Data::String("2026-03-31".into())).ok().flatten(),
            Some(date!(2026 - 03 - 31))
        );
        assert_eq!(
            read(Data::String("31/03/2026".into())).ok().flatten(),
            Some(date!(2026 - 03 - 31))
        );
        assert_eq!(read(Data::Float(46112.0)).ok().flatten(), Some(date!(2026 - 03 - 31)));
        assert_eq!(read(Data::Empty).ok().flatten(), None);
        for bad in [
            Data::String("next March".into()),
            Data::String("31/13/2026".into()),
            Data::Float(-3.0),
        ] {
            assert!(read(bad.clone()).is_err(), "{bad:?}");
        }
    }
}
