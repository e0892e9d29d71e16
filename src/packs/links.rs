//! Web and email addresses in the packs' text, found once for the PDF and
//! Word writers: `https://…`, `http://…` and `www.…` open the page, and
//! `name@place.tld` writes an email. Punctuation that ends a sentence after
//! an address stays outside the link.

/// Where an address points, for a word that is one; `None` otherwise. A
/// resolved reference to a paragraph ("paragraph 12", held together by a
/// no-break space: [`super::cross_refs::reference`]) points at
/// `#paragraph_12`, the paragraph's own place in the document.
pub fn link_target(word: &str) -> Option<String> {
    if let Some(number) = word.strip_prefix("paragraph\u{a0}")
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
    {
        return number
            .parse()
            .ok()
            .map(|n| format!("#{}", super::cross_refs::anchor(n)));
    }
    let lower = word.to_ascii_lowercase();
    if let Some(place) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        // A scheme alone, or with no name of a place after it, is words.
        let host = place.split(['/', '?', '#']).next().unwrap_or_default();
        return host.chars().any(char::is_alphanumeric).then(|| word.to_owned());
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

/// `text` cut into runs of plain text and addresses, in order, each address
/// with where it points; the runs put together are the text.
pub fn segments(text: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut plain = String::new();
    for piece in text.split_inclusive([' ', '\n']) {
        let word = piece
            .trim_end_matches([' ', '\n'])
            .trim_end_matches(['.', ',', ';', ':', ')', '!', '?']);
        match link_target(word) {
            Some(url) => {
                if !plain.is_empty() {
                    out.push((std::mem::take(&mut plain), None));
                }
                out.push((word.to_owned(), Some(url)));
                plain.push_str(&piece[word.len()..]);
            }
            None => plain.push_str(piece),
        }
    }
    if !plain.is_empty() {
        out.push((plain, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{link_target, segments};

    #[test]
    fn web_and_email_addresses_are_recognised_and_nothing_else() {
        assert_eq!(
            link_target("https://www.local.gov.uk/peer").as_deref(),
            Some("https://www.local.gov.uk/peer")
        );
        assert_eq!(
            link_target("www.local.gov.uk").as_deref(),
            Some("https://www.local.gov.uk")
        );
        assert_eq!(
            link_target("jo.reid@local.gov.uk").as_deref(),
            Some("mailto:jo.reid@local.gov.uk")
        );
        for plain in [
            "@",
            "a@b",
            "me@.uk",
            "www.",
            "2016/17",
            "D3",
            "e.g.",
            "Tŷ",
            "http://",
            "https://",
            "https://.",
        ] {
            assert_eq!(link_target(plain), None, "{plain}");
        }
    }

    #[test]
    fn segments_put_back_together_are_the_text() {
        let text = "Write to jo.reid@local.gov.uk, or see www.local.gov.uk.\nThanks";
        let parts = segments(text);
        assert_eq!(parts.iter().map(|(part, _)| part.as_str()).collect::<String>(), text);
        let links: Vec<&str> = parts
            .iter()
            .filter_map(|(part, url)| url.as_ref().map(|_| part.as_str()))
            .collect();
        assert_eq!(links, ["jo.reid@local.gov.uk", "www.local.gov.uk"]);
    }
}
