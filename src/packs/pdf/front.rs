//! The pages before a pack's body: the cover, and the contents, whose
//! entries link to the pages their sections start on.

use super::{
    CONTENTS_PER_PAGE, PackMeta,
    canvas::{Canvas, Ink, MARGIN_PT},
    fonts::Face,
    fonts::fit_one_line,
    tags::Tag,
};

pub(super) fn cover(canvas: &mut Canvas, meta: &PackMeta) {
    canvas.new_page();
    canvas.bookmark("Cover");
    let width = canvas.body_width_pt();
    let page_width = canvas.width_pt();
    canvas.fill_rect(0.0, 0.0, page_width, 14.0, Ink::Accent);
    canvas.set_cursor_pt(170.0);
    if !meta.cover_kicker().is_empty() {
        canvas.paragraph(meta.cover_kicker(), Face::Regular, 11.0, Ink::Muted);
        canvas.gap_pt(14.0);
    }
    // The largest line is the cover's heading, for a screen reader as for
    // the eye: the council, or on a blank form the document's own title.
    let heading = |canvas: &mut Canvas, text: &str, face: Face, size: f32, ink: Ink| {
        canvas.open(Tag::H1);
        canvas.paragraph(text, face, size, ink);
        canvas.close();
    };
    if meta.organisation.is_empty() {
        if !meta.title.is_empty() {
            heading(canvas, &meta.title, Face::Regular, 17.0, Ink::Text);
            canvas.gap_pt(6.0);
        }
    } else {
        heading(canvas, &meta.organisation, Face::Bold, 26.0, Ink::Accent);
        canvas.gap_pt(6.0);
        if !meta.title.is_empty() {
            canvas.paragraph(&meta.title, Face::Regular, 17.0, Ink::Text);
            canvas.gap_pt(6.0);
        }
    }
    if meta.organisation.is_empty() && meta.title.is_empty() {
        heading(canvas, &meta.document_title, Face::Bold, 13.0, Ink::Muted);
    } else {
        canvas.paragraph(&meta.document_title, Face::Bold, 13.0, Ink::Muted);
    }
    canvas.gap_pt(24.0);
    let top = canvas.cursor_pt();
    canvas.line((MARGIN_PT, top), (MARGIN_PT + width, top), 0.8, Ink::Rule);
    canvas.gap_pt(14.0);
    for (label, value) in meta.cover_details() {
        let top = canvas.cursor_pt();
        canvas.text(MARGIN_PT, top, label, Face::Bold, 11.0, Ink::Muted);
        canvas.paragraph_at(MARGIN_PT + 90.0, width - 90.0, &value, Face::Regular, 11.0, Ink::Text);
        canvas.gap_pt(6.0);
    }
}

/// Fills the reserved contents pages: each entry with its page number, and
/// a link to it.
pub(super) fn contents(canvas: &mut Canvas, first_page: usize, starts: &[(&str, usize, u8)]) {
    canvas.draw_on(first_page);
    canvas.heading("Contents", 18.0, 40.0);
    let right = MARGIN_PT + canvas.body_width_pt();
    canvas.open(Tag::Toc);
    for (index, (title, start, level)) in starts.iter().enumerate() {
        if index > 0 && index % CONTENTS_PER_PAGE == 0 {
            canvas.draw_on(first_page + index / CONTENTS_PER_PAGE);
        }
        // A sub-heading's entry sits in under its section's, a size smaller.
        let (left, size) = if *level > 1 {
            (MARGIN_PT + 18.0, 10.0)
        } else {
            (MARGIN_PT, 11.0)
        };
        let top = canvas.cursor_pt();
        canvas.open(Tag::Toci);
        canvas.open(Tag::Link);
        let number = start.to_string();
        let number_width = Face::Regular.width_pt(&number, size);
        let label = fit_one_line(title, right - left - number_width - 30.0, size);
        canvas.text(left, top, &label, Face::Regular, size, Ink::Text);
        let label_width = Face::Regular.width_pt(&label, size);
        let dots_from = left + label_width + 6.0;
        let dots_to = right - number_width - 6.0;
        if dots_to > dots_from {
            canvas.line((dots_from, top + size), (dots_to, top + size), 0.4, Ink::Rule);
        }
        canvas.text_right(right, top, &number, Face::Regular, size, Ink::Text);
        let contents = format!("Go to {title}, page {start}");
        canvas.link(left, top - 2.0, right - left, size + 6.0, *start, &contents);
        canvas.close();
        canvas.close();
        canvas.gap_pt(size * 1.9);
    }
    canvas.close();
    canvas.draw_on_last();
}
