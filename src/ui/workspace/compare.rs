//! Compare: every item's self score beside the peer score and the gap.
//! Disagreements are marked with "≠" as well as highlighted, so the view
//! never relies on colour alone. Sortable by the size of the gap, and
//! filterable to disagreements only.

use crate::domain::{Assessment, Framework, compare, summarise, summary::format_average};

use super::{Selection, item::score_mark};

/// How the compare table is shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct CompareOptions {
    /// Largest gap first instead of framework order.
    pub by_gap: bool,
    /// Only items whose scores differ.
    pub disagreements_only: bool,
}

/// Draws the compare view; returns an item the user chose to open.
pub fn compare_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    options: &mut CompareOptions,
) -> Option<Selection> {
    let mut picked = None;
    ui.heading("Compare self and peer scores");
    let summary = summarise(framework, assessment);
    egui::Grid::new("compare_averages")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for title in ["Theme", "Self average", "Peer average"] {
                ui.strong(title);
            }
            ui.end_row();
            for theme in &summary.themes {
                ui.label(format!("{}. {}", theme.number, theme.title));
                ui.label(format_average(theme.scores.average));
                ui.label(format_average(theme.peer.average));
                ui.end_row();
            }
            ui.strong("All themes");
            ui.strong(format_average(summary.overall.average));
            ui.strong(format_average(summary.overall_peer.average));
            ui.end_row();
        });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.checkbox(&mut options.by_gap, "Sort by the size of the gap");
        ui.checkbox(&mut options.disagreements_only, "Disagreements only");
    });
    let mut rows = compare(framework, assessment);
    if options.disagreements_only {
        rows.retain(crate::domain::Comparison::disagrees);
    }
    if options.by_gap {
        rows.sort_by_key(|row| std::cmp::Reverse(row.gap().map_or(-1, |gap| i16::from(gap.unsigned_abs()))));
    }
    let disagreements = rows.iter().filter(|row| row.disagrees()).count();
    ui.label(format!(
        "{} items shown; {disagreements} where the scores differ (marked ≠).",
        rows.len()
    ));
    egui::Grid::new("compare_items")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for title in ["Item", "Self", "Peer", "Gap", ""] {
                ui.strong(title);
            }
            ui.end_row();
            for row in &rows {
                if ui.link(format!("{} {}", row.item, row.title)).clicked() {
                    picked = framework.item_index(&row.item).map(Selection::Item);
                }
                ui.label(score_mark(row.self_score));
                ui.label(score_mark(row.peer_score));
                if row.disagrees() {
                    ui.colored_label(ui.visuals().warn_fg_color, egui::RichText::new(row.gap_text()).strong());
                    ui.colored_label(ui.visuals().warn_fg_color, "≠ differs");
                } else {
                    ui.label(row.gap_text());
                    ui.label("");
                }
                ui.end_row();
            }
        });
    picked
}
