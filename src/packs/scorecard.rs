//! The action plan's measures in a directorate scorecard's shape: for one
//! financial year, each measured action's supporting measure, its target,
//! its value in Q1 to Q4, where it stands against the target, and the
//! action's own status — a table of the plan pack, in PDF and Word alike.

use crate::domain::{Action, Quarter, measures::against_target_in};

/// The scorecard's columns.
pub const SCORECARD_HEADINGS: [&str; 9] = [
    "No.",
    "Supporting measure",
    "Target",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "Against target",
    "Status",
];

/// The scorecard of one financial year.
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    /// "2017/18".
    pub year: String,
    /// A row per measured action, in [`SCORECARD_HEADINGS`] order.
    pub rows: Vec<Vec<String>>,
}

/// The scorecard of the latest financial year any of `actions` has a value
/// in (else `fallback_year`'s); `None` when no action has a supporting
/// measure. Against target reads that year's values alone.
pub fn scorecard(actions: &[Action], fallback_year: Option<i32>) -> Option<Scorecard> {
    let measured: Vec<(usize, &Action)> = (1..)
        .zip(actions)
        .filter(|(_, action)| !action.measure.is_empty())
        .collect();
    if measured.is_empty() {
        return None;
    }
    let year = measured
        .iter()
        .flat_map(|(_, action)| action.values.keys().map(|quarter| quarter.year))
        .max()
        .or(fallback_year)?;
    let rows = measured
        .into_iter()
        .map(|(number, action)| {
            let better = match action.better.as_str() {
                "" => String::new(),
                "neither" => " (context only)".to_owned(),
                better => format!(" ({better} is better)"),
            };
            let mut cells = vec![
                number.to_string(),
                format!("{}{better}", action.measure),
                or_dash(&action.target),
            ];
            cells.extend(
                (1..=4).map(|number| or_dash(action.values.get(&Quarter { year, number }).map_or("", String::as_str))),
            );
            let against = against_target_in(action, Some(year));
            cells.push(against.map_or_else(|| "–".to_owned(), |against| against.rag.label().to_owned()));
            cells.push(action.status.label().to_owned());
            cells
        })
        .collect();
    Some(Scorecard {
        year: Quarter { year, number: 1 }.financial_year(),
        rows,
    })
}

fn or_dash(text: &str) -> String {
    if text.is_empty() {
        "–".to_owned()
    } else {
        text.to_owned()
    }
}
