//! The items table as CSV: one row per item, for spreadsheets and scripts.

use super::Pack;

/// The column headings, in order, in the framework's words.
pub fn headings(labels: &crate::domain::Labels) -> [&str; 7] {
    [
        "Theme",
        "No.",
        &labels.item,
        "Score",
        "Score label",
        &labels.basis,
        &labels.notes,
    ]
}

/// Renders every item row of the pack as UTF-8 CSV (with a byte-order mark,
/// so Excel reads Welsh and typographic characters correctly).
pub fn render(pack: &Pack) -> Result<Vec<u8>, ::csv::Error> {
    let mut writer = ::csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(headings(&pack.meta.labels))?;
    for (theme, row) in pack.item_rows() {
        let score = row.score.map(|s| s.to_string()).unwrap_or_default();
        writer.write_record([
            format!("{}. {}", theme.number, theme.title).as_str(),
            &row.number,
            &row.title,
            &score,
            &row.score_text,
            &row.basis,
            &row.notes,
        ])?;
    }
    writer
        .into_inner()
        .map_err(|error| ::csv::Error::from(std::io::Error::other(error.to_string())))
}
