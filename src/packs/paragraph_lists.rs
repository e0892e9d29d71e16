//! A list inside a numbered paragraph, as a writer marks it — in the app's
//! box and in `--file` text alike: after the paragraph's first line, each
//! line that starts "- " (or "• ", "* ") is a bullet, and each that starts
//! "a) ", "a. ", "1) " or "1. " is a lettered item (the report numbers its
//! paragraphs, so the list inside one is lettered A., B.…, as LGA reports
//! letter them). The first item's mark decides which; a line without a
//! mark after the list has begun carries on the item above it. The
//! paragraph prints its list as a real list: L and LI in the PDF, a Word
//! list with its own numbering.

/// A paragraph's text and the list inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The paragraph, without its list.
    pub text: String,
    /// The list's items, without their marks.
    pub items: Vec<String>,
    /// Whether the items are lettered rather than bulleted.
    pub lettered: bool,
}

/// What a line's mark says it is, and the line without it.
fn marked(line: &str) -> Option<(bool, &str)> {
    for bullet in ["- ", "• ", "* "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((false, rest));
        }
    }
    let mut chars = line.char_indices();
    let (_, first) = chars.next()?;
    let is_mark = first.is_ascii_lowercase() || first.is_ascii_digit();
    let after_digits = line.find(|c: char| !c.is_ascii_digit()).unwrap_or(line.len());
    let at = if first.is_ascii_digit() { after_digits } else { 1 };
    let rest = line.get(at..)?;
    let rest = rest.strip_prefix(") ").or_else(|| rest.strip_prefix(". "))?;
    // One or two digits: "2019. Since then" is a sentence, not an item.
    (is_mark && (at == 1 || (first.is_ascii_digit() && at <= 2))).then_some((true, rest))
}

/// Splits `text` into the paragraph and the list inside it.
pub fn split(text: &str) -> Listed {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let mut paragraph: Vec<&str> = lines.next().into_iter().collect();
    let mut items: Vec<String> = Vec::new();
    let mut lettered = None;
    for line in lines {
        match (marked(line), lettered) {
            (Some((kind, rest)), None) => {
                lettered = Some(kind);
                items.push(rest.trim().to_owned());
            }
            (Some((kind, rest)), Some(list)) if kind == list => items.push(rest.trim().to_owned()),
            (_, Some(_)) => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(line);
                }
            }
            (None, None) => paragraph.push(line),
        }
    }
    Listed {
        text: paragraph.join("\n"),
        items,
        lettered: lettered.unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_and_lettered_items_after_the_first_line_are_a_list() {
        let listed = split("The themes are:\n- Prevention\n- Recovery\n- Long Term Support");
        assert_eq!(listed.text, "The themes are:");
        assert_eq!(listed.items, ["Prevention", "Recovery", "Long Term Support"]);
        assert!(!listed.lettered);
        let lettered =
            split("The council asked us to consider:\na) its use of resources\nb) its market\n  and its providers");
        assert!(lettered.lettered);
        assert_eq!(lettered.items, ["its use of resources", "its market and its providers"]);
        let numbered = split("Three steps:\n1. Agree\n2) Fund\n10. Review");
        assert_eq!((numbered.items.len(), numbered.lettered), (3, true));
    }

    #[test]
    fn a_paragraph_without_marks_or_with_one_only_first_is_left_whole() {
        for text in [
            "Plain words\nover two lines.",
            "- A paragraph that starts with a dash is words, not a list.",
            "1. Starts with a number",
            "The rate was\n12.5 per cent.",
            "Was it a) or b)?",
            "Savings were made in every year to\n2019. Since then they have slowed.",
        ] {
            let listed = split(text);
            assert!(listed.items.is_empty(), "{text:?}: {listed:?}");
            assert_eq!(listed.text, text.lines().map(str::trim).collect::<Vec<_>>().join("\n"));
        }
    }
}
