//! What moved: a progress review against its baseline, item by item, and
//! any two or more of one council's assessments side by side, year on year.
//! Movement is always said in words as well as by arrow.

use super::{
    action_plan::{Rag, status_counts},
    assessment::Assessment,
    framework::{Framework, ItemId},
    score::Score,
    summary::summarise,
};

/// How a score moved from one assessment to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Movement {
    /// Higher than before.
    Up,
    /// Lower than before.
    Down,
    /// The same.
    Same,
    /// Scored now, not before.
    NewlyScored,
    /// Not scored now (whether or not it was before).
    NotScored,
}

impl Movement {
    /// From one score (or none) to the next.
    pub fn between(before: Option<Score>, after: Option<Score>) -> Self {
        Self::of_values(
            before.map(|s| f64::from(s.value())),
            after.map(|s| f64::from(s.value())),
        )
    }

    /// From one average (or none) to the next; a change under 0.05 is none.
    pub fn of_values(before: Option<f64>, after: Option<f64>) -> Self {
        match (before, after) {
            (_, None) => Movement::NotScored,
            (None, Some(_)) => Movement::NewlyScored,
            (Some(before), Some(after)) if after - before >= 0.05 => Movement::Up,
            (Some(before), Some(after)) if before - after >= 0.05 => Movement::Down,
            _ => Movement::Same,
        }
    }

    /// "↑", "↓", "=", "new", "–".
    pub fn arrow(self) -> &'static str {
        match self {
            Movement::Up => "↑",
            Movement::Down => "↓",
            Movement::Same => "=",
            Movement::NewlyScored => "new",
            Movement::NotScored => "–",
        }
    }

    /// "up", "down", "no change", "newly scored", "not scored".
    pub fn words(self) -> &'static str {
        match self {
            Movement::Up => "up",
            Movement::Down => "down",
            Movement::Same => "no change",
            Movement::NewlyScored => "newly scored",
            Movement::NotScored => "not scored",
        }
    }

    /// "↑ up", as every view and pack prints it.
    pub fn label(self) -> String {
        match self {
            Movement::NotScored => self.words().to_owned(),
            Movement::NewlyScored => "newly scored".to_owned(),
            _ => format!("{} {}", self.arrow(), self.words()),
        }
    }
}

/// One item of a progress review beside its baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressRow {
    /// The item.
    pub item: ItemId,
    /// Its title.
    pub title: String,
    /// Its theme's number.
    pub theme: u8,
    /// The baseline's self and peer scores.
    pub before: (Option<Score>, Option<Score>),
    /// The review's self and peer scores.
    pub now: (Option<Score>, Option<Score>),
    /// From the baseline's self score to the review's: like with like, as
    /// the theme table and the year-on-year comparison measure it (the
    /// peer team's scores are shown beside, not mixed in).
    pub movement: Movement,
}

/// Every item of `review` beside its `baseline`.
pub fn progress_rows(framework: &Framework, baseline: &Assessment, review: &Assessment) -> Vec<ProgressRow> {
    framework
        .items()
        .map(|(theme, item)| {
            let (then, now) = (baseline.answer(&item.id), review.answer(&item.id));
            ProgressRow {
                item: item.id.clone(),
                title: item.title.clone(),
                theme: theme.number,
                before: (then.score, then.peer_score),
                now: (now.score, now.peer_score),
                movement: Movement::between(then.score, now.score),
            }
        })
        .collect()
}

/// One theme of a progress review: the actions that belong to it, by status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeActions {
    /// The theme's number, or `None` for actions that belong to no theme.
    pub theme: Option<u8>,
    /// "1. Prevention", or "Across the council".
    pub label: String,
    /// Actions at each status, in [`Rag::ALL`]'s order.
    pub counts: [usize; 4],
    /// Each action: its number, text and status.
    pub actions: Vec<(usize, String, Rag)>,
}

/// The review's actions per theme (and those of no theme), with counts.
pub fn actions_by_theme(
    framework: &Framework,
    review: &Assessment,
    baseline: Option<&Assessment>,
) -> Vec<ThemeActions> {
    let themes = framework
        .themes
        .iter()
        .map(|theme| (Some(theme.number), format!("{}. {}", theme.number, theme.title)))
        .chain(std::iter::once((None, "Across the council".to_owned())));
    themes
        .map(|(theme, label)| {
            let actions: Vec<_> = review
                .actions
                .iter()
                .enumerate()
                .filter(|(_, action)| review.action_theme(framework, action, baseline) == theme)
                .collect();
            ThemeActions {
                theme,
                label,
                counts: status_counts(actions.iter().map(|(_, action)| *action)),
                actions: actions
                    .into_iter()
                    .map(|(index, action)| (index + 1, action.text.clone(), action.status))
                    .collect(),
            }
        })
        .filter(|theme| theme.theme.is_some() || !theme.actions.is_empty())
        .collect()
}

/// One council's assessments side by side, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct YearOnYear {
    /// Each assessment's period (or title, where it has no period).
    pub periods: Vec<String>,
    /// Every item: its number, title and self score in each assessment,
    /// and the movement from the first to the last.
    pub items: Vec<(ItemId, String, Vec<Option<Score>>, Movement)>,
    /// Every theme: its label, average self score in each assessment, and
    /// the movement from the first to the last.
    pub themes: Vec<(String, Vec<Option<f64>>, Movement)>,
    /// Each assessment's average over every scored item.
    pub overall: Vec<Option<f64>>,
}

/// Why assessments cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareRefused {
    /// Fewer than two.
    #[error("compare needs at least two assessments")]
    TooFew,
    /// They answer different frameworks.
    #[error("“{0}” answers a different framework; only assessments of one framework compare item by item")]
    OtherFramework(String),
    /// They are different councils'.
    #[error("“{0}” is another council's assessment; year on year compares one council's assessments")]
    OtherCouncil(String),
}

/// Compares `assessments` (in the order given) item by item and theme by theme.
pub fn year_on_year(framework: &Framework, assessments: &[&Assessment]) -> Result<YearOnYear, CompareRefused> {
    let (Some(first), true) = (assessments.first(), assessments.len() >= 2) else {
        return Err(CompareRefused::TooFew);
    };
    let council = |assessment: &Assessment| assessment.details.organisation.trim().to_lowercase();
    for other in assessments {
        if other.framework != first.framework {
            return Err(CompareRefused::OtherFramework(other.details.describe()));
        }
        if council(other) != council(first) {
            return Err(CompareRefused::OtherCouncil(other.details.describe()));
        }
    }
    let ends = |values: &[Option<f64>]| {
        Movement::of_values(values.first().copied().flatten(), values.last().copied().flatten())
    };
    let items = framework
        .items()
        .map(|(_, item)| {
            let scores: Vec<Option<Score>> = assessments.iter().map(|a| a.answer(&item.id).score).collect();
            let movement = Movement::between(scores[0], scores[scores.len() - 1]);
            (item.id.clone(), item.title.clone(), scores, movement)
        })
        .collect();
    let summaries: Vec<_> = assessments.iter().map(|a| summarise(framework, a)).collect();
    let themes = framework
        .themes
        .iter()
        .enumerate()
        .map(|(index, theme)| {
            let averages: Vec<Option<f64>> = summaries.iter().map(|s| s.themes[index].scores.average).collect();
            let movement = ends(&averages);
            (format!("{}. {}", theme.number, theme.title), averages, movement)
        })
        .collect();
    Ok(YearOnYear {
        periods: assessments
            .iter()
            .map(|a| {
                if a.details.period.trim().is_empty() {
                    a.details.title.clone()
                } else {
                    a.details.period.clone()
                }
            })
            .collect(),
        items,
        themes,
        overall: summaries.iter().map(|s| s.overall.average).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movement_is_said_in_words_as_well_as_arrows() {
        let score = |v| Score::new(v).ok();
        assert_eq!(Movement::between(score(1), score(2)).label(), "↑ up");
        assert_eq!(Movement::between(score(2), score(1)).label(), "↓ down");
        assert_eq!(Movement::between(score(2), score(2)).label(), "= no change");
        assert_eq!(Movement::between(None, score(2)), Movement::NewlyScored);
        assert_eq!(Movement::between(score(2), None), Movement::NotScored);
        assert_eq!(Movement::of_values(Some(1.62), Some(1.65)), Movement::Same);
    }

    /// An unchanged self score is no change, whatever the peer team gave
    /// it last year: a 3 the peers marked 2 is not "up", a 1 they marked 2
    /// is not "down".
    #[test]
    fn an_items_movement_compares_self_with_self() {
        let framework = crate::domain::Catalogue::builtin().default_framework().clone();
        let baseline = crate::domain::example::example_assessment(&framework, time::OffsetDateTime::UNIX_EPOCH);
        let mut review = baseline.clone();
        let mut last_year = baseline.clone();
        let score = |v| Score::new(v).ok();
        let (high, low) = (ItemId::new("1.1"), ItemId::new("1.2"));
        for (assessment, self_high, self_low) in [(&mut last_year, 3, 1), (&mut review, 3, 1)] {
            assessment.answers.entry(high.clone()).or_default().score = score(self_high);
            assessment.answers.entry(low.clone()).or_default().score = score(self_low);
        }
        last_year.answers.entry(high.clone()).or_default().peer_score = score(2);
        last_year.answers.entry(low.clone()).or_default().peer_score = score(2);
        let rows = progress_rows(&framework, &last_year, &review);
        for id in [&high, &low] {
            let row = rows.iter().find(|row| &row.item == id).expect("row");
            assert_eq!(row.movement, Movement::Same, "{id:?}: {:?} → {:?}", row.before, row.now);
        }
    }
}
