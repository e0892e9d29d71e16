//! The pack as a Word document with real heading styles and tables, so a
//! council can edit and publish it. Same content as the PDF, from the same
//! pack model.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, PageMargin, PageNum, Paragraph, Run, Shading, Style, StyleType, Table,
    TableCell, TableOfContents, TableRow, WidthType,
};

use super::{
    CompareRow, HeatRow, HistoryRow, Pack, PackMeta, QueryRow, ScaleSection, Section, SummarySection, ThemeSection,
};

const ACCENT: &str = "29456E";
/// Twentieths of a point per point.
const TWIPS_PER_PT: f32 = 20.0;

/// Why a document could not be produced.
#[derive(Debug, thiserror::Error)]
#[error("could not write the Word document: {0}")]
pub struct DocxError(String);

/// Renders the pack as `.docx` bytes.
pub fn render(pack: &Pack) -> Result<Vec<u8>, DocxError> {
    let meta = &pack.meta;
    let (width_pt, height_pt) = pack.paper.size_pt();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (width, height) = ((width_pt * TWIPS_PER_PT) as u32, (height_pt * TWIPS_PER_PT) as u32);
    let margin = 1134; // 2 cm
    let body_twips = usize::try_from(width).unwrap_or(11906) - 2 * 1134;

    // The pack's date, not the clock: the same pack gives the same bytes.
    let stamp = format!("{}T00:00:00Z", pack.meta.exported_on);
    let mut doc = Docx::new()
        .created_at(&stamp)
        .updated_at(&stamp)
        .page_size(width, height)
        .page_margin(PageMargin::new().top(margin).bottom(margin).left(margin).right(margin))
        .default_size(20)
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .size(52)
                .bold()
                .color(ACCENT),
        )
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("Heading 1")
                .size(36)
                .bold()
                .color(ACCENT)
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("Heading 2")
                .size(26)
                .bold()
                .color(ACCENT)
                .outline_lvl(1),
        )
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .add_run(
                        Run::new()
                            .add_text(format!("{} — Page ", meta.running_title()))
                            .size(16),
                    )
                    .add_page_num(PageNum::new()),
            ),
        );

    doc = cover(doc, meta);
    doc = doc.add_table_of_contents(TableOfContents::new().heading_styles_range(1, 1).alias("Contents"));

    for section in &pack.sections {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(section.title()))
                .style("Heading1")
                .page_break_before(true),
        );
        if let Some(intro) = section.intro(meta) {
            doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(intro)));
        }
        doc = match section {
            Section::Summary(summary) => summary_section(doc, meta, summary, body_twips),
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
            Section::Scope(rows) => scope_section(doc, rows),
            Section::Merges(rows) => merges_section(doc, rows),
            Section::History(rows) => doc.add_table(table(
                &["When", "Item", "Field", "Change", "Who"],
                &[0.16, 0.1, 0.12, 0.4, 0.22],
                rows.iter().map(HistoryRow::cells).collect(),
                body_twips,
                0,
            )),
            Section::Scale(scale) => scale_section(doc, meta, scale, body_twips),
        };
    }

    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut bytes).map_err(|e| DocxError(e.to_string()))?;
    repeat_header_rows(&bytes.into_inner()).map_err(|e| DocxError(e.to_string()))
}

/// How `docx-rs` writes a row marked "can't split" and nothing else; only
/// header rows are marked so.
const HEADER_ROW: &str = "<w:trPr><w:cantSplit /></w:trPr>";
/// The same row, also repeated at the top of every page the table runs onto.
const REPEATED_HEADER_ROW: &str = "<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>";

/// Makes every header row repeat on each page of its table, which `docx-rs`
/// has no builder for: rewrites `word/document.xml` inside the package and
/// copies every other part unchanged.
fn repeat_header_rows(package: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    use zip::{CompressionMethod, ZipArchive, ZipWriter, write::SimpleFileOptions};

    let mut archive = ZipArchive::new(Cursor::new(package))?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(package.len())));
    for index in 0..archive.len() {
        let mut part = archive.by_index(index)?;
        let name = part.name()?.into_owned();
        if name == "word/document.xml" {
            let mut xml = String::new();
            part.read_to_string(&mut xml)?;
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .last_modified_time(part.last_modified().unwrap_or_default());
            out.start_file(name, options)?;
            out.write_all(xml.replace(HEADER_ROW, REPEATED_HEADER_ROW).as_bytes())?;
        } else {
            out.raw_copy_file(part)?;
        }
    }
    Ok(out.finish()?.into_inner())
}

/// The title block: framework, organisation, title, kind of document, details.
fn cover(mut doc: Docx, meta: &super::PackMeta) -> Docx {
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&meta.framework_title).size(22)));
    if !meta.organisation.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(&meta.organisation))
                .style("Title"),
        );
    }
    if !meta.title.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&meta.title).size(34)));
    }
    doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&meta.document_title).bold().size(26)));
    let date = meta.exported_on_text();
    let details: Vec<(&str, &str)> = [
        ("Period", meta.period.as_str()),
        ("Lead", meta.lead.as_str()),
        ("Status", meta.status.as_str()),
        ("Exported", date.as_str()),
        ("Copy", meta.copy_note()),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .collect();
    for (label, value) in details {
        doc = doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("{label}: ")).bold())
                .add_run(Run::new().add_text(value)),
        );
    }
    doc
}

/// A paragraph per line of `text`, so line breaks survive.
fn paragraphs(text: &str, bold: bool) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = text
        .split('\n')
        .map(|line| {
            let run = Run::new().add_text(line.trim_end_matches('\r')).size(18);
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
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(text).bold().color("FFFFFF").size(18)))
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

fn summary_section(doc: Docx, meta: &PackMeta, summary: &SummarySection, body_twips: usize) -> Docx {
    let rows = summary
        .themes
        .iter()
        .chain(std::iter::once(&summary.overall))
        .map(super::SummaryRow::cells)
        .collect();
    let levels: Vec<String> = meta.levels.iter().map(|level| level.score.to_string()).collect();
    let mut headings = vec!["Theme", "Scored", "Average"];
    headings.extend(levels.iter().map(String::as_str));
    #[allow(clippy::cast_precision_loss)]
    let level_share = 0.32 / levels.len().max(1) as f32;
    let mut fractions = vec![0.4, 0.14, 0.14];
    fractions.extend(levels.iter().map(|_| level_share));
    let doc = [
        ("Self-assessment", &summary.rating),
        ("Peer team", &summary.peer_rating),
    ]
    .into_iter()
    .filter_map(|(who, rating)| {
        rating
            .as_ref()
            .map(|rating| crate::domain::Rating::sentence(who, rating))
    })
    .fold(doc, |doc, line| {
        doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line).bold()))
    });
    doc.add_table(table(&headings, &fractions, rows, body_twips, 1))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("Scores by item"))
                .style("Heading2"),
        )
        .add_table(heat_table(meta, &summary.grid, body_twips))
}

fn heat_table(meta: &PackMeta, rows: &[HeatRow], body_twips: usize) -> Table {
    let widest = rows.iter().map(|r| r.cells.len()).max().unwrap_or(1);
    let label = body_twips / 4;
    let cell_width = (body_twips - label) / widest.max(1);
    let grey = |score: Option<u8>| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let level = (meta.heat_grey(score) * 255.0).round() as u8;
        format!("{level:02X}{level:02X}{level:02X}")
    };
    let table_rows = rows
        .iter()
        .map(|row| {
            let mut cells = vec![cell(&row.label, label, true)];
            for index in 0..widest {
                let tc = match row.cells.get(index) {
                    Some(item) => {
                        let score = item.score.map_or_else(|| "–".to_owned(), |s| s.to_string());
                        let color = if meta.heat_text_is_white(item.score) {
                            "FFFFFF"
                        } else {
                            "000000"
                        };
                        TableCell::new()
                            .width(cell_width, WidthType::Dxa)
                            .shading(Shading::new().fill(grey(item.score)))
                            .add_paragraph(
                                Paragraph::new()
                                    .align(AlignmentType::Center)
                                    .add_run(Run::new().add_text(&item.number).size(14).color(color))
                                    .add_run(Run::new().add_break(BreakType::TextWrapping))
                                    .add_run(Run::new().add_text(score).bold().size(20).color(color)),
                            )
                    }
                    None => TableCell::new().width(cell_width, WidthType::Dxa),
                };
                cells.push(tc);
            }
            TableRow::new(cells)
        })
        .collect();
    Table::new(table_rows).width(body_twips, WidthType::Dxa)
}

fn scope_section(doc: Docx, rows: &[super::ScopeRow]) -> Docx {
    rows.iter().enumerate().fold(doc, |doc, (index, row)| {
        let response = if row.response.trim().is_empty() {
            "No response yet."
        } else {
            row.response.as_str()
        };
        let doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(format!("Q{}. {}", index + 1, row.question)).bold()),
        );
        paragraphs(response, false).into_iter().fold(doc, Docx::add_paragraph)
    })
}

fn merges_section(doc: Docx, rows: &[super::MergeRow]) -> Docx {
    rows.iter().fold(doc, |doc, row| {
        let doc = doc.add_paragraph(
            Paragraph::new().add_run(Run::new().add_text(format!("{} — {}", row.when, row.source)).bold()),
        );
        row.lines.iter().fold(doc, |doc, line| {
            doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)))
        })
    })
}

fn numbered(doc: Docx, entries: &[String]) -> Docx {
    entries.iter().enumerate().fold(doc, |doc, (index, entry)| {
        doc.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("{}. ", index + 1)).bold())
                .add_run(Run::new().add_text(entry)),
        )
    })
}

fn theme_section(doc: Docx, meta: &PackMeta, theme: &ThemeSection, body_twips: usize) -> Docx {
    let rows = theme.items.iter().map(super::ItemRow::cells).collect();
    let labels = &meta.labels;
    let headings = ["No.", &labels.item, "Score", &labels.basis, &labels.notes];
    let fractions = [0.07, 0.18, 0.13, 0.34, 0.28];
    let doc = doc
        .add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(labels.statement_caption(&theme.outcome_heading))
                    .bold()
                    .size(18),
            ),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!("“{}”", theme.outcome)).italic()))
        .add_table(table(&headings, &fractions, rows, body_twips, 2));
    [
        ("Peer team: strengths", &theme.strengths),
        ("Peer team: areas for consideration", &theme.areas),
    ]
    .into_iter()
    .filter(|(_, entries)| !entries.is_empty())
    .fold(doc, |doc, (heading, entries)| {
        numbered(
            doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(heading)).style("Heading2")),
            entries,
        )
    })
}

fn query_section(doc: Docx, meta: &PackMeta, rows: &[QueryRow], body_twips: usize) -> Docx {
    if rows.is_empty() {
        let text = format!("No {} has open notes or queries.", meta.labels.item.to_lowercase());
        return doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(text)));
    }
    let rows = rows.iter().map(QueryRow::cells).collect();
    doc.add_table(table(
        &["No.", &meta.labels.item, "Query or evidence gap"],
        &[0.08, 0.3, 0.62],
        rows,
        body_twips,
        2,
    ))
}

fn compare_section(doc: Docx, meta: &PackMeta, rows: &[CompareRow], body_twips: usize) -> Docx {
    let rows = rows.iter().map(CompareRow::cells).collect();
    doc.add_table(table(
        &["No.", &meta.labels.item, "Self", "Peer", "Gap", "Challenge and queries"],
        &[0.07, 0.2, 0.14, 0.14, 0.08, 0.37],
        rows,
        body_twips,
        2,
    ))
}

fn scale_section(doc: Docx, meta: &PackMeta, scale: &ScaleSection, body_twips: usize) -> Docx {
    let rows = scale.levels.iter().map(super::ScaleRow::cells).collect();
    let lowest = meta.levels.first().map_or(0, |level| level.score);
    let doc = doc
        .add_table(table(
            &["Score", "Label", "What it looks like"],
            &[0.1, 0.2, 0.7],
            rows,
            body_twips,
            2,
        ))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("Not scored is shown as “Not scored”, never as {lowest}."))),
        );
    let doc = match &scale.rating {
        Some(bands) => doc
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("Overall rating"))
                    .style("Heading2"),
            )
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(super::rating_rule_text(meta, bands)))),
        None => doc,
    };
    doc.add_paragraph(
        Paragraph::new()
            .add_run(Run::new().add_text("Source"))
            .style("Heading2"),
    )
    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(&scale.source).size(18)))
}
