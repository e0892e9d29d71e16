//! Turns a [`Pack`] into PDF bytes: a cover, a contents page whose entries
//! link to their sections, then each section on its own pages with a
//! running header, "Page X of Y" footers, bookmarks, and a DRAFT watermark
//! unless the assessment is Final. Output depends only on the pack (whose
//! export date is injected), so the same pack gives the same bytes.
//!
//! The PDF is tagged, for those who read it with a screen reader or reflow
//! it: headings, paragraphs, lists, tables with header cells, charts with
//! alternative text and contents links in a structure tree in reading
//! order; page furniture marked as artifacts; language, title and PDF/UA
//! metadata set.

mod canvas;
mod charts;
mod document;
pub mod fonts;
mod front;
mod plan;
mod report;
mod structure;
mod table;
mod tags;
mod trend_charts;

use printpdf::FontId;

use self::{
    canvas::{Canvas, Ink, MARGIN_PT},
    fonts::Face,
    table::Column,
    tags::Tag,
};
use super::{
    CompareRow, HistoryRow, MergeRow, Pack, PackMeta, QueryRow, ScaleSection, ScopeRow, Section, SummaryRow,
    SummarySection, TeamSection, ThemeSection,
};

/// Why a PDF could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read; the build is broken.
    #[error("the embedded font could not be loaded")]
    Font,
    /// The structure recorded while laying out does not match the pages
    /// printpdf wrote; a bug, never the pack's content.
    #[error("the document's structure could not be written")]
    Structure,
    /// The finished document could not be serialised.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// Renders the pack as a tagged PDF.
pub fn render(pack: &Pack) -> Result<Vec<u8>, PdfError> {
    render_counted(pack).map(|(bytes, _)| bytes)
}

/// Renders the pack with the same layout but no structure tree, as packs
/// were before they were tagged: to measure what tagging costs and to show
/// it changes nothing a reader sees.
pub fn render_untagged(pack: &Pack) -> Result<Vec<u8>, PdfError> {
    render_laid_out(pack, false).map(|(bytes, _, _)| bytes)
}

/// Contents entries that fit on one page.
pub(super) const CONTENTS_PER_PAGE: usize = 30;

/// Renders the pack as a PDF and says how many pages it has.
pub fn render_counted(pack: &Pack) -> Result<(Vec<u8>, usize), PdfError> {
    render_laid_out(pack, true).map(|(bytes, pages, _)| (bytes, pages))
}

/// The page each contents entry of the pack ([`Pack::contents`]) starts
/// on, as the PDF lays it out: the Word document's contents give them
/// before Word lays itself out.
pub fn section_pages(pack: &Pack) -> Result<Vec<usize>, PdfError> {
    // Laid out only: the pages fall where they do whether or not the
    // content is tagged, and no PDF need be written to know where.
    let (_, starts) = lay_out(pack, false);
    Ok(starts)
}

/// Renders the pack: its bytes, its page count, and where each section starts.
fn render_laid_out(pack: &Pack, tagged: bool) -> Result<(Vec<u8>, usize, Vec<usize>), PdfError> {
    let (finished, starts) = lay_out(pack, tagged);
    let page_count = finished.pages.len();
    let fonts = [FontId("F1".to_owned()), FontId("F2".to_owned())];
    let bytes = document::write(pack, finished, fonts, tagged)?;
    Ok((bytes, page_count, starts))
}

/// Lays the pack out on pages: what is drawn on each, and the page each
/// contents entry starts on.
fn lay_out(pack: &Pack, tagged: bool) -> (canvas::Finished, Vec<usize>) {
    let regular = FontId("F1".to_owned());
    let bold = FontId("F2".to_owned());
    let mut canvas = Canvas::new(pack.paper.size_pt(), regular, bold);
    if !tagged {
        canvas = canvas.untagged();
    }
    canvas.open(Tag::Sect);
    front::cover(&mut canvas, &pack.meta);
    canvas.close();
    let contents_page = canvas.page_count();
    // The contents come first in reading order, though filled in last.
    let contents = canvas.open(Tag::Sect);
    canvas.close();
    canvas.set_section(Some("Contents".to_owned()));
    canvas.new_page();
    canvas.bookmark("Contents");
    let entries = pack.contents();
    for _ in 1..entries.len().div_ceil(CONTENTS_PER_PAGE) {
        canvas.new_page();
    }
    let before = canvas.bookmarked_pages().len();
    for section in &pack.sections {
        let title = section.title();
        canvas.set_section(Some(title.clone()));
        canvas.new_page();
        canvas.bookmark(&title);
        canvas.open(Tag::Sect);
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
            Section::Actions(actions) => plan::actions(&mut canvas, actions),
            Section::Progress(progress) => plan::progress(&mut canvas, &pack.meta, progress),
            Section::Years(years) => plan::years(&mut canvas, &pack.meta, years),
            Section::Documents(rows) => documents_section(&mut canvas, rows),
            Section::Benchmarks(benchmarks) => {
                benchmarks_section(&mut canvas, &benchmarks.rows);
                trend_charts::trend_charts(&mut canvas, &benchmarks.trends);
            }
        }
        canvas.close();
    }
    // Every bookmark after the cover's and the contents' own is a contents
    // entry, in order: a section's, then its sub-headings'.
    let starts: Vec<usize> = canvas.bookmarked_pages().into_iter().skip(before).collect();
    let listed: Vec<(&str, usize, u8)> = entries
        .iter()
        .zip(&starts)
        .map(|(entry, page)| (entry.title.as_str(), *page, entry.level))
        .collect();
    canvas.enter(contents);
    front::contents(&mut canvas, contents_page, &listed);
    canvas.close();
    let finished = canvas.finish(&pack.meta.running_title(), pack.meta.is_final);
    (finished, starts)
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
    charts::bar_chart(canvas, meta, &summary.themes);
    canvas.gap_pt(16.0);
    charts::heat_grid(canvas, meta, &summary.grid);
}

fn theme_section(canvas: &mut Canvas, meta: &PackMeta, theme: &ThemeSection) {
    let label = meta.labels.statement_caption(&theme.outcome_heading);
    canvas.paragraph(&label, Face::Bold, 9.0, Ink::Muted);
    canvas.gap_pt(2.0);
    canvas.paragraph(&format!("“{}”", theme.outcome), Face::Regular, 10.5, Ink::Text);
    canvas.gap_pt(12.0);
    let evidence_width = if theme.evidence { 52.0 } else { 0.0 };
    let rest = canvas.body_width_pt() - 190.0 - evidence_width;
    let mut columns = vec![
        Column::new("No.", 34.0, Face::Bold),
        Column::new(meta.labels.item.clone(), 92.0, Face::Bold),
        Column::new("Score", 64.0, Face::Regular),
        Column::new(meta.labels.basis.clone(), rest * 0.55, Face::Regular),
        Column::new(meta.labels.notes.clone(), rest * 0.45, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = if theme.evidence {
        columns.push(Column::new("Evidence", evidence_width, Face::Regular));
        theme.items.iter().map(super::ItemRow::cells_with_evidence).collect()
    } else {
        theme.items.iter().map(super::ItemRow::cells).collect()
    };
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

fn documents_section(canvas: &mut Canvas, rows: &[super::DocumentRow]) {
    let width = canvas.body_width_pt();
    let columns = [
        Column::new("No.", 30.0, Face::Bold),
        Column::new(
            "Document",
            width - 30.0 - 70.0 - 58.0 - 60.0 - 50.0 - 84.0 - 62.0,
            Face::Regular,
        ),
        Column::new("Reference", 70.0, Face::Regular),
        Column::new("Date", 58.0, Face::Regular),
        Column::new("Owner", 60.0, Face::Regular),
        Column::new("Items", 50.0, Face::Regular),
        Column::new("File", 84.0, Face::Regular),
        Column::new("Considered", 62.0, Face::Regular),
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(|row| row.cells.clone()).collect();
    canvas.table(&columns, &rows, 1);
}

fn benchmarks_section(canvas: &mut Canvas, rows: &[super::BenchmarkRow]) {
    let width = canvas.body_width_pt();
    let widths = [44.0, 0.0, 62.0, 50.0, 54.0, 54.0, 0.0, 38.0];
    let fixed: f32 = widths.iter().sum();
    let flexible = (width - fixed) / 2.0;
    let columns: Vec<Column> = super::BENCHMARK_HEADINGS
        .iter()
        .zip(widths)
        .map(|(heading, width)| {
            let face = if *heading == "Code" { Face::Bold } else { Face::Regular };
            Column::new(*heading, if width == 0.0 { flexible } else { width }, face)
        })
        .collect();
    let rows: Vec<Vec<String>> = rows.iter().map(|row| row.cells.clone()).collect();
    canvas.table(&columns, &rows, 1);
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
    canvas.open(Tag::L("Decimal"));
    for (index, entry) in entries.iter().enumerate() {
        canvas.ensure_pt(14.0);
        canvas.begin_item(MARGIN_PT, &format!("{}.", index + 1), Face::Bold, 10.0);
        canvas.paragraph_at(MARGIN_PT + 20.0, width - 20.0, entry, Face::Regular, 10.0, Ink::Text);
        canvas.end_item();
        canvas.gap_pt(4.0);
    }
    canvas.close();
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
    canvas.open(Tag::L("Decimal"));
    for (index, row) in rows.iter().enumerate() {
        canvas.ensure_pt(40.0);
        canvas.begin_item(MARGIN_PT, &format!("Q{}.", index + 1), Face::Bold, 10.0);
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
        canvas.end_item();
        canvas.gap_pt(8.0);
    }
    canvas.close();
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
