//! Web and email addresses in the peer team's text as Word hyperlinks
//! (found by [`crate::packs::links`]), so the report's contact details work
//! in Word as they read, and references to its paragraphs as links to the
//! bookmark on each. Everything else stays plain text, through
//! [`text::run`].

use docx_rs::{Hyperlink, HyperlinkType, Paragraph};

use super::text;

/// `text` added to `paragraph`, its addresses as hyperlinks.
pub(super) fn linked(mut paragraph: Paragraph, text: &str) -> Paragraph {
    for (part, url) in crate::packs::links::segments(text) {
        paragraph = match url {
            Some(url) => {
                let run = text::run(&part).color("0563C1").underline("single");
                // "#paragraph_12" is the bookmark on that paragraph.
                let link = match url.strip_prefix('#') {
                    Some(bookmark) => Hyperlink::new(bookmark, HyperlinkType::Anchor),
                    None => Hyperlink::new(url, HyperlinkType::External),
                };
                paragraph.add_hyperlink(link.add_run(run))
            }
            None => paragraph.add_run(text::run(part)),
        };
    }
    paragraph
}
