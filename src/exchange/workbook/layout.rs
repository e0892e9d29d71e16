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

use crate::domain::{Labels, change::ActionPart};

/// The action plan workbook's sheet.
pub const ACTION_PLAN_SHEET: &str = "Action plan";

/// The hidden sheet beside the plan that keeps each action's cells as they
/// were exported (id first, then the plan sheet's columns after No.), so an
/// edited cell can be told from one changed in Critical Friend since.
pub const EXPORTED_PLAN_SHEET: &str = "Exported plan";

/// The quarter columns' headings, Q1 to Q4.
const QUARTER_HEADINGS: [&str; 4] = [
    "Q1 progress (Apr–Jun)",
    "Q2 progress (Jul–Sep)",
    "Q3 progress (Oct–Dec)",
    "Q4 progress (Jan–Mar)",
];

/// The action plan sheet's columns, in order: the scorecard's shape (No.,
/// action, then each of an action's parts — source, owner, due, status and
/// any other — then Q1–Q4 progress), then the action's id, which finds it
/// again on import. The reader goes by column.
pub fn plan_headings() -> Vec<&'static str> {
    let mut headings = vec!["No.", "Action"];
    headings.extend(ActionPart::all().iter().map(|part| part.heading()));
    headings.extend(QUARTER_HEADINGS);
    headings.push("Action id (leave as it is)");
    headings
}

/// The plan sheet's column holding the action's text.
pub const ACTION_COLUMN: usize = 1;

/// The plan sheet's column holding `part`.
pub fn part_column(part: ActionPart) -> usize {
    ACTION_COLUMN + 1 + ActionPart::all().iter().position(|p| *p == part).unwrap_or(0)
}

/// The plan sheet's column holding quarter `quarter` (0 is Q1).
pub fn quarter_column(quarter: usize) -> usize {
    ACTION_COLUMN + 1 + ActionPart::all().len() + quarter
}

/// The plan sheet's column holding the action's id.
pub fn id_column() -> usize {
    quarter_column(4)
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
}
