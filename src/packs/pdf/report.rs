//! The peer challenge report's parts on the page: prose, numbered
//! paragraphs with their lettered or bulleted lists, bullet lists under
//! headings, and the two appendices.

use super::{
    canvas::{Canvas, Ink, MARGIN_PT},
    fonts::Face,
    tags::Tag,
};
use crate::packs::{BulletGroup, FrameworkAppendix, Numbered, PackMeta, Prose, ReportPart, ScoresAppendix};

const BODY_PT: f32 = 10.5;

pub(super) fn prose(canvas: &mut Canvas, prose: &Prose) {
    if prose.paragraphs.is_empty() {
        canvas.paragraph("Not written yet.", Face::Regular, BODY_PT, Ink::Muted);
    }
    for paragraph in &prose.paragraphs {
        // A list the writer marked in the paragraph is a list here too.
        let listed = crate::packs::paragraph_lists::split(paragraph);
        for line in listed.text.lines() {
            canvas.paragraph(line, Face::Regular, BODY_PT, Ink::Text);
        }
        if !listed.items.is_empty() {
            canvas.gap_pt(3.0);
            items(canvas, &listed.items, listed.lettered, (0.0, 16.0));
        }
        canvas.gap_pt(8.0);
    }
}

pub(super) fn part(canvas: &mut Canvas, part: &ReportPart) {
    for group in &part.groups {
        bullet_group(canvas, group);
    }
    // The numbered paragraphs are one list between sub-headings: a
    // sub-heading closes it, and the next paragraph opens another.
    let mut in_list = false;
    for paragraph in &part.paragraphs {
        if paragraph.subheading {
            if in_list {
                canvas.close();
                in_list = false;
            }
            canvas.heading_as(&paragraph.text, 11.5, 40.0, Tag::H3);
            // After the heading, so the bookmark is on the page it lands on.
            canvas.bookmark(&paragraph.text);
            continue;
        }
        if !in_list {
            canvas.open(Tag::L("Decimal"));
            in_list = true;
        }
        numbered(canvas, paragraph);
    }
    if in_list {
        canvas.close();
    }
    if part.groups.iter().all(|group| group.items.is_empty()) && part.paragraphs.is_empty() {
        canvas.paragraph("Nothing written yet.", Face::Regular, BODY_PT, Ink::Muted);
    }
}

fn bullet_group(canvas: &mut Canvas, group: &BulletGroup) {
    if group.items.is_empty() {
        return;
    }
    if !group.heading.is_empty() {
        canvas.heading(&group.heading, 12.5, 40.0);
    }
    // A finding or key message may hold a list of its own, marked as in a
    // paragraph: it is a list inside the bullet's body.
    let width = canvas.body_width_pt();
    canvas.open(Tag::L("Disc"));
    for item in &group.items {
        let listed = crate::packs::paragraph_lists::split(item);
        canvas.ensure_pt(14.0);
        canvas.begin_item(MARGIN_PT + 2.0, "•", Face::Regular, BODY_PT);
        canvas.paragraph_at(
            MARGIN_PT + 12.0,
            width - 12.0,
            &listed.text,
            Face::Regular,
            BODY_PT,
            Ink::Text,
        );
        if !listed.items.is_empty() {
            canvas.gap_pt(3.0);
            items(canvas, &listed.items, listed.lettered, (14.0, 30.0));
        }
        canvas.end_item();
        canvas.gap_pt(3.0);
    }
    canvas.close();
    canvas.gap_pt(6.0);
}

/// "•" bullets, each wrapped under itself, indented by `indent_pt`.
fn bullets(canvas: &mut Canvas, items: &[String], indent_pt: f32) {
    if items.is_empty() {
        return;
    }
    let width = canvas.body_width_pt();
    canvas.open(Tag::L("Disc"));
    for item in items {
        canvas.ensure_pt(14.0);
        canvas.begin_item(MARGIN_PT + indent_pt - 10.0, "•", Face::Regular, BODY_PT);
        canvas.paragraph_at(
            MARGIN_PT + indent_pt,
            width - indent_pt,
            item,
            Face::Regular,
            BODY_PT,
            Ink::Text,
        );
        canvas.end_item();
        canvas.gap_pt(3.0);
    }
    canvas.close();
}

/// A list of `items`, lettered (A., B.…) or bulleted; `(label, text)`
/// say how far in from the margin a lettered item's label and text sit
/// (a bullet's text sits at the letter's text, less four points).
fn items(canvas: &mut Canvas, items: &[String], lettered: bool, (label, text): (f32, f32)) {
    if items.is_empty() {
        return;
    }
    if !lettered {
        bullets(canvas, items, text - 4.0);
        return;
    }
    let width = canvas.body_width_pt();
    canvas.open(Tag::L("UpperAlpha"));
    for (letter, item) in ('A'..='Z').zip(items) {
        canvas.ensure_pt(14.0);
        canvas.begin_item(MARGIN_PT + label, &format!("{letter}."), Face::Regular, BODY_PT);
        canvas.paragraph_at(MARGIN_PT + text, width - text, item, Face::Regular, BODY_PT, Ink::Text);
        canvas.end_item();
        canvas.gap_pt(3.0);
    }
    canvas.close();
}

/// "14.  The paragraph…", with its list under it: one item of the part's
/// numbered list, its own list inside its body.
fn numbered(canvas: &mut Canvas, paragraph: &Numbered) {
    let width = canvas.body_width_pt();
    canvas.ensure_pt(28.0);
    canvas.anchor(&crate::packs::cross_refs::anchor(paragraph.number));
    canvas.begin_item(MARGIN_PT, &format!("{}.", paragraph.number), Face::Bold, BODY_PT);
    canvas.paragraph_at(
        MARGIN_PT + 26.0,
        width - 26.0,
        &paragraph.text,
        Face::Regular,
        BODY_PT,
        Ink::Text,
    );
    canvas.gap_pt(4.0);
    items(canvas, &paragraph.items, paragraph.lettered, (30.0, 46.0));
    canvas.end_item();
    canvas.gap_pt(6.0);
}

pub(super) fn framework_appendix(canvas: &mut Canvas, appendix: &FrameworkAppendix) {
    for ((theme, statement), items) in appendix.themes.iter().zip(&appendix.items) {
        canvas.heading(theme, 12.5, 60.0);
        canvas.paragraph(&appendix.caption, Face::Bold, 9.0, Ink::Muted);
        canvas.paragraph(&format!("“{statement}”"), Face::Regular, BODY_PT, Ink::Text);
        canvas.gap_pt(4.0);
        bullets(canvas, items, 12.0);
        canvas.gap_pt(8.0);
    }
}

pub(super) fn scores_appendix(canvas: &mut Canvas, meta: &PackMeta, appendix: &ScoresAppendix) {
    super::charts::bar_chart(canvas, meta, &appendix.themes);
    canvas.gap_pt(10.0);
    super::compare_section(canvas, meta, &appendix.rows);
}
