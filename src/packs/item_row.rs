//! One item as the packs set it out: its number, title, scores, the
//! council's texts, the documents and measures beside it.

/// One item's row in a theme table.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemRow {
    /// Item number.
    pub number: String,
    /// Item title.
    pub title: String,
    /// The score, if scored.
    pub score: Option<u8>,
    /// Score and label, e.g. "2 – Established", "Not scored", or empty on a blank form.
    pub score_text: String,
    /// The peer score, when the pack includes the peer review.
    pub peer_score: Option<u8>,
    /// The peer team's challenge and queries, likewise.
    pub challenge: String,
    /// Basis for this score.
    pub basis: String,
    /// Notes and queries.
    pub notes: String,
    /// The documents that support it: "D1, D4".
    pub evidence: String,
    /// The measures that evidence it, each where the council stands:
    /// "ASCOF 2A: 72.5% (2023-24); England 77.5%; 2 of 7, quartile 1".
    pub measures: Vec<String>,
}

impl ItemRow {
    /// The theme table's cells: No., Item (with the measures that evidence
    /// it under its title), Score, Basis, Notes.
    pub fn cells(&self) -> Vec<String> {
        let mut title = self.title.clone();
        for measure in &self.measures {
            title = format!("{title}\n• {measure}");
        }
        vec![
            self.number.clone(),
            title,
            self.score_text.clone(),
            self.basis.clone(),
            self.notes.clone(),
        ]
    }

    /// The same, then the documents that support it.
    pub fn cells_with_evidence(&self) -> Vec<String> {
        let mut cells = self.cells();
        cells.push(if self.evidence.is_empty() {
            "–".to_owned()
        } else {
            self.evidence.clone()
        });
        cells
    }
}
