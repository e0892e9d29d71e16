//! Recorded changes: one item's (under the item) or the whole assessment's,
//! with the reports of every merge of reviewers' or the council's files.

use crate::domain::{Change, Labels, merge::MergeReport};

use crate::text::{count, format_local_time};

/// Changes listed at first, newest first, and added by each "Show older".
/// Drawing every line of a long history costs a frame 50 ms at 10,000.
const PAGE: usize = 200;

/// A change's values as history shows them: "not set", "empty", or the
/// texts from where they differ.
fn show(entry: &Change) -> (String, String) {
    let (old, new) = (entry.from.as_deref(), entry.to.as_deref());
    let (old_preview, new_preview) = entry.preview(80);
    let word = |value: Option<&str>, preview: String| match value {
        None => "not set".to_owned(),
        Some("") => "empty".to_owned(),
        Some(_) => preview,
    };
    (word(old, old_preview), word(new, new_preview))
}

/// Lists changes newest first, naming fields in the framework's words;
/// `with_item` adds the item number to each line.
pub fn entries_ui(ui: &mut egui::Ui, labels: &Labels, with_item: bool, entries: &[Change]) {
    ui.strong(format!("History ({})", count(entries.len(), "change")));
    if entries.is_empty() {
        ui.label("No changes recorded yet.");
    }
    let shown_id = ui.make_persistent_id("history_shown");
    let shown = ui.data(|data| data.get_temp::<usize>(shown_id)).unwrap_or(PAGE);
    for entry in entries.iter().rev().take(shown) {
        let what = match (entry.subject.item(), with_item) {
            (Some(item), true) => format!("{item} {}", entry.label(labels)),
            _ => entry.label(labels),
        };
        let (old, new) = show(entry);
        let declined = if entry.declined {
            " (not taken: a merge kept another value)"
        } else {
            ""
        };
        ui.label(format!(
            "{} — {what}: {old} → {new} — {} ({}){declined}",
            format_local_time(entry.at),
            entry.author.describe(),
            entry.signed_note(false)
        ))
        .on_hover_text(entry.signed_note(true));
    }
    let older = entries.len().saturating_sub(shown);
    if older > 0 {
        let next = PAGE.min(older);
        let label = format!(
            "Show {next} older {} ({older} not shown)",
            if next == 1 { "change" } else { "changes" }
        );
        if ui.button(label).clicked() {
            ui.data_mut(|data| data.insert_temp(shown_id, shown + PAGE));
        }
    }
}

/// The whole assessment's history and its merge reports.
pub fn history_ui(ui: &mut egui::Ui, labels: &Labels, loaded: Option<&(Vec<Change>, Vec<MergeReport>)>) {
    ui.heading("History");
    let Some((entries, reports)) = loaded else {
        ui.spinner();
        return;
    };
    ui.strong(format!("Merges ({})", reports.len()));
    if reports.is_empty() {
        ui.label("No files have been merged into this assessment.");
    }
    for report in reports.iter().rev() {
        egui::CollapsingHeader::new(format!(
            "{} — {} — {}",
            format_local_time(report.at),
            report.source,
            report.author.describe()
        ))
        .id_salt(("merge", report.at.unix_timestamp_nanos()))
        .show(ui, |ui| {
            for line in &report.lines {
                ui.label(line);
            }
        });
    }
    ui.add_space(10.0);
    entries_ui(ui, labels, true, entries);
}
