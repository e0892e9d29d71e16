//! Links on the page: a contents entry's link to the page its section
//! starts on, and web and email addresses in the text, each an annotation
//! and, in a tagged PDF, a `Link` element holding its text.

use printpdf::{Actions, BorderArray, Destination, LinkAnnotation, Op, Pt, Rect};

use super::{Canvas, Ink};
use crate::packs::pdf::{fonts::Face, tags::Tag};

impl Canvas {
    /// Makes a rectangle a link to a 1-based page; `contents` says where it
    /// goes, in words.
    pub fn link(&mut self, x_pt: f32, top_pt: f32, width_pt: f32, height_pt: f32, page: usize, contents: &str) {
        let destination = Destination::Xyz {
            page,
            left: None,
            top: None,
            zoom: None,
        };
        self.annotate(
            (x_pt, top_pt, width_pt, height_pt),
            Actions::Goto(destination),
            contents,
        );
    }

    /// Draws `word` at (`x_pt`, `top_pt`) as a link to `url`, in the
    /// structure tree as a `Link` holding the word and its annotation.
    fn uri_link(&mut self, (x_pt, top_pt): (f32, f32), word: &str, url: &str, (face, size_pt): (Face, f32)) -> f32 {
        let width = face.width_pt(word, size_pt);
        self.open(Tag::Link);
        self.text(x_pt, top_pt, word, face, size_pt, Ink::Accent);
        let contents = format!("Link to {}", url.trim_start_matches("mailto:"));
        self.annotate(
            (x_pt, top_pt, width, size_pt * 1.2),
            Actions::Uri(url.to_owned()),
            &contents,
        );
        self.close();
        width
    }

    /// Adds a link annotation over a rectangle, tagged in the current element.
    fn annotate(&mut self, (x_pt, top_pt, width_pt, height_pt): (f32, f32, f32, f32), action: Actions, contents: &str) {
        let y = self.height_pt - top_pt - height_pt;
        let rect = Rect {
            x: Pt(x_pt),
            y: Pt(y),
            width: Pt(width_pt),
            height: Pt(height_pt),
            mode: None,
            winding_order: None,
        };
        let no_border = BorderArray::Solid([0.0, 0.0, 0.0]);
        let link = LinkAnnotation::new(rect, action, Some(no_border), None, None);
        let index = self.page_index();
        self.pages[index].ops.push(Op::LinkAnnotation { link });
        self.tags.link(index, contents);
    }

    /// One line of a paragraph, its web and email addresses as links.
    pub(super) fn line_with_links(
        &mut self,
        (x_pt, top_pt): (f32, f32),
        line: &str,
        (face, size_pt): (Face, f32),
        ink: Ink,
    ) {
        let segments = crate::packs::links::segments(line);
        if segments.iter().all(|(_, url)| url.is_none()) {
            self.text(x_pt, top_pt, line, face, size_pt, ink);
            return;
        }
        let mut x = x_pt;
        for (part, url) in segments {
            x += if let Some(url) = url {
                self.uri_link((x, top_pt), &part, &url, (face, size_pt))
            } else {
                self.text(x, top_pt, &part, face, size_pt, ink);
                face.width_pt(&part, size_pt)
            };
        }
    }
}
