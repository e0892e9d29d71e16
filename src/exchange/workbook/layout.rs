//! The layout of a Critical Friend workbook, shared by the writer
//! (`report::xlsx`) and the reader beside this file: the Summary sheet's
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

/// Theme sheets' column headings.
pub const THEME_HEADINGS: [&str; 5] = [
    "No.",
    "Item",
    "Score",
    "Basis for this score",
    "Notes and queries (including evidence gaps)",
];

/// The sheet name for a theme: "1 Prevention" (at most 31 characters).
pub fn theme_sheet_name(number: u8, title: &str) -> String {
    let name: String = format!("{number} {title}")
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    name
}
