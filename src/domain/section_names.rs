//! The report's own names for the framework's themes, and the themes it
//! leaves out: a team may call "Long-Term Support" "Long Term Support", as
//! the Leeds report does, or leave out a theme it did not look at. One
//! field, recorded as compact JSON; added sections are named by their own
//! text.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The longest title a theme may be given.
pub const MAX_TITLE_CHARS: usize = 200;

/// Themes the report names its own way, and themes it leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionNames {
    /// A theme's number and the title the report gives it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub titles: BTreeMap<u8, String>,
    /// The themes the report leaves out.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub left_out: BTreeSet<u8>,
}

impl SectionNames {
    /// Whether the report names every theme as the framework does and
    /// leaves none out.
    pub fn is_empty(&self) -> bool {
        self.titles.is_empty() && self.left_out.is_empty()
    }

    /// The stored value: compact JSON, or nothing when empty.
    pub fn key(&self) -> String {
        super::recorded_json::key(self, self.is_empty())
    }

    /// Reads [`SectionNames::key`] back: only the form it writes, so one
    /// set of names is always recorded as one value.
    pub fn parse(text: &str) -> Option<Self> {
        super::recorded_json::parse(text, Self::is_empty)
    }

    /// The names in words, as the history shows them: "theme 3 as “Long
    /// Term Support”; theme 6 left out", or "as the framework names them".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .titles
            .iter()
            .map(|(number, title)| format!("theme {number} as “{title}”"))
            .collect();
        parts.extend(self.left_out.iter().map(|number| format!("theme {number} left out")));
        if parts.is_empty() {
            "as the framework names them".to_owned()
        } else {
            parts.join("; ")
        }
    }

    /// The same names with theme `number` titled `title` (its own title
    /// again when `title` is empty or the framework's).
    #[must_use]
    pub fn titled(&self, number: u8, title: &str, framework_title: &str) -> Self {
        let mut names = self.clone();
        let title = title.trim();
        if title.is_empty() || title == framework_title {
            names.titles.remove(&number);
        } else {
            names.titles.insert(number, title.to_owned());
        }
        names
    }

    /// The same names with theme `number` left out of the report, or not.
    #[must_use]
    pub fn leaving_out(&self, number: u8, out: bool) -> Self {
        let mut names = self.clone();
        if out {
            names.left_out.insert(number);
        } else {
            names.left_out.remove(&number);
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_nothing_is_stored_as_nothing() {
        let none = SectionNames::default();
        assert_eq!(none.key(), "");
        assert_eq!(SectionNames::parse(""), Some(none.clone()));
        let named = none
            .titled(3, "Long Term Support", "Long-Term Support")
            .leaving_out(6, true);
        assert_eq!(named.key(), r#"{"titles":{"3":"Long Term Support"},"left_out":[6]}"#);
        assert_eq!(SectionNames::parse(&named.key()), Some(named.clone()));
        assert!(
            named
                .titled(3, "Long-Term Support", "Long-Term Support")
                .titles
                .is_empty()
        );
        assert!(named.leaving_out(6, false).left_out.is_empty());
        assert_eq!(named.describe(), "theme 3 as “Long Term Support”; theme 6 left out");
        assert_eq!(none.describe(), "as the framework names them");
        for bad in [
            "{",
            "[]",
            "{}",
            r#"{"titles":{"x":"y"}}"#,
            r#"{"other":1}"#,
            r#"{ "left_out":[6]}"#,
        ] {
            assert_eq!(SectionNames::parse(bad), None, "{bad}");
        }
    }
}
