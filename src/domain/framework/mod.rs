//! A self-assessment framework as data: themes, numbered items, the scoring
//! scale, an optional overall rating rule, and the words each framework uses
//! for its parts ("Item" or "Quality statement"). Frameworks ship as JSON
//! files in `assets/frameworks/`, embedded at build time, and more can be
//! added to a database at run time (`docs/framework-format.md`); nothing
//! else in the app assumes a number of themes, items or levels.

mod catalogue;
mod check;
mod rating;
mod scale;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use self::{
    catalogue::{Catalogue, DEFAULT_FRAMEWORK_ID, Installed, Origin},
    check::{FORMAT, FORMAT_VERSION, FrameworkError, MAX_FILE_BYTES, MAX_ITEMS, MAX_THEMES},
    rating::{Rating, RatingBand, RatingMethod, RatingRule},
    scale::{NotOnScale, Scale, ScaleLevel},
};
use super::score::{NOT_SCORED, Score};

include!(concat!(env!("OUT_DIR"), "/frameworks.rs"));

/// The CQC local authority assessment framework's id.
pub const CQC_FRAMEWORK_ID: &str = "cqc-local-authority-assessment";

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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// The words a framework uses for its parts, shown in the app and packs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// One item: "Item", "Quality statement".
    pub item: String,
    /// Several: "Items", "Quality statements".
    pub items: String,
    /// The statement each theme opens with: "Outcome statement", "I statements".
    pub theme_statement: String,
    /// The first text field: "Basis for this score".
    pub basis: String,
    /// The second: "Notes and queries (including evidence gaps)".
    pub notes: String,
}

impl Labels {
    /// An answer field's name in this framework's words: its captions for
    /// the two texts ("What the evidence shows"), the common names otherwise.
    pub fn field(&self, field: super::edit::AnswerField) -> String {
        match field {
            super::edit::AnswerField::Basis => self.basis.clone(),
            super::edit::AnswerField::Notes => self.notes.clone(),
            other => other.label().to_owned(),
        }
    }

    /// "Outcome statement (Prevention)": the caption of a theme's
    /// statement, with its source heading where the framework gives one.
    pub fn statement_caption(&self, heading: &str) -> String {
        if heading.trim().is_empty() {
            self.theme_statement.clone()
        } else {
            format!("{} ({heading})", self.theme_statement)
        }
    }
}

/// One numbered item to be scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Item number, e.g. `1.1`.
    pub id: ItemId,
    /// Item title as the framework gives it.
    pub title: String,
    /// How the framework's own source numbers it, e.g. "Quality statement 1".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Short prompts on what evidence supports each level.
    #[serde(default)]
    pub prompts: Vec<String>,
}

/// A theme: an outcome statement and the items that evidence it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Theme number, 1-based, in order.
    pub number: u8,
    /// Theme title, e.g. "Prevention".
    pub title: String,
    /// The heading the theme's statement carries in its source (may be empty).
    #[serde(default)]
    pub outcome_heading: String,
    /// The theme's statement, e.g. an outcome statement in the first person.
    pub outcome: String,
    /// The theme's items, in order.
    pub items: Vec<Item>,
}

/// A complete self-assessment framework.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Always [`FORMAT`]: says the file is a Critical Friend framework.
    pub format: String,
    /// The framework file format's version, [`FORMAT_VERSION`].
    pub format_version: u32,
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
    /// The words it uses for its parts.
    pub labels: Labels,
    /// The scoring scale, lowest level first.
    pub scale: Scale,
    /// How the scores combine into one overall rating, if they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<RatingRule>,
    /// The themes, in order.
    pub themes: Vec<Theme>,
}

impl Framework {
    /// Parses and checks a framework file's text: every rule in
    /// `docs/framework-format.md`, the first broken one named.
    pub fn from_json(text: &str) -> Result<Self, FrameworkError> {
        check::parse(text)
    }

    /// The framework as a framework file, which [`Framework::from_json`] reads back.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The reference an assessment stores.
    pub fn reference(&self) -> FrameworkRef {
        FrameworkRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    /// "Use of Resources (teasc-use-of-resources, version 2016)", for lists.
    pub fn describe(&self) -> String {
        format!("{} ({}, version {})", self.title, self.id, self.version)
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

    /// The theme with this number.
    pub fn theme(&self, number: u8) -> Option<&Theme> {
        self.themes.iter().find(|theme| theme.number == number)
    }

    /// "2 – Established", for places that show a score with its meaning;
    /// a score off this scale (only a hand-edited file can hold one) shows
    /// its number alone.
    pub fn score_text(&self, score: Score) -> String {
        match self.scale.level(score) {
            Some(level) => format!("{} – {}", score, level.label),
            None => score.to_string(),
        }
    }

    /// [`Framework::score_text`], or "Not scored".
    pub fn score_or_not(&self, score: Option<Score>) -> String {
        score.map_or_else(|| NOT_SCORED.to_owned(), |score| self.score_text(score))
    }

    /// The overall rating of these scores (one per item, in framework order).
    pub fn rating(&self, scores: &[Option<Score>]) -> Rating {
        self.rating
            .as_ref()
            .map_or(Rating::NoRule, |rule| rule.rate(&self.scale, scores))
    }

    /// "1.1 Assessing needs (Quality statement 1)", or without the
    /// reference where the framework gives none.
    pub fn item_heading(item: &Item) -> String {
        match &item.reference {
            Some(reference) => format!("{} {} ({reference})", item.id, item.title),
            None => format!("{} {}", item.id, item.title),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

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
        assert_eq!(framework.scale.span(), "0–3");
        assert_eq!(framework.rating, None);
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
    fn every_teasc_theme_quotes_its_outcome_statement() {
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
    fn cqc_framework_has_four_themes_nine_statements_scored_one_to_four() {
        let catalogue = Catalogue::builtin();
        let cqc = catalogue.latest(CQC_FRAMEWORK_ID).expect("CQC ships built in");
        let themes: Vec<&str> = cqc.themes.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(
            themes,
            [
                "Working with people",
                "Providing support",
                "How the local authority ensures safety within the system",
                "Leadership"
            ]
        );
        let statements: Vec<(String, String, String)> = cqc
            .items()
            .map(|(_, item)| {
                (
                    item.id.to_string(),
                    item.title.clone(),
                    item.reference.clone().unwrap_or_default(),
                )
            })
            .collect();
        let expected = [
            ("1.1", "Assessing needs"),
            ("1.2", "Supporting people to live healthier lives"),
            ("1.3", "Equity in experience and outcomes"),
            ("2.1", "Care provision, integration and continuity"),
            ("2.2", "Partnerships and communities"),
            ("3.1", "Safe systems, pathways and transitions"),
            ("3.2", "Safeguarding"),
            ("4.1", "Governance, management and sustainability"),
            ("4.2", "Learning, improvement and innovation"),
        ];
        for (index, ((id, title, reference), (want_id, want_title))) in statements.iter().zip(expected).enumerate() {
            assert_eq!((id.as_str(), title.as_str()), (want_id, want_title));
            assert_eq!(reference, &format!("Quality statement {}", index + 1));
        }
        assert_eq!(statements.len(), 9);
        let labels: Vec<&str> = cqc.scale.levels().iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Evidence shows significant shortfalls",
                "Evidence shows some shortfalls",
                "Evidence shows a good standard",
                "Evidence shows an exceptional standard"
            ]
        );
        assert_eq!(cqc.scale.span(), "1–4");
        assert_eq!(cqc.labels.item, "Quality statement");
        assert!(cqc.rating.is_some());
    }

    #[test]
    fn inconsistent_frameworks_are_refused() {
        let text = BUILTIN_FRAMEWORKS[1].1.replace("\"id\": \"1.2\"", "\"id\": \"1.1\"");
        assert!(matches!(
            Framework::from_json(&text),
            Err(FrameworkError::Inconsistent(problem)) if problem.contains("1.1")
        ));
        assert!(matches!(Framework::from_json("{"), Err(FrameworkError::Malformed(_))));
        let teasc = Catalogue::builtin().default_framework().clone();
        assert_eq!(Framework::from_json(&teasc.to_json()).ok(), Some(teasc));
    }
}
