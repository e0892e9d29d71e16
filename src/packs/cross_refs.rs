//! References to the report's own numbered paragraphs, which renumber
//! themselves. A writer marks one, in any text of the report (a paragraph,
//! a finding, a key message, the summary), as `[paragraph: its first
//! words]` — "as set out in [paragraph: The council knows itself]" — and
//! the report prints "paragraph 12", whatever number that paragraph has
//! when it is printed. The words are matched, without regard to case, to
//! the start of exactly one numbered paragraph; a reference that matches
//! none, or more than one, is printed as typed, so the writer sees it.

use super::{Numbered, Section};

/// How a reference opens.
pub const OPENS: &str = "[paragraph:";

/// Each numbered paragraph's number and text, in report order.
fn numbered(sections: &[Section]) -> Vec<(usize, String)> {
    sections
        .iter()
        .filter_map(|section| match section {
            Section::Part(part) => Some(part.paragraphs.iter()),
            _ => None,
        })
        .flatten()
        .filter(|paragraph| !paragraph.subheading)
        .map(|paragraph| (paragraph.number, paragraph.text.to_lowercase()))
        .collect()
}

/// How a resolved reference prints: "paragraph 12", the number held to
/// its word by a no-break space — which is also how the packs know it for
/// a link to the paragraph ([`super::links::link_target`]).
pub fn reference(number: usize) -> String {
    format!("paragraph\u{a0}{number}")
}

/// The name of the place a reference to paragraph `number` jumps to: a
/// PDF link's anchor and a Word bookmark.
pub fn anchor(number: usize) -> String {
    format!("paragraph_{number}")
}

/// `text` with each reference it can resolve printed as "paragraph N".
fn resolved(text: &str, paragraphs: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(OPENS) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPENS.len()..];
        let Some(end) = after.find(']') else {
            out.push_str(&rest[at..]);
            return out;
        };
        let words = after[..end].trim().to_lowercase();
        let mut matches = paragraphs
            .iter()
            .filter(|(_, text)| !words.is_empty() && text.starts_with(&words));
        match (matches.next(), matches.next()) {
            (Some((number, _)), None) => out.push_str(&reference(*number)),
            _ => out.push_str(&rest[at..=at + OPENS.len() + end]),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Resolves every reference in the report's texts.
pub fn resolve(sections: &mut [Section]) {
    let paragraphs = numbered(sections);
    if paragraphs.is_empty() {
        return;
    }
    let fix = |text: &mut String| {
        if text.contains(OPENS) {
            *text = resolved(text, &paragraphs);
        }
    };
    for section in sections.iter_mut() {
        match section {
            Section::Prose(prose) => prose.paragraphs.iter_mut().for_each(fix),
            Section::Part(part) => {
                for group in &mut part.groups {
                    group.items.iter_mut().for_each(fix);
                }
                for paragraph in &mut part.paragraphs {
                    let Numbered { text, items, .. } = paragraph;
                    fix(text);
                    items.iter_mut().for_each(fix);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs() -> Vec<(usize, String)> {
        vec![
            (4, "the council knows itself well.".to_owned()),
            (12, "integration with health is strong.".to_owned()),
            (13, "integration with housing lags.".to_owned()),
        ]
    }

    #[test]
    fn a_reference_prints_the_number_its_paragraph_has_now() {
        assert_eq!(
            resolved(
                "As [paragraph: The council knows] said, and [paragraph:integration with health].",
                &paragraphs()
            ),
            "As paragraph\u{a0}4 said, and paragraph\u{a0}12."
        );
        // A link to its paragraph, for the PDF and Word writers.
        assert_eq!(
            crate::packs::links::link_target(&reference(12)).as_deref(),
            Some("#paragraph_12")
        );
        assert_eq!(crate::packs::links::link_target("paragraph 12"), None);
    }

    #[test]
    fn a_reference_to_none_or_to_two_is_printed_as_typed() {
        for text in [
            "See [paragraph: integration with] above.",
            "See [paragraph: nothing like it].",
            "See [paragraph: ].",
            "An open [paragraph: the council",
        ] {
            assert_eq!(resolved(text, &paragraphs()), text);
        }
    }
}
