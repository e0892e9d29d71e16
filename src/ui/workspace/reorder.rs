//! Move buttons that stay under the pointer. A row moved one place down
//! takes its buttons with it, so the next click on the same spot would land
//! on a neighbour's button: a double click on "Down" moved one entry down
//! and the next back up. Here the view scrolls by the distance the moved
//! row's button travelled, so it is under the pointer again; where the view
//! cannot scroll that far, a click on another row's move button before the
//! pointer has moved is ignored, since it was aimed at the row that left.

use egui::{Id, Pos2, Rect, Response, Ui, Vec2};

/// Which move button was pressed last, and where it and the pointer were.
#[derive(Default)]
pub struct Reorder {
    last: Option<LastMove>,
}

struct LastMove {
    button: Id,
    rect: Rect,
    pointer: Option<Pos2>,
    followed: bool,
}

impl Reorder {
    /// Draws a move button; `key` names the row and direction (the same
    /// whichever place the row holds) and `name` is what a screen reader
    /// and the hover text say. True when it should move its row.
    pub fn button(
        &mut self,
        ui: &mut Ui,
        key: impl std::hash::Hash + std::fmt::Debug,
        enabled: bool,
        word: &str,
        name: &str,
    ) -> bool {
        let button = Id::unique(("reorder", key));
        let response = ui.add_enabled(enabled, egui::Button::new(word));
        let response = crate::ui::named(response, name);
        self.follow(ui, button, &response);
        if !response.clicked() {
            return false;
        }
        let pointer = ui.input(|input| input.pointer.interact_pos());
        if let Some(last) = &self.last
            && last.button != button
            && last.pointer.is_some()
            && last.pointer == pointer
        {
            return false;
        }
        self.last = Some(LastMove {
            button,
            rect: response.rect,
            pointer,
            followed: false,
        });
        true
    }

    /// Scrolls once so the button last pressed is back where it was.
    fn follow(&mut self, ui: &Ui, button: Id, response: &Response) {
        let Some(last) = &mut self.last else { return };
        if last.button != button || last.followed {
            return;
        }
        last.followed = true;
        let travelled = response.rect.top() - last.rect.top();
        if travelled.abs() > 0.5 {
            ui.scroll_with_delta_animation(Vec2::new(0.0, -travelled), egui::style::ScrollAnimation::none());
            last.rect = response.rect.translate(Vec2::new(0.0, -travelled));
            ui.ctx().request_repaint();
        }
    }
}
