//! Turns a [`Pack`] into PDF bytes: a cover, a contents page whose entries
//! link to their sections, then each section on its own pages with a
//! running header, "Page X of Y" footers, bookmarks, and a DRAFT watermark
//! unless the assessment is Final. Output depends only on the pack (whose
//! export date is injected), so the same pack gives the same bytes.

mod canvas;
pub mod fonts;
mod front;
mod report;

use std::sync::OnceLock;

use printpdf::{
    FontId, Mm, PageAnnotId, PageAnnotation, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, Pt,
};

use self::{
    canvas::{Canvas, Column, Ink, MARGIN_PT, fit_one_line},
    fonts::Face,
};
use super::{
    CompareRow, HeatRow, HistoryRow, MergeRow, Pack, PackMeta, QueryRow, ScaleSection, ScopeRow, Section, SummaryRow,
    SummarySection, TeamSection, ThemeSection,
};
use crate::domain::summary::format_average;

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read; the build is broken.
    #[error("the embedded font could not be loaded")]
    Font,
}

fn parsed(face: Face) -> Result<&'static ParsedFont, PdfError> {
    static REGULAR: OnceLock<Option<ParsedFont>> = OnceLock::new();
    static BOLD: OnceLock<Option<ParsedFont>> = OnceLock::new();
    let cell = match face {
        Face::Regular => &REGULAR,
        Face::Bold => &BOLD,
    };
    cell.get_or_init(|| ParsedFont::from_bytes(face.bytes(), 0, &mut Vec::new()))
        .as_ref()
        .ok_or(PdfError::Font)
}

/// Renders the pack as a PDF.
pub fn render(pack: &Pack) -> Result<Vec<u8>, PdfError> {
    render_counted(pack).map(|(bytes, _)| bytes)
}

/// Contents entries that fit on one page.
pub(super) const CONTENTS_PER_PAGE: usize = 30;

/// Renders the pack as a PDF and says how many pages it has.
pub fn render_counted(pack: &Pack) -> Result<(Vec<u8>, usize), PdfError> {
    render_laid_out(pack).map(|(bytes, pages, _)| (bytes, pages))
}

/// The page each section of the pack starts on, as the PDF lays it out:
/// the Word document's contents give them before Word lays itself out.
pub fn section_pages(pack: &Pack) -> Result<Vec<usize>, PdfError> {
    render_laid_out(pack).map(|(_, _, starts)| starts)
}

/// Renders the pack: its bytes, its page count, and where each section starts.
fn render_laid_out(pack: &Pack) -> Result<(Vec<u8>, usize, Vec<usize>), PdfError> {
    let regular = FontId("F1".to_owned());
    let bold = FontId("F2".to_owned());
    let mut canvas = Canvas::new(pack.paper.size_pt(), regular.clone(), bold.clone());
    front::cover(&mut canvas, &pack.meta);
    let contents_page = canvas.page_count();
    canvas.set_section(Some("Contents".to_owned()));
    canvas.new_page();
    canvas.bookmark("Contents");
    for _ in 1..pack.sections.len().div_ceil(CONTENTS_PER_PAGE) {
        canvas.new_page();
    }
    let mut starts = Vec::new();
    for section in &pack.sections {
        let title = section.title();
        canvas.set_section(Some(title.clone()));
        canvas.new_page();
        starts.push((title.clone(), canvas.page_count()));
        canvas.bookmark(&title);
        canvas.heading(&title, 18.0, 120.0);
        if let Some(intro) = section.intro(&pack.meta) {
            canvas.paragraph(&intro, Face::Regular, 10.0, Ink::Text);
            canvas.gap_pt(10.0);
        }
        match section {
            Section::Summary(summary) => summary_section(&mut canvas, &pack.meta, summary),
            Section::Theme(theme) => theme_section(&mut canvas, &pack.meta, theme),
            Section::Queries(rows) => query_section(&mut canvas, &pack.meta, rows),
            Section::Compare(rows) => compare_section(&mut canvas, &pack.meta, rows),
            Section::History(rows) => history_section(&mut canvas, rows),
            Section::KeyMessages(messages) => numbered_list(&mut canvas, messages),
            Section::Team(team) => team_section(&mut canvas, team),
            Section::Scope(rows) | Section::InitialScope(rows) => scope_section(&mut canvas, rows),
            Section::Merges(rows) => merges_section(&mut canvas, rows),
            Section::Scale(scale) => scale_section(&mut canvas, &pack.meta, scale),
            Section::Prose(prose) => report::prose(&mut canvas, prose),
            Section::Part(part) => report::part(&mut canvas, part),
            Section::FrameworkAppendix(appendix) => report::framework_appendix(&mut canvas, appendix),
            Section::Scores(appendix) => report::scores_appendix(&mut canvas, &pack.meta, appendix),
        }
    }
    front::contents(&mut canvas, contents_page, &starts);
    let finished = canvas.finish(&pack.meta.running_title(), pack.meta.is_final);
    let page_count = finished.pages.len();

    let meta = &pack.meta;
    let mut doc = PdfDocument::new(&format!("{} — {}", meta.running_title(), meta.document_title));
    let info = &mut doc.metadata.info;
    info.author.clone_from(&meta.organisation);
    format!("{} {}", meta.framework_title, meta.period)
        .trim()
        .clone_into(&mut info.subject);
    "Critical Friend".clone_into(&mut info.creator);
    info.producer = format!("Critical Friend {}", env!("CARGO_PKG_VERSION"));
    let date = export_timestamp(meta);
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
    doc.resources
        .fonts
        .map
        .insert(regular, PdfFont::new(parsed(Face::Regular)?.clone()));
    doc.resources
        .fonts
        .map
        .insert(bold, PdfFont::new(parsed(Face::Bold)?.clone()));
    for (index, (name, page)) in finished.outline.into_iter().enumerate() {
        doc.bookmarks
            .map
            .insert(PageAnnotId(format!("B{index:04}")), PageAnnotation { name, page });
    }
    let (width, height) = pack.paper.size_pt();
    let pages = finished
        .pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm::from(Pt(width)), Mm::from(Pt(height)), ops))
        .collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let bytes = doc.with_pages(pages).save(&options, &mut Vec::new());
    let section_starts = starts.into_iter().map(|(_, page)| page).collect();
    Ok((stable_trailer_id(bytes), page_count, section_starts))
}

fn export_timestamp(meta: &PackMeta) -> printpdf::OffsetDateTime {
    let seconds = meta.exported_on.midnight().assume_utc().unix_timestamp();
    printpdf::OffsetDateTime::from_unix_timestamp(seconds)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
        .unwrap_or_else(|_| unreachable!("the epoch is a valid timestamp"))
}

/// printpdf writes a random document /ID in the trailer; replace it with a
/// digest of the rest of the file so identical packs give identical bytes.
fn stable_trailer_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = bytes.windows(3).rposition(|window| window == b"/ID") else {
        return bytes;
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in &bytes[..at] {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut digits = format!("{hash:016x}{:016x}", hash.rotate_left(29) ^ 0x9e37_79b9_7f4a_7c15).into_bytes();
    let mut index = at;
    let mut strings = 0;
    while index < bytes.len() && strings < 2 {
        if bytes[index] == b'(' {
            let start = index + 1;
            if let Some(length) = bytes[start..].iter().position(|&b| b == b')') {
                for (offset, slot) in bytes[start..start + length].iter_mut().enumerate() {
                    *slot = digits[offset % digits.len()];
                }
                digits.rotate_left(7);
                index = start + length;
                strings += 1;
            }
        }
        index += 1;
    }
    bytes
}

fn summary_section(canvas: &mut Canvas, meta: &PackMeta, summary: &SummarySection) {
    for (who, rating) in [
        ("Self-assessment", &summary.rating),
        ("Peer team", &summary.peer_rating),
    ] {
        if let Some(rating) = rating {
            let sentence = crate::domain::Rating::sentence(who, rating);
            canvas.paragraph(&sentence, Face::Bold, 11.0, Ink::Text);
            canvas.gap_pt(4.0);
        }
    }
    if summary.rating.is_some() {
        canvas.gap_pt(8.0);
    }
    let count_width = 30.0;
    #[allow(clippy::cast_precision_loss)]
    let level_columns_pt = meta.levels.len() as f32 * count_width;
    let mut columns = vec![
        Column::new(
            "Theme",
            canvas.body_width_pt() - 60.0 - 52.0 - level_columns_pt,
            Face::Regular,
        ),
        Column::new("Scored", 60.0, Face::Regular),
        Column::new("Average", 52.0, Face::Regular),
    ];
    columns.extend(
        meta.levels
            .iter()
            .map(|level| Column::new(level.score.to_string(), count_width, Face::Regular)),
    );
    let mut rows: Vec<Vec<String>> = summary.themes.iter().map(SummaryRow::cells).collect();
    rows.push(summary.overall.cells());
    canvas.table(&columns, &rows, 1);
    canvas.gap_pt(12.0);
    bar_chart(canvas, meta, &summary.themes);
    canvas.gap_pt(16.0);
    heat_grid(canvas, meta, &summary.grid);
}

/// Horizontal bars of each theme's average self score, on the framework's scale.
pub(super) fn bar_chart(canvas: &mut Canvas, meta: &PackMeta, rows: &[SummaryRow]) {
    let bar_height = 16.0;
    let row_gap = 8.0;
    #[allow(clippy::cast_precision_loss)]
    let chart_height = rows.len() as f32 * (bar_height + row_gap) + 40.0;
    let title = if rows.iter().any(|row| row.peer_average.is_some()) {
        "Average self and peer score by theme"
    } else {
        "Average self score by theme"
    };
    canvas.heading(title, 12.0, chart_height);
    let label_width = 150.0;
    let left = MARGIN_PT + label_width;
    let plot_width = canvas.body_width_pt() - label_width - 40.0;
    let top = canvas.cursor_pt();
    #[allow(clippy::cast_precision_loss)]
    let bottom = top + rows.len() as f32 * (bar_height + row_gap);
    #[allow(clippy::cast_possible_truncation)]
    let x_of = |value: f64| left + plot_width * meta.level_fraction(value) as f32;
    for level in &meta.levels {
        let x = x_of(f64::from(level.score));
        canvas.line((x, top - 2.0), (x, bottom), 0.4, Ink::Rule);
        canvas.text(
            x - 2.5,
            bottom + 3.0,
            &level.score.to_string(),
            Face::Regular,
            8.0,
            Ink::Muted,
        );
    }
    let with_peer = rows.iter().any(|row| row.peer_average.is_some());
    for (index, row) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + index as f32 * (bar_height + row_gap);
        let label = fit_one_line(&row.label, label_width - 6.0, 9.0);
        canvas.text(MARGIN_PT, y + 3.5, &label, Face::Regular, 9.0, Ink::Text);
        let half = if with_peer { bar_height / 2.0 } else { bar_height };
        let bars = [
            ("", row.average, Ink::Accent, y),
            ("peer ", row.peer_average, Ink::Grey(0.6), y + half),
        ];
        for (prefix, value, ink, bar_top) in bars.into_iter().take(if with_peer { 2 } else { 1 }) {
            let size = if with_peer { 7.0 } else { 9.0 };
            match value {
                Some(average) => {
                    let width = x_of(average) - left;
                    canvas.fill_rect(left, bar_top, width.max(1.0), half - 1.0, ink);
                    let label = format!("{prefix}{}", format_average(Some(average)));
                    canvas.text(left + width + 4.0, bar_top, &label, Face::Bold, size, Ink::Text);
                }
                None => canvas.text(
                    left + 4.0,
                    bar_top,
                    &format!("{prefix}not scored"),
                    Face::Regular,
                    size,
                    Ink::Muted,
                ),
            }
        }
    }
    canvas.set_cursor_pt(bottom + 18.0);
    if with_peer {
        canvas.paragraph(
            "Upper, dark bars: self-assessment. Lower, grey bars: peer team.",
            Face::Regular,
            8.0,
            Ink::Muted,
        );
    }
}

/// Grey level for a score in the heat grid: darker is higher up the scale.
/// Every cell also prints its score, so nothing depends on shade alone.
fn heat_ink(meta: &PackMeta, score: Option<u8>) -> (Ink, Ink) {
    #[allow(clippy::cast_possible_truncation)]
    let fill = match score {
        None => Ink::White,
        Some(_) => Ink::Grey(meta.heat_grey(score) as f32),
    };
    let text = match score {
        None => Ink::Muted,
        Some(_) if meta.heat_text_is_white(score) => Ink::White,
        Some(_) => Ink::Text,
    };
    (fill, text)
}

/// Every item by score: one row per theme, one shaded cell per item.
fn heat_grid(canvas: &mut Canvas, meta: &PackMeta, rows: &[HeatRow]) {
    let cell_width = 30.0;
    let cell_height = 24.0;
    #[allow(clippy::cast_precision_loss)]
    let height = rows.len() as f32 * (cell_height + 4.0) + 30.0;
    canvas.heading("Scores by item", 12.0, height);
    let left = MARGIN_PT + 130.0;
    for row in rows {
        let top = canvas.cursor_pt();
        let label = fit_one_line(&row.label, left - MARGIN_PT - 6.0, 9.0);
        canvas.text(MARGIN_PT, top + 7.0, &label, Face::Regular, 9.0, Ink::Text);
        for (index, cell) in row.cells.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = left + index as f32 * (cell_width + 2.0);
            let (fill, ink) = heat_ink(meta, cell.score);
            canvas.fill_rect(x, top, cell_width, cell_height, fill);
            canvas.stroke_rect(x, top, cell_width, cell_height, Ink::Rule);
            canvas.text(x + 3.0, top + 2.5, &cell.number, Face::Regular, 6.5, ink);
            let score = cell.score.map_or_else(|| "–".to_owned(), |s| s.to_string());
            canvas.text(x + 3.0, top + 11.0, &score, Face::Bold, 10.0, ink);
        }
        canvas.gap_pt(cell_height + 4.0);
    }
    canvas.gap_pt(4.0);
    canvas.paragraph(
        &format!(
            "Each cell shows the {} number and its score (– not scored); darker cells score higher. Scale: {}.",
            meta.labels.item.to_lowercase(),
            meta.scale_legend()
        ),
        Face::Regular,
        8.0,
        Ink::Muted,
    );
}

fn theme_section(canvas: &mut Canvas, meta: &PackMeta, theme: &ThemeSection) {
    let label = meta.labels.statement_caption(&theme.outcome_heading);
    canvas.paragraph(&label, Face::Bold, 9.0, Ink::Muted);
    canvas.gap_pt(2.0);
    canvas.paragraph(&format!("“{}”", theme.outcome), Face::Regular, 10.5, Ink::Text);
    canvas.gap_pt(12.0);
    let rest = canvas.body_width_pt() - 190.0;
    let columns = [
        Column::new("No.", 34.0, Face::Bold),
        Column::new(meta.labels.item.clone(), 92.0, Face::Bold),
        Column::new("Score", 64.0, Face::Regular),
        Column::new(meta.labels.basis.clone(), rest * 0.55, Face::Regular),
        Column::new(meta.labels.notes.clone(), rest * 0.45, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = theme.items.iter().map(super::ItemRow::cells).collect();
    let min_lines = if theme.blank { 9 } else { 1 };
    canvas.table(&columns, &rows, min_lines);
    for (heading, entries) in [
        ("Peer team: strengths", &theme.strengths),
        ("Peer team: areas for consideration", &theme.areas),
    ] {
        if !entries.is_empty() {
            canvas.heading(heading, 12.0, 40.0);
            numbered_list(canvas, entries);
            canvas.gap_pt(6.0);
        }
    }
}

fn query_section(canvas: &mut Canvas, meta: &PackMeta, rows: &[QueryRow]) {
    if rows.is_empty() {
        let text = format!("No {} has open notes or queries.", meta.labels.item.to_lowercase());
        canvas.paragraph(&text, Face::Regular, 10.0, Ink::Muted);
        return;
    }
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("No.", 34.0, Face::Bold),
        Column::new(meta.labels.item.clone(), 130.0, Face::Bold),
        Column::new("Query or evidence gap", width - 164.0, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(QueryRow::cells).collect();
    canvas.table(&columns, &rows, 1);
}

pub(super) fn compare_section(canvas: &mut Canvas, meta: &PackMeta, rows: &[CompareRow]) {
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("No.", 34.0, Face::Bold),
        Column::new(meta.labels.item.clone(), 88.0, Face::Bold),
        Column::new("Self", 62.0, Face::Regular),
        Column::new("Peer", 62.0, Face::Regular),
        Column::new("Gap", 36.0, Face::Bold),
        Column::new(
            "Challenge and queries",
            width - 34.0 - 88.0 - 2.0 * 62.0 - 36.0,
            Face::Regular,
        ),
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(CompareRow::cells).collect();
    canvas.table(&columns, &rows, 1);
}

/// "1. …", "2. …" with the text wrapped under itself.
fn numbered_list(canvas: &mut Canvas, entries: &[String]) {
    let width = canvas.body_width_pt();
    for (index, entry) in entries.iter().enumerate() {
        canvas.ensure_pt(14.0);
        let top = canvas.cursor_pt();
        canvas.text(MARGIN_PT, top, &format!("{}.", index + 1), Face::Bold, 10.0, Ink::Text);
        canvas.paragraph_at(MARGIN_PT + 20.0, width - 20.0, entry, Face::Regular, 10.0, Ink::Text);
        canvas.gap_pt(4.0);
    }
}

fn team_section(canvas: &mut Canvas, team: &TeamSection) {
    if team.members.is_empty() {
        return;
    }
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("Name", width * 0.32, Face::Bold),
        Column::new("Role on the team", width * 0.28, Face::Regular),
        Column::new("Organisation", width * 0.40, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = team.members.iter().map(|m| m.to_vec()).collect();
    canvas.table(&columns, &rows, 0);
}

fn scope_section(canvas: &mut Canvas, rows: &[ScopeRow]) {
    let width = canvas.body_width_pt();
    for (index, row) in rows.iter().enumerate() {
        canvas.ensure_pt(40.0);
        let top = canvas.cursor_pt();
        canvas.text(MARGIN_PT, top, &format!("Q{}.", index + 1), Face::Bold, 10.0, Ink::Text);
        canvas.paragraph_at(
            MARGIN_PT + 26.0,
            width - 26.0,
            &row.question,
            Face::Bold,
            10.0,
            Ink::Text,
        );
        canvas.gap_pt(3.0);
        let response = if row.response.trim().is_empty() {
            "No response yet."
        } else {
            row.response.as_str()
        };
        canvas.paragraph_at(MARGIN_PT + 26.0, width - 26.0, response, Face::Regular, 10.0, Ink::Text);
        canvas.gap_pt(8.0);
    }
}

fn merges_section(canvas: &mut Canvas, rows: &[MergeRow]) {
    let width = canvas.body_width_pt();
    for row in rows {
        canvas.ensure_pt(40.0);
        let top = canvas.cursor_pt();
        canvas.text(
            MARGIN_PT,
            top,
            &format!("{} — {}", row.when, row.source),
            Face::Bold,
            10.0,
            Ink::Text,
        );
        canvas.gap_pt(14.0);
        for line in &row.lines {
            canvas.paragraph_at(MARGIN_PT + 10.0, width - 10.0, line, Face::Regular, 9.0, Ink::Text);
        }
        canvas.gap_pt(8.0);
    }
}

fn history_section(canvas: &mut Canvas, rows: &[HistoryRow]) {
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("When", 78.0, Face::Regular),
        Column::new("Item", 52.0, Face::Bold),
        Column::new("Field", 60.0, Face::Regular),
        Column::new("Change", width - 78.0 - 52.0 - 60.0 - 110.0, Face::Regular),
        Column::new("Who", 110.0, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(HistoryRow::cells).collect();
    canvas.table(&columns, &rows, 1);
}

fn scale_section(canvas: &mut Canvas, meta: &PackMeta, scale: &ScaleSection) {
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("Score", 44.0, Face::Bold),
        Column::new("Label", 90.0, Face::Bold),
        Column::new("What it looks like", width - 134.0, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = scale.levels.iter().map(super::ScaleRow::cells).collect();
    canvas.table(&columns, &rows, 1);
    canvas.gap_pt(6.0);
    canvas.paragraph(
        &format!(
            "Not scored is shown as “Not scored”, never as {}.",
            meta.levels.first().map_or(0, |level| level.score)
        ),
        Face::Regular,
        9.0,
        Ink::Text,
    );
    if let Some(bands) = &scale.rating {
        canvas.gap_pt(12.0);
        canvas.heading("Overall rating", 11.0, 60.0);
        canvas.paragraph(&super::rating_rule_text(meta, bands), Face::Regular, 9.0, Ink::Text);
    }
    canvas.gap_pt(12.0);
    canvas.heading("Source", 11.0, 40.0);
    canvas.paragraph(&scale.source, Face::Regular, 9.0, Ink::Muted);
}
