//! The structure of a PDF as it is laid out, for a tagged, accessible
//! document: which marked content on which page belongs to which structure
//! element — headings, paragraphs, lists, tables, figures, links — in
//! reading order. The canvas asks here for every piece of content it draws;
//! whatever is drawn outside content (running headers, page numbers, the
//! watermark, rules) is an artifact. `structure.rs` writes the tree into
//! the document once printpdf has built it.

/// A structure element's standard type.
#[derive(Clone, Debug, PartialEq)]
pub enum Tag {
    /// The whole document.
    Document,
    /// A grouping: a section of the pack, the contents.
    Sect,
    /// A first-level heading.
    H1,
    /// A second-level heading.
    H2,
    /// A third-level heading: a sub-heading the team wrote in a section.
    H3,
    /// A paragraph.
    P,
    /// A list, with how its items are labelled: "Decimal", "Disc",
    /// `UpperAlpha`, or `None`.
    L(&'static str),
    /// A list item.
    LI,
    /// A list item's label: "1.", "•", "A.".
    Lbl,
    /// A list item's body.
    LBody,
    /// A table.
    Table,
    /// A table's header rows.
    THead,
    /// A table's body rows.
    TBody,
    /// A table row.
    TR,
    /// A header cell, labelling its column.
    TH,
    /// A data cell.
    TD,
    /// A picture drawn on the page, with its alternative text.
    Figure(String),
    /// A table of contents.
    Toc,
    /// One entry in the table of contents.
    Toci,
    /// A link: its text and its annotation.
    Link,
}

impl Tag {
    /// The structure type's name in the PDF.
    pub fn name(&self) -> &'static str {
        match self {
            Tag::Document => "Document",
            Tag::Sect => "Sect",
            Tag::H1 => "H1",
            Tag::H2 => "H2",
            Tag::H3 => "H3",
            Tag::P => "P",
            Tag::L(_) => "L",
            Tag::LI => "LI",
            Tag::Lbl => "Lbl",
            Tag::LBody => "LBody",
            Tag::Table => "Table",
            Tag::THead => "THead",
            Tag::TBody => "TBody",
            Tag::TR => "TR",
            Tag::TH => "TH",
            Tag::TD => "TD",
            Tag::Figure(_) => "Figure",
            Tag::Toc => "TOC",
            Tag::Toci => "TOCI",
            Tag::Link => "Link",
        }
    }
}

/// One of an element's children, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kid {
    /// Another element.
    Element(usize),
    /// Marked content on a page (0-based), by its marked-content id.
    Content {
        /// The page.
        page: usize,
        /// Its id on that page.
        mcid: u32,
    },
    /// A link annotation: the `index`th link drawn on `page`.
    Annotation {
        /// The page.
        page: usize,
        /// Which of the page's links.
        index: usize,
    },
}

/// A structure element.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Its type.
    pub tag: Tag,
    /// Its parent, `None` for the document.
    pub parent: Option<usize>,
    /// Its children, in reading order.
    pub kids: Vec<Kid>,
}

/// The structure tree being recorded.
#[derive(Debug)]
pub struct Tags {
    elements: Vec<Element>,
    /// The element content goes into now, innermost last.
    stack: Vec<usize>,
    /// Each page's next marked-content id.
    next_mcid: Vec<u32>,
    /// Each page's link annotations so far: what each one does, in words.
    links: Vec<Vec<String>>,
    /// While positive, what is drawn is an artifact.
    artifact_depth: usize,
}

impl Default for Tags {
    fn default() -> Self {
        Self {
            elements: vec![Element {
                tag: Tag::Document,
                parent: None,
                kids: Vec::new(),
            }],
            stack: vec![0],
            next_mcid: Vec::new(),
            links: Vec::new(),
            artifact_depth: 0,
        }
    }
}

impl Tags {
    /// Every element, the document first.
    pub fn elements(&self) -> &[Element] {
        &self.elements
    }

    fn current(&self) -> usize {
        self.stack.last().copied().unwrap_or(0)
    }

    /// Starts a child element of the current one and goes into it.
    pub fn open(&mut self, tag: Tag) -> usize {
        let parent = self.current();
        let index = self.elements.len();
        self.elements.push(Element {
            tag,
            parent: Some(parent),
            kids: Vec::new(),
        });
        self.elements[parent].kids.push(Kid::Element(index));
        self.stack.push(index);
        index
    }

    /// Goes back into an element opened earlier, to add more to it (a table
    /// cell continued on the next page, the contents drawn last).
    pub fn enter(&mut self, element: usize) {
        self.stack.push(element);
    }

    /// Leaves the current element.
    pub fn close(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Draws from now on as artifacts, until [`Tags::end_artifact`].
    pub fn begin_artifact(&mut self) {
        self.artifact_depth += 1;
    }

    /// Ends [`Tags::begin_artifact`].
    pub fn end_artifact(&mut self) {
        self.artifact_depth = self.artifact_depth.saturating_sub(1);
    }

    /// Whether what is drawn now is an artifact.
    pub fn is_artifact(&self) -> bool {
        self.artifact_depth > 0
    }

    /// Whether text set now is a paragraph of its own: in the document, a
    /// section or a list item's body, rather than inside a heading, cell,
    /// label, figure or link that already says what it is.
    pub fn wants_paragraph(&self) -> bool {
        matches!(
            self.elements[self.current()].tag,
            Tag::Document | Tag::Sect | Tag::LBody
        )
    }

    /// Whether the current element is a figure, whose drawing is its content.
    pub fn in_figure(&self) -> bool {
        matches!(self.elements[self.current()].tag, Tag::Figure(_))
    }

    /// The current element's type name, for the marked content's tag.
    pub fn current_name(&self) -> &'static str {
        self.elements[self.current()].tag.name()
    }

    /// A new marked-content id on `page` for content of the current element.
    pub fn mark(&mut self, page: usize) -> u32 {
        if self.next_mcid.len() <= page {
            self.next_mcid.resize(page + 1, 0);
        }
        let mcid = self.next_mcid[page];
        self.next_mcid[page] += 1;
        let current = self.current();
        self.elements[current].kids.push(Kid::Content { page, mcid });
        mcid
    }

    /// The marked-content id the current element's content last went to on
    /// `page`, if that is the last thing the element holds: more content
    /// drawn straight after may join it.
    pub fn last_mark(&self, page: usize) -> Option<u32> {
        match self.elements[self.current()].kids.last() {
            Some(Kid::Content { page: on, mcid }) if *on == page => Some(*mcid),
            _ => None,
        }
    }

    /// Records a link annotation drawn on `page` as the current element's;
    /// `contents` says where it goes, for those who cannot see it.
    pub fn link(&mut self, page: usize, contents: &str) {
        if self.links.len() <= page {
            self.links.resize(page + 1, Vec::new());
        }
        let index = self.links[page].len();
        self.links[page].push(contents.to_owned());
        let current = self.current();
        self.elements[current].kids.push(Kid::Annotation { page, index });
    }

    /// What each link annotation on `page` does, in the order drawn.
    pub fn links_on(&self, page: usize) -> &[String] {
        self.links.get(page).map_or(&[], Vec::as_slice)
    }

    /// How many marked-content ids each page used.
    pub fn mcids_per_page(&self) -> &[u32] {
        &self.next_mcid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_goes_to_the_element_it_was_drawn_in_and_reading_order_holds() {
        let mut tags = Tags::default();
        let contents = tags.open(Tag::Sect);
        tags.close();
        tags.open(Tag::H1);
        assert_eq!(tags.mark(1), 0);
        tags.close();
        tags.enter(contents);
        tags.open(Tag::Link);
        assert_eq!(tags.mark(0), 0);
        tags.link(0, "Go to page 2");
        tags.close();
        tags.close();
        let document = &tags.elements()[0];
        assert_eq!(
            document.kids,
            [Kid::Element(1), Kid::Element(2)],
            "the contents stay first"
        );
        assert_eq!(
            tags.elements()[3].kids,
            [Kid::Content { page: 0, mcid: 0 }, Kid::Annotation { page: 0, index: 0 }]
        );
        assert_eq!(tags.mcids_per_page(), [1, 1]);
        assert_eq!(tags.links_on(0), ["Go to page 2"]);
        assert!(tags.links_on(5).is_empty());
    }
}
