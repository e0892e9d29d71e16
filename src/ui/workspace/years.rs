//! Year on year: this assessment beside the council's others of the same
//! framework, ticked to choose which, oldest first — each theme's average
//! and every item's score, with the movement from the first to the last in
//! words as well as arrows.

use std::collections::BTreeSet;

use crate::domain::{Assessment, AssessmentId, Framework, progress::year_on_year};

/// The assessments set side by side, oldest first: `current` and the
/// `others` whose ids are `chosen`.
pub fn compared<'a>(
    current: &'a Assessment,
    others: &'a [Assessment],
    chosen: &BTreeSet<AssessmentId>,
) -> Vec<&'a Assessment> {
    let mut all: Vec<&Assessment> = others
        .iter()
        .filter(|other| chosen.contains(&other.id))
        .chain(std::iter::once(current))
        .collect();
    all.sort_by_key(|assessment| (assessment.created_at, assessment.id));
    all
}

/// Draws the view.
pub fn years_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    current: &Assessment,
    others: &[Assessment],
    chosen: &mut BTreeSet<AssessmentId>,
) {
    ui.heading("Year on year");
    if others.is_empty() {
        ui.label(
            "This is the council's only assessment of this framework in this database. Once there is another — a \
             progress review, next year's assessment, or one imported from a file — they show here side by side.",
        );
        return;
    }
    ui.label(
        "Tick the council's assessments to set beside this one (a progress review starts with the assessment it \
         reviews ticked). Export… → Year on year prints the same table.",
    );
    for other in others {
        let mut ticked = chosen.contains(&other.id);
        let label = format!(
            "{} — {} ({})",
            if other.details.period.is_empty() {
                "no period"
            } else {
                &other.details.period
            },
            other.details.title,
            other.status.label()
        );
        if ui.checkbox(&mut ticked, label).changed() {
            if ticked {
                chosen.insert(other.id);
            } else {
                chosen.remove(&other.id);
            }
        }
    }
    let shown = compared(current, others, chosen);
    let table = match year_on_year(framework, &shown) {
        Ok(table) => table,
        Err(refused) => {
            ui.label(refused.to_string());
            return;
        }
    };
    let average = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"));
    ui.add_space(6.0);
    egui::Grid::new("years_themes").striped(true).show(ui, |ui| {
        ui.strong("Theme");
        for period in &table.periods {
            ui.strong(period);
        }
        ui.strong("Movement");
        ui.end_row();
        for (label, averages, movement) in &table.themes {
            ui.label(label);
            for value in averages {
                ui.label(average(*value));
            }
            ui.label(movement.label());
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    ui.strong(format!("Every {}", framework.labels.item.to_lowercase()));
    egui::Grid::new("years_items").striped(true).show(ui, |ui| {
        ui.strong("No.");
        ui.strong(&framework.labels.item);
        for period in &table.periods {
            ui.strong(period);
        }
        ui.strong("Movement");
        ui.end_row();
        for (id, title, scores, movement) in &table.items {
            ui.label(id.as_str());
            ui.allocate_ui(egui::vec2(260.0, 18.0), |ui| {
                ui.add(egui::Label::new(title).truncate());
            });
            for score in scores {
                ui.label(score.map_or_else(|| "–".to_owned(), |s| s.to_string()));
            }
            ui.label(movement.label());
            ui.end_row();
        }
    });
}
