//! What every framework must be: the rules a framework file is checked
//! against before it is used, whether it ships with the app, is added from a
//! file or arrives inside an exchange file. `docs/framework-format.md` says
//! the same in words. A framework that breaks any rule is refused whole,
//! naming the first problem.

use std::collections::HashSet;

use super::{Framework, Labels};
use crate::domain::score::MAX_LEVEL;

/// The `format` every framework file carries.
pub const FORMAT: &str = "critical-friend-framework";
/// The framework file format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;
/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The most themes a framework may have.
pub const MAX_THEMES: usize = 50;
/// The most items a framework may have: CQC has 9 and TEASC 34; every view
/// and pack stays quick and legible well past this.
pub const MAX_ITEMS: usize = 500;
/// The most evidence prompts one item may carry.
const MAX_PROMPTS: usize = 20;
/// Limits on text, in characters.
const MAX_ID_CHARS: usize = 64;
const MAX_ITEM_ID_CHARS: usize = 16;
const MAX_TITLE_CHARS: usize = 300;
const MAX_TEXT_CHARS: usize = 5_000;

/// Why a framework file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    /// Not JSON, or JSON of the wrong shape.
    #[error("the framework file is not valid: {0}")]
    Malformed(#[from] serde_json::Error),
    /// JSON, but not a framework file.
    #[error("the file is not a Critical Friend framework file (its format is “{0}”)")]
    WrongFormat(String),
    /// Written for a newer Critical Friend.
    #[error(
        "the framework file uses format version {0}, newer than this version of Critical Friend reads ({FORMAT_VERSION}); update Critical Friend to use it"
    )]
    NewerVersion(u32),
    /// Too large to be a framework.
    #[error("the framework file is {0} bytes, larger than the {MAX_FILE_BYTES}-byte limit")]
    TooLarge(u64),
    /// The file parsed but breaks a rule every framework must keep.
    #[error("the framework file is inconsistent: {0}")]
    Inconsistent(String),
}

#[derive(serde::Deserialize)]
struct Header {
    format: Option<String>,
    format_version: Option<u32>,
}

/// Parses and checks a framework file's text.
pub fn parse(text: &str) -> Result<Framework, FrameworkError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(FrameworkError::TooLarge(text.len() as u64));
    }
    // A byte-order mark, as Notepad writes, is not part of the text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: Header = serde_json::from_str(text)?;
    let format = header.format.unwrap_or_default();
    if format != FORMAT {
        return Err(FrameworkError::WrongFormat(format));
    }
    match header.format_version {
        Some(version) if version > FORMAT_VERSION => return Err(FrameworkError::NewerVersion(version)),
        _ => {}
    }
    let framework: Framework = serde_json::from_str(text)?;
    framework.check()?;
    Ok(framework)
}

fn inconsistent<T>(text: impl Into<String>) -> Result<T, FrameworkError> {
    Err(FrameworkError::Inconsistent(text.into()))
}

/// Refuses empty text (after trimming) and text over `max` characters.
fn text(what: &str, value: &str, max: usize) -> Result<(), FrameworkError> {
    if value.trim().is_empty() {
        return inconsistent(format!("{what} is empty"));
    }
    if value.chars().count() > max {
        return inconsistent(format!("{what} is longer than {max} characters"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return inconsistent(format!("{what} holds a control character"));
    }
    Ok(())
}

/// An id or version: letters, digits, dots, hyphens and underscores.
fn identifier(what: &str, value: &str) -> Result<(), FrameworkError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
    if value.is_empty() || value.len() > MAX_ID_CHARS || !value.chars().all(allowed) {
        return inconsistent(format!(
            "the {what} “{value}” must be 1 to {MAX_ID_CHARS} letters, digits, dots, hyphens or underscores"
        ));
    }
    Ok(())
}

impl Framework {
    /// Checks every rule a framework must keep; the first broken one is named.
    pub fn check(&self) -> Result<(), FrameworkError> {
        if self.format != FORMAT {
            return Err(FrameworkError::WrongFormat(self.format.clone()));
        }
        if self.format_version > FORMAT_VERSION {
            return Err(FrameworkError::NewerVersion(self.format_version));
        }
        identifier("id", &self.id)?;
        identifier("version", &self.version)?;
        text("the title", &self.title, MAX_TITLE_CHARS)?;
        text("the short title", &self.short_title, MAX_TITLE_CHARS)?;
        text("the source", &self.source, MAX_TEXT_CHARS)?;
        check_labels(&self.labels)?;
        self.check_scale()?;
        if let Some(rule) = &self.rating {
            rule.check(&self.scale)
                .map_err(|problem| FrameworkError::Inconsistent(problem.to_string()))?;
        }
        self.check_themes()
    }

    fn check_scale(&self) -> Result<(), FrameworkError> {
        let levels = self.scale.levels();
        if levels.len() < 2 {
            return inconsistent("the scale needs at least two levels");
        }
        let mut labels = HashSet::new();
        for (index, level) in levels.iter().enumerate() {
            let expected = u16::from(levels[0].score.value()) + u16::try_from(index).unwrap_or(u16::MAX);
            if u16::from(level.score.value()) != expected {
                return inconsistent(format!(
                    "the scale's levels must be whole numbers in order with no gaps (after {} comes {}, not {})",
                    expected - 1,
                    expected,
                    level.score
                ));
            }
            text(
                &format!("the label of level {}", level.score),
                &level.label,
                MAX_TITLE_CHARS,
            )?;
            text(
                &format!("the descriptor of level {}", level.score),
                &level.descriptor,
                MAX_TEXT_CHARS,
            )?;
            if !labels.insert(level.label.trim().to_lowercase()) {
                return inconsistent(format!("two levels share the label “{}”", level.label));
            }
        }
        debug_assert!(self.scale.max().value() <= MAX_LEVEL);
        Ok(())
    }

    fn check_themes(&self) -> Result<(), FrameworkError> {
        if self.themes.is_empty() {
            return inconsistent("it has no themes");
        }
        if self.themes.len() > MAX_THEMES {
            return inconsistent(format!(
                "it has {} themes; a framework may have at most {MAX_THEMES}",
                self.themes.len()
            ));
        }
        let items = self.item_count();
        if items > MAX_ITEMS {
            return inconsistent(format!(
                "it has {items} items; a framework may have at most {MAX_ITEMS}"
            ));
        }
        let mut ids = HashSet::new();
        for (index, theme) in self.themes.iter().enumerate() {
            if usize::from(theme.number) != index + 1 {
                return inconsistent(format!(
                    "themes must be numbered 1, 2, 3… in order; theme {} is numbered {}",
                    index + 1,
                    theme.number
                ));
            }
            let name = format!("theme {}", theme.number);
            text(&format!("the title of {name}"), &theme.title, MAX_TITLE_CHARS)?;
            text(&format!("the statement of {name}"), &theme.outcome, MAX_TEXT_CHARS)?;
            if theme.outcome_heading.chars().count() > MAX_TITLE_CHARS {
                return inconsistent(format!("the statement heading of {name} is too long"));
            }
            if theme.items.is_empty() {
                return inconsistent(format!("{name} has no items"));
            }
            for item in &theme.items {
                let id = item.id.as_str();
                if id.chars().count() > MAX_ITEM_ID_CHARS
                    || !id.chars().all(|c| c.is_alphanumeric() || ".-_".contains(c))
                {
                    return inconsistent(format!(
                        "item number “{id}” must be 1 to {MAX_ITEM_ID_CHARS} letters, digits, dots, hyphens or underscores (an item number is written in lists, links and workbooks, where other characters would be read as separators)"
                    ));
                }
                text(&format!("the number of an item in {name}"), id, MAX_ITEM_ID_CHARS)?;
                // Numbers that differ only in capitals are the same number.
                if !ids.insert(id.to_lowercase()) {
                    return inconsistent(format!("item {id} appears twice"));
                }
                text(&format!("the title of item {id}"), &item.title, MAX_TITLE_CHARS)?;
                if let Some(reference) = &item.reference {
                    text(&format!("the reference of item {id}"), reference, MAX_TITLE_CHARS)?;
                }
                if item.prompts.len() > MAX_PROMPTS {
                    return inconsistent(format!("item {id} has more than {MAX_PROMPTS} prompts"));
                }
                for prompt in &item.prompts {
                    text(&format!("a prompt of item {id}"), prompt, MAX_TEXT_CHARS)?;
                }
            }
        }
        Ok(())
    }
}

fn check_labels(labels: &Labels) -> Result<(), FrameworkError> {
    for (what, value) in [
        ("item", &labels.item),
        ("items", &labels.items),
        ("theme_statement", &labels.theme_statement),
        ("basis", &labels.basis),
        ("notes", &labels.notes),
    ] {
        text(&format!("the label “{what}”"), value, MAX_TITLE_CHARS)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn teasc() -> String {
        super::super::BUILTIN_FRAMEWORKS
            .iter()
            .find(|(name, _)| name.starts_with("teasc"))
            .map(|(_, text)| (*text).to_owned())
            .expect("TEASC ships")
    }

    fn refused(text: &str) -> String {
        match parse(text) {
            Err(error) => error.to_string(),
            Ok(_) => panic!("accepted: {}", &text[..80.min(text.len())]),
        }
    }

    #[test]
    fn every_broken_rule_is_named() {
        let teasc = teasc();
        assert!(parse(&teasc).is_ok());
        assert!(refused(&teasc.replacen("\"score\": 2", "\"score\": 5", 1)).contains("no gaps"));
        assert!(refused(&teasc.replacen("\"title\": \"Prevention\"", "\"title\": \"  \"", 1)).contains("theme 1"));
        assert!(refused(&teasc.replacen("\"number\": 2", "\"number\": 7", 1)).contains("numbered 1, 2, 3"));
        assert!(refused(&teasc.replacen("\"prompts\": [", "\"prompt\": [", 1)).contains("unknown field"));
        assert!(refused(&teasc.replacen(FORMAT, "something-else", 1)).contains("not a Critical Friend framework"));
        assert!(refused(&teasc.replacen("\"format_version\": 1", "\"format_version\": 9", 1)).contains("update"));
        assert!(
            refused(&teasc.replacen("\"id\": \"teasc-use-of-resources\"", "\"id\": \"has space\"", 1))
                .contains("letters, digits")
        );
        assert!(refused("[1, 2]").contains("not valid"));
    }

    #[test]
    fn ten_thousand_items_are_refused_with_the_limit() {
        let mut framework = parse(&teasc()).expect("valid");
        let template = framework.themes[0].items[0].clone();
        framework.themes[0].items = (0..10_000)
            .map(|n| super::super::Item {
                id: super::super::ItemId::new(format!("x{n}")),
                ..template.clone()
            })
            .collect();
        let error = framework.check().expect_err("too many items");
        assert!(error.to_string().contains("at most 500"), "{error}");
    }

    #[test]
    fn text_in_any_script_is_welcome() {
        let framework = teasc().replacen("Prevention", "Атал ‘ਰੋਕਥਾਮ’ 予防 🚑", 1);
        assert!(parse(&framework).is_ok());
    }
}
