//! The peer team's findings: key messages, and for each theme its strengths
//! and areas for consideration. Ordered lists with add, edit, move and
//! remove, editable in the Peer role only.

use std::collections::HashMap;

use uuid::Uuid;

use crate::domain::{Assessment, Framework, ListKind, ListOp};

/// Drafts being typed and the entry being edited.
#[derive(Default)]
pub struct FindingsState {
    drafts: HashMap<ListKind, String>,
    editing: Option<(Uuid, String)>,
}

/// Draws the findings; returns the list changes the user asked for.
pub fn findings_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    assessment: &Assessment,
    locked_because: Option<&str>,
    state: &mut FindingsState,
) -> Vec<ListOp> {
    let mut ops = Vec::new();
    ui.heading("Peer findings");
    if let Some(reason) = locked_because {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).italics());
    }
    let editable = locked_because.is_none();
    list_ui(
        ui,
        assessment,
        ListKind::KeyMessages,
        "Key messages",
        editable,
        state,
        &mut ops,
    );
    for theme in &framework.themes {
        ui.add_space(10.0);
        ui.strong(format!("{}. {}", theme.number, theme.title));
        for list in [ListKind::Strengths(theme.number), ListKind::Areas(theme.number)] {
            let title = format!("{} — theme {}", list.label(), theme.number);
            list_ui(ui, assessment, list, &title, editable, state, &mut ops);
        }
    }
    ops
}

fn list_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    list: ListKind,
    title: &str,
    editable: bool,
    state: &mut FindingsState,
    ops: &mut Vec<ListOp>,
) {
    ui.label(egui::RichText::new(title).strong());
    let entries: Vec<_> = assessment.peer.list(list).collect();
    if entries.is_empty() {
        ui.label(egui::RichText::new("None yet.").weak());
    }
    for (index, entry) in entries.iter().enumerate() {
        if let Some((id, text)) = &mut state.editing
            && *id == entry.id
        {
            let label = ui.label(format!("Editing {}.", index + 1));
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
            let (save, cancel) = ui
                .horizontal(|ui| (ui.button("Save").clicked(), ui.button("Cancel").clicked()))
                .inner;
            if save && !text.trim().is_empty() {
                ops.push(ListOp::Edit {
                    id: entry.id,
                    text: text.trim().to_owned(),
                });
            }
            if save || cancel {
                state.editing = None;
            }
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{}. {}", index + 1, entry.text));
            if editable {
                if ui.add_enabled(index > 0, egui::Button::new("Up")).clicked() {
                    ops.push(ListOp::Move { id: entry.id, up: true });
                }
                if ui
                    .add_enabled(index + 1 < entries.len(), egui::Button::new("Down"))
                    .clicked()
                {
                    ops.push(ListOp::Move {
                        id: entry.id,
                        up: false,
                    });
                }
                if ui.button("Edit").clicked() {
                    state.editing = Some((entry.id, entry.text.clone()));
                }
                if ui.button("Remove").clicked() {
                    ops.push(ListOp::Remove { id: entry.id });
                }
            }
        });
    }
    if editable {
        let draft = state.drafts.entry(list).or_default();
        // The box takes the width there is and the button sits below it, so
        // both stay in reach in a small window; Ctrl+Enter adds too.
        let label = ui.label(format!("New — {title}"));
        let field = ui
            .add(
                egui::TextEdit::multiline(draft)
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text("Write it here; Ctrl+Enter adds it"),
            )
            .labelled_by(label.id);
        let typed_add =
            field.has_focus() && ui.input_mut(|input| input.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
        let clicked_add = ui
            .add_enabled(!draft.trim().is_empty(), egui::Button::new(format!("Add to {title}")))
            .clicked();
        if (typed_add || clicked_add) && !draft.trim().is_empty() {
            ops.push(ListOp::Add {
                list,
                text: draft.trim().to_owned(),
            });
            draft.clear();
        }
    }
    ui.add_space(4.0);
}
