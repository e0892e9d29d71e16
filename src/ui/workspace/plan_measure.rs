//! An action's supporting measure in the plan view, as a directorate
//! scorecard sets it out: what is measured, its target, which way is
//! better, its value in each quarter of the financial year and — where all
//! of these are numbers — Red, Amber or Green against the target, with the
//! rule beside it. A quarter's value is saved when its box is left.

use std::collections::HashMap;

use time::Date;
use uuid::Uuid;

use super::plan::{PlanChange, status_label};
use crate::domain::{
    Action, ActionOp, Quarter,
    change::ActionPart,
    measures::{TARGET_RULE, against_target, measure_heading, measure_line},
};

/// Quarters' values being typed, by action and quarter; a box's draft
/// lives only while it has the keyboard.
pub type ValueDrafts = HashMap<(Uuid, Quarter), String>;

/// The measure's line and its colour against the target; with `editable`,
/// a box for each quarter of every financial year with a value and of this
/// one.
pub fn measure_ui(
    ui: &mut egui::Ui,
    (number, action): (usize, &Action),
    editable: bool,
    today: Date,
    drafts: &mut ValueDrafts,
    changes: &mut Vec<PlanChange>,
) {
    // Where the boxes show the values, the line need not.
    let line = if editable && !action.measure.trim().is_empty() {
        measure_heading(action)
    } else {
        measure_line(action)
    };
    if let Some(line) = line {
        ui.label(egui::RichText::new(line).weak());
    }
    if let Some(against) = against_target(action) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Against target:");
            status_label(ui, against.rag);
            ui.label(format!("({})", against.describe()))
                .on_hover_text(format!("Against target: {TARGET_RULE}"));
        });
    }
    if !editable || action.measure.trim().is_empty() {
        return;
    }
    let mut years: Vec<i32> = action.values.keys().map(|quarter| quarter.year).collect();
    years.push(Quarter::of(today).year);
    years.sort_unstable();
    years.dedup();
    for year in years {
        ui.horizontal_wrapped(|ui| {
            let first = Quarter { year, number: 1 };
            ui.label(format!("Values {}:", first.financial_year()));
            for quarter in (1..=4).map(|number| Quarter { year, number }) {
                value_box(ui, (number, action), quarter, drafts, changes);
            }
        });
    }
}

/// One quarter's value: typed into a draft, saved when the box is left.
fn value_box(
    ui: &mut egui::Ui,
    (number, action): (usize, &Action),
    quarter: Quarter,
    drafts: &mut ValueDrafts,
    changes: &mut Vec<PlanChange>,
) {
    let key = (action.id, quarter);
    let stored = action.values.get(&quarter).cloned().unwrap_or_default();
    ui.label(format!("Q{}", quarter.number));
    let text = drafts.entry(key).or_insert_with(|| stored.clone());
    let response = ui.add(egui::TextEdit::singleline(text).desired_width(64.0));
    crate::ui::name_field(
        ui,
        &response,
        &format!("{} value of action {number}'s measure", quarter.short()),
    );
    if response.lost_focus() {
        if text.trim() != stored {
            changes.push(PlanChange::Action(ActionOp::Part {
                id: action.id,
                part: ActionPart::Value(quarter),
                text: text.trim().to_owned(),
            }));
        }
        drafts.remove(&key);
    } else if !response.has_focus() {
        drafts.remove(&key);
    }
}

/// A line of an action's free text as a field: a box, or a choice of its
/// words when it has a fixed few ([`ActionPart::choices`]). `name` is what
/// a screen reader calls it.
pub fn text_part_ui(ui: &mut egui::Ui, part: ActionPart, line: &mut String, name: &str) {
    let choices = part.choices();
    if choices.is_empty() {
        ui.label(part.heading());
        let field = ui.add(egui::TextEdit::singleline(line));
        crate::ui::name_field(ui, &field, name);
        return;
    }
    let shown = if line.is_empty() {
        "not set".to_owned()
    } else {
        line.clone()
    };
    crate::ui::labelled_combo(ui, (name, &shown), (name, "choice"), |ui| {
        ui.selectable_value(line, String::new(), "not set");
        for choice in choices {
            ui.selectable_value(line, (*choice).to_owned(), *choice);
        }
    });
}
