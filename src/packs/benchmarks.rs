//! "Where the council stands": the national outcome measures beside the
//! self-assessment, in the pre-visit pack, so the peer team sees the
//! numbers before it arrives. The rows come from the imported published
//! values (`service::measures`); the pack only sets them out.

use super::{Pack, PackKind, Section};

/// The benchmarking section's columns.
pub const BENCHMARK_HEADINGS: [&str; 8] = [
    "Code", "Measure", "Council", "England", "Region", "Rank", "Trend", "Items",
];

/// One measure's row: code, name and direction, the council's latest value
/// with its period, England's, its region's, rank and quartile, trend, and the items it
/// evidences. A value not published says so, never 0.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchmarkRow {
    /// The cells, in [`BENCHMARK_HEADINGS`] order.
    pub cells: Vec<String>,
}

/// The section: where its figures come from, and a row per measure; and
/// the line each measure puts beside the items it evidences.
#[derive(Clone, Debug, PartialEq)]
pub struct Benchmarks {
    /// The measures' source, as its definitions name it.
    pub source: String,
    /// A row per measure.
    pub rows: Vec<BenchmarkRow>,
    /// An item's number, and a measure's line beside it.
    pub beside_items: Vec<(String, String)>,
    /// A small line chart for each measure the council has two or more
    /// values of.
    pub trends: Vec<TrendChart>,
    /// The name of the council's region, whose values the Region column
    /// holds, when the council has named one.
    pub region: Option<String>,
}

/// One measure's values year by year, the council's beside England's, as
/// a small line chart; a value not published is a gap, never 0.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendChart {
    /// "ASCOF 2A".
    pub code: String,
    /// The measure's name with its direction: "Short-term services … (higher is better)".
    pub title: String,
    /// What follows a value: "%", " per 100,000".
    pub unit: String,
    /// The council's name as published.
    pub council: String,
    /// Each period, oldest first.
    pub points: Vec<TrendPoint>,
}

/// One period of a trend: the council's value and England's.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    /// "2023-24".
    pub period: String,
    pub council: Option<f64>,
    pub england: Option<f64>,
}

impl TrendChart {
    /// What the chart shows, in words, for its alternative text.
    pub fn alt(&self) -> String {
        let said =
            |value: Option<f64>| value.map_or_else(|| "not published".to_owned(), |v| format!("{v:.1}{}", self.unit));
        let series = |name: &str, pick: fn(&TrendPoint) -> Option<f64>| {
            let values: Vec<String> = self
                .points
                .iter()
                .map(|point| format!("{} {}", point.period, said(pick(point))))
                .collect();
            format!("{name}: {}.", values.join(", "))
        };
        format!(
            "Line chart of {}, {}, by year. {} {}",
            self.code,
            crate::text::in_sentence(&self.title),
            series(&self.council, |point| point.council),
            series("England", |point| point.england)
        )
    }

    /// England's line and then the council's, in the order they are drawn
    /// (the council's on top), each point placed by `place` from its
    /// period's index and its value — none for a year not published; `true`
    /// marks the council's.
    pub fn lines<T>(&self, place: impl Fn(usize, f64) -> T) -> [(bool, Vec<Option<T>>); 2] {
        let line = |pick: fn(&TrendPoint) -> Option<f64>| {
            self.points
                .iter()
                .enumerate()
                .map(|(index, point)| pick(point).map(|value| place(index, value)))
                .collect()
        };
        [
            (false, line(|point| point.england)),
            (true, line(|point| point.council)),
        ]
    }

    /// The lowest and highest value drawn, a little apart when they are
    /// one value; `None` when nothing is published.
    pub fn range(&self) -> Option<(f64, f64)> {
        let values = self
            .points
            .iter()
            .flat_map(|point| [point.council, point.england])
            .flatten();
        let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), v| {
            (low.min(v), high.max(v))
        });
        if !low.is_finite() {
            return None;
        }
        let spread = (high - low).max(high.abs() * 0.05).max(1.0);
        Some((low - spread * 0.1, low + spread * 1.1))
    }
}

impl Benchmarks {
    /// The sentence under the section's heading.
    pub fn intro(&self) -> String {
        format!(
            "Where the council stands on the national outcome measures that evidence the self-assessment's items, \
             from the published values imported into Critical Friend. Rank 1 is best in the direction of better; \
             rank r of n is in quartile ⌊4(r − 1) ÷ n⌋ + 1. Unit costs are never worked out from expenditure and \
             activity.{} Source: {}.",
            self.region.as_ref().map_or_else(
                || " The council has named no region, so the Region column is empty.".to_owned(),
                |region| format!(" The Region column is the council's region, {region}.")
            ),
            self.source.trim_end_matches('.')
        )
    }
}

impl Pack {
    /// Puts each measure's line beside the items it evidences, in every
    /// pack that sets items out; and adds the benchmarking section to a
    /// pre-visit pack, after the self-assessment and before the appendices
    /// (no rows, no section).
    pub fn add_benchmarks(&mut self, benchmarks: Benchmarks) {
        for section in &mut self.sections {
            if let Section::Theme(theme) = section {
                for item in &mut theme.items {
                    let beside = benchmarks
                        .beside_items
                        .iter()
                        .filter(|(number, _)| *number == item.number);
                    item.measures.extend(beside.map(|(_, line)| line.clone()));
                }
            }
        }
        if self.kind != PackKind::PreVisit || benchmarks.rows.is_empty() {
            return;
        }
        let at = self
            .sections
            .iter()
            .position(|section| matches!(section, Section::Scale(_) | Section::History(_) | Section::Merges(_)))
            .unwrap_or(self.sections.len());
        self.sections.insert(at, Section::Benchmarks(benchmarks));
    }
}
