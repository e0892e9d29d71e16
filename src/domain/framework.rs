//! The self-assessment framework as data: themes, numbered items and the
//! scoring scale. Frameworks are JSON files in `assets/frameworks/`, embedded
//! at build time; adding a file adds a framework.

use std::{collections::HashSet, fmt};

use serde::{Deserialize, Serialize};

use super::score::Score;

include!(concat!(env!("OUT_DIR"), "/frameworks.rs"));

/// The framework new assessments use unless told otherwise.
pub const DEFAULT_FRAMEWORK_ID: &str = "teasc-use-of-resources";

/// A framework item's number, such as `2.3`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ItemId(String);

impl ItemId {
    /// Wraps an item number. Whether it exists is the framework's question.
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// The item number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which framework (and which version of it) an assessment answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkRef {
    /// Stable identifier, e.g. `teasc-use-of-resources`.
    pub id: String,
    /// Version of the framework text.
    pub version: String,
}

impl fmt::Display for FrameworkRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (version {})", self.id, self.version)
    }
}

/// One level of the scoring scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleLevel {
    /// The score this level describes.
    pub score: Score,
    /// A short name, e.g. "Established".
    pub label: String,
    /// What this level looks like in practice.
    pub descriptor: String,
}

/// One numbered item to be scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Item number, e.g. `1.1`.
    pub id: ItemId,
    /// Item title as the framework gives it.
    pub title: String,
    /// Short prompts on what evidence supports each level.
    #[serde(default)]
    pub prompts: Vec<String>,
}

/// A theme: an outcome statement and the items that evidence it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// Theme number, 1-based.
    pub number: u8,
    /// Theme title, e.g. "Prevention".
    pub title: String,
    /// The heading the outcome statement carries in its source.
    pub outcome_heading: String,
    /// The outcome statement, in the first person, quoted from the source.
    pub outcome: String,
    /// The theme's items, in order.
    pub items: Vec<Item>,
}

/// A complete self-assessment framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    /// Stable identifier recorded on every assessment.
    pub id: String,
    /// Version of the framework text.
    pub version: String,
    /// Full title.
    pub title: String,
    /// Short title for narrow places.
    pub short_title: String,
    /// Where the framework's words come from.
    pub source: String,
    /// The scoring scale, one level per score from 0 to 3.
    pub scale: Vec<ScaleLevel>,
    /// The themes, in order.
    pub themes: Vec<Theme>,
}

/// Why a framework file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    /// The file is not valid framework JSON.
    #[error("the framework file is not valid: {0}")]
    Malformed(#[from] serde_json::Error),
    /// The file parsed but breaks a rule every framework must keep.
    #[error("the framework file is inconsistent: {0}")]
    Inconsistent(String),
}

impl Framework {
    /// Parses and checks a framework file.
    pub fn from_json(text: &str) -> Result<Self, FrameworkError> {
        let framework: Framework = serde_json::from_str(text)?;
        framework.check()?;
        Ok(framework)
    }

    fn check(&self) -> Result<(), FrameworkError> {
        let scores: Vec<Score> = self.scale.iter().map(|level| level.score).collect();
        if scores != Score::ALL {
            return Err(FrameworkError::Inconsistent(
                "the scale must describe scores 0, 1, 2 and 3 in order".into(),
            ));
        }
        let mut seen = HashSet::new();
        for theme in &self.themes {
            if theme.items.is_empty() {
                return Err(FrameworkError::Inconsistent(format!(
                    "theme {} has no items",
                    theme.number
                )));
            }
            for item in &theme.items {
                if !seen.insert(item.id.clone()) {
                    return Err(FrameworkError::Inconsistent(format!("item {} appears twice", item.id)));
                }
            }
        }
        if seen.is_empty() {
            return Err(FrameworkError::Inconsistent("it has no themes".into()));
        }
        Ok(())
    }

    /// The reference an assessment stores.
    pub fn reference(&self) -> FrameworkRef {
        FrameworkRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    /// Every item with its theme, in framework order.
    pub fn items(&self) -> impl Iterator<Item = (&Theme, &Item)> {
        self.themes
            .iter()
            .flat_map(|theme| theme.items.iter().map(move |item| (theme, item)))
    }

    /// How many items there are in all.
    pub fn item_count(&self) -> usize {
        self.themes.iter().map(|theme| theme.items.len()).sum()
    }

    /// The item with this number and its theme.
    pub fn item(&self, id: &ItemId) -> Option<(&Theme, &Item)> {
        self.items().find(|(_, item)| &item.id == id)
    }

    /// Position of an item in framework order.
    pub fn item_index(&self, id: &ItemId) -> Option<usize> {
        self.items().position(|(_, item)| &item.id == id)
    }

    /// The item at a position in framework order.
    pub fn item_at(&self, index: usize) -> Option<(&Theme, &Item)> {
        self.items().nth(index)
    }

    /// The scale level for a score.
    pub fn level(&self, score: Score) -> &ScaleLevel {
        &self.scale[score.index()]
    }

    /// "2 – Established", for places that show a score with its meaning.
    pub fn score_text(&self, score: Score) -> String {
        format!("{} – {}", score, self.level(score).label)
    }
}

/// The frameworks this build knows.
#[derive(Clone, Debug)]
pub struct Catalogue {
    frameworks: Vec<Framework>,
}

impl Catalogue {
    /// The frameworks shipped in `assets/frameworks/`.
    ///
    /// # Panics
    /// If a shipped framework file is invalid; a test proves they all load.
    pub fn builtin() -> Self {
        let frameworks = BUILTIN_FRAMEWORKS
            .iter()
            .map(|(name, text)| {
                Framework::from_json(text).unwrap_or_else(|error| panic!("shipped framework {name} is broken: {error}"))
            })
            .collect();
        Self { frameworks }
    }

    /// All known frameworks.
    pub fn all(&self) -> &[Framework] {
        &self.frameworks
    }

    /// The framework a reference names, if this build has that id and version.
    pub fn find(&self, reference: &FrameworkRef) -> Option<&Framework> {
        self.frameworks
            .iter()
            .find(|f| f.id == reference.id && f.version == reference.version)
    }

    /// The framework new assessments use.
    pub fn default_framework(&self) -> &Framework {
        self.frameworks
            .iter()
            .find(|f| f.id == DEFAULT_FRAMEWORK_ID)
            .unwrap_or(&self.frameworks[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasc_framework_has_six_themes_and_thirty_four_items() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let themes: Vec<&str> = framework.themes.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            themes,
            [
                "Prevention",
                "Recovery",
                "Long-Term Support",
                "Business Processes",
                "Partnership",
                "Contributions"
            ]
        );
        assert_eq!(framework.item_count(), 34);
        let ids: HashSet<_> = framework.items().map(|(_, item)| item.id.clone()).collect();
        assert_eq!(ids.len(), 34);
        let title = |id: &str| framework.item(&ItemId::new(id)).map(|(_, item)| item.title.clone());
        assert_eq!(title("1.1").as_deref(), Some("Information and Advice"));
        assert_eq!(title("2.3").as_deref(), Some("Hospital discharge"));
        assert_eq!(title("3.10").as_deref(), Some("Safeguarding"));
        assert_eq!(title("5.1").as_deref(), Some("“Whole systems approach”"));
        assert_eq!(title("6.4").as_deref(), Some("Fairer Contributions"));
        for (_, item) in framework.items() {
            assert!(
                (2..=4).contains(&item.prompts.len()),
                "{} has {} prompts",
                item.id,
                item.prompts.len()
            );
        }
    }

    #[test]
    fn every_theme_quotes_its_outcome_statement() {
        let catalogue = Catalogue::builtin();
        for theme in &catalogue.default_framework().themes {
            assert!(
                theme.outcome.starts_with('I')
                    || theme.outcome.starts_with("When")
                    || theme.outcome.starts_with("If")
                    || theme.outcome.starts_with("The")
            );
            assert!(theme.outcome.len() > 60, "theme {} outcome too short", theme.number);
        }
    }

    #[test]
    fn inconsistent_frameworks_are_refused() {
        let text = BUILTIN_FRAMEWORKS[0].1.replace("\"id\": \"1.2\"", "\"id\": \"1.1\"");
        assert!(matches!(
            Framework::from_json(&text),
            Err(FrameworkError::Inconsistent(_))
        ));
        assert!(matches!(Framework::from_json("{"), Err(FrameworkError::Malformed(_))));
    }
}
