//! Tables on the canvas: the header row repeats on every page the table
//! reaches, rows move whole to the next page when they fit there, and a row
//! taller than a page splits at a line boundary. For the structure tree a
//! table stays one `Table` however many pages it spans: one header row of
//! `TH` cells (the repeats are artifacts) and one `TR` per row, its `TD`
//! cells continuing onto the next page when the row does.

use super::{
    canvas::{Canvas, Ink, MARGIN_PT},
    fonts::{Face, wrap},
    tags::Tag,
};

/// A table column.
pub struct Column {
    /// Header text.
    pub title: String,
    /// Width in points.
    pub width_pt: f32,
    /// Face for body cells.
    pub face: Face,
}

impl Column {
    /// A column of `width_pt` whose body cells are set in `face`.
    pub fn new(title: impl Into<String>, width_pt: f32, face: Face) -> Self {
        Self {
            title: title.into(),
            width_pt,
            face,
        }
    }
}

/// The face a body cell is set in: the first column always bold, so a row
/// reads by its first cell; the others as their column says. Wrapping and
/// drawing both ask here, so a line is measured in the face it is drawn in.
fn cell_face(index: usize, column: &Column) -> Face {
    if index == 0 { Face::Bold } else { column.face }
}

const TABLE_SIZE_PT: f32 = 8.5;
const TABLE_LEADING_PT: f32 = 11.0;
const CELL_PAD_PT: f32 = 4.0;

impl Canvas {
    /// Draws a table at the cursor. Rows that do not fit move to the next
    /// page, or, if taller than a page can hold, split at a line boundary;
    /// the header row repeats on every page the table reaches, and a
    /// continued row shows its first cell again marked "cont.". Every row is
    /// at least `min_lines` lines tall (for boxes to write in).
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>], min_lines: usize) {
        let header: Vec<Vec<String>> = columns
            .iter()
            .map(|c| wrap(&c.title, Face::Bold, TABLE_SIZE_PT, c.width_pt - 2.0 * CELL_PAD_PT))
            .collect();
        let header_height = block_height(&header, 1);
        let min_split_pt = 3.0 * TABLE_LEADING_PT + 2.0 * CELL_PAD_PT;
        self.ensure_pt(header_height + min_split_pt);
        self.open(Tag::Table);
        self.open(Tag::THead);
        self.open(Tag::TR);
        self.table_header(columns, &header, header_height, true);
        self.close();
        self.close();
        self.open(Tag::TBody);
        let repeat_header = |canvas: &mut Self| {
            canvas.new_page();
            canvas.artifact(|canvas| canvas.table_header(columns, &header, header_height, false));
        };
        for row in rows {
            let cells: Vec<Vec<String>> = columns
                .iter()
                .enumerate()
                .zip(row)
                .map(|((index, c), text)| {
                    wrap(text, cell_face(index, c), TABLE_SIZE_PT, c.width_pt - 2.0 * CELL_PAD_PT)
                })
                .collect();
            let total_lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(min_lines);
            self.open(Tag::TR);
            let mut elements = Vec::new();
            let mut start = 0;
            while start < total_lines {
                let fits_lines = lines_fitting(self.remaining_pt());
                let rest = total_lines - start;
                let fresh_page_lines = lines_fitting(self.body_height_pt() - header_height);
                let take = if fits_lines >= rest {
                    rest
                } else if (start == 0 && fresh_page_lines >= rest) || fits_lines < 3 {
                    repeat_header(self);
                    continue;
                } else {
                    fits_lines
                };
                let chunk: Vec<Vec<String>> = cells
                    .iter()
                    .enumerate()
                    .map(|(index, lines)| {
                        if index == 0 && start > 0 {
                            let width = columns[0].width_pt - 2.0 * CELL_PAD_PT;
                            wrap(
                                &format!("{} cont.", row[0]),
                                cell_face(0, &columns[0]),
                                TABLE_SIZE_PT,
                                width,
                            )
                        } else {
                            lines.iter().skip(start).take(take).cloned().collect()
                        }
                    })
                    .collect();
                self.table_row(columns, &chunk, take, &mut elements, start > 0);
                start += take;
                if start < total_lines {
                    repeat_header(self);
                }
            }
            self.close();
        }
        self.close();
        self.close();
        self.gap_pt(8.0);
    }

    /// The header row; the first time its cells are the table's `TH`s.
    fn table_header(&mut self, columns: &[Column], header: &[Vec<String>], height_pt: f32, first: bool) {
        let top = self.cursor_pt();
        let width = columns.iter().map(|c| c.width_pt).sum();
        self.fill_rect(MARGIN_PT, top, width, height_pt, Ink::Accent);
        let mut x = MARGIN_PT;
        for (column, lines) in columns.iter().zip(header) {
            if first {
                self.open(Tag::TH);
            }
            for (line_index, line) in lines.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let line_top = top + CELL_PAD_PT + line_index as f32 * TABLE_LEADING_PT;
                self.text(x + CELL_PAD_PT, line_top, line, Face::Bold, TABLE_SIZE_PT, Ink::White);
            }
            if first {
                self.close();
            }
            x += column.width_pt;
        }
        self.gap_pt(height_pt);
    }

    /// One row, or the part of it that fits on this page. Each cell's text
    /// goes into its `TD` in `elements`, opened on the row's first part; on
    /// a continued part the repeated first cell ("… cont.") is an artifact.
    fn table_row(
        &mut self,
        columns: &[Column],
        cells: &[Vec<String>],
        lines: usize,
        elements: &mut Vec<usize>,
        continued: bool,
    ) {
        let height = block_height(cells, lines);
        let top = self.cursor_pt();
        let width: f32 = columns.iter().map(|c| c.width_pt).sum();
        let mut x = MARGIN_PT;
        for (index, column) in columns.iter().enumerate() {
            if index > 0 {
                self.line((x, top), (x, top + height), 0.4, Ink::Rule);
            }
            match elements.get(index) {
                Some(&cell) => self.enter(cell),
                None => elements.push(self.open(Tag::TD)),
            }
            let face = cell_face(index, column);
            let draw = |canvas: &mut Self| {
                for (line_index, line) in cells[index].iter().enumerate() {
                    #[allow(clippy::cast_precision_loss)]
                    let line_top = top + CELL_PAD_PT + line_index as f32 * TABLE_LEADING_PT;
                    canvas.text(x + CELL_PAD_PT, line_top, line, face, TABLE_SIZE_PT, Ink::Text);
                }
            };
            if continued && index == 0 {
                self.artifact(draw);
            } else {
                draw(self);
            }
            self.close();
            x += column.width_pt;
        }
        self.line(
            (MARGIN_PT, top + height),
            (MARGIN_PT + width, top + height),
            0.6,
            Ink::Rule,
        );
        self.gap_pt(height);
    }
}

fn block_height(cells: &[Vec<String>], min_lines: usize) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(min_lines).max(1);
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
