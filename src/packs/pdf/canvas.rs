//! A minimal page-layout engine over printpdf's drawing ops: a cursor that
//! flows down the pages, wrapped paragraphs that continue across pages and
//! headings kept with what follows (tables are in `table.rs`). Coordinates
//! here are points from the top-left of the page; they become PDF's
//! bottom-up coordinates only when an op is emitted.
//!
//! Everything drawn is marked for the structure tree as it is drawn (see
//! `tags.rs`): text belongs to the element it is set in — a paragraph of its
//! own when set straight into a section — and rules, fills and the page
//! furniture are artifacts, unless they draw a figure.

mod links;
mod marking;

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::{
    fonts::{Face, fit_one_line, wrap},
    tags::{Tag, Tags},
};

/// Left and right margin.
pub const MARGIN_PT: f32 = 56.7;
pub(super) const TOP_MARGIN_PT: f32 = 62.0;
/// Space kept at the bottom for the footer.
const BOTTOM_MARGIN_PT: f32 = 62.0;

/// Colours used in packs; all read clearly in greyscale.
#[derive(Clone, Copy)]
pub enum Ink {
    /// Body text.
    Text,
    /// Secondary text.
    Muted,
    /// White, on dark fills.
    White,
    /// Table headers and bars.
    Accent,
    /// Rules and grid lines.
    Rule,
    /// A grey level from 0 (black) to 1 (white).
    Grey(f32),
}

impl Ink {
    pub(super) fn color(self) -> Color {
        let grey = |percent| {
            Color::Greyscale(Greyscale {
                percent,
                icc_profile: None,
            })
        };
        match self {
            Ink::Text => grey(0.1),
            Ink::Muted => grey(0.35),
            Ink::White => grey(1.0),
            Ink::Accent => Color::Rgb(Rgb {
                r: 0.16,
                g: 0.27,
                b: 0.43,
                icc_profile: None,
            }),
            Ink::Rule => grey(0.72),
            Ink::Grey(level) => grey(level),
        }
    }
}

struct Page {
    ops: Vec<Op>,
    /// The section this page belongs to, for the running header.
    section: Option<String>,
}

/// The pages being laid out.
pub struct Canvas {
    width_pt: f32,
    height_pt: f32,
    pages: Vec<Page>,
    /// Draw on this page instead of the last one (used to fill in contents).
    target: Option<usize>,
    cursor_pt: f32,
    fonts: [FontId; 2],
    outline: Vec<(String, usize)>,
    section: Option<String>,
    tags: Tags,
    /// Whether content is marked for the structure tree: off only to
    /// measure and compare with the untagged layout.
    tagged: bool,
    /// Places links jump to, and the links waiting for them.
    jumps: links::Jumps,
    /// The last marked-content sequence drawn: its page, how many ops the
    /// page had after it, and its MCID (`None` for an artifact). Content
    /// drawn straight after, into the same element, joins it rather than
    /// opening another (a paragraph's lines are one sequence, not one each).
    last_sequence: Option<(usize, usize, Option<u32>)>,
}

/// What is drawn: text belongs to the element it is set in; lines and fills
/// are decoration unless they draw a figure.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stuff {
    Text,
    Drawing,
}

/// What [`Canvas::finish`] hands back.
pub struct Finished {
    /// Each page's ops.
    pub pages: Vec<Vec<Op>>,
    /// Bookmarks: title and 1-based page.
    pub outline: Vec<(String, usize)>,
    /// The structure of what was drawn.
    pub tags: Tags,
}

impl Canvas {
    /// An empty document of the given page size, using the two embedded fonts.
    pub fn new(size_pt: (f32, f32), regular: FontId, bold: FontId) -> Self {
        Self {
            width_pt: size_pt.0,
            height_pt: size_pt.1,
            pages: Vec::new(),
            target: None,
            cursor_pt: TOP_MARGIN_PT,
            fonts: [regular, bold],
            outline: Vec::new(),
            section: None,
            tags: Tags::default(),
            tagged: true,
            jumps: links::Jumps::default(),
            last_sequence: None,
        }
    }

    /// The same canvas drawing plain content, with no structure marked.
    pub fn untagged(mut self) -> Self {
        self.tagged = false;
        self
    }

    /// Starts a structure element inside the current one; what is drawn
    /// goes into it until [`Canvas::close`]. Returns it, to [`Canvas::enter`] later.
    pub fn open(&mut self, tag: Tag) -> usize {
        self.tags.open(tag)
    }

    /// Ends the element opened (or entered) last.
    pub fn close(&mut self) {
        self.tags.close();
    }

    /// Goes back into an element to draw more of it: a table cell continued
    /// on the next page, the contents filled in at the end.
    pub fn enter(&mut self, element: usize) {
        self.tags.enter(element);
    }

    /// Draws what `draw` draws as an artifact: a repeated header row, a
    /// "cont." marker — there for the eye, not part of the content.
    pub fn artifact<R>(&mut self, draw: impl FnOnce(&mut Self) -> R) -> R {
        self.tags.begin_artifact();
        let drawn = draw(self);
        self.tags.end_artifact();
        drawn
    }

    /// Starts a list item: sets its label ("1.", "•", "A.") at `x_pt` on
    /// the current line, then opens its body for what follows, until
    /// [`Canvas::end_item`]. The caller opens and closes the list around it.
    pub fn begin_item(&mut self, x_pt: f32, label: &str, face: Face, size_pt: f32) {
        let top = self.cursor_pt;
        self.open(Tag::LI);
        self.open(Tag::Lbl);
        self.text(x_pt, top, label, face, size_pt, Ink::Text);
        self.close();
        self.open(Tag::LBody);
    }

    /// Ends [`Canvas::begin_item`].
    pub fn end_item(&mut self) {
        self.close();
        self.close();
    }

    /// The page drawn on now, 0-based; starts the first page if there is none.
    fn page_index(&mut self) -> usize {
        if self.pages.is_empty() {
            self.new_page();
        }
        self.target.unwrap_or(self.pages.len() - 1)
    }

    /// Width of the text column.
    pub fn body_width_pt(&self) -> f32 {
        self.width_pt - 2.0 * MARGIN_PT
    }

    /// Page width.
    pub fn width_pt(&self) -> f32 {
        self.width_pt
    }

    /// Sets the section named in the running header of pages started from now on.
    pub fn set_section(&mut self, section: Option<String>) {
        self.section = section;
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Page {
            ops: Vec::new(),
            section: self.section.clone(),
        });
        self.cursor_pt = TOP_MARGIN_PT;
    }

    /// Pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Draws on page `index` (0-based) until [`Canvas::draw_on_last`].
    pub fn draw_on(&mut self, index: usize) {
        self.target = Some(index);
        self.cursor_pt = TOP_MARGIN_PT;
    }

    /// Goes back to drawing on the last page.
    pub fn draw_on_last(&mut self) {
        self.target = None;
    }

    /// Points left on the current page.
    pub fn remaining_pt(&self) -> f32 {
        self.height_pt - BOTTOM_MARGIN_PT - self.cursor_pt
    }

    /// Height of the text column on a fresh page.
    pub(super) fn body_height_pt(&self) -> f32 {
        self.height_pt - BOTTOM_MARGIN_PT - TOP_MARGIN_PT
    }

    /// Starts a new page unless `height_pt` still fits on this one.
    pub fn ensure_pt(&mut self, height_pt: f32) {
        if self.pages.is_empty() || self.remaining_pt() < height_pt {
            self.new_page();
        }
    }

    /// Moves the cursor down.
    pub fn gap_pt(&mut self, height_pt: f32) {
        self.cursor_pt += height_pt;
    }

    /// Where the cursor is, from the top of the page.
    pub fn cursor_pt(&self) -> f32 {
        self.cursor_pt
    }

    /// Moves the cursor to a point from the top of the page.
    pub fn set_cursor_pt(&mut self, top_pt: f32) {
        self.cursor_pt = top_pt;
    }

    /// Adds an outline (bookmark) entry pointing at the current page.
    pub fn bookmark(&mut self, title: &str) {
        self.outline.push((title.to_owned(), self.pages.len()));
    }

    /// The page of each outline entry so far, in order.
    pub fn bookmarked_pages(&self) -> Vec<usize> {
        self.outline.iter().map(|(_, page)| *page).collect()
    }

    /// Sets one line of text whose top edge is `top_pt` from the top of the page.
    pub fn text(&mut self, x_pt: f32, top_pt: f32, text: &str, face: Face, size_pt: f32, ink: Ink) {
        if text.is_empty() {
            return;
        }
        let font = self.fonts[usize::from(face == Face::Bold)].clone();
        let baseline = self.height_pt - top_pt - size_pt * 0.93;
        self.put(
            Stuff::Text,
            [
                Op::StartTextSection,
                Op::SetFillColor { col: ink.color() },
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(size_pt),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x_pt),
                        y: Pt(baseline),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.to_owned())],
                },
                Op::EndTextSection,
            ],
        );
    }

    /// Sets a line of text ending at `right_pt`.
    pub fn text_right(&mut self, right_pt: f32, top_pt: f32, text: &str, face: Face, size_pt: f32, ink: Ink) {
        let width = face.width_pt(text, size_pt);
        self.text(right_pt - width, top_pt, text, face, size_pt, ink);
    }

    /// Fills a rectangle whose top-left corner is `top_pt` from the top.
    pub fn fill_rect(&mut self, x_pt: f32, top_pt: f32, width_pt: f32, height_pt: f32, ink: Ink) {
        let y = self.height_pt - top_pt - height_pt;
        self.put(
            Stuff::Drawing,
            [
                Op::SetFillColor { col: ink.color() },
                Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(x_pt),
                        y: Pt(y),
                        width: Pt(width_pt),
                        height: Pt(height_pt),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                },
            ],
        );
    }

    /// Outlines a rectangle whose top-left corner is `top_pt` from the top.
    pub fn stroke_rect(&mut self, x_pt: f32, top_pt: f32, width_pt: f32, height_pt: f32, ink: Ink) {
        let (left, right, top, bottom) = (x_pt, x_pt + width_pt, top_pt, top_pt + height_pt);
        self.line((left, top), (right, top), 0.6, ink);
        self.line((right, top), (right, bottom), 0.6, ink);
        self.line((right, bottom), (left, bottom), 0.6, ink);
        self.line((left, bottom), (left, top), 0.6, ink);
    }

    /// Draws a straight line between two points given from the top of the page.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), thickness_pt: f32, ink: Ink) {
        let height = self.height_pt;
        let point = |(x, top): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(height - top),
            },
            bezier: false,
        };
        self.put(
            Stuff::Drawing,
            [
                Op::SetOutlineColor { col: ink.color() },
                Op::SetOutlineThickness { pt: Pt(thickness_pt) },
                Op::DrawLine {
                    line: Line {
                        points: vec![point(from), point(to)],
                        is_closed: false,
                    },
                },
            ],
        );
    }

    /// Sets wrapped text at the cursor, continuing on new pages as needed.
    pub fn paragraph(&mut self, text: &str, face: Face, size_pt: f32, ink: Ink) {
        let width = self.body_width_pt();
        self.paragraph_at(MARGIN_PT, width, text, face, size_pt, ink);
    }

    /// Like [`Canvas::paragraph`], within a column starting at `x_pt`.
    pub fn paragraph_at(&mut self, x_pt: f32, width_pt: f32, text: &str, face: Face, size_pt: f32, ink: Ink) {
        let leading = size_pt * 1.35;
        let own = self.tags.wants_paragraph() && !self.tags.is_artifact();
        if own {
            self.open(Tag::P);
        }
        let lines = wrap(text, face, size_pt, width_pt);
        for (index, line) in lines.iter().enumerate() {
            self.ensure_pt(leading * keep_together(index, lines.len()));
            let top = self.cursor_pt;
            self.line_with_links((x_pt, top), line, (face, size_pt), ink);
            self.cursor_pt += leading;
        }
        if own {
            self.close();
        }
    }

    /// A heading that is never left alone at the foot of a page: it moves to
    /// a new page unless `keep_with_pt` of what follows fits beneath it.
    pub fn heading(&mut self, text: &str, size_pt: f32, keep_with_pt: f32) {
        let tag = if size_pt >= 16.0 { Tag::H1 } else { Tag::H2 };
        self.heading_as(text, size_pt, keep_with_pt, tag);
    }

    /// A heading tagged `tag`, kept with what follows as [`Canvas::heading`] is.
    pub fn heading_as(&mut self, text: &str, size_pt: f32, keep_with_pt: f32, tag: Tag) {
        let lines = wrap(text, Face::Bold, size_pt, self.body_width_pt());
        let leading = size_pt * 1.3;
        #[allow(clippy::cast_precision_loss)]
        let height = lines.len() as f32 * leading;
        self.ensure_pt(height + keep_with_pt);
        self.open(tag);
        for line in lines {
            let top = self.cursor_pt;
            self.text(MARGIN_PT, top, &line, Face::Bold, size_pt, Ink::Accent);
            self.cursor_pt += leading;
        }
        self.close();
        self.cursor_pt += size_pt * 0.4;
    }

    /// Adds the running header (from the second page), "Page X of Y" footers
    /// and, unless `final_document`, a DRAFT watermark behind every page.
    pub fn finish(mut self, running_title: &str, final_document: bool) -> Finished {
        self.target = None;
        self.resolve_jumps();
        let total = self.pages.len();
        let size = 8.0;
        let footer_top = self.height_pt - BOTTOM_MARGIN_PT + 24.0;
        let header_top = TOP_MARGIN_PT - 30.0;
        let width = self.width_pt;
        let body = self.body_width_pt();
        let mut pages = Vec::with_capacity(total);
        let fonts = self.fonts.clone();
        for (index, page) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            let mut decor = Canvas::new((width, self.height_pt), fonts[0].clone(), fonts[1].clone());
            decor.tagged = self.tagged;
            decor.tags.begin_artifact();
            decor.new_page();
            if !final_document {
                decor.watermark("DRAFT");
            }
            let background = std::mem::take(&mut decor.pages[0].ops);
            if index > 0 {
                let section = page.section.clone().unwrap_or_default();
                let section_width = Face::Regular.width_pt(&section, size).min(body * 0.45);
                let title = fit_one_line(running_title, body - section_width - 16.0, size);
                decor.text(MARGIN_PT, header_top, &title, Face::Regular, size, Ink::Muted);
                let section = fit_one_line(&section, body * 0.45, size);
                decor.text_right(width - MARGIN_PT, header_top, &section, Face::Regular, size, Ink::Muted);
                decor.line(
                    (MARGIN_PT, header_top + 12.0),
                    (width - MARGIN_PT, header_top + 12.0),
                    0.5,
                    Ink::Rule,
                );
            }
            let page_text = format!("Page {} of {}", index + 1, total);
            let page_width = Face::Regular.width_pt(&page_text, size);
            let label = fit_one_line(running_title, body - page_width - 16.0, size);
            decor.line(
                (MARGIN_PT, footer_top - 6.0),
                (width - MARGIN_PT, footer_top - 6.0),
                0.5,
                Ink::Rule,
            );
            decor.text(MARGIN_PT, footer_top, &label, Face::Regular, size, Ink::Muted);
            decor.text_right(
                width - MARGIN_PT,
                footer_top,
                &page_text,
                Face::Regular,
                size,
                Ink::Muted,
            );
            let foreground = std::mem::take(&mut decor.pages[0].ops);
            // The watermark goes first so it sits behind the content.
            let mut ops = background;
            ops.extend(page.ops);
            ops.extend(foreground);
            pages.push(ops);
        }
        Finished {
            pages,
            outline: self.outline,
            tags: self.tags,
        }
    }

    fn watermark(&mut self, text: &str) {
        let size = 110.0;
        let angle = 45f32.to_radians();
        let text_width = Face::Bold.width_pt(text, size);
        let (cos, sin) = (angle.cos(), angle.sin());
        let x = self.width_pt / 2.0 - (text_width / 2.0) * cos + (size / 3.0) * sin;
        let y = self.height_pt / 2.0 - (text_width / 2.0) * sin - (size / 3.0) * cos;
        let font = self.fonts[1].clone();
        self.put(
            Stuff::Text,
            [
                Op::StartTextSection,
                Op::SetFillColor {
                    col: Ink::Grey(0.92).color(),
                },
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(size),
                },
                Op::SetTextMatrix {
                    matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.to_owned())],
                },
                Op::EndTextSection,
            ],
        );
    }
}

/// How many lines of a paragraph of `count` lines must fit on the page
/// before line `index` is set there, so no page holds just one of its
/// lines: a paragraph of three lines or fewer is never split; a longer one
/// leaves at least two lines at the foot of a page (no orphan) and takes at
/// least two onto the next (no widow).
fn keep_together(index: usize, count: usize) -> f32 {
    let lines = match (index, count) {
        (0, 0..=3) => count,
        (0, _) => 2,
        (index, count) if count - index == 2 => 2,
        _ => 1,
    };
    #[allow(clippy::cast_precision_loss, reason = "a paragraph's lines, far below 2^24")]
    let lines = lines as f32;
    lines
}
