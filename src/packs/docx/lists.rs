//! Real Word lists, not typed bullets and numbers: numbering definitions a
//! screen reader announces as lists ("list of 4 items") and Word renumbers
//! when a paragraph is added. Bullets share one list; each numbered or
//! lettered list is an instance of its own that starts at 1 (or A); the
//! report's numbered paragraphs are one list through the whole report, as
//! the LGA numbers them.

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelText, NumberFormat, Numbering,
    NumberingId, Paragraph, SpecialIndentType, Start,
};

/// docx-rs writes a numbering of its own as 1; ours start above it.
const BULLET_LIST: usize = 10;
const DECIMAL_LIST: usize = 11;
const LETTER_LIST: usize = 12;
/// The instance every bullet uses, and the report's paragraph numbers.
const BULLETS: usize = 10;
const REPORT_NUMBERS: usize = 11;

fn level(level: usize, format: &str, text: &str, indent_twips: i32, hanging: i32) -> Level {
    Level::new(
        level,
        Start::new(1),
        NumberFormat::new(format),
        LevelText::new(text),
        LevelJc::new("left"),
    )
    .indent(
        Some(indent_twips),
        Some(SpecialIndentType::Hanging(hanging)),
        None,
        None,
    )
}

/// Adds the definitions every list in the document uses.
pub(super) fn define(doc: Docx) -> Docx {
    doc.add_abstract_numbering(
        AbstractNumbering::new(BULLET_LIST)
            .add_level(level(0, "bullet", "•", 480, 240))
            .add_level(level(1, "bullet", "◦", 1134, 240)),
    )
    .add_abstract_numbering(AbstractNumbering::new(DECIMAL_LIST).add_level(level(0, "decimal", "%1.", 567, 567)))
    .add_abstract_numbering(AbstractNumbering::new(LETTER_LIST).add_level(level(0, "upperLetter", "%1.", 1134, 400)))
    .add_numbering(Numbering::new(BULLETS, BULLET_LIST))
    .add_numbering(Numbering::new(REPORT_NUMBERS, DECIMAL_LIST))
}

/// A list item at `list` and `depth`, holding `item`.
/// Its addresses and references are links.
fn item(list: usize, depth: usize, item: &str) -> Paragraph {
    let paragraph = Paragraph::new().numbering(NumberingId::new(list), IndentLevel::new(depth));
    super::links::linked(paragraph, item)
}

/// A bulleted item; `nested` under a numbered paragraph.
pub(super) fn bullet(entry: &str, nested: bool) -> Paragraph {
    item(BULLETS, usize::from(nested), entry)
}

/// One of the report's numbered paragraphs, numbered through the report,
/// its web and email addresses as links, and bookmarked as `number` for
/// references to it to link to.
pub(super) fn report_paragraph(text: &str, number: usize) -> Paragraph {
    // Bookmark ids apart from the sections' and sub-headings' (below 10,000
    // and 10,000 + 1,000 × section).
    let id = 1_000_000 + number;
    let paragraph = Paragraph::new()
        .numbering(NumberingId::new(REPORT_NUMBERS), IndentLevel::new(0))
        .add_bookmark_start(id, crate::packs::cross_refs::anchor(number))
        .add_bookmark_end(id);
    super::links::linked(paragraph, text)
}

/// A new list numbered 1, 2, 3… (or A, B, C… when `lettered`), starting
/// afresh; returns the document with its definition and the items added.
pub(super) fn numbered_list(doc: Docx, entries: &[String], lettered: bool) -> Docx {
    if entries.is_empty() {
        return doc;
    }
    let id = doc.numberings.numberings.len() + BULLETS + 1;
    let definition = if lettered { LETTER_LIST } else { DECIMAL_LIST };
    let doc = doc.add_numbering(Numbering::new(id, definition).add_override(LevelOverride::new(0).start(1)));
    entries
        .iter()
        .fold(doc, |doc, entry| doc.add_paragraph(item(id, 0, entry)))
}
