//! The pack as a Word document with real heading styles and tables, so a
//! council can edit and publish it. Same content as the PDF, from the same
//! pack model: a sans-serif font set in the document itself, a contents
//! already filled in (each entry linked to its heading, with the page the
//! PDF puts it on until Word lays the document out again), table header
//! rows repeated on every page, and every picture with alternative text.

mod links;
mod lists;
mod package;
mod plan;
mod report;
mod sections;
mod text;

use docx_rs::{
    Docx, FieldCharType, Footer, Hyperlink, HyperlinkType, InstrPAGEREF, InstrText, LineSpacing, PageMargin, PageNum,
    Paragraph, Run, RunFonts, Shading, Style, StyleType, Tab, TabLeaderType, TabValueType, Table, TableCell, TableRow,
    WidthType,
};

use self::sections::{
    compare_section, merges_section, numbered, query_section, scale_section, scope_section, summary_section,
    theme_section,
};
use super::{HistoryRow, Pack, PackMeta, Section};

const ACCENT: &str = "29456E";
/// Twentieths of a point per point.
const TWIPS_PER_PT: f32 = 20.0;
/// The document's font: a sans-serif every office machine has (LibreOffice
/// shows Liberation Sans, drawn to the same measures).
const FONT: &str = "Arial";

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("could not write the Word document: {0}")]
pub struct DocxError(String);

/// A heading style: its id, name, size in half-points and outline level.
fn heading_style(id: &str, name: &str, half_points: usize, level: usize) -> Style {
    Style::new(id, StyleType::Paragraph)
        .name(name)
        .size(half_points)
        .bold()
        .color(ACCENT)
        .outline_lvl(level)
}

/// An empty document with the pack's paper, margins, font, styles and footer.
fn document(pack: &Pack, width: u32, height: u32, margin: i32) -> Docx {
    let meta = &pack.meta;
    // The pack's date, not the clock: the same pack gives the same bytes.
    let stamp = format!("{}T00:00:00Z", pack.meta.exported_on);
    let doc = Docx::new()
        .created_at(&stamp)
        .updated_at(&stamp)
        .page_size(width, height)
        .page_margin(PageMargin::new().top(margin).bottom(margin).left(margin).right(margin))
        .default_size(22)
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_line_spacing(LineSpacing::new().after(100))
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(52)
                .bold()
                .color(ACCENT),
        )
        .add_style(heading_style("Heading1", "Heading 1", 36, 0))
        .add_style(heading_style("Heading2", "Heading 2", 26, 1))
        .add_style(heading_style("Heading3", "Heading 3", 22, 2))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .add_run(text::run(format!("{} — Page ", meta.running_title())).size(16))
                    .add_page_num(PageNum::new()),
            ),
        );
    lists::define(doc)
}

/// Renders the pack as `.docx` bytes.
pub fn render(pack: &Pack) -> Result<Vec<u8>, DocxError> {
    let meta = &pack.meta;
    let (width_pt, height_pt) = pack.paper.size_pt();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (width, height) = ((width_pt * TWIPS_PER_PT) as u32, (height_pt * TWIPS_PER_PT) as u32);
    let margin = 1134; // 2 cm
    let body_twips = usize::try_from(width).unwrap_or(11906) - 2 * 1134;

    let mut doc = document(pack, width, height, margin);
    doc = cover(doc, meta);
    doc = contents(doc, pack, body_twips)?;
    let mut alt_texts = Vec::new();
    for (index, section) in pack.sections.iter().enumerate() {
        let bookmark = index + 1;
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_bookmark_start(bookmark, super::bookmark_key(bookmark, 0))
                .add_run(text::run(section.title()))
                .add_bookmark_end(bookmark)
                .style("Heading1")
                .page_break_before(true),
        );
        if let Some(intro) = section.intro(meta) {
            doc = doc.add_paragraph(Paragraph::new().add_run(text::run(intro)));
        }
        doc = match section {
            Section::Summary(summary) => {
                alt_texts.push(super::chart::averages_alt(meta, &summary.themes));
                summary_section(doc, meta, summary, body_twips)?
            }
            Section::Theme(theme) => theme_section(doc, meta, theme, body_twips),
            Section::Queries(rows) => query_section(doc, meta, rows, body_twips),
            Section::Compare(rows) => compare_section(doc, meta, rows, body_twips),
            Section::KeyMessages(messages) => numbered(doc, messages),
            Section::Team(team) if team.members.is_empty() => doc,
            Section::Team(team) => doc.add_table(table(
                &["Name", "Role on the team", "Organisation"],
                &[0.32, 0.28, 0.4],
                team.members.iter().map(|m| m.to_vec()).collect(),
                body_twips,
                0,
            )),
            Section::Scope(rows) | Section::InitialScope(rows) => scope_section(doc, rows),
            Section::Merges(rows) => merges_section(doc, rows),
            Section::History(rows) => doc.add_table(table(
                &["When", "Item", "Field", "Change", "Who"],
                &[0.16, 0.1, 0.12, 0.4, 0.22],
                rows.iter().map(HistoryRow::cells).collect(),
                body_twips,
                0,
            )),
            Section::Scale(scale) => scale_section(doc, meta, scale, body_twips),
            Section::Prose(prose) => report::prose(doc, prose),
            Section::Part(part) => report::part(doc, part, index + 1),
            Section::FrameworkAppendix(appendix) => report::framework_appendix(doc, appendix),
            Section::Actions(actions) => plan::actions(doc, actions, body_twips),
            Section::Years(years) => plan::years(doc, meta, years, body_twips),
            Section::Benchmarks(benchmarks) => {
                alt_texts.extend(benchmarks.trends.iter().map(super::TrendChart::alt));
                sections::benchmarks_section(doc, benchmarks, body_twips)?
            }
            Section::Documents(rows) => sections::documents_table(doc, rows, body_twips),
            Section::Progress(progress) => {
                alt_texts.push(progress.chart_alt());
                plan::progress(doc, meta, progress, body_twips)?
            }
            Section::Scores(appendix) => {
                alt_texts.push(super::chart::averages_alt(meta, &appendix.themes));
                report::scores_appendix(doc, meta, appendix, body_twips)?
            }
        };
    }

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| DocxError(e.to_string()))?;
    let title = format!("{} — {}", meta.running_title(), meta.document_title);
    let creator = if meta.organisation.is_empty() {
        "Critical Friend"
    } else {
        meta.organisation.as_str()
    };
    let finish = package::Finish {
        title: &title,
        creator,
        language: "en-GB",
        alt_texts: &alt_texts,
        body_twips,
    };
    package::finish(&bytes.into_inner(), &finish).map_err(|e| DocxError(e.to_string()))
}

/// The contents, filled in: one entry per section and per sub-heading in
/// one (indented), a link to its heading
/// and a page reference to its bookmark, showing the page the PDF layout
/// puts it on. The references are live fields, not a table-of-contents
/// field's frozen text: LibreOffice counts them as it lays the document
/// out, and Word, told by the settings and each field's dirty mark, counts
/// them when the document is opened. Each field character is a run of its
/// own, as Word writes them, so every reader shows the entries.
fn contents(mut doc: Docx, pack: &Pack, body_twips: usize) -> Result<Docx, DocxError> {
    let pages = super::pdf::section_pages(pack).map_err(|e| DocxError(e.to_string()))?;
    doc = doc.add_paragraph(
        Paragraph::new()
            .add_run(text::run("Contents").bold().size(32).color(ACCENT))
            .page_break_before(true),
    );
    let field = |kind| Run::new().add_field_char(kind, true);
    let tab_stop = Tab::new()
        .val(TabValueType::Right)
        .leader(TabLeaderType::Dot)
        .pos(body_twips);
    for (index, entry) in pack.contents().iter().enumerate() {
        let key = &entry.bookmark;
        let page = pages.get(index).map_or_else(String::new, ToString::to_string);
        let link = Hyperlink::new(key, HyperlinkType::Anchor)
            .add_run(text::run(&entry.title))
            .add_run(Run::new().add_tab())
            .add_run(field(FieldCharType::Begin))
            .add_run(Run::new().add_instr_text(InstrText::PAGEREF(InstrPAGEREF::new(key).hyperlink())))
            .add_run(field(FieldCharType::Separate))
            .add_run(text::run(page))
            .add_run(field(FieldCharType::End));
        let mut paragraph = Paragraph::new().add_tab(tab_stop.clone()).add_hyperlink(link);
        if entry.level > 1 {
            paragraph = paragraph.indent(Some(360), None, None, None);
        }
        doc = doc.add_paragraph(paragraph);
    }
    Ok(doc)
}

/// The title block: framework, organisation, title, kind of document, details.
fn cover(mut doc: Docx, meta: &super::PackMeta) -> Docx {
    if !meta.cover_kicker().is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(text::run(meta.cover_kicker()).size(22)));
    }
    if !meta.organisation.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(text::run(&meta.organisation)).style("Title"));
    }
    if !meta.title.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(text::run(&meta.title).size(34)));
    }
    doc = doc.add_paragraph(Paragraph::new().add_run(text::run(&meta.document_title).bold().size(26)));
    for (label, value) in meta.cover_details() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(text::run(format!("{label}: ")).bold())
                .add_run(text::run(value)),
        );
    }
    doc
}

/// A paragraph per line of `text`, so line breaks survive.
fn paragraphs(lines: &str, bold: bool) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = lines
        .split('\n')
        .map(|line| {
            let run = text::run(line.trim_end_matches('\r')).size(20);
            Paragraph::new().add_run(if bold { run.bold() } else { run })
        })
        .collect();
    if out.is_empty() {
        out.push(Paragraph::new());
    }
    out
}

fn cell(text: &str, width: usize, bold: bool) -> TableCell {
    paragraphs(text, bold)
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), TableCell::add_paragraph)
}

fn header_cell(text: &str, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .shading(Shading::new().fill(ACCENT))
        .add_paragraph(Paragraph::new().add_run(text::run(text).bold().color("FFFFFF").size(18)))
}

/// A table with a shaded header row; `fractions` share out the body width.
fn table(headings: &[&str], fractions: &[f32], rows: Vec<Vec<String>>, body_twips: usize, bold_first: usize) -> Table {
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let widths: Vec<usize> = fractions.iter().map(|f| (f * body_twips as f32) as usize).collect();
    let header = TableRow::new(
        headings
            .iter()
            .zip(&widths)
            .map(|(text, width)| header_cell(text, *width))
            .collect(),
    )
    .cant_split();
    let mut all = vec![header];
    for row in rows {
        all.push(TableRow::new(
            row.iter()
                .zip(&widths)
                .enumerate()
                .map(|(index, (text, width))| cell(text, *width, index < bold_first))
                .collect(),
        ));
    }
    Table::new(all).set_grid(widths).width(body_twips, WidthType::Dxa)
}
