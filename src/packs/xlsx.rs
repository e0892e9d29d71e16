//! The pack as an Excel workbook: a Summary sheet, one sheet per theme in the
//! framework's own column layout, and a Queries sheet; or, for the action
//! plan, the plan in the scorecard's shape. Values, not formulas.
//! The Summary sheet records the assessment and framework ids, so the
//! workbook can be imported back (see `exchange::workbook`).

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::{Pack, Section};
use crate::domain::change::ActionPart;
use crate::domain::summary::format_average;
pub use crate::exchange::workbook::layout::{
    ACTION_COLUMN, ACTION_PLAN_SHEET, EXPORTED_PLAN_SHEET, MAX_CELL_CHARS, TRUNCATED_MARK, id_column, keys,
    part_column, plan_headings, quarter_column, theme_headings, theme_sheet_name, value_column,
};

fn compare_sheet(sheet: &mut Worksheet, rows: &[super::CompareRow], header: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Self v peer")?;
    let columns = [
        ("No.", 6.0),
        ("Item", 40.0),
        ("Self", 18.0),
        ("Peer", 18.0),
        ("Gap", 8.0),
        ("Challenge and queries", 60.0),
    ];
    for (col, (title, width)) in (0u16..).zip(columns) {
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, title, header)?;
    }
    for (row, item) in (1u32..).zip(rows) {
        sheet.write_string(row, 0, &item.number)?;
        sheet.write_string(row, 1, &item.title)?;
        sheet.write_string(row, 2, &item.self_text)?;
        sheet.write_string(row, 3, &item.peer_text)?;
        for (col, text) in (4u16..).zip(item.cells().into_iter().skip(4)) {
            sheet.write_string(row, col, cell_text(&text))?;
        }
    }
    Ok(())
}

/// The action plan in the scorecard's shape; each status cell says its
/// word on its colour.
fn plan_sheet(
    sheet: &mut Worksheet,
    plan: &super::PlanSection,
    header: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name(ACTION_PLAN_SHEET)?;
    let id_column = id_column(plan.quarters.len());
    let width = |column: usize| match column {
        0 => 6.0,
        ACTION_COLUMN => 50.0,
        column if column == part_column(ActionPart::Source) => 36.0,
        column if column == part_column(ActionPart::Due) || column == part_column(ActionPart::Status) => 14.0,
        column if column >= quarter_column(0) && column < value_column(plan.quarters.len(), 0) => 36.0,
        column if column >= value_column(plan.quarters.len(), 0) && column < id_column => 14.0,
        column if column == id_column => 38.0,
        _ => 22.0,
    };
    for (col, title) in plan_headings(&plan.quarters).into_iter().enumerate() {
        let at = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.set_column_width(at, width(col))?;
        sheet.write_string_with_format(0, at, title, header)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    let column = |at: usize| u16::try_from(at).unwrap_or(u16::MAX);
    for (row, action) in (1u32..).zip(&plan.rows) {
        sheet.write_number_with_format(row, 0, u32::try_from(action.number).unwrap_or(0), wrap)?;
        sheet.write_string_with_format(row, column(ACTION_COLUMN), cell_text(&action.text), wrap)?;
        for part in ActionPart::all() {
            let cell = cell_text(&action.part_cell(part));
            if part == ActionPart::Due
                && let Some(due) = excel_date(&cell)
            {
                sheet.write_date_with_format(
                    row,
                    column(part_column(part)),
                    &due,
                    &wrap.clone().set_num_format(DATE_FORMAT),
                )?;
            } else if part == ActionPart::Status {
                let [r, g, b] = action.status.rgb();
                let status = wrap
                    .clone()
                    .set_bold()
                    .set_font_color(rust_xlsxwriter::Color::White)
                    .set_background_color(rust_xlsxwriter::Color::RGB(
                        (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b),
                    ));
                sheet.write_string_with_format(row, column(part_column(part)), cell, &status)?;
            } else {
                sheet.write_string_with_format(row, column(part_column(part)), cell, wrap)?;
            }
        }
        for (index, quarter) in plan.quarters.iter().enumerate() {
            let notes = cell_text(action.notes_in(*quarter));
            sheet.write_string_with_format(row, column(quarter_column(index)), notes, wrap)?;
            let value = cell_text(&action.part_cell(ActionPart::Value(*quarter)));
            sheet.write_string_with_format(row, column(value_column(plan.quarters.len(), index)), value, wrap)?;
        }
        sheet.write_string(row, column(id_column), action.id.to_string())?;
    }
    status_list(sheet, plan.rows.len())
}

/// How due dates show in the plan sheet: "31 Mar 2017", read the same way
/// in every locale.
const DATE_FORMAT: &str = "d mmm yyyy";

/// A `YYYY-MM-DD` date as Excel's, or `None` for empty or odd text.
fn excel_date(text: &str) -> Option<ExcelDateTime> {
    let date = crate::domain::challenge::parse_date(text).ok().flatten()?;
    ExcelDateTime::from_ymd(u16::try_from(date.year()).ok()?, u8::from(date.month()), date.day()).ok()
}

/// The Status column takes only the four statuses, from a drop-down, on
/// every row of the plan and a hundred more for actions added in Excel.
fn status_list(sheet: &mut Worksheet, rows: usize) -> Result<(), XlsxError> {
    let statuses: Vec<&str> = crate::domain::Rag::ALL.iter().map(|rag| rag.label()).collect();
    let validation = rust_xlsxwriter::DataValidation::new()
        .allow_list_strings(&statuses)?
        .set_error_title("Status")?
        .set_error_message(format!("The status is one of: {}.", statuses.join(", ")))?;
    let column = u16::try_from(part_column(ActionPart::Status)).unwrap_or(u16::MAX);
    let last = u32::try_from(rows + 100).unwrap_or(u32::MAX);
    sheet.add_data_validation(1, column, last, column, &validation)?;
    Ok(())
}

/// The plan's cells as exported, on a hidden sheet, so an edited workbook
/// can tell a cell someone edited from one changed since.
fn exported_plan_sheet(sheet: &mut Worksheet, plan: &super::PlanSection) -> Result<(), XlsxError> {
    sheet.set_name(EXPORTED_PLAN_SHEET)?;
    sheet.set_hidden(true);
    let column = |at: usize| u16::try_from(at).unwrap_or(u16::MAX);
    let headings = plan_headings(&plan.quarters);
    sheet.write_string(0, 0, "Action id")?;
    for (col, title) in headings
        .iter()
        .enumerate()
        .take(id_column(plan.quarters.len()))
        .skip(ACTION_COLUMN)
    {
        sheet.write_string(0, column(col), title)?;
    }
    for (row, action) in (1u32..).zip(&plan.rows) {
        sheet.write_string(row, 0, action.id.to_string())?;
        sheet.write_string(row, column(ACTION_COLUMN), cell_text(&action.text))?;
        for part in ActionPart::all() {
            sheet.write_string(row, column(part_column(part)), cell_text(&action.part_cell(part)))?;
        }
        for (index, quarter) in plan.quarters.iter().enumerate() {
            sheet.write_string(row, column(quarter_column(index)), cell_text(action.notes_in(*quarter)))?;
            let value = cell_text(&action.part_cell(ActionPart::Value(*quarter)));
            sheet.write_string(row, column(value_column(plan.quarters.len(), index)), value)?;
        }
    }
    Ok(())
}

fn queries_sheet(sheet: &mut Worksheet, pack: &Pack, header: &Format, wrap: &Format) -> Result<(), XlsxError> {
    sheet.set_name("Queries")?;
    let columns = [("No.", 6.0), ("Item", 36.0), ("Query or evidence gap", 90.0)];
    for (col, (title, width)) in (0u16..).zip(columns) {
        sheet.set_column_width(col, width)?;
        sheet.write_string_with_format(0, col, title, header)?;
    }
    let open = pack.item_rows().filter(|(_, item)| !item.notes.trim().is_empty());
    for (row, (_, item)) in (1u32..).zip(open) {
        sheet.write_number(row, 0, row)?;
        sheet.write_string_with_format(row, 1, format!("{} {}", item.number, item.title), wrap)?;
        sheet.write_string_with_format(row, 2, cell_text(item.notes.trim()), wrap)?;
    }
    Ok(())
}

fn cell_text(text: &str) -> String {
    if text.chars().count() <= MAX_CELL_CHARS {
        return text.to_owned();
    }
    let keep = MAX_CELL_CHARS - TRUNCATED_MARK.chars().count();
    let mut cut: String = text.chars().take(keep).collect();
    cut.push_str(TRUNCATED_MARK);
    cut
}

/// The workbook's properties, dated with the pack's date rather than the
/// clock, so the same pack gives the same bytes.
fn properties(date: time::Date) -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(1970),
        u8::from(date.month()),
        date.day(),
    )?;
    Ok(DocProperties::new().set_creation_datetime(&created))
}

/// The Summary sheet's ratings and per-theme table, from `row` down.
fn summary_table(
    summary: &mut Worksheet,
    meta: &super::PackMeta,
    section: &super::SummarySection,
    mut row: u32,
    header: &Format,
) -> Result<(), XlsxError> {
    for (label, rating) in [
        ("Self-assessment, overall rating", &section.rating),
        ("Peer team, overall rating", &section.peer_rating),
    ] {
        if let Some(rating) = rating {
            summary.write_string_with_format(row, 0, label, header)?;
            summary.write_string(row, 1, rating)?;
            row += 1;
        }
    }
    let mut titles: Vec<String> = ["Theme", "Scored", meta.labels.items.as_str(), "Average"]
        .iter()
        .map(|title| (*title).to_owned())
        .collect();
    titles.extend(meta.levels.iter().map(|level| level.score.to_string()));
    for (col, title) in titles.iter().enumerate() {
        summary.write_string_with_format(row, u16::try_from(col).unwrap_or(0), title, header)?;
    }
    row += 1;
    for theme in section.themes.iter().chain(std::iter::once(&section.overall)) {
        summary.write_string(row, 0, &theme.label)?;
        summary.write_number(row, 1, u32::try_from(theme.scored).unwrap_or(0))?;
        summary.write_number(row, 2, u32::try_from(theme.item_count).unwrap_or(0))?;
        match theme.average {
            Some(average) => summary.write_number(row, 3, (average * 10.0).round() / 10.0)?,
            None => summary.write_string(row, 3, format_average(None))?,
        };
        for (index, count) in theme.distribution.iter().enumerate() {
            let col = u16::try_from(4 + index).unwrap_or(0);
            summary.write_number(row, col, u32::try_from(*count).unwrap_or(0))?;
        }
        row += 1;
    }
    Ok(())
}

/// Renders the pack as `.xlsx` bytes.
pub fn render(pack: &Pack) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(pack.meta.exported_on)?);
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);

    let summary = workbook.add_worksheet();
    summary.set_name("Summary")?;
    summary.set_column_width(0, 28)?;
    summary.set_column_width(1, 60)?;
    let meta = &pack.meta;
    let mut row = 0;
    let mut pair = |sheet: &mut Worksheet, label: &str, value: &str| -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
        Ok(())
    };
    pair(summary, "Organisation", &meta.organisation)?;
    pair(summary, "Title", &meta.title)?;
    pair(summary, "Period", &meta.period)?;
    pair(summary, "Lead", &meta.lead)?;
    pair(summary, "Status", &meta.status)?;
    pair(summary, "Exported", &meta.exported_on_text())?;
    pair(summary, "Framework", &meta.framework_title)?;
    pair(
        summary,
        keys::ASSESSMENT_ID,
        meta.assessment_id.as_deref().unwrap_or(""),
    )?;
    pair(summary, keys::FRAMEWORK_ID, &meta.framework_id)?;
    pair(summary, keys::FRAMEWORK_VERSION, &meta.framework_version)?;
    row += 1;
    if let Some(Section::Summary(section)) = pack.sections.iter().find(|s| matches!(s, Section::Summary(_))) {
        summary_table(summary, meta, section, row, &header)?;
    }

    for section in &pack.sections {
        let Section::Theme(theme) = section else { continue };
        let sheet = workbook.add_worksheet();
        sheet.set_name(theme_sheet_name(theme.number, &theme.title))?;
        for (col, width) in [6.0, 30.0, 16.0, 60.0, 50.0].into_iter().enumerate() {
            sheet.set_column_width(u16::try_from(col).unwrap_or(0), width)?;
        }
        for (col, title) in theme_headings(&meta.labels).iter().enumerate() {
            sheet.write_string_with_format(0, u16::try_from(col).unwrap_or(0), title, &header)?;
        }
        let with_peer = pack.sections.iter().any(|s| matches!(s, Section::Compare(_)));
        if with_peer {
            sheet.set_column_width(5, 12.0)?;
            sheet.set_column_width(6, 50.0)?;
            sheet.write_string_with_format(0, 5, "Peer score", &header)?;
            sheet.write_string_with_format(0, 6, "Challenge and queries", &header)?;
        }
        // The documents behind each item, after every column the workbook reads back.
        let evidence_column: u16 = if with_peer { 7 } else { 5 };
        if theme.evidence {
            sheet.set_column_width(evidence_column, 14.0)?;
            sheet.write_string_with_format(0, evidence_column, "Evidence", &header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        for (index, item) in theme.items.iter().enumerate() {
            let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
            sheet.write_string_with_format(row, 0, &item.number, &wrap)?;
            sheet.write_string_with_format(row, 1, &item.title, &wrap)?;
            if let Some(score) = item.score {
                sheet.write_number_with_format(row, 2, f64::from(score), &wrap)?;
            }
            sheet.write_string_with_format(row, 3, cell_text(&item.basis), &wrap)?;
            sheet.write_string_with_format(row, 4, cell_text(&item.notes), &wrap)?;
            if with_peer {
                if let Some(score) = item.peer_score {
                    sheet.write_number_with_format(row, 5, f64::from(score), &wrap)?;
                }
                sheet.write_string_with_format(row, 6, cell_text(&item.challenge), &wrap)?;
            }
            if theme.evidence {
                sheet.write_string_with_format(row, evidence_column, &item.evidence, &wrap)?;
            }
        }
    }

    if let Some(Section::Compare(rows)) = pack.sections.iter().find(|s| matches!(s, Section::Compare(_))) {
        compare_sheet(workbook.add_worksheet(), rows, &header)?;
    }
    if let Some(Section::Actions(plan)) = pack.sections.iter().find(|s| matches!(s, Section::Actions(_))) {
        plan_sheet(workbook.add_worksheet(), plan, &header, &wrap)?;
        exported_plan_sheet(workbook.add_worksheet(), plan)?;
    } else {
        queries_sheet(workbook.add_worksheet(), pack, &header, &wrap)?;
    }
    workbook.save_to_buffer()
}
