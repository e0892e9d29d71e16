//! An action's supporting measure against its target, the way a directorate
//! scorecard reads it: the latest quarter's value beside the target, Red,
//! Amber or Green by the direction of better. The rule is [`RULE`], and
//! every view and pack that shows the colour shows the rule with it.

use super::Better;
use crate::domain::{Action, Quarter, Rag};

/// The rule, in the words every view and pack prints.
pub const RULE: &str = "Green when the latest quarter's value meets the target or betters it in the direction \
                        of better; Amber when it falls short by no more than a tenth of the target; Red when it \
                        falls further short.";

/// How far short of the target, as a share of it, is still Amber.
const AMBER_SHARE: f64 = 0.1;

/// The latest quarter's value of an action's measure set against its target.
#[derive(Debug, Clone, PartialEq)]
pub struct AgainstTarget {
    /// The latest quarter with a value that is a number.
    pub quarter: Quarter,
    /// Its value as written, and as a number.
    pub value: String,
    /// The target as written.
    pub target: String,
    pub better: Better,
    pub rag: Rag,
}

impl AgainstTarget {
    /// "Q2 2012/13: 2.16 against a target of 1.50 (lower is better): Red".
    pub fn describe(&self) -> String {
        format!(
            "{}: {} against a target of {} ({}): {}",
            self.quarter.short(),
            self.value,
            self.target,
            self.better.label(),
            self.rag.label()
        )
    }
}

/// Its quarters' values in words: "Q1 2012/13 1.92, Q2 2012/13 2.16".
pub fn values_text(action: &Action) -> String {
    let values: Vec<String> = action
        .values
        .iter()
        .map(|(quarter, value)| format!("{} {value}", quarter.short()))
        .collect();
    values.join(", ")
}

/// The action's supporting measure in one line, as the command line and the
/// packs print it: "Supporting measure: Delayed discharges (lower is
/// better); target 1.50; Q1 2012/13 1.92, Q2 2012/13 2.16; against target:
/// Red". `None` when it has no measure, target or value.
pub fn measure_line(action: &Action) -> Option<String> {
    let mut parts = vec![measure_heading(action)?];
    if !action.values.is_empty() {
        parts.push(values_text(action));
    }
    if let Some(against) = against_target(action) {
        parts.push(format!("against target: {}", against.rag.label()));
    }
    Some(parts.join("; "))
}

/// What is measured, which way is better and the target: "Supporting
/// measure: Delayed discharges (lower is better); target 1.50". `None`
/// when the action has no measure, target or value.
pub fn measure_heading(action: &Action) -> Option<String> {
    if action.measure.is_empty() && action.target.is_empty() && action.values.is_empty() {
        return None;
    }
    let name = if action.measure.is_empty() {
        "(not named)"
    } else {
        &action.measure
    };
    let mut heading = format!("Supporting measure: {name}");
    if let Some(better) = better_of(action) {
        heading = format!("{heading} ({})", better.label());
    }
    if !action.target.is_empty() {
        heading = format!("{heading}; target {}", action.target);
    }
    Some(heading)
}

fn better_of(action: &Action) -> Option<Better> {
    match action.better.as_str() {
        "higher" => Some(Better::Higher),
        "lower" => Some(Better::Lower),
        "neither" => Some(Better::Neither),
        _ => None,
    }
}

/// A figure as a scorecard writes it, as a number: "1.50", "74%", "£49k",
/// "1,234", "−3". `None` for words ("N/A", "not yet") or nothing.
pub fn figure(text: &str) -> Option<f64> {
    let text = text.trim().replace(['£', '%', ',', ' '], "").replace('−', "-");
    let (number, times) = match text.strip_suffix(['k', 'K']) {
        Some(number) => (number.to_owned(), 1_000.0),
        None => match text.strip_suffix(['m', 'M']) {
            Some(number) => (number.to_owned(), 1_000_000.0),
            None => (text, 1.0),
        },
    };
    let starts_like_a_number = number
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if !starts_like_a_number {
        return None;
    }
    number.parse::<f64>().ok().filter(|n| n.is_finite()).map(|n| n * times)
}

/// Where `action`'s measure stands against its target: `None` when it has
/// no target that is a number, no direction of better (or "neither"), or
/// no quarter's value that is a number.
pub fn against_target(action: &Action) -> Option<AgainstTarget> {
    against_target_in(action, None)
}

/// The same, from the values of the financial year starting in `year`
/// alone (every year's when `None`), as a scorecard of that year reads it.
pub fn against_target_in(action: &Action, year: Option<i32>) -> Option<AgainstTarget> {
    let better = better_of(action).filter(|better| *better != Better::Neither)?;
    let target = figure(&action.target)?;
    let (quarter, value, number) = action
        .values
        .iter()
        .rev()
        .filter(|(quarter, _)| year.is_none_or(|year| quarter.year == year))
        .find_map(|(quarter, value)| figure(value).map(|number| (*quarter, value.clone(), number)))?;
    let shortfall = match better {
        Better::Higher => target - number,
        _ => number - target,
    };
    let rag = if shortfall <= 0.0 {
        Rag::Green
    } else if shortfall <= AMBER_SHARE * target.abs() {
        Rag::Amber
    } else {
        Rag::Red
    };
    Some(AgainstTarget {
        quarter,
        value,
        target: action.target.clone(),
        better,
        rag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(better: &str, target: &str, values: &[(u8, &str)]) -> Action {
        let mut action = Action::new(uuid::Uuid::nil(), "Reduce delayed discharges");
        action.measure = "Delayed discharges per 100,000 adults a week".to_owned();
        better.clone_into(&mut action.better);
        target.clone_into(&mut action.target);
        for (number, value) in values {
            let quarter = Quarter {
                year: 2012,
                number: *number,
            };
            action.values.insert(quarter, (*value).to_owned());
        }
        action
    }

    fn rag(better: &str, target: &str, values: &[(u8, &str)]) -> Option<Rag> {
        against_target(&measured(better, target, values)).map(|against| against.rag)
    }

    #[test]
    fn figures_are_read_as_scorecards_write_them() {
        assert_eq!(figure("1.50"), Some(1.5));
        assert_eq!(figure("74%"), Some(74.0));
        assert_eq!(figure("£49k"), Some(49_000.0));
        assert_eq!(figure("£1.2m"), Some(1_200_000.0));
        assert_eq!(figure("1,234"), Some(1234.0));
        assert_eq!(figure("−3"), Some(-3.0));
        for words in ["N/A", "", "not yet", "k", "£", "inf", "NaN", "1e999"] {
            assert_eq!(figure(words), None, "{words:?}");
        }
    }

    #[test]
    fn lower_is_better_reads_the_latest_quarter_against_the_target() {
        // The scorecard's delayed discharges: target 1.50, Q1 1.92, Q2 2.16.
        let action = measured("lower", "1.50", &[(1, "1.92"), (2, "2.16")]);
        let against = against_target(&action).expect("a target and values");
        assert_eq!(
            (against.rag, against.quarter.number, against.value.as_str()),
            (Rag::Red, 2, "2.16")
        );
        assert_eq!(
            against.describe(),
            "Q2 2012/13: 2.16 against a target of 1.50 (lower is better): Red"
        );
        assert_eq!(rag("lower", "1.50", &[(1, "1.50")]), Some(Rag::Green));
        assert_eq!(rag("lower", "1.50", &[(1, "1.65")]), Some(Rag::Amber));
        assert_eq!(rag("lower", "1.50", &[(1, "1.66")]), Some(Rag::Red));
    }

    #[test]
    fn higher_is_better_turns_the_rule_round() {
        // Staff engagement: target 74%, 71% is within a tenth of it.
        assert_eq!(rag("higher", "74%", &[(1, "71%"), (2, "71%")]), Some(Rag::Amber));
        assert_eq!(rag("higher", "74%", &[(1, "80%")]), Some(Rag::Green));
        assert_eq!(rag("higher", "100%", &[(1, "80%")]), Some(Rag::Red));
    }

    #[test]
    fn no_colour_without_a_direction_a_numeric_target_or_a_numeric_value() {
        assert_eq!(rag("neither", "1.50", &[(1, "1.92")]), None);
        assert_eq!(rag("", "1.50", &[(1, "1.92")]), None);
        assert_eq!(rag("lower", "N/A", &[(1, "1.92")]), None);
        assert_eq!(rag("lower", "1.50", &[(1, "N/A")]), None);
        assert_eq!(rag("lower", "1.50", &[]), None);
        // A year's scorecard reads that year's values alone.
        let action = measured("lower", "1.50", &[(1, "1.40")]);
        assert_eq!(against_target_in(&action, Some(2013)), None);
        assert_eq!(against_target_in(&action, Some(2012)).map(|a| a.rag), Some(Rag::Green));
        // Words in the latest quarter leave the last number to speak.
        assert_eq!(rag("lower", "1.50", &[(1, "1.40"), (2, "N/A")]), Some(Rag::Green));
    }

    #[test]
    fn the_line_says_what_is_measured_its_target_values_and_colour() {
        let action = measured("lower", "1.50", &[(1, "1.92"), (2, "2.16")]);
        assert_eq!(
            measure_line(&action).as_deref(),
            Some(
                "Supporting measure: Delayed discharges per 100,000 adults a week (lower is better); target 1.50; \
                 Q1 2012/13 1.92, Q2 2012/13 2.16; against target: Red"
            )
        );
        assert_eq!(measure_line(&Action::new(uuid::Uuid::nil(), "No measure")), None);
    }

    #[test]
    fn a_target_of_nothing_leaves_no_room_for_amber() {
        // "No variation from agreed directorate budget": target £0.
        assert_eq!(rag("lower", "£0", &[(1, "£0")]), Some(Rag::Green));
        assert_eq!(rag("lower", "£0", &[(2, "£49k")]), Some(Rag::Red));
    }
}
