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
