//! The evidence in the app: under each item, the documents that support it
//! (link, unlink, add one, open its file); and the Evidence view, with the
//! whole register (the council's; the peer team marks what it considered)
//! and the requests (the peer team asks, the council answers provided or
//! declined). It only draws and reports the changes asked for.

use std::path::PathBuf;

use uuid::Uuid;

use crate::domain::{
    Assessment, ItemId,
    evidence::{Attached, DocumentOp, Particulars, RequestOp, cited_numbers, items_key, parse_items},
};

/// Drafts being typed, and what this copy holds.
#[derive(Default)]
pub struct EvidenceState {
    /// The database's size on disk, in bytes.
    pub database_bytes: u64,
    /// The digests of files the register names but this copy does not hold
    /// yet (they come with the evidence bundle).
    pub missing: std::collections::HashSet<String>,
    title: String,
    particulars: Particulars,
    items: String,
    /// The file to attach to the next document added.
    pub file: Option<PathBuf>,
    item_title: String,
    link: Option<Uuid>,
    pub(super) request: String,
    pub(super) request_items: String,
    pub(super) reasons: std::collections::HashMap<Uuid, String>,
    pub(super) provided: std::collections::HashMap<Uuid, Uuid>,
    /// A document being corrected: its id, title and particulars as typed.
    editing: Option<(Uuid, String, Particulars)>,
    /// The document whose removal waits to be confirmed.
    removing: Option<Uuid>,
}

/// What the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceChange {
    /// Change the register.
    Document(DocumentOp),
    /// Add a document, with its file if one was chosen.
    Add {
        /// Its title.
        title: String,
        /// Reference, date, owner, description.
        particulars: Particulars,
        /// The items it supports.
        items: Vec<ItemId>,
        /// The file to attach.
        file: Option<PathBuf>,
    },
    /// Ask or answer a request.
    Request(RequestOp),
    /// Open an attached file with the system's program for it.
    Open(Attached),
    /// Choose a file to attach: to the next document added (`None`), or to
    /// this one.
    ChooseFile(Option<Uuid>),
    /// Choose an evidence bundle to import.
    ChooseBundle,
}

/// Why each side may not change the evidence now (`None`: it may).
pub struct EvidenceAccess<'a> {
    /// Why the council may not change the register or answer (or `None`).
    pub council: Option<&'a str>,
    /// Why the peer team may not ask or mark documents considered (or `None`).
    pub peer: Option<&'a str>,
}

/// What the item's evidence section asked for.
#[derive(Default)]
pub struct ItemEvidence {
    /// Changes to the register, and files to open.
    pub changes: Vec<EvidenceChange>,
    /// The basis with a citation added, to save as the council's edit.
    pub cite: Option<String>,
}

/// Under an item: the documents that support it, and those its basis cites.
/// `can_cite` says whether the basis may be edited now.
pub fn item_evidence_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    item: &ItemId,
    access: &EvidenceAccess<'_>,
    can_cite: bool,
    state: &mut EvidenceState,
) -> ItemEvidence {
    let mut changes = Vec::new();
    let mut cite = None;
    ui.add_space(8.0);
    ui.strong("Evidence");
    let basis = &assessment.answer(item).basis;
    let cited = cited_numbers(basis);
    citations_ui(ui, assessment, &cited);
    let linked = assessment.documents_for(item);
    if linked.is_empty() {
        ui.label(egui::RichText::new("No document of the register supports this item yet.").weak());
    }
    for (number, document) in &linked {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("D{number}. {}", document.title));
            if !document.particulars.reference.is_empty() {
                ui.label(egui::RichText::new(&document.particulars.reference).weak());
            }
            if let Some(file) = &document.file
                && let Some(open) = file_ui(ui, *number, file, state)
            {
                changes.push(open);
            }
            // Once cited the button stays, greyed, in its place: a double
            // click never lands on the Unlink beside it.
            let already = cited.contains(number);
            let label = if already {
                format!("Cited D{number}")
            } else {
                format!("Cite D{number}")
            };
            if can_cite
                && ui
                    .add_enabled(!already, egui::Button::new(label).min_size(egui::vec2(88.0, 0.0)))
                    .on_hover_text("Adds the document's number to the basis for this score")
                    .on_disabled_hover_text("The basis for this score cites this document")
                    .clicked()
            {
                let joined = if basis.trim().is_empty() { "" } else { " " };
                cite = Some(format!("{}{joined}(D{number})", basis.trim_end()));
            }
            if access.council.is_none() && ui.button(format!("Unlink D{number}")).clicked() {
                let items = document.items.iter().filter(|i| *i != item).cloned().collect();
                changes.push(EvidenceChange::Document(DocumentOp::Link { id: document.id, items }));
            }
        });
    }
    if access.council.is_some() {
        return ItemEvidence { changes, cite };
    }
    let others: Vec<(usize, &crate::domain::evidence::Document)> = (1..)
        .zip(&assessment.documents)
        .filter(|(_, document)| !document.items.contains(item))
        .collect();
    if !others.is_empty() {
        ui.horizontal_wrapped(|ui| {
            let chosen = state
                .link
                .and_then(|id| others.iter().find(|(_, d)| d.id == id))
                .map_or_else(|| "Choose…".to_owned(), |(n, d)| format!("D{n}. {}", d.title));
            crate::ui::labelled_combo(
                ui,
                ("Link a document", &chosen),
                ("link_document", item.as_str()),
                |ui| {
                    for (number, document) in &others {
                        ui.selectable_value(
                            &mut state.link,
                            Some(document.id),
                            format!("D{number}. {}", document.title),
                        );
                    }
                },
            );
            let picked = state.link.and_then(|id| others.iter().find(|(_, d)| d.id == id));
            if ui.add_enabled(picked.is_some(), egui::Button::new("Link")).clicked()
                && let Some((_, document)) = picked
            {
                let mut items = document.items.clone();
                items.push(item.clone());
                changes.push(EvidenceChange::Document(DocumentOp::Link { id: document.id, items }));
                state.link = None;
            }
        });
    }
    new_item_document_ui(ui, item, state, &mut changes);
    ItemEvidence { changes, cite }
}

/// A new document of the register, named here and linked to this item.
fn new_item_document_ui(
    ui: &mut egui::Ui,
    item: &ItemId,
    state: &mut EvidenceState,
    changes: &mut Vec<EvidenceChange>,
) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("New document for this item");
        let field = ui
            .add(egui::TextEdit::singleline(&mut state.item_title).desired_width(280.0))
            .labelled_by(label.id);
        let entered = crate::ui::input::entered(ui, &field);
        let filled = !state.item_title.trim().is_empty();
        if ui
            .add_enabled(filled, egui::Button::new("Add to the register"))
            .clicked()
            || (entered && filled)
        {
            changes.push(EvidenceChange::Add {
                title: std::mem::take(&mut state.item_title),
                particulars: Particulars::default(),
                items: vec![item.clone()],
                file: None,
            });
        }
    });
}

/// A document's attached file: a button to open it, or word that it is
/// still to come in the evidence bundle.
fn file_ui(ui: &mut egui::Ui, number: usize, file: &Attached, state: &EvidenceState) -> Option<EvidenceChange> {
    if state.missing.contains(&file.sha256) {
        ui.label(
            egui::RichText::new(format!(
                "{}: not in this copy yet (import the evidence bundle)",
                file.name
            ))
            .weak(),
        );
        return None;
    }
    ui.button(format!("Open D{number}"))
        .on_hover_text(&file.name)
        .clicked()
        .then(|| EvidenceChange::Open(file.clone()))
}

/// The documents the basis cites by number, each with its title, or a
/// warning for a number the register does not have.
fn citations_ui(ui: &mut egui::Ui, assessment: &Assessment, cited: &[usize]) {
    if cited.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("The basis cites");
        for &number in cited {
            match assessment.document(number) {
                Some(document) => ui.label(format!("D{number} ({})", document.title)),
                None => ui.colored_label(ui.visuals().warn_fg_color, format!("D{number} (not in the register)")),
            };
        }
    });
}

/// The Evidence view: the register and the requests.
pub fn evidence_ui(
    ui: &mut egui::Ui,
    assessment: &Assessment,
    access: &EvidenceAccess<'_>,
    state: &mut EvidenceState,
) -> Vec<EvidenceChange> {
    let mut changes = Vec::new();
    ui.heading("Evidence");
    ui.label(format!(
        "The council's register of documents behind the scores, and the peer team's requests. Attached files are \
         kept inside the database, which is {}; Export… → The evidence bundle carries them to the peer team.",
        crate::text::file_size(state.database_bytes)
    ));
    ui.add_space(6.0);
    ui.strong(format!(
        "Register ({})",
        crate::text::count(assessment.documents.len(), "document")
    ));
    if let Some(reason) = access.council {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).italics());
    }
    for (number, document) in (1..).zip(&assessment.documents) {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!("D{number}."));
            ui.label(&document.title);
            let p = &document.particulars;
            let details: Vec<&str> = [p.reference.as_str(), p.date.as_str(), p.owner.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if !details.is_empty() {
                ui.label(egui::RichText::new(details.join(" · ")).weak());
            }
            let items = items_key(&document.items);
            ui.label(if items.is_empty() {
                "no items".to_owned()
            } else {
                format!("Items {items}")
            });
            if let Some(file) = &document.file
                && let Some(open) = file_ui(ui, number, file, state)
            {
                changes.push(open);
            }
            let mut considered = document.considered;
            let checkbox = ui.add_enabled(
                access.peer.is_none(),
                egui::Checkbox::new(&mut considered, format!("D{number} considered")),
            );
            if checkbox.changed() {
                changes.push(EvidenceChange::Document(DocumentOp::Considered {
                    id: document.id,
                    considered,
                }));
            }
            if access.council.is_none() {
                council_buttons(ui, number, document, state, &mut changes);
            }
        });
        if access.council.is_none() {
            confirm_remove_ui(ui, number, document, state, &mut changes);
            edit_ui(ui, number, document.id, state, &mut changes);
        }
    }
    if access.council.is_none() {
        add_ui(ui, state, &mut changes);
    }
    if ui
        .button("Import an evidence bundle…")
        .on_hover_text("Add the files of the council's evidence bundle to this copy (import its exchange file first)")
        .clicked()
    {
        changes.push(EvidenceChange::ChooseBundle);
    }
    ui.add_space(10.0);
    super::requests::requests_ui(ui, assessment, access, state, &mut changes);
    changes
}

/// The council's buttons on a document's row: correct it, attach a file to
/// it, remove it (after a confirmation).
fn council_buttons(
    ui: &mut egui::Ui,
    number: usize,
    document: &crate::domain::evidence::Document,
    state: &mut EvidenceState,
    changes: &mut Vec<EvidenceChange>,
) {
    if ui.button(format!("Edit D{number}")).clicked() {
        state.editing = Some((document.id, document.title.clone(), document.particulars.clone()));
    }
    if document.file.is_none()
        && ui
            .button(format!("Attach a file to D{number}…"))
            .on_hover_text("Stored inside the database; at most 100 MB")
            .clicked()
    {
        changes.push(EvidenceChange::ChooseFile(Some(document.id)));
    }
    if ui.button(format!("Remove D{number}")).clicked() {
        state.removing = Some(document.id);
    }
}

/// Asks before a document leaves the register.
fn confirm_remove_ui(
    ui: &mut egui::Ui,
    number: usize,
    document: &crate::domain::evidence::Document,
    state: &mut EvidenceState,
    changes: &mut Vec<EvidenceChange>,
) {
    if state.removing != Some(document.id) {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!(
                "Remove D{number} “{}” from the register? Its links to items go with it, and the documents after it are numbered one lower.",
                document.title
            ),
        );
        if ui.button(format!("Yes, remove D{number}")).clicked() {
            changes.push(EvidenceChange::Document(DocumentOp::Remove { id: document.id }));
            state.removing = None;
        }
        if ui.button("Keep it").clicked() {
            state.removing = None;
        }
    });
}

/// Correcting a document's title and particulars.
fn edit_ui(ui: &mut egui::Ui, number: usize, id: Uuid, state: &mut EvidenceState, changes: &mut Vec<EvidenceChange>) {
    let Some((editing, title, particulars)) = &mut state.editing else {
        return;
    };
    if *editing != id {
        return;
    }
    let mut done = false;
    ui.indent(("edit_document", id), |ui| {
        particulars_grid(
            ui,
            ("edit_grid", id),
            &format!(" of D{number}"),
            title,
            particulars,
            None,
        );
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!title.trim().is_empty(), egui::Button::new(format!("Save D{number}")))
                .clicked()
            {
                changes.push(EvidenceChange::Document(DocumentOp::Edit {
                    id,
                    title: title.trim().to_owned(),
                    particulars: particulars.clone(),
                }));
                done = true;
            }
            if ui.button("Cancel").clicked() {
                done = true;
            }
        });
    });
    if done {
        state.editing = None;
    }
}

/// The title and particulars as labelled boxes, and the items if given;
/// `of` names the document being corrected ("" for a new one).
fn particulars_grid(
    ui: &mut egui::Ui,
    id: impl std::hash::Hash + std::fmt::Debug,
    of: &str,
    title: &mut String,
    particulars: &mut Particulars,
    items: Option<&mut String>,
) {
    egui::Grid::new(id).num_columns(2).show(ui, |ui| {
        let mut boxes = vec![
            ("Document title", title),
            ("Reference", &mut particulars.reference),
            ("Date (YYYY-MM-DD)", &mut particulars.date),
            ("Owner", &mut particulars.owner),
            ("Description", &mut particulars.description),
        ];
        if let Some(items) = items {
            boxes.push(("Items it supports (e.g. 1.1,2.3)", items));
        }
        for (label, text) in boxes {
            let label = ui.label(format!("{label}{of}"));
            ui.add(egui::TextEdit::singleline(text).desired_width(360.0))
                .labelled_by(label.id);
            ui.end_row();
        }
    });
}

fn add_ui(ui: &mut egui::Ui, state: &mut EvidenceState, changes: &mut Vec<EvidenceChange>) {
    ui.add_space(4.0);
    particulars_grid(
        ui,
        "add_document",
        "",
        &mut state.title,
        &mut state.particulars,
        Some(&mut state.items),
    );
    ui.horizontal_wrapped(|ui| {
        let file = state.file.as_ref().map_or_else(
            || "No file attached".to_owned(),
            |path| format!("File: {}", path.display()),
        );
        ui.label(file);
        if ui.button("Attach a file…").clicked() {
            changes.push(EvidenceChange::ChooseFile(None));
        }
        if state.file.is_some() && ui.button("No file").clicked() {
            state.file = None;
        }
        if ui
            .add_enabled(!state.title.trim().is_empty(), egui::Button::new("Add document"))
            .clicked()
        {
            changes.push(EvidenceChange::Add {
                title: std::mem::take(&mut state.title),
                particulars: std::mem::take(&mut state.particulars),
                items: parse_items(&std::mem::take(&mut state.items)),
                file: state.file.take(),
            });
        }
    });
}
