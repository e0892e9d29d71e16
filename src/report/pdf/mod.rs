//! Turns a [`Pack`] into PDF bytes: cover, summary with a bar chart, one
//! section per theme, and the scoring scale. Output depends only on the pack
//! (whose export date is injected), so the same pack gives the same bytes.

mod canvas;
pub mod fonts;

use std::sync::OnceLock;

use printpdf::{FontId, Mm, PageAnnotId, PageAnnotation, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};

use self::{
    canvas::{Canvas, Column, Ink, MARGIN_PT},
    fonts::Face,
};
use super::{Pack, SummaryRow};
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

/// Renders the pack as an A4 PDF.
pub fn render(pack: &Pack) -> Result<Vec<u8>, PdfError> {
    let regular = FontId("F1".to_owned());
    let bold = FontId("F2".to_owned());
    let mut canvas = Canvas::new(regular.clone(), bold.clone());
    cover(&mut canvas, pack);
    summary(&mut canvas, pack);
    for theme in &pack.themes {
        theme_section(&mut canvas, theme);
    }
    appendix(&mut canvas, pack);
    let (pages, outline) = canvas.finish(&pack.footer_label());

    let mut doc = PdfDocument::new(&format!("{} — {}", pack.organisation, pack.title));
    let info = &mut doc.metadata.info;
    info.author.clone_from(&pack.organisation);
    format!("{} {}", pack.framework_title, pack.period)
        .trim()
        .clone_into(&mut info.subject);
    "Critical Friend".clone_into(&mut info.creator);
    info.producer = format!("Critical Friend {}", env!("CARGO_PKG_VERSION"));
    let date = export_timestamp(pack);
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
    for (index, (name, page)) in outline.into_iter().enumerate() {
        doc.bookmarks
            .map
            .insert(PageAnnotId(format!("B{index:04}")), PageAnnotation { name, page });
    }
    let pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
        .collect();
    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let bytes = doc.with_pages(pages).save(&options, &mut Vec::new());
    Ok(stable_trailer_id(bytes))
}

fn export_timestamp(pack: &Pack) -> printpdf::OffsetDateTime {
    let seconds = pack.exported_on.midnight().assume_utc().unix_timestamp();
    printpdf::OffsetDateTime::from_unix_timestamp(seconds)
        .or_else(|_| printpdf::OffsetDateTime::from_unix_timestamp(0))
        .unwrap_or_else(|_| unreachable!("the epoch is a valid timestamp"))
}

/// printpdf writes a random document /ID in the trailer; replace it with a
/// digest of the rest of the file so identical packs give identical bytes.
fn stable_trailer_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = find_last(&bytes, b"/ID") else {
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

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

fn cover(canvas: &mut Canvas, pack: &Pack) {
    canvas.new_page();
    canvas.bookmark("Cover");
    let width = Canvas::body_width_pt();
    canvas.fill_rect(0.0, 0.0, canvas::A4_WIDTH_PT, 14.0, Ink::Accent);
    canvas.set_cursor_pt(170.0);
    canvas.paragraph(&pack.framework_title, Face::Regular, 11.0, Ink::Muted);
    canvas.gap_pt(14.0);
    canvas.paragraph(&pack.organisation, Face::Bold, 26.0, Ink::Accent);
    canvas.gap_pt(6.0);
    canvas.paragraph(&pack.title, Face::Regular, 17.0, Ink::Text);
    canvas.gap_pt(30.0);
    let top = canvas.cursor_pt();
    canvas.line((MARGIN_PT, top), (MARGIN_PT + width, top), 0.8, Ink::Rule);
    canvas.gap_pt(14.0);
    let date = format!(
        "{} {} {}",
        pack.exported_on.day(),
        pack.exported_on.month(),
        pack.exported_on.year()
    );
    for (label, value) in [
        ("Period", pack.period.as_str()),
        ("Lead", pack.lead.as_str()),
        ("Status", pack.status.as_str()),
        ("Exported", date.as_str()),
    ] {
        if value.is_empty() {
            continue;
        }
        let top = canvas.cursor_pt();
        canvas.text(MARGIN_PT, top, label, Face::Bold, 11.0, Ink::Muted);
        canvas.paragraph_at(MARGIN_PT + 90.0, width - 90.0, value, Face::Regular, 11.0, Ink::Text);
        canvas.gap_pt(6.0);
    }
}

fn summary(canvas: &mut Canvas, pack: &Pack) {
    canvas.new_page();
    canvas.bookmark("Summary");
    canvas.heading("Summary", 18.0, 120.0);
    canvas.paragraph(
        &format!(
            "{} of {} items scored. Averages are of scored items only; items not yet scored are not counted as 0.",
            pack.overall.scored, pack.overall.item_count
        ),
        Face::Regular,
        10.0,
        Ink::Text,
    );
    canvas.gap_pt(10.0);
    let count_width = 38.0;
    let columns = [
        Column {
            title: "Theme",
            width_pt: Canvas::body_width_pt() - 60.0 - 52.0 - 4.0 * count_width,
            face: Face::Regular,
        },
        Column {
            title: "Scored",
            width_pt: 60.0,
            face: Face::Regular,
        },
        Column {
            title: "Average",
            width_pt: 52.0,
            face: Face::Regular,
        },
        Column {
            title: "0",
            width_pt: count_width,
            face: Face::Regular,
        },
        Column {
            title: "1",
            width_pt: count_width,
            face: Face::Regular,
        },
        Column {
            title: "2",
            width_pt: count_width,
            face: Face::Regular,
        },
        Column {
            title: "3",
            width_pt: count_width,
            face: Face::Regular,
        },
    ];
    let row = |r: &SummaryRow| {
        let mut cells = vec![
            r.label.clone(),
            format!("{} of {}", r.scored, r.item_count),
            format_average(r.average),
        ];
        cells.extend(r.distribution.iter().map(ToString::to_string));
        cells
    };
    let mut rows: Vec<Vec<String>> = pack.summary.iter().map(row).collect();
    rows.push(row(&pack.overall));
    canvas.table(&columns, &rows);
    canvas.gap_pt(12.0);
    bar_chart(canvas, &pack.summary);
}

/// Horizontal bars of each theme's average self score on the 0–3 scale.
fn bar_chart(canvas: &mut Canvas, rows: &[SummaryRow]) {
    let bar_height = 16.0;
    let row_gap = 8.0;
    #[allow(clippy::cast_precision_loss)]
    let chart_height = rows.len() as f32 * (bar_height + row_gap) + 40.0;
    canvas.heading("Average self score by theme", 12.0, chart_height);
    let label_width = 150.0;
    let left = MARGIN_PT + label_width;
    let plot_width = Canvas::body_width_pt() - label_width - 40.0;
    let top = canvas.cursor_pt();
    #[allow(clippy::cast_precision_loss)]
    let bottom = top + rows.len() as f32 * (bar_height + row_gap);
    for tick in 0..=3u8 {
        let x = left + plot_width * f32::from(tick) / 3.0;
        canvas.line((x, top - 2.0), (x, bottom), 0.4, Ink::Rule);
        canvas.text(x - 2.5, bottom + 3.0, &tick.to_string(), Face::Regular, 8.0, Ink::Muted);
    }
    for (index, row) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + index as f32 * (bar_height + row_gap);
        canvas.text(MARGIN_PT, y + 3.5, &row.label, Face::Regular, 9.0, Ink::Text);
        match row.average {
            Some(average) => {
                #[allow(clippy::cast_possible_truncation)]
                let width = plot_width * (average as f32) / 3.0;
                canvas.fill_rect(left, y, width.max(1.0), bar_height, Ink::Accent);
                canvas.text(
                    left + width + 4.0,
                    y + 3.5,
                    &format_average(Some(average)),
                    Face::Bold,
                    9.0,
                    Ink::Text,
                );
            }
            None => canvas.text(left + 4.0, y + 3.5, "Not scored", Face::Regular, 9.0, Ink::Muted),
        }
    }
    canvas.set_cursor_pt(bottom + 20.0);
    canvas.paragraph(
        "Scale: 0 Not in place · 1 Developing · 2 Established · 3 Embedded (see appendix).",
        Face::Regular,
        8.0,
        Ink::Muted,
    );
}

fn theme_section(canvas: &mut Canvas, theme: &super::ThemeSection) {
    canvas.new_page();
    let heading = format!("{}. {}", theme.number, theme.title);
    canvas.bookmark(&heading);
    canvas.heading(&heading, 18.0, 120.0);
    let label = format!("Outcome statement ({})", theme.outcome_heading);
    canvas.paragraph(&label, Face::Bold, 9.0, Ink::Muted);
    canvas.gap_pt(2.0);
    canvas.paragraph(&format!("“{}”", theme.outcome), Face::Regular, 10.5, Ink::Text);
    canvas.gap_pt(12.0);
    let width = Canvas::body_width_pt();
    let columns = [
        Column {
            title: "No.",
            width_pt: 34.0,
            face: Face::Bold,
        },
        Column {
            title: "Item",
            width_pt: 92.0,
            face: Face::Bold,
        },
        Column {
            title: "Score",
            width_pt: 64.0,
            face: Face::Regular,
        },
        Column {
            title: "Basis for this score",
            width_pt: (width - 190.0) * 0.55,
            face: Face::Regular,
        },
        Column {
            title: "Notes and queries (including evidence gaps)",
            width_pt: (width - 190.0) * 0.45,
            face: Face::Regular,
        },
    ];
    let rows: Vec<Vec<String>> = theme
        .items
        .iter()
        .map(|item| {
            vec![
                item.number.clone(),
                item.title.clone(),
                item.score.clone(),
                item.basis.clone(),
                item.notes.clone(),
            ]
        })
        .collect();
    canvas.table(&columns, &rows);
}

fn appendix(canvas: &mut Canvas, pack: &Pack) {
    canvas.new_page();
    canvas.bookmark("Appendix: scoring scale");
    canvas.heading("Appendix: scoring scale", 18.0, 120.0);
    let width = Canvas::body_width_pt();
    let columns = [
        Column {
            title: "Score",
            width_pt: 44.0,
            face: Face::Bold,
        },
        Column {
            title: "Label",
            width_pt: 90.0,
            face: Face::Bold,
        },
        Column {
            title: "What it looks like",
            width_pt: width - 134.0,
            face: Face::Regular,
        },
    ];
    let rows: Vec<Vec<String>> = pack
        .scale
        .iter()
        .map(|level| vec![level.score.to_string(), level.label.clone(), level.descriptor.clone()])
        .collect();
    canvas.table(&columns, &rows);
    canvas.gap_pt(6.0);
    canvas.paragraph(
        "Not scored is shown as “Not scored”, never as 0.",
        Face::Regular,
        9.0,
        Ink::Text,
    );
    canvas.gap_pt(12.0);
    canvas.heading("Source", 11.0, 40.0);
    canvas.paragraph(&pack.framework_source, Face::Regular, 9.0, Ink::Muted);
}
