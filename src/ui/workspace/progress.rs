//! A progress review beside its baseline: each theme's average self score
//! then and now, every item's scores in both years and how it moved (in
//! words as well as arrows), and the actions of the plan by theme with
//! their status.

use crate::{
    domain::{Assessment, Framework, Rag},
    packs::progress_section,
};

/// Draws the view. `baseline` is the assessment the review reviews, if it
/// could be loaded.
pub fn progress_ui(ui: &mut egui::Ui, framework: &Framework, review: &Assessment, baseline: Option<&Assessment>) {
    let Some(baseline) = baseline else {
        ui.heading("Progress");
        ui.label(
            "The assessment this review started from is not in this database, so there is nothing to set it beside.",
        );
        return;
    };
    let progress = progress_section(framework, review, baseline);
    ui.heading(format!("Progress since {}", progress.then));
    ui.label(format!(
        "{} beside {}: movement is of the council's own score, {} to {}; the peer team's scores are shown \
         beside it, not mixed in.",
        progress.now, progress.then, progress.then, progress.now
    ));
    ui.add_space(6.0);
    let average = |value: Option<f64>| value.map_or_else(|| "not scored".to_owned(), |v| format!("{v:.1}"));
    egui::Grid::new("progress_themes").striped(true).show(ui, |ui| {
        ui.strong("Theme");
        ui.strong(&progress.then);
        ui.strong(&progress.now);
        ui.strong("Movement");
        ui.end_row();
        for (row, movement) in progress.themes.iter().zip(&progress.theme_movement) {
            ui.label(&row.label);
            ui.label(average(row.peer_average));
            ui.label(average(row.average));
            ui.label(movement);
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    ui.strong(format!("Every {}", framework.labels.item.to_lowercase()));
    egui::Grid::new("progress_items").striped(true).show(ui, |ui| {
        for heading in [
            "No.".to_owned(),
            framework.labels.item.clone(),
            format!("Self {}", progress.then),
            format!("Peer {}", progress.then),
            format!("Self {}", progress.now),
            format!("Peer {}", progress.now),
            "Movement".to_owned(),
        ] {
            ui.strong(heading);
        }
        ui.end_row();
        for item in &progress.items {
            for (index, cell) in item.cells().into_iter().enumerate() {
                if index == 1 {
                    // Long titles are cut short (the whole title shows on hover),
                    // so the scores and the movement always fit.
                    ui.allocate_ui(egui::vec2(260.0, 18.0), |ui| {
                        ui.add(egui::Label::new(cell).truncate());
                    });
                } else {
                    ui.label(cell);
                }
            }
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    ui.strong("Actions by theme");
    for theme in &progress.actions {
        let counts: Vec<String> = Rag::ALL
            .iter()
            .zip(theme.counts)
            .map(|(rag, count)| format!("{} {count}", rag.label()))
            .collect();
        ui.label(format!("{} — {}", theme.label, counts.join(", ")));
        for (number, text, status) in &theme.actions {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("   {number}. {text} —"));
                super::plan::status_label(ui, *status);
            });
        }
    }
}
