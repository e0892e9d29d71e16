//! One item: its outcome statement, evidence prompts, score picker and the
//! two text fields. Draws from the answer and reports changes; it never
//! writes to the assessment itself.

use crate::domain::{Answer, Change, Framework, Item, Score, Theme};

use super::Selection;

/// What the user did in the item view this frame.
#[derive(Default)]
pub struct ItemOutcome {
    /// Changes to this item's answer.
    pub changes: Vec<Change>,
    /// A text field lost focus (ends one undo step of typing).
    pub text_focus_lost: bool,
    /// Previous or Next was pressed.
    pub navigate: Option<Selection>,
}

/// Draws item number `index` and returns what changed.
pub fn item_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    theme: &Theme,
    item: &Item,
    answer: &Answer,
    index: usize,
) -> ItemOutcome {
    let mut outcome = ItemOutcome::default();
    ui.label(egui::RichText::new(format!("Theme {}: {}", theme.number, theme.title)).weak());
    ui.heading(format!("{} {}", item.id, item.title));
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            egui::RichText::new(format!("Outcome statement ({})", theme.outcome_heading))
                .small()
                .weak(),
        );
        ui.label(egui::RichText::new(format!("“{}”", theme.outcome)).italics());
    });
    ui.add_space(6.0);
    if !item.prompts.is_empty() {
        ui.strong("What evidence supports the score?");
        for prompt in &item.prompts {
            ui.label(format!("• {prompt}"));
        }
        ui.add_space(6.0);
    }

    ui.strong("Score");
    if ui.radio(answer.score.is_none(), "Not scored").clicked() && answer.score.is_some() {
        outcome.changes.push(Change::Score(None));
    }
    for level in &framework.scale {
        ui.horizontal_wrapped(|ui| {
            let selected = answer.score == Some(level.score);
            let text = framework.score_text(level.score);
            if ui.radio(selected, text).on_hover_text(&level.descriptor).clicked() && !selected {
                outcome.changes.push(Change::Score(Some(level.score)));
            }
            ui.label(egui::RichText::new(&level.descriptor).small().weak());
        });
    }
    ui.label(
        egui::RichText::new("Keys 0–3 set the score when no text box is active; arrows or N/P move between items.")
            .small()
            .weak(),
    );
    ui.add_space(8.0);

    let mut basis = answer.basis.clone();
    let basis_response = text_field_ui(ui, "Basis for this score", ("basis", item.id.as_str()), &mut basis);
    if basis_response.changed() {
        outcome.changes.push(Change::Basis(basis));
    }
    if answer.score.is_some() && answer.basis.trim().is_empty() {
        ui.label(egui::RichText::new("! This item is scored but has no basis yet.").small());
    }
    let mut notes = answer.notes.clone();
    let notes_response = text_field_ui(
        ui,
        "Notes and queries (including evidence gaps)",
        ("notes", item.id.as_str()),
        &mut notes,
    );
    if notes_response.changed() {
        outcome.changes.push(Change::Notes(notes));
    }
    outcome.text_focus_lost = basis_response.lost_focus() || notes_response.lost_focus();

    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let count = framework.item_count();
        if ui.add_enabled(index > 0, egui::Button::new("← Previous")).clicked() {
            outcome.navigate = Some(Selection::Item(index - 1));
        }
        ui.label(format!("Item {} of {count}", index + 1));
        if ui.add_enabled(index + 1 < count, egui::Button::new("Next →")).clicked() {
            outcome.navigate = Some(Selection::Item(index + 1));
        }
    });
    outcome
}

fn text_field_ui(ui: &mut egui::Ui, label: &str, id_salt: (&str, &str), text: &mut String) -> egui::Response {
    let label = ui.strong(label);
    ui.add(
        egui::TextEdit::multiline(text)
            .id_salt(id_salt)
            .desired_rows(5)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id)
}

/// The short form of a score for narrow places: "2", or "–" when not scored.
pub fn score_mark(score: Option<Score>) -> String {
    score.map_or_else(|| "–".to_owned(), |s| s.to_string())
}
