//! Reading an action plan workbook back: each row of the plan sheet as the
//! council left it — its action, owner, due date, status and the progress
//! notes in its quarter cells. Every row is checked before any is returned:
//! a status that is not Red, Amber, Green or Blue, or a date that is not a
//! date, refuses the whole workbook, naming the row.

use calamine::{Data, Range};
use time::{Date, Month};

use super::{WorkbookError, text_of};
use crate::domain::{Rag, action_plan::MAX_ACTION_CHARS, challenge::parse_date};

/// One row of the plan sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// The sheet row, 1-based, for messages.
    pub row: usize,
    /// The action's id, if the row is one the workbook was exported with.
    pub id: Option<uuid::Uuid>,
    /// What will be done.
    pub text: String,
    /// Who is responsible.
    pub owner: String,
    /// When it is due.
    pub due: Option<Date>,
    /// Its status.
    pub status: Rag,
    /// Each quarter cell's lines (Q1 to Q4), trimmed, blank lines dropped.
    pub quarters: [Vec<String>; 4],
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
            .ok_or_else(|| bad(row, format!("the due date {serial} is not a date")));
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

/// Every row of the plan sheet, checked.
pub(super) fn read_plan(range: &Range<Data>) -> Result<Vec<PlanRow>, WorkbookError> {
    let mut rows = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (index, cells) in range.rows().enumerate().skip(1) {
        let row = index + 1;
        let cell = |column: usize| text_of(cells.get(column)).trim().to_owned();
        let text = cell(1);
        let quarters: [Vec<String>; 4] = std::array::from_fn(|quarter| {
            text_of(cells.get(6 + quarter))
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect()
        });
        let id_text = cell(10);
        if text.is_empty() && cell(3).is_empty() && cell(5).is_empty() && id_text.is_empty() {
            if quarters.iter().any(|lines| !lines.is_empty()) {
                return Err(bad(row, "has progress but no action".to_owned()));
            }
            continue;
        }
        if text.is_empty() {
            return Err(bad(row, "has no action text".to_owned()));
        }
        if text.chars().count() > MAX_ACTION_CHARS {
            return Err(bad(row, format!("holds more than {MAX_ACTION_CHARS} characters")));
        }
        let id = if id_text.is_empty() {
            None
        } else {
            let id = uuid::Uuid::parse_str(&id_text)
                .map_err(|_| bad(row, format!("has the action id “{id_text}”, which was changed")))?;
            if !ids.insert(id) {
                return Err(bad(row, "repeats an action listed above it".to_owned()));
            }
            Some(id)
        };
        let status_text = cell(5);
        let status = if status_text.is_empty() {
            Rag::Red
        } else {
            status_text
                .parse::<Rag>()
                .map_err(|error| bad(row, error.to_string()))?
        };
        rows.push(PlanRow {
            row,
            id,
            text,
            owner: cell(3),
            due: date_of(cells.get(4), row)?,
            status,
            quarters,
        });
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
