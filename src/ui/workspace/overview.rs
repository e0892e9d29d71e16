//! The overview: per theme, items scored, average and the 0/1/2/3 counts;
//! items scored without a basis; items with open notes; overall progress.

use crate::domain::{Assessment, Framework, ItemId, summarise, summary::format_average};

use super::Selection;

/// Draws the overview; returns an item the user chose to open.
pub fn overview_ui(ui: &mut egui::Ui, framework: &Framework, assessment: &Assessment) -> Option<Selection> {
    let summary = summarise(framework, assessment);
    let mut picked = None;
    ui.heading("Overview");
    let overall = &summary.overall;
    #[allow(clippy::cast_precision_loss)]
    let fraction = overall.scored as f32 / overall.item_count.max(1) as f32;
    ui.add(
        egui::ProgressBar::new(fraction)
            .desired_width(320.0)
            .text(format!("{} of {} items scored", overall.scored, overall.item_count)),
    );
    ui.label(format!("Average of scored items: {}", format_average(overall.average)));
    ui.add_space(8.0);
    egui::Grid::new("overview_themes")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for title in ["Theme", "Scored", "Average", "0", "1", "2", "3"] {
                ui.strong(title);
            }
            ui.end_row();
            for theme in &summary.themes {
                ui.label(format!("{}. {}", theme.number, theme.title));
                ui.label(format!("{} of {}", theme.scores.scored, theme.scores.item_count));
                ui.label(format_average(theme.scores.average));
                for count in theme.scores.distribution {
                    ui.label(count.to_string());
                }
                ui.end_row();
            }
        });
    ui.add_space(12.0);
    item_list_ui(
        ui,
        framework,
        "Scored without a basis",
        "Every scored item has a basis.",
        &summary.scored_without_basis,
        |_| String::new(),
        &mut picked,
    );
    ui.add_space(12.0);
    item_list_ui(
        ui,
        framework,
        "Open notes and queries",
        "No item has open notes or queries.",
        &summary.open_notes,
        |id| first_line(&assessment.answer(id).notes),
        &mut picked,
    );
    picked
}

fn item_list_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    heading: &str,
    empty: &str,
    items: &[ItemId],
    detail: impl Fn(&ItemId) -> String,
    picked: &mut Option<Selection>,
) {
    ui.strong(format!("{heading} ({})", items.len()));
    if items.is_empty() {
        ui.label(empty);
    }
    for id in items {
        let Some((_, item)) = framework.item(id) else { continue };
        ui.horizontal_wrapped(|ui| {
            if ui.link(format!("{} {}", item.id, item.title)).clicked() {
                *picked = framework.item_index(id).map(Selection::Item);
            }
            let text = detail(id);
            if !text.is_empty() {
                ui.label(egui::RichText::new(text).weak());
            }
        });
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let mut short: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        short.push('…');
    }
    short
}
