//! The embedded DejaVu fonts: their metrics, for measuring and wrapping text
//! (printpdf's ops neither measure nor wrap), and their bytes, for embedding.

use std::sync::OnceLock;

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which face to set text in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Face {
    /// Body text.
    Regular,
    /// Headings and labels.
    Bold,
}

impl Face {
    /// The font file's bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR_TTF,
            Face::Bold => BOLD_TTF,
        }
    }

    fn metrics(self) -> &'static Metrics {
        static REGULAR: OnceLock<Metrics> = OnceLock::new();
        static BOLD: OnceLock<Metrics> = OnceLock::new();
        let cell = match self {
            Face::Regular => &REGULAR,
            Face::Bold => &BOLD,
        };
        cell.get_or_init(|| Metrics::load(self.bytes()))
    }

    /// Width of `text` at `size_pt`, in points.
    pub fn width_pt(self, text: &str, size_pt: f32) -> f32 {
        let metrics = self.metrics();
        text.chars().map(|c| metrics.advance(c)).sum::<f32>() * size_pt
    }
}

/// Advance widths in ems, precomputed for the first 0x2FF code points and
/// looked up in the font for the rest.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    latin: Vec<f32>,
}

impl Metrics {
    fn load(bytes: &'static [u8]) -> Self {
        let face = ttf_parser::Face::parse(bytes, 0).expect("the embedded DejaVu font parses");
        let units_per_em = f32::from(face.units_per_em());
        let mut metrics = Self {
            face,
            units_per_em,
            latin: Vec::new(),
        };
        metrics.latin = (0u32..0x300)
            .map(|code| char::from_u32(code).map_or(0.0, |c| metrics.lookup(c)))
            .collect();
        metrics
    }

    fn lookup(&self, c: char) -> f32 {
        let glyph = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
    }

    fn advance(&self, c: char) -> f32 {
        self.latin.get(c as usize).copied().unwrap_or_else(|| self.lookup(c))
    }
}

/// Makes user text safe to set: control characters become spaces, line
/// endings become `\n`. Nothing else changes, so any Unicode text prints.
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\n' => '\n',
            '\r' | '\t' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Breaks text into lines no wider than `width_pt`. Paragraph breaks are kept;
/// words longer than a line are broken between characters. A line that
/// ends between words keeps one trailing space — invisible, but it keeps
/// the words apart when the lines are read back as one text (a screen
/// reader, copy and paste, the structure tree); a word broken between
/// characters reads back whole. So the lines concatenated are the text.
pub fn wrap(text: &str, face: Face, size_pt: f32, width_pt: f32) -> Vec<String> {
    let text = clean(text);
    let space = face.width_pt(" ", size_pt);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = face.width_pt(word, size_pt);
            let needed = if line.is_empty() {
                word_width
            } else {
                line_width + space + word_width
            };
            if needed <= width_pt {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width = needed;
                continue;
            }
            if !line.is_empty() {
                line.push(' ');
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= width_pt {
                line.push_str(word);
                line_width = word_width;
            } else {
                for c in word.chars() {
                    let w = face.width_pt(c.encode_utf8(&mut [0; 4]), size_pt);
                    if line_width + w > width_pt && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += w;
                }
            }
        }
        line.push(' ');
        lines.push(line);
    }
    while lines.len() > 1 && lines.last().is_some_and(|line| line.trim().is_empty()) {
        lines.pop();
    }
    // Only the space added above ends the last line: a line that a long
    // word broke between characters ends in the word itself.
    if let Some(last) = lines.last_mut()
        && last.ends_with(' ')
    {
        last.pop();
    }
    lines
}

/// `text` on one line of `width_pt`, shortened sensibly if it must be: a
/// running title "Council — Title" first loses its last part ("Council"),
/// then whole words go from the end, with "…" — a word is cut only when
/// even the first does not fit.
pub fn fit_one_line(text: &str, width_pt: f32, size_pt: f32) -> String {
    let text = clean(text).replace('\n', " ");
    let fits = |candidate: &str| Face::Regular.width_pt(candidate, size_pt) <= width_pt;
    if fits(&text) {
        return text;
    }
    let mut parts: Vec<&str> = text.split(" — ").collect();
    while parts.len() > 1 {
        parts.pop();
        let shorter = parts.join(" — ");
        if fits(&shorter) {
            return shorter;
        }
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let longer = if out.is_empty() {
            word.to_owned()
        } else {
            format!("{out} {word}")
        };
        if !fits(&format!("{longer}…")) {
            break;
        }
        out = longer;
    }
    if out.is_empty() {
        for c in text.chars() {
            out.push(c);
            if !fits(&format!("{out}…")) {
                out.pop();
                break;
            }
        }
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    /// Found by the property test: a long word broken between characters
    /// whose last piece is a whitespace character other than a space kept
    /// every visible character but the last one.
    #[test]
    fn a_broken_word_ending_in_a_wide_space_keeps_its_last_letter() {
        // Some width puts the break exactly between the letter and the space.
        let text = format!("{}A\u{2000}", "m".repeat(40));
        let expected = format!("{}A", "m".repeat(40));
        for tenths in 200..1200_u16 {
            let width = f32::from(tenths) / 10.0;
            let lines = wrap(&text, Face::Regular, 9.0, width);
            let kept: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(kept, expected, "at {width} pt");
        }
    }

    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text = "Reablement is offered to everyone at first contact who might benefit, not just after hospital.";
        let lines = wrap(text, Face::Regular, 9.0, 100.0);
        assert!(lines.len() > 2);
        for line in &lines {
            assert!(Face::Regular.width_pt(line.trim_end(), 9.0) <= 100.0, "{line}");
        }
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn paragraphs_long_words_and_controls_are_handled() {
        let lines = wrap("one\n\ntwo", Face::Regular, 9.0, 100.0);
        assert_eq!(lines, ["one ", " ", "two"]);
        let long = "x".repeat(500);
        let lines = wrap(&long, Face::Bold, 9.0, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), long);
        assert_eq!(wrap("a\u{0}b\tc", Face::Regular, 9.0, 500.0), ["a b c"]);
        assert_eq!(wrap("", Face::Regular, 9.0, 50.0), [""]);
    }

    #[test]
    fn welsh_and_typographic_characters_have_widths() {
        for c in "ŵŷŴ–’“”£€".chars() {
            assert!(Face::Regular.width_pt(&c.to_string(), 10.0) > 0.0, "{c}");
        }
    }
}
