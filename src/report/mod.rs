//! Assessment packs. A [`Pack`] is a plain model of what a printed pack says,
//! built from the domain and an injected export date; writers (only PDF so
//! far) turn it into bytes without looking at the database or the domain.

pub mod pdf;

use time::Date;

use crate::domain::{Assessment, AssessmentDetails, Framework, ScoreSummary, summarise};

/// Everything a pack shows, in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Pack {
    /// The council.
    pub organisation: String,
    /// The assessment's title.
    pub title: String,
    /// Period covered, e.g. "2016/17".
    pub period: String,
    /// Who leads the assessment.
    pub lead: String,
    /// Status as people read it.
    pub status: String,
    /// The framework's full title.
    pub framework_title: String,
    /// Where the framework's words come from.
    pub framework_source: String,
    /// The date printed on the cover; injected so output is reproducible.
    pub exported_on: Date,
    /// One row per theme.
    pub summary: Vec<SummaryRow>,
    /// All themes together.
    pub overall: SummaryRow,
    /// One section per theme.
    pub themes: Vec<ThemeSection>,
    /// The scoring scale, for the appendix.
    pub scale: Vec<ScaleRow>,
}

/// A line of the summary table.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// "1. Prevention", or "All themes".
    pub label: String,
    /// Items scored, out of `item_count`.
    pub scored: usize,
    /// Items in the theme.
    pub item_count: usize,
    /// Mean score of the scored items.
    pub average: Option<f64>,
    /// Items at 0, 1, 2 and 3.
    pub distribution: [usize; 4],
}

impl SummaryRow {
    fn new(label: String, scores: &ScoreSummary) -> Self {
        Self {
            label,
            scored: scores.scored,
            item_count: scores.item_count,
            average: scores.average,
            distribution: scores.distribution,
        }
    }
}

/// One theme's section.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeSection {
    /// Theme number.
    pub number: u8,
    /// Theme title.
    pub title: String,
    /// The heading its outcome statement carries in the source.
    pub outcome_heading: String,
    /// The outcome statement.
    pub outcome: String,
    /// The theme's items.
    pub items: Vec<ItemRow>,
}

/// One item's row in a theme table.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    /// Item number.
    pub number: String,
    /// Item title.
    pub title: String,
    /// Score and label, e.g. "2 – Established", or "Not scored".
    pub score: String,
    /// Basis for this score.
    pub basis: String,
    /// Notes and queries.
    pub notes: String,
}

/// One level of the scale, for the appendix.
#[derive(Clone, Debug, PartialEq)]
pub struct ScaleRow {
    /// The score.
    pub score: u8,
    /// Its label.
    pub label: String,
    /// What it means.
    pub descriptor: String,
}

/// What a score cell says when an item has no score.
pub const NOT_SCORED: &str = "Not scored";

impl Pack {
    /// Builds the pack for an assessment.
    pub fn build(framework: &Framework, assessment: &Assessment, exported_on: Date) -> Self {
        let summary = summarise(framework, assessment);
        Self {
            organisation: assessment.details.organisation.clone(),
            title: assessment.details.title.clone(),
            period: assessment.details.period.clone(),
            lead: assessment.details.lead.clone(),
            status: assessment.status.label().to_owned(),
            framework_title: framework.title.clone(),
            framework_source: framework.source.clone(),
            exported_on,
            summary: summary
                .themes
                .iter()
                .map(|theme| SummaryRow::new(format!("{}. {}", theme.number, theme.title), &theme.scores))
                .collect(),
            overall: SummaryRow::new("All themes".to_owned(), &summary.overall),
            themes: framework
                .themes
                .iter()
                .map(|theme| ThemeSection {
                    number: theme.number,
                    title: theme.title.clone(),
                    outcome_heading: theme.outcome_heading.clone(),
                    outcome: theme.outcome.clone(),
                    items: theme
                        .items
                        .iter()
                        .map(|item| {
                            let answer = assessment.answer(&item.id);
                            ItemRow {
                                number: item.id.to_string(),
                                title: item.title.clone(),
                                score: answer
                                    .score
                                    .map_or_else(|| NOT_SCORED.to_owned(), |score| framework.score_text(score)),
                                basis: answer.basis.clone(),
                                notes: answer.notes.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
            scale: framework
                .scale
                .iter()
                .map(|level| ScaleRow {
                    score: level.score.value(),
                    label: level.label.clone(),
                    descriptor: level.descriptor.clone(),
                })
                .collect(),
        }
    }

    /// "Organisation — Title", the running text of every footer.
    pub fn footer_label(&self) -> String {
        format!("{} — {}", self.organisation, self.title)
    }
}

/// A file name people would choose: "Organisation - Title - Period.pdf".
pub fn suggested_file_name(details: &AssessmentDetails, extension: &str) -> String {
    let name = [&details.organisation, &details.title, &details.period]
        .iter()
        .filter(|part| !part.is_empty())
        .map(|part| part.as_str())
        .collect::<Vec<_>>()
        .join(" - ");
    let mut name: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() {
        name.push_str("Assessment");
    }
    format!("{name}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_replace_characters_folders_cannot_hold() {
        let details = AssessmentDetails {
            organisation: "Ynys Môn".into(),
            title: "Self-assessment: draft".into(),
            period: "2016/17".into(),
            lead: String::new(),
        };
        assert_eq!(
            suggested_file_name(&details, "pdf"),
            "Ynys Môn - Self-assessment- draft - 2016-17.pdf"
        );
        assert_eq!(
            suggested_file_name(&AssessmentDetails::default(), "pdf"),
            "Assessment.pdf"
        );
    }
}
