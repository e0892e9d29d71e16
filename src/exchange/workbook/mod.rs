//! Reading a Critical Friend Excel workbook back: the scores and text a
//! council edited in Excel become edits to the assessment. The whole workbook
//! is read and checked before anything is returned, so a bad workbook
//! changes nothing.

use std::{
    io::{Cursor, Read},
    path::Path,
};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

pub mod layout;
pub mod plan;

use self::layout::{ACTION_PLAN_SHEET, EXPORTED_PLAN_SHEET, TRUNCATED_MARK, keys, theme_sheet_name};
use crate::{
    domain::score::NOT_SCORED,
    domain::{AnswerValue, AssessmentDetails, AssessmentId, Catalogue, Edit, Framework, FrameworkRef, Scale, Score},
};

use super::MAX_FILE_BYTES;

/// What a workbook says.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookContents {
    /// The assessment it was exported from, if any.
    pub assessment_id: Option<AssessmentId>,
    /// The framework it answers.
    pub framework: FrameworkRef,
    /// Organisation, title, period and lead from the Summary sheet.
    pub details: AssessmentDetails,
    /// Every item's score, basis and notes as edits.
    pub edits: Vec<Edit>,
    /// An action plan workbook's rows (its edits are empty).
    pub plan: Option<Vec<plan::PlanRow>>,
}

/// Why a workbook was refused.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// Could not be read.
    #[error("could not read the file ({0})")]
    Io(#[from] std::io::Error),
    /// Too big.
    #[error("the file is {0} bytes, larger than the {MAX_FILE_BYTES}-byte limit")]
    TooLarge(u64),
    /// A cell far outside anything an assessment workbook uses.
    #[error(
        "the workbook has a cell at “{0}”, beyond the {MAX_ROWS} rows and {MAX_COLUMNS} columns an assessment workbook uses"
    )]
    CellOutOfRange(String),
    /// Unpacks to far more than any assessment needs (a "zip bomb").
    #[error("the workbook unpacks to {0} bytes, more than the {MAX_UNPACKED_BYTES}-byte limit for an assessment")]
    UnpacksTooLarge(u64),
    /// Not an xlsx file.
    #[error("the file is not an Excel workbook Critical Friend can read ({0})")]
    NotAWorkbook(String),
    /// An xlsx, but not one of ours.
    #[error("the workbook was not exported by Critical Friend (its “{0}” sheet is missing)")]
    MissingSheet(String),
    /// A framework this database does not know.
    #[error(
        "the workbook answers framework {0}, which this database does not have; add the framework first (Frameworks…, or `critical-friend framework add FILE`)"
    )]
    UnknownFramework(FrameworkRef),
    /// A score cell that is not a level of the framework's scale.
    #[error("sheet “{sheet}”, row {row}: the score “{text}” is not a whole number from {range}, or empty")]
    BadScore {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: usize,
        /// What the cell held.
        text: String,
        /// The scale's levels, "0–3".
        range: String,
    },
    /// A theme's sheet is not there, perhaps renamed or deleted.
    #[error(
        "the workbook has no sheet named “{0}” (was it renamed or deleted?); give the sheet its name back, or export a fresh workbook"
    )]
    ThemeSheetMissing(String),
    /// A cell holds a formula, whose value may not have been worked out.
    #[error(
        "sheet “{sheet}”, row {row}: a cell holds a formula; Critical Friend reads typed values only, so replace the formula with its value"
    )]
    Formula {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: usize,
    },
    /// The same item on two rows.
    #[error("sheet “{sheet}”, row {row}: item {item} is listed a second time")]
    DuplicateItem {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: usize,
        /// The item.
        item: String,
    },
    /// A row of the action plan that cannot be read.
    #[error("sheet “{sheet}”, row {row}: {what}; nothing was imported")]
    BadPlanRow {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: usize,
        /// What is wrong.
        what: String,
    },
    /// A row whose item is not in the framework.
    #[error("sheet “{sheet}”, row {row}: “{item}” is not an item of this theme")]
    UnknownItem {
        /// Sheet name.
        sheet: String,
        /// 1-based row.
        row: usize,
        /// What the row named.
        item: String,
    },
}

fn text_of(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(text)) => text.clone(),
        Some(Data::Float(value)) => value.to_string(),
        Some(Data::Int(value)) => value.to_string(),
        Some(Data::Bool(value)) => value.to_string(),
        Some(other) => other.to_string(),
    }
}

fn score_of(cell: Option<&Data>, scale: &Scale, sheet: &str, row: usize) -> Result<Option<Score>, WorkbookError> {
    let bad = |text: String| WorkbookError::BadScore {
        sheet: sheet.to_owned(),
        row,
        text,
        range: scale.span(),
    };
    let text = match cell {
        None | Some(Data::Empty) => return Ok(None),
        Some(Data::Float(value)) if value.fract() != 0.0 => return Err(bad(value.to_string())),
        other => text_of(other),
    };
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case(NOT_SCORED) {
        return Ok(None);
    }
    // Accepts "2" and "2 – Established", on this framework's scale only.
    scale.parse(trimmed).map(Some).map_err(|_| bad(text))
}

fn summary_value(rows: &calamine::Range<Data>, label: &str) -> String {
    rows.rows()
        .find(|row| text_of(row.first()).trim() == label)
        .map(|row| text_of(row.get(1)).trim().to_owned())
        .unwrap_or_default()
}

/// Reads and checks a workbook file, refusing oversized files first.
pub fn read_file(path: &Path, catalogue: &Catalogue) -> Result<WorkbookContents, WorkbookError> {
    let bytes = std::fs::metadata(path)?.len();
    if bytes > MAX_FILE_BYTES {
        return Err(WorkbookError::TooLarge(bytes));
    }
    read(&std::fs::read(path)?, catalogue)
}

/// The most a workbook may unpack to: far beyond any real assessment.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// The most rows and columns a sheet may reach. Critical Friend's sheets use
/// a few dozen of each; the limits keep a hostile file from making the Excel
/// reader build an enormous grid.
pub const MAX_ROWS: u64 = 100_000;
/// See [`MAX_ROWS`].
pub const MAX_COLUMNS: u64 = 200;

/// A cell reference such as `B12` as (column, row), 1-based, or `None` if it
/// is not one. Arithmetic is checked, so absurd references cannot overflow.
fn cell_position(reference: &str) -> Option<(u64, u64)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = reference.split_at(letters);
    if letters == 0 || row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut number = 0u64;
    for letter in column.bytes() {
        let value = u64::from(letter.to_ascii_uppercase() - b'A' + 1);
        number = number.checked_mul(26)?.checked_add(value)?;
    }
    Some((number, row.parse().ok()?))
}

/// Refuses sheets with cell references far outside any assessment
/// workbook, or written with escapes, before the Excel reader sees them.
fn check_cell_references(xml: &str) -> Result<(), WorkbookError> {
    for marker in [" r=\"", " ref=\""] {
        for (at, _) in xml.match_indices(marker) {
            let value = xml[at + marker.len()..].split('"').next().unwrap_or_default();
            for reference in value.split(':') {
                let reference = reference.replace('$', "");
                let within = match cell_position(&reference) {
                    Some((column, row)) => column <= MAX_COLUMNS && row <= MAX_ROWS,
                    None => !reference.contains('&') && reference.bytes().all(|b| b.is_ascii_alphanumeric()),
                };
                let too_long = reference.len() > 12;
                if !within || too_long {
                    return Err(WorkbookError::CellOutOfRange(reference.chars().take(40).collect()));
                }
            }
        }
    }
    Ok(())
}

/// Refuses a workbook whose parts would unpack to more than the limit,
/// before anything is unpacked, and sheets with impossible cell references.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), WorkbookError> {
    let not_a_workbook = |e: zip::result::ZipError| WorkbookError::NotAWorkbook(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_a_workbook)?;
    let mut total = 0u64;
    for index in 0..archive.len() {
        let size = archive.by_index_raw(index).map_err(not_a_workbook)?.size();
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(WorkbookError::UnpacksTooLarge(total));
    }
    for index in 0..archive.len() {
        let mut part = archive.by_index(index).map_err(not_a_workbook)?;
        let name = part.name().map(|name| name.to_string()).unwrap_or_default();
        let is_xml = Path::new(&name)
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("xml"));
        if name.starts_with("xl/worksheets/") && is_xml {
            let mut xml = String::new();
            std::io::Read::take(&mut part, MAX_UNPACKED_BYTES)
                .read_to_string(&mut xml)
                .map_err(|e| WorkbookError::NotAWorkbook(e.to_string()))?;
            check_cell_references(&xml)?;
        }
    }
    Ok(())
}

/// Reads and checks workbook bytes.
pub fn read(bytes: &[u8], catalogue: &Catalogue) -> Result<WorkbookContents, WorkbookError> {
    check_unpacked_size(bytes)?;
    // The Excel reader is not ours; a panic inside it on a damaged file
    // becomes a refusal, never a crash.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse(bytes, catalogue)))
        .unwrap_or_else(|_| Err(WorkbookError::NotAWorkbook("the workbook is damaged".to_owned())))
}

fn parse(bytes: &[u8], catalogue: &Catalogue) -> Result<WorkbookContents, WorkbookError> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| WorkbookError::NotAWorkbook(e.to_string()))?;
    let summary = workbook
        .worksheet_range("Summary")
        .map_err(|_| WorkbookError::MissingSheet("Summary".to_owned()))?;
    let framework_ref = FrameworkRef {
        id: summary_value(&summary, keys::FRAMEWORK_ID),
        version: summary_value(&summary, keys::FRAMEWORK_VERSION),
    };
    let framework = catalogue
        .find(&framework_ref)
        .ok_or_else(|| WorkbookError::UnknownFramework(framework_ref.clone()))?;
    let assessment_id = summary_value(&summary, keys::ASSESSMENT_ID).parse().ok();
    let details = AssessmentDetails {
        organisation: summary_value(&summary, "Organisation"),
        title: summary_value(&summary, "Title"),
        period: summary_value(&summary, "Period"),
        lead: summary_value(&summary, "Lead"),
    };
    if let Ok(sheet) = workbook.worksheet_range(ACTION_PLAN_SHEET) {
        if let Ok(formulas) = workbook.worksheet_formula(ACTION_PLAN_SHEET)
            && let Some((row, _, _)) = formulas.used_cells().find(|(_, _, formula)| !formula.trim().is_empty())
        {
            let first_row = formulas.start().map_or(0, |(row, _)| row);
            return Err(WorkbookError::Formula {
                sheet: ACTION_PLAN_SHEET.to_owned(),
                row: usize::try_from(first_row).unwrap_or(0) + row + 1,
            });
        }
        let exported = workbook.worksheet_range(EXPORTED_PLAN_SHEET).ok();
        return Ok(WorkbookContents {
            assessment_id,
            framework: framework_ref,
            details,
            edits: Vec::new(),
            plan: Some(plan::read_plan(&sheet, exported.as_ref())?),
        });
    }
    let edits = read_themes(&mut workbook, framework)?;
    Ok(WorkbookContents {
        assessment_id,
        framework: framework_ref,
        details,
        edits,
        plan: None,
    })
}

fn read_themes(workbook: &mut Xlsx<Cursor<&[u8]>>, framework: &Framework) -> Result<Vec<Edit>, WorkbookError> {
    let mut edits = Vec::new();
    for theme in &framework.themes {
        let name = theme_sheet_name(theme.number, &theme.title);
        let range = workbook
            .worksheet_range(&name)
            .map_err(|_| WorkbookError::ThemeSheetMissing(name.clone()))?;
        if let Ok(formulas) = workbook.worksheet_formula(&name) {
            let first_row = formulas.start().map_or(0, |(row, _)| row);
            if let Some((row, _, _)) = formulas.used_cells().find(|(_, _, formula)| !formula.trim().is_empty()) {
                return Err(WorkbookError::Formula {
                    sheet: name,
                    row: usize::try_from(first_row).unwrap_or(0) + row + 1,
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (index, row) in range.rows().enumerate().skip(1) {
            let number = text_of(row.first()).trim().to_owned();
            let title = text_of(row.get(1)).trim().to_owned();
            if number.is_empty() && title.is_empty() {
                continue;
            }
            let item = theme
                .items
                .iter()
                .find(|item| item.title == title)
                .or_else(|| theme.items.iter().find(|item| item.id.as_str() == number))
                .ok_or_else(|| WorkbookError::UnknownItem {
                    sheet: name.clone(),
                    row: index + 1,
                    item: if number.is_empty() {
                        title.clone()
                    } else {
                        number.clone()
                    },
                })?;
            if !seen.insert(item.id.clone()) {
                return Err(WorkbookError::DuplicateItem {
                    sheet: name.clone(),
                    row: index + 1,
                    item: item.id.to_string(),
                });
            }
            edits.push(Edit::new(
                item.id.clone(),
                AnswerValue::Score(score_of(row.get(2), &framework.scale, &name, index + 1)?),
            ));
            for (column, make) in [
                (3, AnswerValue::Basis as fn(String) -> AnswerValue),
                (4, AnswerValue::Notes),
            ] {
                let text = text_of(row.get(column));
                if !text.ends_with(TRUNCATED_MARK) {
                    edits.push(Edit::new(item.id.clone(), make(text)));
                }
            }
        }
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_cells_accept_levels_of_the_scale_labels_and_blanks_only() {
        let catalogue = Catalogue::builtin();
        let teasc = &catalogue.default_framework().scale;
        let ok = |cell: Data| score_of(Some(&cell), teasc, "s", 2).expect("valid").map(Score::value);
        assert_eq!(ok(Data::Float(2.0)), Some(2));
        assert_eq!(ok(Data::Int(0)), Some(0));
        assert_eq!(ok(Data::String("3 – Embedded".into())), Some(3));
        assert_eq!(ok(Data::String(" 1 ".into())), Some(1));
        assert_eq!(ok(Data::String("Not scored".into())), None);
        assert_eq!(ok(Data::Empty), None);
        for bad in [
            Data::Float(4.0),
            Data::Float(1.5),
            Data::String("two".into()),
            Data::String("12".into()),
        ] {
            assert!(score_of(Some(&bad), teasc, "s", 2).is_err(), "{bad:?}");
        }
        let cqc = &catalogue
            .latest(crate::domain::framework::CQC_FRAMEWORK_ID)
            .expect("CQC")
            .scale;
        assert!(score_of(Some(&Data::Int(0)), cqc, "s", 2).is_err());
        assert_eq!(
            score_of(Some(&Data::Float(4.0)), cqc, "s", 2)
                .ok()
                .flatten()
                .map(Score::value),
            Some(4)
        );
    }
}
