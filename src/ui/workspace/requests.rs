//! The requests for evidence in the Evidence view: the peer team asks for
//! a document or information (naming the items, if it wants); the council
//! answers each, provided as a document of the register or declined with a
//! reason. It only draws and reports the changes asked for.

use uuid::Uuid;

use super::evidence::{EvidenceAccess, EvidenceChange, EvidenceState};
use crate::domain::{
    Assessment, ItemId,
    challenge::format_date,
    evidence::{Answer, RequestOp, RequestStatus, items_key, parse_items},
};

/// The requests: the peer team asks, the council answers each.
pub(super) fn requests_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    access: &EvidenceAccess<'_>,
    state: &mut EvidenceState,
    changes: &mut Vec<EvidenceChange>,
) {
    let open = assessment
        .requests
        .iter()
        .filter(|r| r.status() == RequestStatus::Open)
        .count();
    ui.strong(format!("Requests ({} open of {})", open, assessment.requests.len()));
    for (number, request) in (1..).zip(&assessment.requests) {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("R{number}."));
            ui.label(&request.text);
            let items = items_key(&request.items);
            if !items.is_empty() {
                ui.label(egui::RichText::new(format!("Items {items}")).weak());
            }
            ui.label(
                egui::RichText::new(format!(
                    "— {} (asked by {})",
                    request.standing(assessment),
                    request.asked_by
                ))
                .weak(),
            );
        });
        if access.council.is_some() || request.status() != RequestStatus::Open {
            continue;
        }
        answer_ui(ui, assessment, number, request.id, state, changes);
    }
    if access.peer.is_some() {
        return;
    }
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("New request");
        ui.add(egui::TextEdit::singleline(&mut state.request).desired_width(320.0))
            .labelled_by(label.id);
        let label = ui.label("Items (e.g. 2.3)");
        ui.add(egui::TextEdit::singleline(&mut state.request_items).desired_width(90.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(!state.request.trim().is_empty(), egui::Button::new("Ask"))
            .clicked()
        {
            // An item the framework does not have is refused by the rules, with its number.
            let items: Vec<ItemId> = parse_items(&std::mem::take(&mut state.request_items));
            changes.push(EvidenceChange::Request(RequestOp::Ask {
                id: Uuid::new_v4(),
                text: std::mem::take(&mut state.request),
                items,
                on: crate::text::today(),
            }));
        }
    });
}

/// The council's answer to one open request: provided as a document of the
/// register, or declined with a reason.
fn answer_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    number: usize,
    request: Uuid,
    state: &mut EvidenceState,
    changes: &mut Vec<EvidenceChange>,
) {
    let today = format_date(Some(crate::text::today()));
    ui.horizontal_wrapped(|ui| {
        let label_text = format!("Provided as, for R{number}");
        let picked = state.provided.get(&request).copied();
        let chosen = picked
            .and_then(|id| assessment.document_number(id))
            .map_or_else(|| "Choose a document…".to_owned(), |n| format!("D{n}"));
        let mut choice = picked;
        crate::ui::labelled_combo(ui, (&label_text, &chosen), ("provided", request), |ui| {
            for (n, document) in (1..).zip(&assessment.documents) {
                ui.selectable_value(&mut choice, Some(document.id), format!("D{n}. {}", document.title));
            }
        });
        if let Some(choice) = choice {
            state.provided.insert(request, choice);
        }
        if ui
            .add_enabled(choice.is_some(), egui::Button::new(format!("Mark R{number} provided")))
            .clicked()
            && let Some(document) = choice
        {
            changes.push(EvidenceChange::Request(RequestOp::Answer {
                id: request,
                answer: Answer::Provided {
                    document,
                    on: today.clone(),
                },
            }));
        }
        let reason = state.reasons.entry(request).or_default();
        let label = ui.label(format!("Reason, for R{number}"));
        ui.add(egui::TextEdit::singleline(reason).desired_width(200.0))
            .labelled_by(label.id);
        if ui
            .add_enabled(
                !reason.trim().is_empty(),
                egui::Button::new(format!("Decline R{number}")),
            )
            .clicked()
        {
            changes.push(EvidenceChange::Request(RequestOp::Answer {
                id: request,
                answer: Answer::Declined {
                    reason: std::mem::take(reason),
                    on: today.clone(),
                },
            }));
        }
    });
}
