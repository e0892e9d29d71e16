//! Text into Word runs, in one place every writer uses: whatever a text
//! holds, the XML it becomes is well formed. Line breaks of every kind
//! (a newline, Word's own Shift+Enter as a vertical tab, a form feed, the
//! Unicode line and paragraph separators) become Word line breaks, a tab a
//! Word tab, and the characters XML 1.0 cannot hold (other C0 controls,
//! U+FFFE and U+FFFF) are left out. The rules refuse those characters at
//! input; this is for text stored before they did, and for the app's own.

use docx_rs::{BreakType, Run};

/// What one character of text becomes in a run.
enum Piece {
    Break,
    Tab,
    Dropped,
    Kept,
}

fn piece(c: char) -> Piece {
    match c {
        '\n' | '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}' => Piece::Break,
        '\t' => Piece::Tab,
        '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => Piece::Dropped,
        _ => Piece::Kept,
    }
}

/// Whether `c` may stand in an XML 1.0 document as it is.
pub(super) fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !matches!(c, '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Adds `text` to `run`, its breaks and tabs as Word's, and nothing XML
/// cannot hold. A carriage return before a newline is one break.
#[allow(clippy::disallowed_methods)] // the one place text enters a run
pub(super) fn add(mut run: Run, text: &str) -> Run {
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = if c == '\r' {
            if chars.peek() == Some(&'\n') {
                continue;
            }
            '\n'
        } else {
            c
        };
        match piece(c) {
            Piece::Kept => plain.push(c),
            Piece::Dropped => {}
            Piece::Break | Piece::Tab => {
                if !plain.is_empty() {
                    run = run.add_text(std::mem::take(&mut plain));
                }
                run = match piece(c) {
                    Piece::Tab => run.add_tab(),
                    _ => run.add_break(BreakType::TextWrapping),
                };
            }
        }
    }
    if plain.is_empty() { run } else { run.add_text(plain) }
}

/// A run holding `text`.
pub(super) fn run(text: impl AsRef<str>) -> Run {
    add(Run::new(), text.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::BuildXML;

    fn xml(text: &str) -> String {
        String::from_utf8(run(text).build()).expect("UTF-8")
    }

    #[test]
    fn every_kind_of_line_break_is_a_word_break() {
        for text in [
            "a\nb",
            "a\u{b}b",
            "a\u{c}b",
            "a\r\nb",
            "a\rb",
            "a\u{2028}b",
            "a\u{2029}b",
        ] {
            let xml = xml(text);
            assert_eq!(xml.matches("<w:br").count(), 1, "{text:?}: {xml}");
            assert!(xml.contains(">a</w:t>") && xml.contains(">b</w:t>"), "{xml}");
        }
    }

    #[test]
    fn characters_xml_cannot_hold_are_left_out() {
        let xml = xml("bell\u{7} esc\u{1b} nul\u{0} not\u{fffe}\u{ffff} <&>");
        assert!(xml.chars().all(xml_allows), "{xml:?}");
        assert!(xml.contains("bell esc nul not &lt;&amp;&gt;"), "{xml}");
    }

    #[test]
    fn tabs_are_word_tabs() {
        assert!(xml("a\tb").contains("<w:tab"));
    }
}
