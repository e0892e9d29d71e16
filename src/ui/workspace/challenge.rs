//! The frame of the peer challenge: the peer team and its days on site
//! (written by the peer team), and the council's scope questions with the
//! peer team's response to each.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::{
    Assessment, ChallengeOp, Role, TeamMember, Visit,
    challenge::{format_date, parse_date},
    change::{EntryField, EntryKind, Subject},
    rules,
};

/// Drafts being typed.
#[derive(Default)]
pub struct ChallengeState {
    question: String,
    member: TeamMember,
    responses: HashMap<Uuid, String>,
    visit: Option<(String, String)>,
    problem: Option<String>,
}

impl ChallengeState {
    /// Forgets drafts that mirror stored values, after a reload.
    pub fn refresh(&mut self) {
        self.responses.clear();
        self.visit = None;
    }

    /// After another window or process changed the assessment: forgets the
    /// drafts that only mirrored what `before` held, so they show the new
    /// values, and keeps those someone is typing.
    pub fn rebase(&mut self, before: &Assessment) {
        self.responses.retain(|id, draft| {
            before
                .scope
                .iter()
                .find(|question| question.id == *id)
                .is_none_or(|question| question.response != *draft)
        });
        let stored = (format_date(before.visit.start), format_date(before.visit.end));
        if self.visit.as_ref() == Some(&stored) {
            self.visit = None;
        }
    }
}

/// Draws the view; returns the changes the user asked for.
pub fn challenge_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    role: Role,
    state: &mut ChallengeState,
) -> Vec<ChallengeOp> {
    let mut ops = Vec::new();
    ui.heading("Peer challenge");
    ui.label("Who the peer team are, when they are on site, and the questions the council asked them to explore.");
    if let Some(problem) = &state.problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    let may = |kind| {
        let subject = Subject::Entry(Uuid::nil(), EntryField::Entry(kind));
        rules::may_change(assessment, role, &subject)
            .err()
            .map(|e| e.to_string())
    };
    let peer_may = may(EntryKind::Team);
    let council_may = may(EntryKind::Scope);
    ui.add_space(8.0);
    team_ui(ui, assessment, peer_may.as_deref(), state, &mut ops);
    ui.add_space(8.0);
    visit_ui(ui, assessment, peer_may.as_deref(), state, &mut ops);
    ui.add_space(8.0);
    scope_ui(
        ui,
        assessment,
        council_may.as_deref(),
        peer_may.as_deref(),
        state,
        &mut ops,
    );
    ops
}

fn read_only(ui: &mut egui::Ui, reason: Option<&str>) {
    if let Some(reason) = reason {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).italics());
    }
}

fn team_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    locked: Option<&str>,
    state: &mut ChallengeState,
    ops: &mut Vec<ChallengeOp>,
) {
    ui.strong("The peer team");
    read_only(ui, locked);
    if assessment.team.is_empty() {
        ui.label(egui::RichText::new("No members recorded yet.").weak());
    }
    for member in &assessment.team {
        ui.horizontal_wrapped(|ui| {
            ui.label(member.describe());
            if locked.is_none() && ui.button(format!("Remove {}", member.name)).clicked() {
                ops.push(ChallengeOp::RemoveMember(member.id));
            }
        });
    }
    if locked.is_some() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let draft = &mut state.member;
        for (label, text, width) in [
            ("Name", &mut draft.name, 160.0),
            ("Role on the team", &mut draft.role, 140.0),
            ("Organisation", &mut draft.organisation, 200.0),
        ] {
            let label = ui.label(label);
            ui.add(egui::TextEdit::singleline(text).desired_width(width))
                .labelled_by(label.id);
        }
        if ui
            .add_enabled(!draft.name.trim().is_empty(), egui::Button::new("Add member"))
            .clicked()
        {
            let member = TeamMember {
                id: Uuid::nil(),
                name: draft.name.trim().to_owned(),
                role: draft.role.trim().to_owned(),
                organisation: draft.organisation.trim().to_owned(),
            };
            match ChallengeOp::AddMember(member).validated() {
                Ok(op) => {
                    ops.push(op);
                    *draft = TeamMember::default();
                    state.problem = None;
                }
                Err(problem) => state.problem = Some(problem),
            }
        }
    });
}

fn visit_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    locked: Option<&str>,
    state: &mut ChallengeState,
    ops: &mut Vec<ChallengeOp>,
) {
    ui.strong("Days on site");
    if locked.is_some() {
        let visit = assessment.visit.describe();
        ui.label(if visit.is_empty() {
            "Not recorded yet.".to_owned()
        } else {
            visit
        });
        return;
    }
    let (start, end) = state
        .visit
        .get_or_insert_with(|| (format_date(assessment.visit.start), format_date(assessment.visit.end)));
    ui.horizontal_wrapped(|ui| {
        date_field_ui(ui, "First day", start);
        date_field_ui(ui, "Last day", end);
        if ui.button("Save dates").clicked() {
            let visit = parse_date(start).and_then(|start| parse_date(end).map(|end| Visit { start, end }));
            match visit
                .map_err(|e| e.to_string())
                .and_then(|visit| ChallengeOp::SetVisit(visit).validated())
            {
                Ok(op) => {
                    ops.push(op);
                    state.problem = None;
                }
                Err(problem) => state.problem = Some(problem),
            }
        }
    });
}

fn scope_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    council_locked: Option<&str>,
    peer_locked: Option<&str>,
    state: &mut ChallengeState,
    ops: &mut Vec<ChallengeOp>,
) {
    ui.strong("Scope questions");
    ui.label(egui::RichText::new(
        "The council writes the questions; the peer team writes a response to each.",
    ));
    if assessment.scope.is_empty() {
        ui.label(egui::RichText::new("No scope questions yet.").weak());
    }
    for (index, question) in assessment.scope.iter().enumerate() {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("Q{}. {}", index + 1, question.question));
            if council_locked.is_none() && ui.button(format!("Remove Q{}", index + 1)).clicked() {
                ops.push(ChallengeOp::RemoveQuestion(question.id));
            }
        });
        if peer_locked.is_some() {
            let response = if question.response.is_empty() {
                "No response yet."
            } else {
                question.response.as_str()
            };
            ui.label(response);
            continue;
        }
        let draft = state
            .responses
            .entry(question.id)
            .or_insert_with(|| question.response.clone());
        let label = ui.label(format!("Response to Q{}", index + 1));
        let response = ui
            .add(
                egui::TextEdit::multiline(draft)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let changed = *draft != question.response;
        let save = ui
            .add_enabled(changed, egui::Button::new(format!("Save response to Q{}", index + 1)))
            .clicked();
        if changed && (save || response.lost_focus()) {
            ops.push(ChallengeOp::Respond {
                id: question.id,
                text: draft.clone(),
            });
        }
    }
    if council_locked.is_some() {
        read_only(ui, council_locked);
        return;
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        let label = ui.label("New question");
        let field = ui
            .add(egui::TextEdit::singleline(&mut state.question).desired_width(420.0))
            .labelled_by(label.id);
        let entered = crate::ui::input::entered(ui, &field);
        let filled = !state.question.trim().is_empty();
        if ui.add_enabled(filled, egui::Button::new("Add question")).clicked() || (entered && filled) {
            match ChallengeOp::AddQuestion(state.question.trim().to_owned()).validated() {
                Ok(op) => {
                    ops.push(op);
                    state.question.clear();
                    state.problem = None;
                }
                Err(problem) => state.problem = Some(problem),
            }
        }
    });
}

/// A date typed as YYYY-MM-DD, with a calendar beside it that writes the
/// same text: either way works, with the keyboard or the pointer.
fn date_field_ui(ui: &mut egui::Ui, label: &str, text: &mut String) {
    let caption = ui.label(label);
    ui.add(
        egui::TextEdit::singleline(text)
            .hint_text("YYYY-MM-DD")
            .desired_width(100.0),
    )
    .labelled_by(caption.id);
    let today = crate::text::today();
    let today = jiff::civil::Date::new(
        i16::try_from(today.year()).unwrap_or(2026),
        i8::try_from(u8::from(today.month())).unwrap_or(1),
        i8::try_from(today.day()).unwrap_or(1),
    );
    let Some(mut date) = text.trim().parse::<jiff::civil::Date>().ok().or(today.ok()) else {
        return;
    };
    let picked = ui
        .add(
            egui_extras::DatePickerButton::new(&mut date)
                .id_salt(label)
                .calendar_week(false)
                // Its year, month and day lists have no accessible names;
                // the arrows and the calendar grid do.
                .combo_boxes(false)
                .show_icon(false)
                .format("Calendar: %-d %b %Y"),
        )
        .on_hover_text(format!("Choose the {} from a calendar", label.to_lowercase()));
    if picked.changed() {
        *text = date.to_string();
    }
}
