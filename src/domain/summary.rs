//! Progress and score summaries: what the overview screen and the pack's
//! summary table show. Derived from an assessment, never stored.

use super::{
    assessment::Assessment,
    framework::{Framework, ItemId, Rating, Scale},
    score::Score,
};

/// Counts and average for one theme (or for the whole assessment).
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreSummary {
    /// Items in scope.
    pub item_count: usize,
    /// Items with a score.
    pub scored: usize,
    /// How many items scored at each level of the scale, lowest first.
    pub distribution: Vec<usize>,
    /// Mean of the scored items, if any are scored.
    pub average: Option<f64>,
}

impl ScoreSummary {
    fn of(scale: &Scale, scores: impl Iterator<Item = Option<Score>>) -> Self {
        let mut summary = Self {
            item_count: 0,
            scored: 0,
            distribution: vec![0; scale.levels().len()],
            average: None,
        };
        let mut total = 0u32;
        for score in scores {
            summary.item_count += 1;
            if let Some(score) = score {
                summary.scored += 1;
                // A score off the scale (only a hand-edited file holds one)
                // counts in the average but in no level's column.
                if let Some(count) = scale.position(score).and_then(|at| summary.distribution.get_mut(at)) {
                    *count += 1;
                }
                total += u32::from(score.value());
            }
        }
        if summary.scored > 0 {
            #[allow(clippy::cast_precision_loss)]
            let average = f64::from(total) / summary.scored as f64;
            summary.average = Some(average);
        }
        summary
    }
}

/// One theme's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeSummary {
    /// Theme number.
    pub number: u8,
    /// Theme title.
    pub title: String,
    /// Its self-assessment counts and average.
    pub scores: ScoreSummary,
    /// The peer team's counts and average.
    pub peer: ScoreSummary,
}

/// One item's self and peer scores side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Item number.
    pub item: ItemId,
    /// Item title.
    pub title: String,
    /// The council's score.
    pub self_score: Option<Score>,
    /// The peer team's score.
    pub peer_score: Option<Score>,
}

impl Comparison {
    /// Peer minus self, when both are scored.
    pub fn gap(&self) -> Option<i8> {
        let value = |s: Score| i8::try_from(s.value()).unwrap_or(0);
        Some(value(self.peer_score?) - value(self.self_score?))
    }

    /// The scores differ by one or more.
    pub fn disagrees(&self) -> bool {
        self.gap().is_some_and(|gap| gap != 0)
    }

    /// "+1", "−2", "0", or "–" when either side is not scored.
    pub fn gap_text(&self) -> String {
        match self.gap() {
            None => "–".to_owned(),
            Some(0) => "0".to_owned(),
            Some(gap) if gap > 0 => format!("+{gap}"),
            Some(gap) => format!("−{}", gap.unsigned_abs()),
        }
    }
}

/// Every item's self and peer scores, in framework order.
pub fn compare(framework: &Framework, assessment: &Assessment) -> Vec<Comparison> {
    framework
        .items()
        .map(|(_, item)| {
            let answer = assessment.answer(&item.id);
            Comparison {
                item: item.id.clone(),
                title: item.title.clone(),
                self_score: answer.score,
                peer_score: answer.peer_score,
            }
        })
        .collect()
}

/// Whether the peer team has written anything on this assessment.
pub fn has_peer_review(assessment: &Assessment) -> bool {
    !assessment.peer.is_empty()
        || assessment
            .answers
            .values()
            .any(|a| a.peer_score.is_some() || !a.challenge.trim().is_empty())
}

/// Everything the overview needs.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentSummary {
    /// Per theme, in framework order.
    pub themes: Vec<ThemeSummary>,
    /// Across all items.
    pub overall: ScoreSummary,
    /// The peer team's scores across all items.
    pub overall_peer: ScoreSummary,
    /// Items scored with no basis written.
    pub scored_without_basis: Vec<ItemId>,
    /// Items with notes or queries written.
    pub open_notes: Vec<ItemId>,
    /// The overall rating of the self-assessment, under the framework's rule.
    pub rating: Rating,
    /// The overall rating of the peer team's scores.
    pub peer_rating: Rating,
}

/// Summarises an assessment against its framework.
pub fn summarise(framework: &Framework, assessment: &Assessment) -> AssessmentSummary {
    let scale = &framework.scale;
    let themes = framework
        .themes
        .iter()
        .map(|theme| ThemeSummary {
            number: theme.number,
            title: theme.title.clone(),
            scores: ScoreSummary::of(scale, theme.items.iter().map(|item| assessment.answer(&item.id).score)),
            peer: ScoreSummary::of(
                scale,
                theme.items.iter().map(|item| assessment.answer(&item.id).peer_score),
            ),
        })
        .collect();
    let scores: Vec<Option<Score>> = framework
        .items()
        .map(|(_, item)| assessment.answer(&item.id).score)
        .collect();
    let peer_scores: Vec<Option<Score>> = framework
        .items()
        .map(|(_, item)| assessment.answer(&item.id).peer_score)
        .collect();
    let overall = ScoreSummary::of(scale, scores.iter().copied());
    let overall_peer = ScoreSummary::of(scale, peer_scores.iter().copied());
    let select = |keep: fn(&super::assessment::Answer) -> bool| {
        framework
            .items()
            .filter(|(_, item)| keep(assessment.answer(&item.id)))
            .map(|(_, item)| item.id.clone())
            .collect()
    };
    AssessmentSummary {
        themes,
        overall,
        overall_peer,
        scored_without_basis: select(super::assessment::Answer::lacks_basis),
        open_notes: select(super::assessment::Answer::has_open_notes),
        rating: framework.rating(&scores),
        peer_rating: framework.rating(&peer_scores),
    }
}

/// "2.3" style average with one decimal, or "–" when nothing is scored.
pub fn format_average(average: Option<f64>) -> String {
    average.map_or_else(|| "–".to_owned(), |value| format!("{value:.1}"))
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;
    use crate::domain::{
        assessment::AssessmentDetails,
        edit::{AnswerValue, Edit},
        framework::Catalogue,
    };

    #[test]
    fn summary_counts_scores_averages_and_gaps() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let mut a = Assessment::new(framework, AssessmentDetails::default(), OffsetDateTime::UNIX_EPOCH);
        let now = OffsetDateTime::UNIX_EPOCH;
        a.apply(
            &Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(3).ok())),
            now,
        );
        a.apply(
            &Edit::new(ItemId::new("1.1"), AnswerValue::Basis("Directory".into())),
            now,
        );
        a.apply(
            &Edit::new(ItemId::new("1.2"), AnswerValue::Score(Score::new(0).ok())),
            now,
        );
        a.apply(
            &Edit::new(ItemId::new("2.1"), AnswerValue::Notes("Need 91-day data".into())),
            now,
        );

        let summary = summarise(framework, &a);
        let prevention = &summary.themes[0].scores;
        assert_eq!(prevention.item_count, 5);
        assert_eq!(prevention.scored, 2);
        assert_eq!(prevention.distribution, vec![1, 0, 0, 1]);
        assert_eq!(summary.rating, Rating::NoRule);
        assert_eq!(prevention.average, Some(1.5));
        assert_eq!(summary.themes[1].scores.average, None);
        assert_eq!(summary.overall.scored, 2);
        assert_eq!(summary.overall.item_count, 34);
        assert_eq!(summary.scored_without_basis, vec![ItemId::new("1.2")]);
        assert_eq!(summary.open_notes, vec![ItemId::new("2.1")]);
        assert_eq!(format_average(prevention.average), "1.5");
        assert_eq!(format_average(None), "–");
    }

    #[test]
    fn comparisons_give_the_gap_only_when_both_sides_scored() {
        let catalogue = Catalogue::builtin();
        let framework = catalogue.default_framework();
        let now = OffsetDateTime::UNIX_EPOCH;
        let mut a = Assessment::new(framework, AssessmentDetails::default(), now);
        a.apply(
            &Edit::new(ItemId::new("1.1"), AnswerValue::Score(Score::new(3).ok())),
            now,
        );
        a.apply(
            &Edit::new(ItemId::new("1.1"), AnswerValue::PeerScore(Score::new(1).ok())),
            now,
        );
        a.apply(
            &Edit::new(ItemId::new("1.2"), AnswerValue::PeerScore(Score::new(2).ok())),
            now,
        );
        let rows = compare(framework, &a);
        assert_eq!(rows[0].gap_text(), "−2");
        assert!(rows[0].disagrees());
        assert_eq!(rows[1].gap(), None);
        assert!(!rows[1].disagrees());
        assert!(has_peer_review(&a));
        assert_eq!(summarise(framework, &a).themes[0].peer.average, Some(1.5));
    }
}
