//! Scores on the framework's 0–3 scale. A `Score` can only hold 0..=3;
//! "not yet scored" is `Option::<Score>::None`, never 0.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// What people read for an item with no score: never 0.
pub const NOT_SCORED: &str = "Not scored";

/// A score on the 0–3 self-assessment scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Score(u8);

/// A value that is not a valid score.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a score must be a whole number from 0 to 3, not {0}")]
pub struct ScoreOutOfRange(pub String);

impl Score {
    /// The lowest score.
    pub const MIN: Score = Score(0);
    /// The highest score.
    pub const MAX: Score = Score(3);
    /// Every score, lowest first.
    pub const ALL: [Score; 4] = [Score(0), Score(1), Score(2), Score(3)];

    /// Makes a score, refusing anything outside 0..=3.
    pub fn new(value: u8) -> Result<Self, ScoreOutOfRange> {
        Self::try_from(i64::from(value))
    }

    /// The score as a number.
    pub fn value(self) -> u8 {
        self.0
    }

    /// Position of this score in [`Score::ALL`].
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl TryFrom<i64> for Score {
    type Error = ScoreOutOfRange;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match u8::try_from(value) {
            Ok(v @ 0..=3) => Ok(Score(v)),
            _ => Err(ScoreOutOfRange(value.to_string())),
        }
    }
}

impl From<Score> for u8 {
    fn from(score: Score) -> u8 {
        score.0
    }
}

impl FromStr for Score {
    type Err = ScoreOutOfRange;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.trim()
            .parse::<i64>()
            .map_err(|_| ScoreOutOfRange(text.to_owned()))
            .and_then(Score::try_from)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_zero_to_three_are_scores() {
        for v in 0..=3 {
            assert_eq!(Score::new(v).map(Score::value), Ok(v));
        }
        assert!(Score::new(4).is_err());
        assert!(Score::try_from(-1).is_err());
        assert!("7".parse::<Score>().is_err());
        assert!("two".parse::<Score>().is_err());
        assert_eq!(" 2 ".parse::<Score>(), Ok(Score(2)));
    }

    #[test]
    fn json_refuses_out_of_range_scores() {
        assert!(serde_json::from_str::<Score>("4").is_err());
        assert!(serde_json::from_str::<Score>("1.5").is_err());
        assert_eq!(serde_json::from_str::<Score>("3").ok(), Some(Score::MAX));
    }
}
