//! Scores: a level on a framework's scale. A `Score` holds a whole number
//! from 0 to 9 — a single digit, so every level has its own key — and
//! whether it is on a particular framework's scale (0–3 for TEASC, 1–4 for
//! CQC) is that framework's question ([`super::framework::Scale`]), asked by
//! the rules before anything is stored. "Not yet scored" is
//! `Option::<Score>::None`, never 0.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// What people read for an item with no score: never 0.
pub const NOT_SCORED: &str = "Not scored";

/// The highest level any framework may use.
pub const MAX_LEVEL: u8 = 9;

/// A level on some framework's scale, 0 to 9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Score(u8);

/// A value that is not a level of any scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a score must be a whole number from 0 to {MAX_LEVEL}, not {0}")]
pub struct ScoreOutOfRange(pub String);

impl Score {
    /// The lowest level any scale can have.
    pub const LOWEST: Score = Score(0);

    /// Makes a score, refusing anything above 9.
    pub fn new(value: u8) -> Result<Self, ScoreOutOfRange> {
        Self::try_from(i64::from(value))
    }

    /// The score as a number.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Score {
    type Error = ScoreOutOfRange;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match u8::try_from(value) {
            Ok(v) if v <= MAX_LEVEL => Ok(Score(v)),
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
    fn only_single_digits_are_scores() {
        for v in 0..=9 {
            assert_eq!(Score::new(v).map(Score::value), Ok(v));
        }
        assert!(Score::new(10).is_err());
        assert!(Score::try_from(-1).is_err());
        assert!("17".parse::<Score>().is_err());
        assert!("two".parse::<Score>().is_err());
        assert_eq!(" 2 ".parse::<Score>(), Ok(Score(2)));
    }

    #[test]
    fn json_refuses_values_that_are_no_level() {
        assert!(serde_json::from_str::<Score>("10").is_err());
        assert!(serde_json::from_str::<Score>("-1").is_err());
        assert!(serde_json::from_str::<Score>("1.5").is_err());
        assert_eq!(serde_json::from_str::<Score>("3").ok(), Some(Score(3)));
    }
}
