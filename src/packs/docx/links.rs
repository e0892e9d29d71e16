//! Web and email addresses in the peer team's text as Word hyperlinks:
//! `https://…`, `http://…` and `www.…` open the page, and `name@place.tld`
//! writes an email, so the report's contact details work in Word as they
//! read. Everything else stays plain text, through [`text::run`].

use docx_rs::{Hyperlink, HyperlinkType, Paragraph};

use super::text;

/// Where an address in the text points: a web page or an email.
fn target(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Some(word.to_owned());
    }
    if lower.starts_with("www.") && word.len() > 4 && word[4..].contains('.') {
        return Some(format!("https://{word}"));
    }
    let (name, place) = word.split_once('@')?;
    let plausible = !name.is_empty()
        && place.contains('.')
        && !place.starts_with('.')
        && !place.ends_with('.')
        && word.chars().all(|c| c.is_alphanumeric() || "._%+-@".contains(c));
    plausible.then(|| format!("mailto:{word}"))
}

/// `text` added to `paragraph`, its addresses as hyperlinks. Punctuation
/// that ends a sentence after an address stays outside the link.
pub(super) fn linked(mut paragraph: Paragraph, text: &str) -> Paragraph {
    let mut plain = String::new();
    for piece in text.split_inclusive([' ', '\n']) {
        let word = piece
            .trim_end_matches([' ', '\n'])
            .trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        match target(word) {
            Some(url) => {
                if !plain.is_empty() {
                    paragraph = paragraph.add_run(text::run(std::mem::take(&mut plain)));
                }
                let run = text::run(word).color("0563C1").underline("single");
                paragraph = paragraph.add_hyperlink(Hyperlink::new(url, HyperlinkType::External).add_run(run));
                plain.push_str(&piece[word.len()..]);
            }
            None => plain.push_str(piece),
        }
    }
    if !plain.is_empty() {
        paragraph = paragraph.add_run(text::run(plain));
    }
    paragraph
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn web_and_email_addresses_are_recognised_and_nothing_else() {
        assert_eq!(
            target("https://www.local.gov.uk/peer").as_deref(),
            Some("https://www.local.gov.uk/peer")
        );
        assert_eq!(target("www.local.gov.uk").as_deref(), Some("https://www.local.gov.uk"));
        assert_eq!(
            target("jo.reid@local.gov.uk").as_deref(),
            Some("mailto:jo.reid@local.gov.uk")
        );
        for plain in ["@", "a@b", "me@.uk", "www.", "2016/17", "D3", "e.g.", "Tŷ"] {
            assert_eq!(target(plain), None, "{plain}");
        }
    }
}
