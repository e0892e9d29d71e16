//! Overall rating rules as data: how a framework turns its items' scores
//! into one rating. CQC's rule — the quality statement scores as a
//! percentage of the maximum, all weighted equally, then bands — is the one
//! method today; a framework without a rule shows averages only.

use serde::{Deserialize, Serialize};

use super::{super::score::Score, Scale};

/// How the scores combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingMethod {
    /// The sum of every item's score as a percentage of every item at the
    /// top level, rounded to the nearest whole percent (halves up).
    PercentageOfMaximum,
}

/// One band of the rating: whole percentages `from_percent..=to_percent`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingBand {
    /// The rating's name, e.g. "Requires improvement".
    pub label: String,
    /// The lowest whole percentage in the band.
    pub from_percent: u8,
    /// The highest whole percentage in the band.
    pub to_percent: u8,
}

/// A framework's overall rating rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingRule {
    /// How the scores combine.
    pub method: RatingMethod,
    /// The bands, lowest first, covering every percentage the scale can reach.
    pub bands: Vec<RatingBand>,
}

/// An assessment's overall rating under its framework's rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rating {
    /// The framework has no rating rule.
    NoRule,
    /// Not every item is scored yet.
    NotYetRated {
        /// Items scored.
        scored: usize,
        /// Items in all.
        total: usize,
    },
    /// Every item is scored.
    Rated {
        /// The whole percentage the rule works from.
        percent: u8,
        /// The band's label.
        label: String,
    },
}

impl Rating {
    /// "Good (72% of the maximum score)", "not yet rated (8 of 9 quality
    /// statements scored)", or `None` for a framework without a rule.
    pub fn describe(&self, items: &str) -> Option<String> {
        match self {
            Rating::NoRule => None,
            Rating::NotYetRated { scored, total } => {
                Some(format!("not yet rated ({scored} of {total} {items} scored)"))
            }
            Rating::Rated { percent, label } => Some(format!("{label} ({percent}% of the maximum score)")),
        }
    }

    /// "Self-assessment, overall rating: Good (72% of the maximum score)",
    /// the sentence the overview and every pack print.
    pub fn sentence(whose: &str, described: &str) -> String {
        format!("{whose}, overall rating: {described}")
    }
}

/// Why a rating rule does not fit its scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the rating rule {0}")]
pub struct RuleProblem(pub String);

impl RatingRule {
    /// The lowest whole percentage the scale can produce (every item at the lowest level).
    fn lowest_reachable(scale: &Scale) -> u8 {
        percent_of(u64::from(scale.min().value()), u64::from(scale.max().value()))
    }

    /// Checks the bands: none empty, each starting where the one before
    /// ended, from the lowest reachable percentage to 100, every label given.
    pub fn check(&self, scale: &Scale) -> Result<(), RuleProblem> {
        let problem = |text: String| Err(RuleProblem(text));
        if scale.max().value() == 0 {
            return problem("needs a scale whose top level is above 0".to_owned());
        }
        let Some(first) = self.bands.first() else {
            return problem("has no bands".to_owned());
        };
        let lowest = Self::lowest_reachable(scale);
        if first.from_percent > lowest {
            return problem(format!(
                "leaves {lowest}% to {}% without a band (the lowest score possible is {lowest}%)",
                first.from_percent - 1
            ));
        }
        let mut previous: Option<&RatingBand> = None;
        for band in &self.bands {
            if band.label.trim().is_empty() {
                return problem("has a band with no label".to_owned());
            }
            if band.from_percent > band.to_percent {
                return problem(format!(
                    "band “{}” runs backwards, from {}% to {}%",
                    band.label, band.from_percent, band.to_percent
                ));
            }
            if let Some(previous) = previous {
                let expected = u16::from(previous.to_percent) + 1;
                let from = u16::from(band.from_percent);
                if from < expected {
                    return problem(format!(
                        "bands “{}” and “{}” overlap at {}%",
                        previous.label, band.label, band.from_percent
                    ));
                }
                if from > expected {
                    return problem(format!(
                        "leaves {expected}% to {}% between “{}” and “{}” without a band",
                        from - 1,
                        previous.label,
                        band.label
                    ));
                }
            }
            previous = Some(band);
        }
        match previous {
            Some(last) if last.to_percent == 100 => Ok(()),
            Some(last) => problem(format!("ends at {}%; the last band must reach 100%", last.to_percent)),
            None => problem("has no bands".to_owned()),
        }
    }

    /// The rating for these scores: rated only when every one is scored.
    pub fn rate(&self, scale: &Scale, scores: &[Option<Score>]) -> Rating {
        let given: Vec<Score> = scores.iter().flatten().copied().collect();
        if given.len() < scores.len() || scores.is_empty() {
            return Rating::NotYetRated {
                scored: given.len(),
                total: scores.len(),
            };
        }
        let total: u64 = given.iter().map(|s| u64::from(s.value())).sum();
        let maximum = u64::from(scale.max().value()) * u64::try_from(given.len()).unwrap_or(u64::MAX);
        let percent = percent_of(total, maximum);
        let label = self
            .bands
            .iter()
            .find(|band| (band.from_percent..=band.to_percent).contains(&percent))
            .or(self.bands.first())
            .map(|band| band.label.clone())
            .unwrap_or_default();
        Rating::Rated { percent, label }
    }
}

/// `part` as a whole percentage of `whole`, rounded halves up.
fn percent_of(part: u64, whole: u64) -> u8 {
    if whole == 0 {
        return 0;
    }
    let percent = (200 * part + whole) / (2 * whole);
    u8::try_from(percent.min(100)).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::{super::ScaleLevel, *};

    fn cqc() -> (Scale, RatingRule) {
        let scale = Scale::new(
            (1..=4)
                .map(|v| ScaleLevel {
                    score: Score::new(v).expect("digit"),
                    label: format!("{v}"),
                    descriptor: String::new(),
                })
                .collect(),
        );
        let band = |label: &str, from_percent, to_percent| RatingBand {
            label: label.to_owned(),
            from_percent,
            to_percent,
        };
        let rule = RatingRule {
            method: RatingMethod::PercentageOfMaximum,
            bands: vec![
                band("Inadequate", 25, 38),
                band("Requires improvement", 39, 62),
                band("Good", 63, 87),
                band("Outstanding", 88, 100),
            ],
        };
        (scale, rule)
    }

    fn scores(values: &[u8]) -> Vec<Option<Score>> {
        values.iter().map(|v| Score::new(*v).ok()).collect()
    }

    #[test]
    fn cqc_bands_rate_the_percentage_of_the_maximum() {
        let (scale, rule) = cqc();
        assert_eq!(rule.check(&scale), Ok(()));
        let rated = |values: &[u8]| match rule.rate(&scale, &scores(values)) {
            Rating::Rated { percent, label } => (percent, label),
            other => panic!("{other:?}"),
        };
        assert_eq!(rated(&[1; 9]), (25, "Inadequate".to_owned()));
        assert_eq!(rated(&[3, 3, 3, 3, 3, 3, 3, 2, 3]), (72, "Good".to_owned()));
        // 23 of 36 is 63.9%: Good; 22 of 36 is 61.1%: Requires improvement.
        assert_eq!(rated(&[3, 3, 3, 3, 3, 2, 2, 2, 2]).1, "Good");
        assert_eq!(rated(&[3, 3, 3, 3, 2, 2, 2, 2, 2]).1, "Requires improvement");
        // 32 of 36 is 88.9%: Outstanding.
        assert_eq!(rated(&[4, 4, 4, 4, 4, 3, 3, 3, 3]), (89, "Outstanding".to_owned()));
        assert_eq!(rated(&[4; 9]), (100, "Outstanding".to_owned()));
        let mut partial = scores(&[4; 9]);
        partial[3] = None;
        assert_eq!(rule.rate(&scale, &partial), Rating::NotYetRated { scored: 8, total: 9 });
        assert_eq!(
            Rating::NotYetRated { scored: 8, total: 9 }
                .describe("quality statements")
                .as_deref(),
            Some("not yet rated (8 of 9 quality statements scored)")
        );
    }

    #[test]
    fn bands_that_overlap_leave_gaps_or_stop_short_are_refused() {
        let (scale, rule) = cqc();
        let mut overlap = rule.clone();
        overlap.bands[1].from_percent = 38;
        assert!(overlap.check(&scale).is_err_and(|p| p.0.contains("overlap at 38%")));
        let mut gap = rule.clone();
        gap.bands[2].from_percent = 64;
        assert!(gap.check(&scale).is_err_and(|p| p.0.contains("63% to 63%")));
        let mut short = rule.clone();
        short.bands[3].to_percent = 99;
        assert!(short.check(&scale).is_err_and(|p| p.0.contains("100%")));
        let mut late = rule.clone();
        late.bands[0].from_percent = 30;
        assert!(late.check(&scale).is_err_and(|p| p.0.contains("25% to 29%")));
        let mut backwards = rule;
        backwards.bands[0].to_percent = 20;
        assert!(backwards.check(&scale).is_err());
    }
}
