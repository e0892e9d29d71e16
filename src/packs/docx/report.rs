//! The peer challenge report's parts in Word: prose, numbered paragraphs
//! with their lettered or bulleted lists, bullet lists under headings, and
//! the appendices — the framework, and the scores with the theme-average
//! chart as a picture (its alternative text is set as the package is
//! finished).

use docx_rs::{Docx, Paragraph, Pic, Run};

use super::{DocxError, PackMeta, links, lists, table, text};
use crate::packs::{BulletGroup, FrameworkAppendix, Numbered, Prose, ReportPart, ScoresAppendix, SummaryRow, chart};

/// English Metric Units per twip (914,400 per inch, 1,440 twips per inch).
pub(super) const EMU_PER_TWIP: u32 = 635;

fn plain(words: &str) -> Paragraph {
    Paragraph::new().add_run(text::run(words))
}

fn heading(text: &str, style: &str) -> Paragraph {
    Paragraph::new().add_run(text::run(text)).style(style)
}

pub(super) fn prose(doc: Docx, prose: &Prose) -> Docx {
    if prose.paragraphs.is_empty() {
        return doc.add_paragraph(plain("Not written yet."));
    }
    prose.paragraphs.iter().fold(doc, |doc, paragraph| {
        // A list the writer marked in the paragraph is a Word list here too.
        let listed = crate::packs::paragraph_lists::split(paragraph);
        let doc = doc.add_paragraph(links::linked(Paragraph::new(), &listed.text));
        list(doc, &listed.items, listed.lettered)
    })
}

/// A part of the report, numbered `section` among the pack's sections: its
/// sub-headings carry the bookmarks the contents link to.
pub(super) fn part(doc: Docx, part: &ReportPart, section: usize) -> Docx {
    let doc = part.groups.iter().fold(doc, bullet_group);
    let mut sub = 0;
    let doc = part.paragraphs.iter().fold(doc, |doc, paragraph| {
        if paragraph.subheading {
            sub += 1;
            // Bookmark ids apart from the sections' (1, 2, …).
            let id = 10_000 + section * 1_000 + sub;
            let key = crate::packs::bookmark_key(section, sub);
            let heading = Paragraph::new()
                .add_bookmark_start(id, key)
                .add_run(text::run(&paragraph.text))
                .add_bookmark_end(id)
                .style("Heading3");
            return doc.add_paragraph(heading);
        }
        numbered(doc, paragraph)
    });
    if part.groups.iter().all(|group| group.items.is_empty()) && part.paragraphs.is_empty() {
        return doc.add_paragraph(plain("Nothing written yet."));
    }
    doc
}

fn bullet_group(doc: Docx, group: &BulletGroup) -> Docx {
    if group.items.is_empty() {
        return doc;
    }
    let doc = if group.heading.is_empty() {
        doc
    } else {
        doc.add_paragraph(heading(&group.heading, "Heading2"))
    };
    // A finding or key message may hold a list of its own, marked as in a
    // paragraph: it is a list under the bullet, a level in.
    group.items.iter().fold(doc, |doc, item| {
        let listed = crate::packs::paragraph_lists::split(item);
        let doc = doc.add_paragraph(lists::bullet(&listed.text, false));
        list(doc, &listed.items, listed.lettered)
    })
}

fn numbered(doc: Docx, paragraph: &Numbered) -> Docx {
    let doc = doc.add_paragraph(lists::report_paragraph(&paragraph.text, paragraph.number));
    list(doc, &paragraph.items, paragraph.lettered)
}

/// A list under a paragraph: lettered (A., B.…, numbered afresh), or
/// bulleted.
fn list(doc: Docx, items: &[String], lettered: bool) -> Docx {
    if lettered {
        lists::numbered_list(doc, items, true)
    } else {
        items
            .iter()
            .fold(doc, |doc, item| doc.add_paragraph(lists::bullet(item, true)))
    }
}

pub(super) fn framework_appendix(doc: Docx, appendix: &FrameworkAppendix) -> Docx {
    appendix
        .themes
        .iter()
        .zip(&appendix.items)
        .fold(doc, |doc, ((theme, statement), items)| {
            let doc = doc
                .add_paragraph(heading(theme, "Heading2"))
                .add_paragraph(Paragraph::new().add_run(text::run(&appendix.caption).bold().size(18)))
                .add_paragraph(Paragraph::new().add_run(text::run(format!("“{statement}”")).italic()));
            items
                .iter()
                .fold(doc, |doc, item| doc.add_paragraph(lists::bullet(item, false)))
        })
}

/// The theme-average chart under its heading, as a picture whose
/// alternative text the package is given in document order.
pub(super) fn averages_chart(
    doc: Docx,
    meta: &PackMeta,
    rows: &[SummaryRow],
    body_twips: usize,
) -> Result<Docx, DocxError> {
    let titles = (chart::averages_title(rows), chart::averages_legend(rows));
    named_chart(doc, meta, rows, titles, body_twips)
}

/// A bar chart of `rows` under the heading `title`, with `legend` under
/// the bars, as a picture.
pub(super) fn named_chart(
    doc: Docx,
    meta: &PackMeta,
    rows: &[SummaryRow],
    (title, legend): (&str, &str),
    body_twips: usize,
) -> Result<Docx, DocxError> {
    let png = chart::theme_averages_png(meta, rows, legend).map_err(|e| DocxError(e.to_string()))?;
    let (width_px, height_px) = chart::size_px(rows.len());
    let width_twips = u32::try_from(body_twips).unwrap_or(9638);
    let height_twips = width_twips * height_px / width_px.max(1);
    let picture = Pic::new(&png).size(width_twips * EMU_PER_TWIP, height_twips * EMU_PER_TWIP);
    Ok(doc
        .add_paragraph(heading(title, "Heading2"))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_image(picture))))
}

pub(super) fn scores_appendix(
    doc: Docx,
    meta: &PackMeta,
    appendix: &ScoresAppendix,
    body_twips: usize,
) -> Result<Docx, DocxError> {
    let doc =
        averages_chart(doc, meta, &appendix.themes, body_twips)?.add_paragraph(heading("Scores by item", "Heading2"));
    let rows = appendix.rows.iter().map(crate::packs::CompareRow::cells).collect();
    Ok(doc.add_table(table(
        &["No.", &meta.labels.item, "Self", "Peer", "Gap", "Challenge and queries"],
        &[0.07, 0.2, 0.14, 0.14, 0.08, 0.37],
        rows,
        body_twips,
        2,
    )))
}
