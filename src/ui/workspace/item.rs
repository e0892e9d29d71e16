//! One item: its outcome statement, evidence prompts, the council's score and
//! text, and the peer team's score and challenge (first, for the peer team). Draws from the answer and
//! reports changes; it never writes to the assessment itself. Fields the
//! current role may not change are shown read-only, with the reason.

use crate::domain::{Answer, AnswerValue, Change, Framework, Item, Score, Theme};

use super::Selection;

/// What the user did in the item view this frame.
#[derive(Default)]
pub struct ItemOutcome {
    /// Changes to this item's answer.
    pub changes: Vec<AnswerValue>,
    /// A text field lost focus (ends one undo step of typing).
    pub text_focus_lost: bool,
    /// Previous or Next was pressed.
    pub navigate: Option<Selection>,
    /// The user asked to see this item's history.
    pub show_history: bool,
    /// A text box, editable or not, has the pointer or keyboard focus.
    pub text_active: bool,
}

/// Which parts of the item the current role may change.
pub struct ItemAccess {
    /// `None` when the self fields are editable, else why not.
    pub self_locked_because: Option<String>,
    /// `None` when the peer fields are editable, else why not.
    pub peer_locked_because: Option<String>,
    /// Whether to show the peer fields at all.
    pub show_peer: bool,
    /// The peer team's fields come first: a reviewer works in them, and
    /// reads the council's answer below without scrolling to reach their own.
    pub peer_first: bool,
    /// Give the keyboard to the role's first text box (Enter was pressed):
    /// the basis for the council, the challenge for the peer team.
    pub start_writing: bool,
}

/// Draws item number `index` and returns what changed.
#[allow(clippy::too_many_arguments)]
pub fn item_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    theme: &Theme,
    item: &Item,
    answer: &Answer,
    index: usize,
    access: &ItemAccess,
    history: Option<&[Change]>,
    standings: &[crate::service::MeasureStanding],
) -> ItemOutcome {
    let mut outcome = ItemOutcome::default();
    item_header_ui(ui, framework, theme, item);
    let peer_first = access.show_peer && access.peer_first;
    let mut focus_lost = false;
    if peer_first {
        focus_lost |= peer_ui(ui, framework, item, answer, access, &mut outcome);
        ui.add_space(8.0);
        ui.strong("The council's self-assessment");
    }
    ui.strong("Score");
    locked_note_ui(ui, access.self_locked_because.as_deref());
    let self_enabled = access.self_locked_because.is_none();
    if let Some(Pick(score)) = score_picker_ui(ui, framework, answer.score, self_enabled, "") {
        outcome.changes.push(AnswerValue::Score(score));
    }
    ui.label(
        egui::RichText::new(format!(
            "Keys {} set your role’s score when no control has the keyboard and the pointer is not over a text box; arrows or N/P move between {}; Enter starts writing. F1 lists every key.",
            framework.scale.span(),
            framework.labels.items.to_lowercase()
        ))
        .weak(),
    );
    ui.add_space(8.0);
    let start_writing = access.start_writing && !access.peer_first && self_enabled;
    focus_lost |= self_text_ui(ui, framework, item, answer, (self_enabled, start_writing), &mut outcome);
    if access.show_peer && !peer_first {
        focus_lost |= peer_ui(ui, framework, item, answer, access, &mut outcome);
    }
    outcome.text_focus_lost = focus_lost;
    navigation_ui(ui, framework, index, &mut outcome);
    ui.add_space(8.0);
    // Below the fields and the navigation, so an item with measures moves
    // nothing the pointer may be on from one item to the next.
    let basis = self_enabled.then_some(answer.basis.as_str());
    if let Some(cited) = super::measures::item_measures_ui(ui, framework, item, standings, basis) {
        outcome.changes.push(AnswerValue::Basis(cited));
    }
    match history {
        None => {
            if ui
                .button("Show history")
                .on_hover_text("Every change to this item: who, when, from what to what")
                .clicked()
            {
                outcome.show_history = true;
            }
        }
        Some(entries) => super::history::entries_ui(ui, &framework.labels, false, entries),
    }
    outcome
}

fn item_header_ui(ui: &mut egui::Ui, framework: &Framework, theme: &Theme, item: &Item) {
    ui.label(egui::RichText::new(format!("Theme {}: {}", theme.number, theme.title)).weak());
    ui.heading(format!("{} {}", item.id, item.title));
    if let Some(reference) = &item.reference {
        ui.label(egui::RichText::new(format!("{} · {reference}", framework.short_title)).weak());
    }
    ui.add_space(4.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let caption = framework.labels.statement_caption(&theme.outcome_heading);
        ui.label(egui::RichText::new(caption).weak());
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
}

/// The council's two text fields; returns whether one lost focus.
fn self_text_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    item: &Item,
    answer: &Answer,
    (self_enabled, start_writing): (bool, bool),
    outcome: &mut ItemOutcome,
) -> bool {
    let mut focus_lost = false;
    let mut basis = answer.basis.clone();
    let response = text_field_ui(
        ui,
        &framework.labels.basis,
        ("basis", item.id.as_str()),
        &mut basis,
        self_enabled,
    );
    if start_writing {
        response.request_focus();
    }
    focus_lost |= response.lost_focus();
    outcome.text_active |= is_active(&response);
    if response.changed() {
        outcome.changes.push(AnswerValue::Basis(basis));
    }
    if answer.lacks_basis() {
        ui.label(egui::RichText::new(format!(
            "! This {} is scored but has nothing under “{}” yet.",
            framework.labels.item.to_lowercase(),
            framework.labels.basis
        )));
    }
    let mut notes = answer.notes.clone();
    let response = text_field_ui(
        ui,
        &framework.labels.notes,
        ("notes", item.id.as_str()),
        &mut notes,
        self_enabled,
    );
    focus_lost |= response.lost_focus();
    outcome.text_active |= is_active(&response);
    if response.changed() {
        outcome.changes.push(AnswerValue::Notes(notes));
    }
    focus_lost
}

/// The peer team's score and challenge; returns whether the text lost focus.
fn peer_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    item: &Item,
    answer: &Answer,
    access: &ItemAccess,
    outcome: &mut ItemOutcome,
) -> bool {
    ui.add_space(10.0);
    ui.separator();
    ui.strong("Peer challenge");
    locked_note_ui(ui, access.peer_locked_because.as_deref());
    let peer_enabled = access.peer_locked_because.is_none();
    if let Some(Pick(score)) = score_picker_ui(ui, framework, answer.peer_score, peer_enabled, "Peer score: ") {
        outcome.changes.push(AnswerValue::PeerScore(score));
    }
    let mut challenge = answer.challenge.clone();
    let response = text_field_ui(
        ui,
        "Challenge and queries",
        ("challenge", item.id.as_str()),
        &mut challenge,
        peer_enabled,
    );
    outcome.text_active |= is_active(&response);
    if access.start_writing && access.peer_first && peer_enabled {
        response.request_focus();
    }
    if response.changed() {
        outcome.changes.push(AnswerValue::Challenge(challenge));
    }
    response.lost_focus()
}

fn navigation_ui(ui: &mut egui::Ui, framework: &Framework, index: usize, outcome: &mut ItemOutcome) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let count = framework.item_count();
        let previous = crate::ui::Command::PreviousItem;
        let next = crate::ui::Command::NextItem;
        if ui
            .add_enabled(index > 0, egui::Button::new("← Previous"))
            .on_hover_text(format!("{} ({})", previous.tooltip(), previous.keys_text()))
            .clicked()
        {
            outcome.navigate = Some(Selection::Item(index - 1));
        }
        ui.label(format!("{} {} of {count}", framework.labels.item, index + 1));
        if ui
            .add_enabled(index + 1 < count, egui::Button::new("Next →"))
            .on_hover_text(format!("{} ({})", next.tooltip(), next.keys_text()))
            .clicked()
        {
            outcome.navigate = Some(Selection::Item(index + 1));
        }
    });
}

fn locked_note_ui(ui: &mut egui::Ui, reason: Option<&str>) {
    if let Some(reason) = reason {
        ui.label(egui::RichText::new(format!("Read-only: {reason}")).italics());
    }
}

/// A score the user picked in a score picker (`None` inside: "Not scored").
struct Pick(Option<Score>);

/// "Not scored" and one radio per level; returns a new choice.
fn score_picker_ui(
    ui: &mut egui::Ui,
    framework: &Framework,
    current: Option<Score>,
    enabled: bool,
    prefix: &str,
) -> Option<Pick> {
    let mut chosen = None;
    ui.add_enabled_ui(enabled, |ui| {
        if ui.radio(current.is_none(), format!("{prefix}Not scored")).clicked() && current.is_some() {
            chosen = Some(Pick(None));
        }
        for level in framework.scale.levels() {
            ui.horizontal_wrapped(|ui| {
                let selected = current == Some(level.score);
                let text = format!("{prefix}{}", framework.score_text(level.score));
                let hover = format!("{} (key {})", level.descriptor, level.score);
                if ui.radio(selected, text).on_hover_text(hover).clicked() && !selected {
                    chosen = Some(Pick(Some(level.score)));
                }
                ui.label(egui::RichText::new(&level.descriptor).weak());
            });
        }
    });
    chosen
}

/// Texts longer than this (in bytes, about 17,000 words) start folded: the
/// field shows its size and a button, so the item view stays quick however
/// much is pasted in.
const LONG_TEXT_BYTES: usize = 100_000;

fn text_field_ui(
    ui: &mut egui::Ui,
    label: &str,
    id_salt: (&str, &str),
    text: &mut String,
    enabled: bool,
) -> egui::Response {
    let label = ui.strong(label);
    if text.len() > LONG_TEXT_BYTES {
        let id = ui.make_persistent_id(("show long text", id_salt));
        let mut shown = ui.data_mut(|data| *data.get_temp_mut_or(id, false));
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} characters — long texts are folded to keep the window quick.",
                text.chars().count()
            ));
            let toggle = if shown { "Fold" } else { "Show to read or edit" };
            if ui.button(toggle).clicked() {
                shown = !shown;
                ui.data_mut(|data| data.insert_temp(id, shown));
            }
        });
        if !shown {
            return ui.allocate_response(egui::Vec2::ZERO, egui::Sense::hover());
        }
        return egui::ScrollArea::vertical()
            .id_salt(("long text", id_salt))
            .max_height(400.0)
            .show(ui, |ui| text_edit(ui, id_salt, text, enabled, label.id))
            .inner;
    }
    text_edit(ui, id_salt, text, enabled, label.id)
}

/// Whether a text box has the pointer over it or the keyboard focus.
fn is_active(response: &egui::Response) -> bool {
    response.hovered() || response.has_focus()
}

/// An editable text box, or, when `enabled` is false, a read-only one that
/// can still be focused, selected and copied — and takes the keys typed
/// into it, so they never reach a shortcut.
fn text_edit(
    ui: &mut egui::Ui,
    id_salt: (&str, &str),
    text: &mut String,
    enabled: bool,
    label: egui::Id,
) -> egui::Response {
    let mut read_only: &str = text.as_str();
    let buffer: &mut dyn egui::TextBuffer = if enabled { text } else { &mut read_only };
    ui.add(
        egui::TextEdit::multiline(buffer)
            .id_salt(id_salt)
            .desired_rows(5)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label)
}

/// The short form of a score for narrow places: "2", or "–" when not scored.
pub fn score_mark(score: Option<Score>) -> String {
    score.map_or_else(|| "–".to_owned(), |s| s.to_string())
}
