//! The layout of a Critical Friend workbook, shared by the writer
//! (`packs::xlsx`) and the reader beside this file: the Summary sheet's
//! identifying rows, the theme sheets' names and columns, and how a cell too
//! long for Excel is marked.

/// Excel's limit on the characters in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Ends a cell whose text was too long for Excel; import leaves such fields alone.
pub const TRUNCATED_MARK: &str = " […text continues: too long for one Excel cell; see the PDF or exchange file]";

/// Labels of the Summary sheet's identifying rows, read back on import.
pub mod keys {
    /// Row label for the assessment id.
    pub const ASSESSMENT_ID: &str = "Assessment id";
    /// Row label for the framework id.
    pub const FRAMEWORK_ID: &str = "Framework id";
    /// Row label for the framework version.
    pub const FRAMEWORK_VERSION: &str = "Framework version";
}

use crate::domain::{Labels, Quarter, change::ActionPart};

/// The action plan workbook's sheet.
pub const ACTION_PLAN_SHEET: &str = "Action plan";

/// The hidden sheet beside the plan that keeps each action's cells as they
/// were exported (id first, then the plan sheet's columns after No.), so an
/// edited cell can be told from one changed in Critical Friend since.
pub const EXPORTED_PLAN_SHEET: &str = "Exported plan";

/// The heading of the action id's column, which the reader finds it by.
pub const ID_HEADING: &str = "Action id (leave as it is)";

/// A progress column: a quarter of one financial year or, in a workbook
/// written before the columns named their year, that quarter of any year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuarterColumn {
    /// 1 (April–June) to 4 (January–March).
    pub number: u8,
    /// The year the financial year starts in, where the heading says it.
    pub year: Option<i32>,
}

impl QuarterColumn {
    /// Whether a note in `quarter` belongs in this column.
    pub fn holds(self, quarter: Quarter) -> bool {
        quarter.number == self.number && self.year.is_none_or(|year| year == quarter.year)
    }
}

impl From<Quarter> for QuarterColumn {
    fn from(quarter: Quarter) -> Self {
        Self {
            number: quarter.number,
            year: Some(quarter.year),
        }
    }
}

/// A progress column's heading: "Q3 2016/17 progress (Oct–Dec)".
pub fn quarter_heading(quarter: Quarter) -> String {
    format!(
        "Q{} {} progress ({})",
        quarter.number,
        quarter.financial_year(),
        quarter.months()
    )
}

/// Reads a progress column's heading back: "Q3 2016/17 progress (Oct–Dec)",
/// or an older workbook's "Q3 progress (Oct–Dec)".
pub fn parse_quarter_heading(heading: &str) -> Option<QuarterColumn> {
    let rest = heading.trim().strip_prefix('Q')?;
    let number = rest.chars().next()?.to_digit(10).and_then(|n| u8::try_from(n).ok())?;
    if !(1..=4).contains(&number) {
        return None;
    }
    let rest = rest.get(1..)?.trim_start();
    if rest.starts_with("progress") {
        return Some(QuarterColumn { number, year: None });
    }
    let (years, rest) = rest.split_once(' ')?;
    let (start, end) = years.split_once('/')?;
    let year: i32 = start.parse().ok()?;
    let follows = end.parse::<i32>().ok()? == (year + 1).rem_euclid(100);
    (follows && rest.starts_with("progress")).then_some(QuarterColumn {
        number,
        year: Some(year),
    })
}

/// A column of a quarter's value of each action's supporting measure:
/// "Q3 2016/17 value".
pub fn value_heading(quarter: Quarter) -> String {
    format!("{} value", quarter.short())
}

/// Reads [`value_heading`] back.
pub fn parse_value_heading(heading: &str) -> Option<Quarter> {
    Quarter::parse_written(heading.trim().strip_suffix("value")?)
}

/// The action plan sheet's columns, in order: the scorecard's shape (No.,
/// action, then each of an action's parts — source, owner, due, status,
/// its supporting measure and target, and any other — then each quarter's
/// progress, then each quarter's value of the measure), then the action's
/// id, which finds it again on import. The reader finds the progress,
/// value and id columns by their headings.
pub fn plan_headings(quarters: &[Quarter]) -> Vec<String> {
    let mut headings = vec!["No.".to_owned(), "Action".to_owned()];
    headings.extend(ActionPart::all().iter().map(|part| part.heading().to_owned()));
    headings.extend(quarters.iter().map(|quarter| quarter_heading(*quarter)));
    headings.extend(quarters.iter().map(|quarter| value_heading(*quarter)));
    headings.push(ID_HEADING.to_owned());
    headings
}

/// The plan sheet's column holding the action's text.
pub const ACTION_COLUMN: usize = 1;

/// The plan sheet's column holding `part`.
pub fn part_column(part: ActionPart) -> usize {
    ACTION_COLUMN + 1 + ActionPart::all().iter().position(|p| *p == part).unwrap_or(0)
}

/// The plan sheet's `index`th progress column (0 is the first).
pub fn quarter_column(index: usize) -> usize {
    ACTION_COLUMN + 1 + ActionPart::all().len() + index
}

/// The plan sheet's `index`th value column, after the `quarters` progress
/// columns.
pub fn value_column(quarters: usize, index: usize) -> usize {
    quarter_column(quarters + index)
}

/// The plan sheet's action id column, after the progress and value columns
/// of `quarters` quarters.
pub fn id_column(quarters: usize) -> usize {
    quarter_column(2 * quarters)
}

/// Theme sheets' column headings, in the framework's own words: No., Item,
/// Score, then its two text fields. The reader goes by column, not heading.
pub fn theme_headings(labels: &Labels) -> [String; 5] {
    [
        "No.".to_owned(),
        labels.item.clone(),
        "Score".to_owned(),
        labels.basis.clone(),
        labels.notes.clone(),
    ]
}

/// The sheet name for a theme: "1 Prevention" (at most 31 characters, none
/// of those Excel forbids, and no apostrophe at the end). The number in
/// front keeps every theme's name unique and apart from the other sheets'.
pub fn theme_sheet_name(number: u8, title: &str) -> String {
    let name: String = format!("{number} {title}")
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .take(31)
        .collect();
    name.trim_end_matches(['\'', ' ']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_keep_to_excels_rules() {
        assert_eq!(theme_sheet_name(1, "Prevention"), "1 Prevention");
        let long = theme_sheet_name(3, "How the local authority ensures safety within the system");
        assert_eq!(long, "3 How the local authority ensur");
        assert!(long.chars().count() <= 31);
        assert_eq!(theme_sheet_name(2, "What's it: 'x'"), "2 What's it 'x");
    }

    #[test]
    fn progress_headings_name_their_financial_year_and_read_back() {
        let quarter = Quarter { year: 2016, number: 3 };
        assert_eq!(quarter_heading(quarter), "Q3 2016/17 progress (Oct–Dec)");
        assert_eq!(parse_quarter_heading(&quarter_heading(quarter)), Some(quarter.into()));
        assert_eq!(
            parse_quarter_heading("Q1 progress (Apr–Jun)"),
            Some(QuarterColumn { number: 1, year: None })
        );
        for odd in ["Q5 progress", "Q1 2016/18 progress", "Action", "Q"] {
            assert_eq!(parse_quarter_heading(odd), None, "{odd}");
        }
        assert_eq!(value_heading(quarter), "Q3 2016/17 value");
        assert_eq!(parse_value_heading(&value_heading(quarter)), Some(quarter));
        assert_eq!(
            parse_quarter_heading(&value_heading(quarter)),
            None,
            "a value is not progress"
        );
        for odd in ["Q3 value", "Q3 2016/17 progress (Oct–Dec)", "value"] {
            assert_eq!(parse_value_heading(odd), None, "{odd}");
        }
    }
}
