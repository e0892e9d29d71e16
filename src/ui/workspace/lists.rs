//! An ordered list of the peer team's writing — strengths, areas for
//! consideration, key messages, paragraphs, bullet lists — with add, edit,
//! move and remove. It only draws and reports the changes asked for.

use std::collections::HashMap;

use uuid::Uuid;

use super::reorder::Reorder;
use crate::domain::{Assessment, BulletList, ListEntry, ListKind, ListOp};
use crate::{packs::SUBHEADING_MARK, ui::named};

/// Drafts being typed and the entry being edited, for every list.
#[derive(Default)]
pub struct ListsState {
    drafts: HashMap<ListKind, String>,
    editing: Option<(Uuid, String)>,
    reorder: Reorder,
}

/// How entries are numbered and shown.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// "1. Text".
    Numbered,
    /// "• Text".
    Bullets,
    /// A sub-heading and its bullets, as a [`ListKind::Bullets`] entry holds them.
    Headed,
}

/// One list as the view shows it: which, under what title, in what style.
pub struct Shown<'a> {
    /// The list.
    pub list: ListKind,
    /// Its title, which also names its boxes and buttons.
    pub title: &'a str,
    /// How its entries look.
    pub style: Style,
}

/// Draws one list; pushes the changes asked for onto `ops`.
pub fn list_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    shown: &Shown<'_>,
    editable: bool,
    state: &mut ListsState,
    ops: &mut Vec<ListOp>,
) {
    let Shown { list, title, style } = *shown;
    ui.label(egui::RichText::new(title).strong());
    let entries: Vec<_> = assessment.peer.list(list).collect();
    if entries.is_empty() {
        ui.label(egui::RichText::new("None yet.").weak());
    }
    // Numbered as the report numbers them: a sub-heading ("## …") is not.
    let mut number = 0;
    for (index, entry) in entries.iter().enumerate() {
        let subheading = entry.text.strip_prefix(SUBHEADING_MARK);
        if subheading.is_none() {
            number += 1;
        }
        if let Some((id, text)) = &mut state.editing
            && *id == entry.id
        {
            let label = ui.label(format!("Editing {} {}", title, index + 1));
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(if style == Style::Headed { 5 } else { 3 })
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
        // The buttons come first, so they keep their places whatever the
        // length of the text beside them.
        ui.horizontal_top(|ui| {
            if editable {
                entry_buttons_ui(ui, entry, title, index, entries.len(), state, ops);
            }
            ui.vertical(|ui| match style {
                Style::Numbered => match subheading {
                    Some(heading) => {
                        ui.label(egui::RichText::new(heading.trim()).strong());
                    }
                    None => {
                        ui.label(format!("{number}. {}", entry.text));
                    }
                },
                Style::Bullets => {
                    ui.label(format!("• {}", entry.text));
                }
                Style::Headed => {
                    let bullets = BulletList::parse(&entry.text);
                    ui.label(egui::RichText::new(&bullets.heading).strong());
                    for item in &bullets.items {
                        ui.label(format!("• {item}"));
                    }
                }
            });
        });
    }
    if editable {
        add_ui(ui, list, title, style, state, ops);
    }
    ui.add_space(4.0);
}

fn entry_buttons_ui(
    ui: &mut egui::Ui,
    entry: &ListEntry,
    title: &str,
    index: usize,
    count: usize,
    state: &mut ListsState,
    ops: &mut Vec<ListOp>,
) {
    let id = entry.id;
    let what = format!(
        "{title} {}, {}",
        index + 1,
        crate::domain::change::preview(Some(&entry.text), 40)
    );
    if state
        .reorder
        .button(ui, (id, true), index > 0, "Up", &format!("Move {what} up"))
    {
        ops.push(ListOp::Move { id, up: true });
    }
    if state
        .reorder
        .button(ui, (id, false), index + 1 < count, "Down", &format!("Move {what} down"))
    {
        ops.push(ListOp::Move { id, up: false });
    }
    if named(ui.button("Edit"), &format!("Edit {what}")).clicked() {
        state.editing = Some((id, entry.text.clone()));
    }
    if named(ui.button("Remove"), &format!("Remove {what}")).clicked() {
        ops.push(ListOp::Remove { id });
    }
}

/// The box for a new entry and its Add button.
fn add_ui(ui: &mut egui::Ui, list: ListKind, title: &str, style: Style, state: &mut ListsState, ops: &mut Vec<ListOp>) {
    let draft = state.drafts.entry(list).or_default();
    // The box takes the width there is and the button sits below it, so
    // both stay in reach in a small window; Ctrl+Enter adds too.
    let label = ui.label(format!("New — {title}"));
    let hint = if style == Style::Headed {
        "The sub-heading on the first line, then one bullet on each line; Ctrl+Enter adds it"
    } else if style == Style::Numbered {
        "Write it here; a paragraph starting “## ” is a sub-heading; lines starting “- ” or “a) ” under its first line are a list; Ctrl+Enter adds it"
    } else {
        "Write it here; lines starting “- ” or “a) ” under its first line are a list; Ctrl+Enter adds it"
    };
    let field = ui
        .add(
            egui::TextEdit::multiline(draft)
                .desired_rows(if style == Style::Headed { 4 } else { 2 })
                .desired_width(f32::INFINITY)
                .hint_text(hint),
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
