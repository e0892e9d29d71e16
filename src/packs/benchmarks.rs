//! "Where the council stands": the national outcome measures beside the
//! self-assessment, in the pre-visit pack, so the peer team sees the
//! numbers before it arrives. The rows come from the imported published
//! values (`service::measures`); the pack only sets them out.

use super::{Pack, PackKind, Section};

/// The benchmarking section's columns.
pub const BENCHMARK_HEADINGS: [&str; 7] = ["Code", "Measure", "Council", "England", "Rank", "Trend", "Items"];

/// One measure's row: code, name and direction, the council's latest value
/// with its period, England's, rank and quartile, trend, and the items it
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
}

impl Benchmarks {
    /// The sentence under the section's heading.
    pub fn intro(&self) -> String {
        format!(
            "Where the council stands on the national outcome measures that evidence the self-assessment's items, \
             from the published values imported into Critical Friend. Rank 1 is best in the direction of better; \
             rank r of n is in quartile ⌊4(r − 1) ÷ n⌋ + 1. Unit costs are never worked out from expenditure and \
             activity. Source: {}.",
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
