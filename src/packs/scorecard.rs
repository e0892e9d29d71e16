//! The action plan's measures in a directorate scorecard's shape: for one
//! financial year, each measured action's supporting measure, its target,
//! its value in Q1 to Q4, where it stands against the target, and the
//! action's own status — a table of the plan pack, in PDF and Word alike.

use super::PlanSection;
use crate::domain::{
    Quarter,
    change::{ActionPart, TextPart},
};

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

impl PlanSection {
    /// The scorecard of the latest financial year any action has a value
    /// in; `None` when no action has a supporting measure.
    pub fn scorecard(&self) -> Option<Scorecard> {
        let measured: Vec<_> = self
            .rows
            .iter()
            .filter(|row| !row.part_cell(ActionPart::Text(TextPart::Measure)).is_empty())
            .collect();
        if measured.is_empty() {
            return None;
        }
        let year = measured
            .iter()
            .flat_map(|row| row.values.iter().map(|(quarter, _)| quarter.year))
            .max()
            .or_else(|| self.quarters.last().map(|quarter| quarter.year))?;
        let rows = measured
            .into_iter()
            .map(|row| {
                let part = |part| row.part_cell(ActionPart::Text(part));
                let better = match part(TextPart::Better).as_str() {
                    "" => String::new(),
                    better => format!(" ({better} is better)").replace("(neither is better)", "(context only)"),
                };
                let mut cells = vec![
                    row.number.to_string(),
                    format!("{}{better}", part(TextPart::Measure)),
                    or_dash(part(TextPart::Target)),
                ];
                cells.extend((1..=4).map(|number| or_dash(row.part_cell(ActionPart::Value(Quarter { year, number })))));
                cells.push(
                    row.against_target
                        .map_or_else(|| "–".to_owned(), |rag| rag.label().to_owned()),
                );
                cells.push(row.status.label().to_owned());
                cells
            })
            .collect();
        Some(Scorecard {
            year: Quarter { year, number: 1 }.financial_year(),
            rows,
        })
    }
}

fn or_dash(text: String) -> String {
    if text.is_empty() { "–".to_owned() } else { text }
}
