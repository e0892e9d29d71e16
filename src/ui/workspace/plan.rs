//! The council's action plan: start it from the report's areas for
//! consideration, add actions, set each one's status at once, edit its
//! wording, owner and due date, add notes of progress, and filter by status,
//! owner, theme or overdue. Statuses are always words (with their colour
//! beside them); overdue actions say so. From a Final assessment the
//! council starts the progress review here. The view only draws and reports
//! the changes asked for.

use std::collections::BTreeMap;

use time::Date;
use uuid::Uuid;

use crate::domain::{
    Action, ActionFilter, ActionOp, ActionSource, Assessment, Framework, Quarter, Rag,
    action_plan::status_counts,
    challenge::{format_date, parse_date},
    change::{ActionPart, TextPart},
};

/// Drafts being typed, the action being edited and the filter.
#[derive(Default)]
pub struct PlanState {
    new_text: String,
    new_texts: BTreeMap<ActionPart, String>,
    new_due: String,
    editing: Option<Editing>,
    notes: std::collections::HashMap<Uuid, (String, String)>,
    values: super::plan_measure::ValueDrafts,
    filter: ActionFilter,
    review_period: String,
    problem: Option<String>,
}

/// An action being edited: its wording, its lines of free text and its
/// due date, as typed.
struct Editing {
    id: Uuid,
    text: String,
    texts: Vec<(ActionPart, String)>,
    due: String,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanChange {
    /// Change the plan.
    Action(ActionOp),
    /// One action per area for consideration that has none.
    FromFindings,
    /// Start the progress review for this period.
    StartReview(String),
}

fn due(text: &str) -> Result<Option<Date>, String> {
    parse_date(text).map_err(|_| format!("“{}” is not a date; write it as YYYY-MM-DD", text.trim()))
}

/// A status as its word, with a swatch of its colour beside it.
pub fn status_label(ui: &mut egui::Ui, status: Rag) {
    let [r, g, b] = status.rgb();
    ui.label(egui::RichText::new("■").color(egui::Color32::from_rgb(r, g, b)));
    ui.label(egui::RichText::new(status.label()).strong());
}

/// Draws the view; returns the changes asked for. `locked` says why the
/// plan cannot be changed now (`None`: it can); `may_review` whether a
/// progress review may start from this assessment.
pub fn plan_ui(
    ui: &mut egui::Ui,
    (framework, assessment, baseline): (&Framework, &Assessment, Option<&Assessment>),
    locked: Option<&str>,
    may_review: bool,
    today: Date,
    state: &mut PlanState,
) -> Vec<PlanChange> {
    let mut changes = Vec::new();
    ui.heading("Action plan");
    ui.label(
        "What the council will do after the peer challenge: each action with where it comes from, its owner, when it \
         is due and its status — Red, Amber, Green, or Blue for done — with notes of progress by quarter of the \
         financial year. Final does not freeze the plan.",
    );
    if let Some(reason) = locked {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).italics());
    }
    if let Some(problem) = &state.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    if may_review {
        review_ui(ui, state, &mut changes);
    }
    let unplanned = assessment.actions_from_findings().len();
    if locked.is_none() && unplanned > 0 {
        let areas = if unplanned == 1 {
            "area for consideration"
        } else {
            "areas for consideration"
        };
        let label = format!("Start the action plan from the report ({unplanned} {areas})");
        if ui
            .button(label)
            .on_hover_text("One action per area for consideration that has none yet, worded as the area is")
            .clicked()
        {
            changes.push(PlanChange::FromFindings);
        }
    }
    ui.add_space(6.0);
    counts_ui(ui, framework, assessment, baseline);
    ui.add_space(6.0);
    filter_ui(ui, framework, &mut state.filter);
    ui.separator();
    let shown: Vec<(usize, &Action)> = assessment
        .actions
        .iter()
        .enumerate()
        .filter(|(_, action)| state.filter.admits((assessment, baseline), framework, action, today))
        .map(|(index, action)| (index + 1, action))
        .collect();
    if shown.is_empty() {
        ui.label(
            egui::RichText::new(if assessment.actions.is_empty() {
                "No actions yet."
            } else {
                "No action matches the filter."
            })
            .weak(),
        );
    }
    for (number, action) in shown {
        action_ui(
            ui,
            (framework, assessment, baseline),
            number,
            action,
            locked.is_none(),
            today,
            state,
            &mut changes,
        );
        ui.separator();
    }
    if locked.is_none() {
        add_ui(ui, state, &mut changes);
    }
    changes
}

/// Starting the progress review, at the top of a Final assessment's plan
/// where it is seen: the step after the plan, when the peer team returns.
fn review_ui(ui: &mut egui::Ui, state: &mut PlanState, changes: &mut Vec<PlanChange>) {
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.strong("Progress review");
        ui.label(
            "When the peer team returns, 10–12 months on, start the next assessment from this one: it keeps the \
             self-assessment answers as a starting point, carries this plan, and its Progress view shows what moved.",
        );
        ui.horizontal(|ui| {
            let label = ui.label("Period it covers");
            ui.add(egui::TextEdit::singleline(&mut state.review_period).hint_text("e.g. 2017/18"))
                .labelled_by(label.id);
            let period = state.review_period.trim().to_owned();
            if ui
                .add_enabled(!period.is_empty(), egui::Button::new("Start progress review"))
                .clicked()
            {
                changes.push(PlanChange::StartReview(period));
            }
        });
    });
    ui.add_space(4.0);
}

fn counts_ui(ui: &mut egui::Ui, framework: &Framework, assessment: &Assessment, baseline: Option<&Assessment>) {
    let themes = crate::domain::progress::actions_by_theme(framework, assessment, baseline);
    egui::Grid::new("plan_counts").striped(true).show(ui, |ui| {
        ui.strong("Theme");
        for rag in Rag::ALL {
            ui.strong(rag.label());
        }
        ui.end_row();
        for theme in &themes {
            ui.label(&theme.label);
            for count in theme.counts {
                ui.label(count.to_string());
            }
            ui.end_row();
        }
        ui.strong("All actions");
        for count in status_counts(&assessment.actions) {
            ui.strong(count.to_string());
        }
        ui.end_row();
    });
}

fn filter_ui(ui: &mut egui::Ui, framework: &Framework, filter: &mut ActionFilter) {
    ui.horizontal_wrapped(|ui| {
        let value = filter.status.map_or("Every status", Rag::label);
        crate::ui::labelled_combo(ui, ("Show", value), "plan_status_filter", |ui| {
            ui.selectable_value(&mut filter.status, None, "Every status");
            for rag in Rag::ALL {
                ui.selectable_value(&mut filter.status, Some(rag), rag.label());
            }
        });
        let theme_text = filter.theme.and_then(|number| framework.theme(number)).map_or_else(
            || "Every theme".to_owned(),
            |theme| format!("{}. {}", theme.number, theme.title),
        );
        crate::ui::labelled_combo(ui, ("Theme", &theme_text), "plan_theme_filter", |ui| {
            ui.selectable_value(&mut filter.theme, None, "Every theme");
            for theme in &framework.themes {
                ui.selectable_value(
                    &mut filter.theme,
                    Some(theme.number),
                    format!("{}. {}", theme.number, theme.title),
                );
            }
        });
        ui.label("Owner");
        let field = ui.add(egui::TextEdit::singleline(&mut filter.owner).desired_width(140.0));
        crate::ui::name_field(ui, &field, "Show only the actions whose owner contains");
        ui.checkbox(&mut filter.overdue, "Overdue only");
    });
}

#[allow(clippy::too_many_arguments, reason = "one row of the plan and everything it needs")]
fn action_ui(
    ui: &mut egui::Ui,
    (framework, assessment, baseline): (&Framework, &Assessment, Option<&Assessment>),
    number: usize,
    action: &Action,
    editable: bool,
    today: Date,
    state: &mut PlanState,
    changes: &mut Vec<PlanChange>,
) {
    if state.editing.as_ref().is_some_and(|editing| editing.id == action.id) {
        edit_ui(ui, number, action, state, changes);
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.strong(format!("{number}."));
        ui.label(&action.text);
    });
    ui.horizontal_wrapped(|ui| {
        status_label(ui, action.status);
        ui.label(format!(
            "· {} · {}",
            if action.owner.is_empty() {
                "No owner"
            } else {
                &action.owner
            },
            action.due.map_or_else(
                || "no due date".to_owned(),
                |date| format!("due {}", format_date(Some(date)))
            )
        ));
        if action.is_overdue(today) {
            ui.colored_label(ui.visuals().warn_fg_color, "OVERDUE");
        }
    });
    let source = assessment.action_source(framework, action, baseline);
    if action.source != ActionSource::None {
        ui.label(egui::RichText::new(format!("From: {source}")).weak());
    }
    let measure = [TextPart::Measure, TextPart::Target, TextPart::Better].map(ActionPart::Text);
    for part in ActionPart::texts().filter(|part| *part != ActionPart::OWNER && !measure.contains(part)) {
        let line = action.text_part(part).unwrap_or_default();
        if !line.is_empty() {
            ui.label(egui::RichText::new(format!("{}: {line}", part.heading())).weak());
        }
    }
    let drafts = &mut state.values;
    super::plan_measure::measure_ui(ui, (number, action), editable, today, drafts, changes);
    for note in &action.progress {
        ui.label(format!(
            "  {} · {} · {}: {}",
            Quarter::of(note.on),
            format_date(Some(note.on)),
            note.by,
            note.text
        ));
    }
    if !editable {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let mut status = action.status;
        let label_text = format!("Status of action {number}");
        let value = status.label();
        crate::ui::labelled_combo(ui, (&label_text, value), ("plan_status", action.id), |ui| {
            for rag in Rag::ALL {
                ui.selectable_value(&mut status, rag, rag.label());
            }
        });
        if status != action.status {
            changes.push(PlanChange::Action(ActionOp::Status { id: action.id, status }));
        }
        if ui.button(format!("Edit action {number}")).clicked() {
            state.editing = Some(Editing {
                id: action.id,
                text: action.text.clone(),
                texts: ActionPart::texts()
                    .map(|part| (part, action.text_part(part).unwrap_or_default().to_owned()))
                    .collect(),
                due: format_date(action.due),
            });
        }
        if ui.button(format!("Remove action {number}")).clicked() {
            changes.push(PlanChange::Action(ActionOp::Remove { id: action.id }));
        }
    });
    note_ui(ui, number, action.id, today, state, changes);
}

/// A note of progress on one action: its text, its day, and the button.
fn note_ui(
    ui: &mut egui::Ui,
    number: usize,
    id: Uuid,
    today: Date,
    state: &mut PlanState,
    changes: &mut Vec<PlanChange>,
) {
    let (text, on) = state
        .notes
        .entry(id)
        .or_insert_with(|| (String::new(), format_date(Some(today))));
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(format!("Progress on action {number}"));
        ui.add(egui::TextEdit::singleline(text).desired_width(320.0))
            .labelled_by(label.id);
        ui.label("on");
        let field = ui.add(egui::TextEdit::singleline(on).desired_width(90.0));
        crate::ui::name_field(ui, &field, &format!("Date of the note on action {number}"));
        if ui
            .add_enabled(
                !text.trim().is_empty(),
                egui::Button::new(format!("Add note to action {number}")),
            )
            .clicked()
        {
            match due(on) {
                Ok(Some(day)) => {
                    changes.push(PlanChange::Action(ActionOp::Progress {
                        id,
                        on: day,
                        text: std::mem::take(text),
                    }));
                    state.problem = None;
                }
                Ok(None) => state.problem = Some("A note of progress needs the day it reports on.".to_owned()),
                Err(problem) => state.problem = Some(problem),
            }
        }
    });
}

/// The editor for one action's wording, lines of free text and due date.
fn edit_ui(ui: &mut egui::Ui, number: usize, action: &Action, state: &mut PlanState, changes: &mut Vec<PlanChange>) {
    let Some(editing) = &mut state.editing else {
        return;
    };
    let label = ui.label(format!("Editing action {number}"));
    ui.add(
        egui::TextEdit::multiline(&mut editing.text)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal_wrapped(|ui| {
        for (part, line) in &mut editing.texts {
            let name = format!("{} of action {number}", part.heading());
            super::plan_measure::text_part_ui(ui, *part, line, &name);
        }
        let label = ui.label("Due (YYYY-MM-DD)");
        ui.add(egui::TextEdit::singleline(&mut editing.due).desired_width(100.0))
            .labelled_by(label.id);
    });
    let (save, cancel) = ui
        .horizontal(|ui| (ui.button("Save").clicked(), ui.button("Cancel").clicked()))
        .inner;
    if save {
        match due(&editing.due) {
            Ok(new_due) => {
                let id = action.id;
                if editing.text.trim() != action.text {
                    changes.push(PlanChange::Action(ActionOp::Text {
                        id,
                        text: editing.text.clone(),
                    }));
                }
                for (part, line) in &editing.texts {
                    if Some(line.trim()) != action.text_part(*part) {
                        changes.push(PlanChange::Action(ActionOp::Part {
                            id,
                            part: *part,
                            text: line.clone(),
                        }));
                    }
                }
                if new_due != action.due {
                    changes.push(PlanChange::Action(ActionOp::Due { id, due: new_due }));
                }
                state.editing = None;
                state.problem = None;
            }
            Err(problem) => state.problem = Some(problem),
        }
    }
    if cancel {
        state.editing = None;
    }
}

fn add_ui(ui: &mut egui::Ui, state: &mut PlanState, changes: &mut Vec<PlanChange>) {
    ui.strong("Add an action");
    let label = ui.label("New action");
    ui.add(
        egui::TextEdit::multiline(&mut state.new_text)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    ui.horizontal_wrapped(|ui| {
        for part in ActionPart::texts() {
            let name = format!("{} of the new action", part.heading());
            super::plan_measure::text_part_ui(ui, part, state.new_texts.entry(part).or_default(), &name);
        }
        let label = ui.label("Due (YYYY-MM-DD)");
        ui.add(egui::TextEdit::singleline(&mut state.new_due).desired_width(100.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(!state.new_text.trim().is_empty(), egui::Button::new("Add action"))
            .clicked()
        {
            match due(&state.new_due) {
                Ok(new_due) => {
                    let id = Uuid::new_v4();
                    let mut texts = std::mem::take(&mut state.new_texts);
                    changes.push(PlanChange::Action(ActionOp::Add {
                        id,
                        text: std::mem::take(&mut state.new_text),
                        source: ActionSource::None,
                        owner: texts.remove(&ActionPart::OWNER).unwrap_or_default(),
                        due: new_due,
                    }));
                    for (part, text) in texts.into_iter().filter(|(_, text)| !text.trim().is_empty()) {
                        changes.push(PlanChange::Action(ActionOp::Part { id, part, text }));
                    }
                    state.new_due.clear();
                    state.problem = None;
                }
                Err(problem) => state.problem = Some(problem),
            }
        }
    });
}
