//! The one contract every dialog keeps: it is a struct holding its own
//! state, drawn as a modal once a frame by [`Dialog::ui`], which answers
//! with an [`Outcome`] — stay open or close, and perhaps a [`Command`] for
//! the app to run. Nothing else: a dialog never writes data itself, so each
//! can be driven on its own in a test.

use super::Command;

/// What a dialog says after drawing one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Whether the dialog stays open.
    pub keep_open: bool,
    /// A command for the app to run.
    pub command: Option<Command>,
}

impl Outcome {
    /// Stays open; nothing to do.
    pub fn open() -> Self {
        Self {
            keep_open: true,
            command: None,
        }
    }

    /// Closes; nothing to do.
    pub fn closed() -> Self {
        Self {
            keep_open: false,
            command: None,
        }
    }

    /// Closes and asks for `command`.
    pub fn done(command: Command) -> Self {
        Self {
            keep_open: false,
            command: Some(command),
        }
    }

    /// Stays open (to show how `command` went) and asks for it.
    pub fn ask(command: Command) -> Self {
        Self {
            keep_open: true,
            command: Some(command),
        }
    }
}

/// A dialog: drawn once a frame while open.
pub trait Dialog {
    /// Draws the dialog as a modal and says what happened.
    fn ui(&mut self, ctx: &egui::Context) -> Outcome;
}

impl<D: Dialog + ?Sized> Dialog for Box<D> {
    fn ui(&mut self, ctx: &egui::Context) -> Outcome {
        (**self).ui(ctx)
    }
}

/// Draws the dialog in `slot` if one is open, closing it when it says so;
/// returns the command it asked for.
pub fn dialog_ui<D: Dialog>(slot: &mut Option<D>, ctx: &egui::Context) -> Option<Command> {
    let dialog = slot.as_mut()?;
    let outcome = dialog.ui(ctx);
    if !outcome.keep_open {
        *slot = None;
    }
    outcome.command
}

/// Called first inside a dialog's modal: in the first pass the dialog is
/// drawn, the keyboard moves to its first control, so a keyboard user
/// starts in the dialog rather than behind it (where the modal stops Tab
/// from reaching anything).
pub fn focus_first_when_opened(ui: &egui::Ui) {
    // An area's first pass only measures it, drawing nothing a key can reach.
    if ui.is_sizing_pass() || !ui.is_visible() {
        return;
    }
    let key = ui.scope_id().with("dialog_drawn_in_pass");
    let pass = ui.ctx().cumulative_pass_nr();
    let last = ui.data_mut(|data| data.get_temp::<u64>(key));
    ui.data_mut(|data| data.insert_temp(key, pass));
    if last.is_some_and(|last| last + 1 >= pass) {
        return;
    }
    ui.memory_mut(|memory| {
        if let Some(focused) = memory.focused() {
            memory.surrender_focus(focused);
        }
        memory.move_focus(egui::FocusDirection::Next);
    });
}

/// A dialog's heading, which also names the dialog for a screen reader
/// (a modal is otherwise a dialog with no name).
pub fn heading(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    let text = text.into();
    if let Some(dialog) = ui
        .stack()
        .iter()
        .find(|frame| frame.kind() == Some(egui::UiKind::Modal))
    {
        let id = dialog.unique_id;
        ui.ctx().accesskit_node_builder(id, |node| node.set_label(text.clone()));
    }
    ui.heading(text)
}
