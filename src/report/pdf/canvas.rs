//! A minimal page-layout engine over printpdf's drawing ops: a cursor that
//! flows down A4 pages, wrapped paragraphs that continue across pages, and
//! tables whose header row repeats and whose rows split cleanly at a line.
//! Coordinates here are points measured from the top of the page; they are
//! turned into PDF's bottom-up coordinates only when an op is emitted.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
};

use super::fonts::{Face, clean, wrap};

/// A4 in points.
pub const A4_WIDTH_PT: f32 = 595.276;
/// A4 in points.
pub const A4_HEIGHT_PT: f32 = 841.89;
/// Left and right margin.
pub const MARGIN_PT: f32 = 56.7;
const TOP_MARGIN_PT: f32 = 56.7;
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
}

impl Ink {
    fn color(self) -> Color {
        let rgb = |r, g, b| {
            Color::Rgb(Rgb {
                r,
                g,
                b,
                icc_profile: None,
            })
        };
        match self {
            Ink::Text => Color::Greyscale(Greyscale {
                percent: 0.1,
                icc_profile: None,
            }),
            Ink::Muted => Color::Greyscale(Greyscale {
                percent: 0.35,
                icc_profile: None,
            }),
            Ink::White => Color::Greyscale(Greyscale {
                percent: 1.0,
                icc_profile: None,
            }),
            Ink::Accent => rgb(0.16, 0.27, 0.43),
            Ink::Rule => Color::Greyscale(Greyscale {
                percent: 0.72,
                icc_profile: None,
            }),
        }
    }
}

/// A table column.
pub struct Column {
    /// Header text.
    pub title: &'static str,
    /// Width in points.
    pub width_pt: f32,
    /// Face for body cells.
    pub face: Face,
}

const TABLE_SIZE_PT: f32 = 8.5;
const TABLE_LEADING_PT: f32 = 11.0;
const CELL_PAD_PT: f32 = 4.0;

/// The pages being laid out.
pub struct Canvas {
    pages: Vec<Vec<Op>>,
    cursor_pt: f32,
    fonts: [FontId; 2],
    outline: Vec<(String, usize)>,
}

impl Canvas {
    /// An empty document using the two embedded fonts.
    pub fn new(regular: FontId, bold: FontId) -> Self {
        Self {
            pages: Vec::new(),
            cursor_pt: TOP_MARGIN_PT,
            fonts: [regular, bold],
            outline: Vec::new(),
        }
    }

    /// Width of the text column.
    pub fn body_width_pt() -> f32 {
        A4_WIDTH_PT - 2.0 * MARGIN_PT
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor_pt = TOP_MARGIN_PT;
    }

    /// Points left on the current page.
    pub fn remaining_pt(&self) -> f32 {
        A4_HEIGHT_PT - BOTTOM_MARGIN_PT - self.cursor_pt
    }

    fn body_height_pt() -> f32 {
        A4_HEIGHT_PT - BOTTOM_MARGIN_PT - TOP_MARGIN_PT
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

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Sets one line of text whose top edge is `top_pt` from the top of the page.
    pub fn text(&mut self, x_pt: f32, top_pt: f32, text: &str, face: Face, size_pt: f32, ink: Ink) {
        if text.is_empty() {
            return;
        }
        let font = self.fonts[usize::from(face == Face::Bold)].clone();
        let baseline = A4_HEIGHT_PT - top_pt - size_pt * 0.93;
        self.ops().extend([
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
        ]);
    }

    /// Fills a rectangle whose top-left corner is `top_pt` from the top.
    pub fn fill_rect(&mut self, x_pt: f32, top_pt: f32, width_pt: f32, height_pt: f32, ink: Ink) {
        self.ops().extend([
            Op::SetFillColor { col: ink.color() },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(x_pt),
                    y: Pt(A4_HEIGHT_PT - top_pt - height_pt),
                    width: Pt(width_pt),
                    height: Pt(height_pt),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            },
        ]);
    }

    /// Draws a straight line between two points given from the top of the page.
    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), thickness_pt: f32, ink: Ink) {
        let point = |(x, top): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(A4_HEIGHT_PT - top),
            },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: ink.color() },
            Op::SetOutlineThickness { pt: Pt(thickness_pt) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(from), point(to)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Sets wrapped text at the cursor, continuing on new pages as needed.
    pub fn paragraph(&mut self, text: &str, face: Face, size_pt: f32, ink: Ink) {
        self.paragraph_at(MARGIN_PT, Self::body_width_pt(), text, face, size_pt, ink);
    }

    /// Like [`Canvas::paragraph`], within a column starting at `x_pt`.
    pub fn paragraph_at(&mut self, x_pt: f32, width_pt: f32, text: &str, face: Face, size_pt: f32, ink: Ink) {
        let leading = size_pt * 1.35;
        for line in wrap(text, face, size_pt, width_pt) {
            self.ensure_pt(leading);
            let top = self.cursor_pt;
            self.text(x_pt, top, &line, face, size_pt, ink);
            self.cursor_pt += leading;
        }
    }

    /// A heading that is never left alone at the foot of a page: it moves to
    /// a new page unless `keep_with_pt` of what follows fits beneath it.
    pub fn heading(&mut self, text: &str, size_pt: f32, keep_with_pt: f32) {
        let lines = wrap(text, Face::Bold, size_pt, Self::body_width_pt());
        let leading = size_pt * 1.3;
        #[allow(clippy::cast_precision_loss)]
        let height = lines.len() as f32 * leading;
        self.ensure_pt(height + keep_with_pt);
        for line in lines {
            let top = self.cursor_pt;
            self.text(MARGIN_PT, top, &line, Face::Bold, size_pt, Ink::Accent);
            self.cursor_pt += leading;
        }
        self.cursor_pt += size_pt * 0.4;
    }

    /// Draws a table at the cursor. Rows that do not fit move to the next page,
    /// or, if taller than what a page can hold, split at a line boundary; the
    /// header row repeats on every page the table reaches, and a continued
    /// row shows its first cell again marked "cont.".
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        let header: Vec<Vec<String>> = columns
            .iter()
            .map(|c| wrap(c.title, Face::Bold, TABLE_SIZE_PT, c.width_pt - 2.0 * CELL_PAD_PT))
            .collect();
        let header_height = block_height(&header);
        let min_split_pt = 3.0 * TABLE_LEADING_PT + 2.0 * CELL_PAD_PT;
        self.ensure_pt(header_height + min_split_pt);
        self.table_header(columns, &header, header_height);
        for row in rows {
            let cells: Vec<Vec<String>> = columns
                .iter()
                .zip(row)
                .map(|(c, text)| wrap(text, c.face, TABLE_SIZE_PT, c.width_pt - 2.0 * CELL_PAD_PT))
                .collect();
            let total_lines = cells.iter().map(Vec::len).max().unwrap_or(1);
            let mut start = 0;
            while start < total_lines {
                let fits_lines = lines_fitting(self.remaining_pt());
                let rest = total_lines - start;
                let whole_row_fits_fresh_page = lines_fitting(Self::body_height_pt() - header_height) >= rest;
                let take = if fits_lines >= rest {
                    rest
                } else if (whole_row_fits_fresh_page && start == 0) || fits_lines < 3 {
                    self.new_page();
                    self.table_header(columns, &header, header_height);
                    continue;
                } else {
                    fits_lines
                };
                let chunk: Vec<Vec<String>> = cells
                    .iter()
                    .enumerate()
                    .map(|(index, lines)| {
                        if index == 0 && start > 0 {
                            wrap(
                                &format!("{} cont.", row[0]),
                                Face::Regular,
                                TABLE_SIZE_PT,
                                columns[0].width_pt - 2.0 * CELL_PAD_PT,
                            )
                        } else {
                            lines.iter().skip(start).take(take).cloned().collect()
                        }
                    })
                    .collect();
                self.table_row(columns, &chunk, Ink::Text);
                start += take;
                if start < total_lines {
                    self.new_page();
                    self.table_header(columns, &header, header_height);
                }
            }
        }
        self.cursor_pt += 8.0;
    }

    fn table_header(&mut self, columns: &[Column], header: &[Vec<String>], height_pt: f32) {
        let top = self.cursor_pt;
        self.fill_rect(
            MARGIN_PT,
            top,
            columns.iter().map(|c| c.width_pt).sum(),
            height_pt,
            Ink::Accent,
        );
        self.cells(columns, header, Face::Bold, Ink::White);
        self.cursor_pt += height_pt;
    }

    fn table_row(&mut self, columns: &[Column], cells: &[Vec<String>], ink: Ink) {
        let height = block_height(cells);
        let top = self.cursor_pt;
        let width: f32 = columns.iter().map(|c| c.width_pt).sum();
        let mut x = MARGIN_PT;
        for (index, column) in columns.iter().enumerate() {
            if index > 0 {
                self.line((x, top), (x, top + height), 0.4, Ink::Rule);
            }
            x += column.width_pt;
        }
        for (index, column) in columns.iter().enumerate() {
            let face = if index == 0 { Face::Bold } else { column.face };
            let mut x = MARGIN_PT + CELL_PAD_PT;
            for c in &columns[..index] {
                x += c.width_pt;
            }
            for (line_index, line) in cells[index].iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let line_top = top + CELL_PAD_PT + line_index as f32 * TABLE_LEADING_PT;
                self.text(x, line_top, line, face, TABLE_SIZE_PT, ink);
            }
        }
        self.line(
            (MARGIN_PT, top + height),
            (MARGIN_PT + width, top + height),
            0.6,
            Ink::Rule,
        );
        self.cursor_pt += height;
    }

    fn cells(&mut self, columns: &[Column], cells: &[Vec<String>], face: Face, ink: Ink) {
        let top = self.cursor_pt;
        let mut x = MARGIN_PT;
        for (column, lines) in columns.iter().zip(cells) {
            for (line_index, line) in lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let line_top = top + CELL_PAD_PT + line_index as f32 * TABLE_LEADING_PT;
                self.text(x + CELL_PAD_PT, line_top, line, face, TABLE_SIZE_PT, ink);
            }
            x += column.width_pt;
        }
    }

    /// Adds "`footer_label` — Page X of Y" to every page and hands back the
    /// pages' ops and the outline.
    pub fn finish(mut self, footer_label: &str) -> (Vec<Vec<Op>>, Vec<(String, usize)>) {
        let total = self.pages.len();
        let size = 8.0;
        let top = A4_HEIGHT_PT - BOTTOM_MARGIN_PT + 24.0;
        for index in 0..total {
            let page_text = format!("Page {} of {}", index + 1, total);
            let page_width = Face::Regular.width_pt(&page_text, size);
            let label_width = Self::body_width_pt() - page_width - 16.0;
            let label = fit_one_line(&format!("{footer_label} — "), label_width, size);
            let fonts = self.fonts.clone();
            let mut footer = Canvas {
                pages: vec![Vec::new()],
                cursor_pt: 0.0,
                fonts,
                outline: Vec::new(),
            };
            footer.line(
                (MARGIN_PT, top - 6.0),
                (A4_WIDTH_PT - MARGIN_PT, top - 6.0),
                0.5,
                Ink::Rule,
            );
            footer.text(MARGIN_PT, top, &label, Face::Regular, size, Ink::Muted);
            footer.text(
                A4_WIDTH_PT - MARGIN_PT - page_width,
                top,
                &page_text,
                Face::Regular,
                size,
                Ink::Muted,
            );
            self.pages[index].append(&mut footer.pages[0]);
        }
        (self.pages, self.outline)
    }
}

fn block_height(cells: &[Vec<String>]) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    #[allow(clippy::cast_precision_loss)]
    let height = lines as f32 * TABLE_LEADING_PT + 2.0 * CELL_PAD_PT;
    height
}

fn lines_fitting(space_pt: f32) -> usize {
    let lines = ((space_pt - 2.0 * CELL_PAD_PT) / TABLE_LEADING_PT).floor();
    if lines <= 0.0 {
        0
    } else {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let lines = lines as usize;
        lines
    }
}

/// The start of `text` that fits on one line, with "…" if cut.
fn fit_one_line(text: &str, width_pt: f32, size_pt: f32) -> String {
    let text = clean(text).replace('\n', " ");
    if Face::Regular.width_pt(&text, size_pt) <= width_pt {
        return text;
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if Face::Regular.width_pt(&out, size_pt) + Face::Regular.width_pt("…", size_pt) > width_pt {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}
