//! The pack's sections in Word: the summary and heat grid, each theme's
//! table, the queries, the comparison, the findings lists, the scope
//! questions, merges and the scale.

use docx_rs::{AlignmentType, BreakType, Docx, Paragraph, Run, Shading, Table, TableCell, TableRow, WidthType};

use super::{DocxError, cell, paragraphs, table, text};
use crate::packs::{
    CompareRow, HeatRow, ItemRow, MergeRow, PackMeta, QueryRow, ScaleSection, ScopeRow, SummaryRow, SummarySection,
    ThemeSection,
};

pub(super) fn summary_section(
    doc: Docx,
    meta: &PackMeta,
    summary: &SummarySection,
    body_twips: usize,
) -> Result<Docx, DocxError> {
    let rows = summary
        .themes
        .iter()
        .chain(std::iter::once(&summary.overall))
        .map(SummaryRow::cells)
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
        doc.add_paragraph(Paragraph::new().add_run(text::run(line).bold()))
    });
    let doc = doc.add_table(table(&headings, &fractions, rows, body_twips, 1));
    Ok(super::report::averages_chart(doc, meta, &summary.themes, body_twips)?
        .add_paragraph(Paragraph::new().add_run(text::run("Scores by item")).style("Heading2"))
        .add_table(heat_table(meta, &summary.grid, body_twips)))
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
                                    .add_run(text::run(&item.number).size(14).color(color))
                                    .add_run(Run::new().add_break(BreakType::TextWrapping))
                                    .add_run(text::run(score).bold().size(20).color(color)),
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

pub(super) fn scope_section(doc: Docx, rows: &[ScopeRow]) -> Docx {
    rows.iter().enumerate().fold(doc, |doc, (index, row)| {
        let response = if row.response.trim().is_empty() {
            "No response yet."
        } else {
            row.response.as_str()
        };
        let doc =
            doc.add_paragraph(Paragraph::new().add_run(text::run(format!("Q{}. {}", index + 1, row.question)).bold()));
        paragraphs(response, false).into_iter().fold(doc, Docx::add_paragraph)
    })
}

pub(super) fn merges_section(doc: Docx, rows: &[MergeRow]) -> Docx {
    rows.iter().fold(doc, |doc, row| {
        let doc =
            doc.add_paragraph(Paragraph::new().add_run(text::run(format!("{} — {}", row.when, row.source)).bold()));
        row.lines.iter().fold(doc, |doc, line| {
            doc.add_paragraph(Paragraph::new().add_run(text::run(line)))
        })
    })
}

pub(super) fn numbered(doc: Docx, entries: &[String]) -> Docx {
    super::lists::numbered_list(doc, entries, false)
}

pub(super) fn theme_section(doc: Docx, meta: &PackMeta, theme: &ThemeSection, body_twips: usize) -> Docx {
    let labels = &meta.labels;
    let mut headings = vec!["No.", &labels.item, "Score", &labels.basis, &labels.notes];
    let mut fractions = vec![0.07, 0.18, 0.13, 0.34, 0.28];
    let rows = if theme.evidence {
        headings.push("Evidence");
        fractions = vec![0.07, 0.17, 0.12, 0.3, 0.25, 0.09];
        theme.items.iter().map(ItemRow::cells_with_evidence).collect()
    } else {
        theme.items.iter().map(ItemRow::cells).collect()
    };
    let doc = doc
        .add_paragraph(
            Paragraph::new().add_run(
                text::run(labels.statement_caption(&theme.outcome_heading))
                    .bold()
                    .size(18),
            ),
        )
        .add_paragraph(Paragraph::new().add_run(text::run(format!("“{}”", theme.outcome)).italic()))
        .add_table(table(&headings, &fractions, rows, body_twips, 2));
    [
        ("Peer team: strengths", &theme.strengths),
        ("Peer team: areas for consideration", &theme.areas),
    ]
    .into_iter()
    .filter(|(_, entries)| !entries.is_empty())
    .fold(doc, |doc, (heading, entries)| {
        numbered(
            doc.add_paragraph(Paragraph::new().add_run(text::run(heading)).style("Heading2")),
            entries,
        )
    })
}

pub(super) fn query_section(doc: Docx, meta: &PackMeta, rows: &[QueryRow], body_twips: usize) -> Docx {
    if rows.is_empty() {
        let text = format!("No {} has open notes or queries.", meta.labels.item.to_lowercase());
        return doc.add_paragraph(Paragraph::new().add_run(text::run(text)));
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

pub(super) fn compare_section(doc: Docx, meta: &PackMeta, rows: &[CompareRow], body_twips: usize) -> Docx {
    let rows = rows.iter().map(CompareRow::cells).collect();
    doc.add_table(table(
        &["No.", &meta.labels.item, "Self", "Peer", "Gap", "Challenge and queries"],
        &[0.07, 0.2, 0.14, 0.14, 0.08, 0.37],
        rows,
        body_twips,
        2,
    ))
}

pub(super) fn scale_section(doc: Docx, meta: &PackMeta, scale: &ScaleSection, body_twips: usize) -> Docx {
    let rows = scale.levels.iter().map(crate::packs::ScaleRow::cells).collect();
    let lowest = meta.levels.first().map_or(0, |level| level.score);
    let doc = doc
        .add_table(table(
            &["Score", "Label", "What it looks like"],
            &[0.1, 0.2, 0.7],
            rows,
            body_twips,
            2,
        ))
        .add_paragraph(Paragraph::new().add_run(text::run(format!(
            "Not scored is shown as “Not scored”, never as {lowest}."
        ))));
    let doc = match &scale.rating {
        Some(bands) => doc
            .add_paragraph(Paragraph::new().add_run(text::run("Overall rating")).style("Heading2"))
            .add_paragraph(Paragraph::new().add_run(text::run(crate::packs::rating_rule_text(meta, bands)))),
        None => doc,
    };
    doc.add_paragraph(Paragraph::new().add_run(text::run("Source")).style("Heading2"))
        .add_paragraph(Paragraph::new().add_run(text::run(&scale.source).size(18)))
}

/// Where the council stands: a row per national outcome measure, then
/// each measure's trend as a picture under its name, whose alternative
/// text the package is given in document order.
pub(super) fn benchmarks_section(
    doc: Docx,
    benchmarks: &crate::packs::Benchmarks,
    body_twips: usize,
) -> Result<Docx, DocxError> {
    let mut doc = doc.add_table(table(
        &crate::packs::BENCHMARK_HEADINGS,
        &[0.1, 0.22, 0.12, 0.1, 0.12, 0.1, 0.16, 0.08],
        benchmarks.rows.iter().map(|row| row.cells.clone()).collect(),
        body_twips,
        1,
    ));
    if benchmarks.trends.is_empty() {
        return Ok(doc);
    }
    doc = doc
        .add_paragraph(Paragraph::new().add_run(text::run("Trends")).style("Heading2"))
        .add_paragraph(Paragraph::new().add_run(text::run(
            "Dark line, filled points: the council. Grey line, open points: England. A gap is a year not published.",
        )));
    let (width_px, height_px) = crate::packs::trend_picture::TREND_SIZE_PX;
    let width_twips = u32::try_from(body_twips).unwrap_or(9638) * 3 / 4;
    let height_twips = width_twips * height_px / width_px;
    for chart in &benchmarks.trends {
        let png = crate::packs::trend_picture::trend_png(chart).map_err(|e| DocxError(e.to_string()))?;
        let picture = docx_rs::Pic::new(&png).size(
            width_twips * super::report::EMU_PER_TWIP,
            height_twips * super::report::EMU_PER_TWIP,
        );
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .add_run(text::run(&chart.code).bold())
                    .add_run(text::run(format!(" — {}", chart.title)))
                    .keep_next(true),
            )
            .add_paragraph(Paragraph::new().add_run(Run::new().add_image(picture)));
    }
    Ok(doc)
}

/// The documents the council offers as evidence, a row each.
pub(super) fn documents_table(doc: Docx, rows: &[crate::packs::DocumentRow], body_twips: usize) -> Docx {
    doc.add_table(table(
        &[
            "No.",
            "Document",
            "Reference",
            "Date",
            "Owner",
            "Items",
            "File",
            "Considered",
        ],
        &[0.06, 0.3, 0.12, 0.1, 0.11, 0.09, 0.13, 0.09],
        rows.iter().map(|row| row.cells.clone()).collect(),
        body_twips,
        1,
    ))
}
