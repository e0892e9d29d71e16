//! A framework's scoring scale: its levels, each with a label and what it
//! looks like in practice. Levels are a contiguous run of whole numbers
//! (0–3 for TEASC, 1–4 for CQC); "not scored" is never one of them.

use serde::{Deserialize, Serialize};

use super::super::score::Score;

/// One level of the scoring scale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// The score this level describes.
    pub score: Score,
    /// A short name, e.g. "Established".
    pub label: String,
    /// What this level looks like in practice.
    pub descriptor: String,
}

/// The levels of a framework's scale, lowest first. A framework file's
/// check makes sure they are contiguous and at least two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scale(Vec<ScaleLevel>);

/// A score that is not a level of this scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{given}” is not a score on this framework’s scale, which runs from {range}")]
pub struct NotOnScale {
    /// What was given.
    pub given: String,
    /// "0 (Not in place) to 3 (Embedded)".
    pub range: String,
}

impl Scale {
    /// A scale of these levels; [`super::Framework::check`] decides whether they are valid.
    pub fn new(levels: Vec<ScaleLevel>) -> Self {
        Self(levels)
    }

    /// Every level, lowest first.
    pub fn levels(&self) -> &[ScaleLevel] {
        &self.0
    }

    /// The lowest score.
    pub fn min(&self) -> Score {
        self.0.first().map_or(Score::LOWEST, |l| l.score)
    }

    /// The highest score.
    pub fn max(&self) -> Score {
        self.0.last().map_or_else(|| self.min(), |l| l.score)
    }

    /// The level for a score, if the score is on this scale.
    pub fn level(&self, score: Score) -> Option<&ScaleLevel> {
        self.0.iter().find(|level| level.score == score)
    }

    /// Where a score sits on the scale, 0 for the lowest level.
    pub fn position(&self, score: Score) -> Option<usize> {
        self.0.iter().position(|level| level.score == score)
    }

    /// Whether `score` is a level of this scale.
    pub fn contains(&self, score: Score) -> bool {
        self.level(score).is_some()
    }

    /// The score with this value, if it is a level of this scale.
    pub fn check(&self, score: Score) -> Result<Score, NotOnScale> {
        if self.contains(score) {
            Ok(score)
        } else {
            Err(self.not_on_scale(score.to_string()))
        }
    }

    /// Parses "2" (or "2 – Established") as a level of this scale.
    pub fn parse(&self, text: &str) -> Result<Score, NotOnScale> {
        let trimmed = text.trim();
        let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
        let rest = trimmed[digits.len()..].trim_start();
        if digits.is_empty() || !(rest.is_empty() || rest.starts_with(['–', '-'])) {
            return Err(self.not_on_scale(text.to_owned()));
        }
        digits
            .parse::<Score>()
            .ok()
            .filter(|score| self.contains(*score))
            .ok_or_else(|| self.not_on_scale(text.to_owned()))
    }

    fn not_on_scale(&self, given: String) -> NotOnScale {
        NotOnScale {
            given,
            range: self.describe_range(),
        }
    }

    /// "0 (Not in place) to 3 (Embedded)".
    pub fn describe_range(&self) -> String {
        let end = |level: Option<&ScaleLevel>| level.map_or_else(String::new, |l| format!("{} ({})", l.score, l.label));
        format!("{} to {}", end(self.0.first()), end(self.0.last()))
    }

    /// "0–3", for places that name the keys or the axis.
    pub fn span(&self) -> String {
        format!("{}–{}", self.min(), self.max())
    }

    /// How far up the scale a (possibly fractional) score sits: 0 at the
    /// lowest level, 1 at the highest. Charts draw with it.
    pub fn fraction(&self, value: f64) -> f64 {
        let (min, max) = (f64::from(self.min().value()), f64::from(self.max().value()));
        if max > min {
            ((value - min) / (max - min)).clamp(0.0, 1.0)
        } else {
            1.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(from: u8, to: u8) -> Scale {
        Scale::new(
            (from..=to)
                .map(|v| ScaleLevel {
                    score: Score::new(v).expect("digit"),
                    label: format!("L{v}"),
                    descriptor: String::new(),
                })
                .collect(),
        )
    }

    #[test]
    fn a_scale_knows_its_levels_and_refuses_others() {
        let cqc = scale(1, 4);
        assert_eq!(cqc.span(), "1–4");
        assert_eq!(cqc.parse("4").map(Score::value), Ok(4));
        assert_eq!(cqc.parse("2 – L2").map(Score::value), Ok(2));
        let refused = cqc.parse("0").expect_err("0 is not on 1–4");
        assert_eq!(
            refused.to_string(),
            "“0” is not a score on this framework’s scale, which runs from 1 (L1) to 4 (L4)"
        );
        assert!(cqc.parse("12").is_err());
        assert!(cqc.parse("two").is_err());
        assert_eq!(cqc.position(Score::new(3).expect("digit")), Some(2));
        assert!((cqc.fraction(2.5) - 0.5).abs() < 1e-9);
    }
}
