//! Links on the page: a contents entry's link to the page its section
//! starts on, web and email addresses in the text, and references to the
//! report's own paragraphs ("paragraph 12"), each an annotation and, in a
//! tagged PDF, a `Link` element holding its text. A reference may come
//! before the paragraph it names is laid out, so its annotation is drawn
//! where it stands and pointed at its paragraph when the pages are done.

use std::collections::HashMap;

use printpdf::{Actions, BorderArray, Destination, LinkAnnotation, Op, Pt, Rect};

use super::{Canvas, Ink};
use crate::packs::pdf::{fonts::Face, tags::Tag};

/// Places in the text a link can jump to, and the links waiting for them.
#[derive(Default)]
pub(in crate::packs::pdf) struct Jumps {
    /// Each anchor's 1-based page and its top, in PDF's bottom-up points.
    anchors: HashMap<String, (usize, f32)>,
    /// Each waiting link: its page index, its op's index there, its
    /// rectangle and the anchor it names.
    waiting: Vec<(usize, usize, Rect, String)>,
}

fn link_annotation(rect: Rect, action: Actions) -> Op {
    let no_border = BorderArray::Solid([0.0, 0.0, 0.0]);
    Op::LinkAnnotation {
        link: LinkAnnotation::new(rect, action, Some(no_border), None, None),
    }
}

impl Canvas {
    /// Marks where the cursor is as `anchor`, for links to jump to.
    pub fn anchor(&mut self, anchor: &str) {
        let page = self.page_index() + 1;
        let top = self.height_pt - self.cursor_pt + 4.0;
        self.jumps.anchors.insert(anchor.to_owned(), (page, top));
    }

    /// Points every waiting link at its anchor; one whose anchor was never
    /// laid out stays on its own page.
    pub(super) fn resolve_jumps(&mut self) {
        for (page, op, rect, anchor) in std::mem::take(&mut self.jumps.waiting) {
            let (to_page, top) = self.jumps.anchors.get(&anchor).copied().unwrap_or((page + 1, rect.y.0));
            let destination = Destination::Xyz {
                page: to_page,
                left: None,
                top: Some(top),
                zoom: None,
            };
            self.pages[page].ops[op] = link_annotation(rect, Actions::Goto(destination));
        }
    }

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
    /// A `url` of "#anchor" jumps to that place in the document.
    fn uri_link(&mut self, (x_pt, top_pt): (f32, f32), word: &str, url: &str, (face, size_pt): (Face, f32)) -> f32 {
        let width = face.width_pt(word, size_pt);
        self.open(Tag::Link);
        self.text(x_pt, top_pt, word, face, size_pt, Ink::Accent);
        let area = (x_pt, top_pt, width, size_pt * 1.2);
        if let Some(anchor) = url.strip_prefix('#') {
            // Pointed at its anchor when the pages are done.
            let rect = self.annotate(area, Actions::Uri(String::new()), &format!("Link to {word}"));
            let page = self.page_index();
            let op = self.pages[page].ops.len() - 1;
            self.jumps.waiting.push((page, op, rect, anchor.to_owned()));
        } else {
            let contents = format!("Link to {}", url.trim_start_matches("mailto:"));
            self.annotate(area, Actions::Uri(url.to_owned()), &contents);
        }
        self.close();
        width
    }

    /// Adds a link annotation over a rectangle, tagged in the current element.
    /// Returns the rectangle.
    fn annotate(
        &mut self,
        (x_pt, top_pt, width_pt, height_pt): (f32, f32, f32, f32),
        action: Actions,
        contents: &str,
    ) -> Rect {
        let y = self.height_pt - top_pt - height_pt;
        let rect = Rect {
            x: Pt(x_pt),
            y: Pt(y),
            width: Pt(width_pt),
            height: Pt(height_pt),
            mode: None,
            winding_order: None,
        };
        let index = self.page_index();
        self.pages[index].ops.push(link_annotation(rect.clone(), action));
        self.tags.link(index, contents);
        rect
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
