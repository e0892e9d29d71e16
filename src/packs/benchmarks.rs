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

/// The section: where its figures come from, and a row per measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Benchmarks {
    /// The measures' source, as its definitions name it.
    pub source: String,
    /// A row per measure.
    pub rows: Vec<BenchmarkRow>,
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
    /// Adds the benchmarking section to a pre-visit pack, after the
    /// self-assessment and before the appendices; any other pack, or rows
    /// with no published value at all, add nothing.
    pub fn add_benchmarks(&mut self, benchmarks: Benchmarks) {
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
