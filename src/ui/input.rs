//! Input before egui sees it. egui takes the keyboard focus from a text box
//! as soon as a click lands elsewhere, before that frame's typing reaches
//! the box: a fast hand that types and clicks within one frame loses the
//! last characters. So when one frame's events hold typing followed by a
//! pointer press, the press and everything after it wait for the next frame.

use egui::Event;

/// Moves a pointer press that follows typing in `events`, and every event
/// after it, into `held`, for the next frame. Returns whether it held any.
pub fn hold_clicks_after_typing(events: &mut Vec<Event>, held: &mut Vec<Event>) -> bool {
    let mut typed = false;
    let press = events.iter().position(|event| {
        typed |= matches!(
            event,
            Event::Text(_) | Event::Paste(_) | Event::Key { pressed: true, .. }
        );
        typed && matches!(event, Event::PointerButton { pressed: true, .. })
    });
    match press {
        Some(at) => {
            held.extend(events.drain(at..));
            true
        }
        None => false,
    }
}

/// Drops pointer presses and releases: for a moment after a confirmation
/// closes, so the second click of a double click never lands on whatever
/// lay beneath the dialog.
pub fn drop_clicks(events: &mut Vec<Event>) {
    events.retain(|event| !matches!(event, Event::PointerButton { .. }));
}

/// Makes typed and pasted text plain text: the line breaks Word and other
/// programs paste as control characters (vertical tab, form feed, the
/// Unicode line and paragraph separators) become line breaks, and any
/// other control character but a tab is left out — text holds none (the
/// rules refuse them), and one pasted unseen would stop a save.
pub fn plain_text(events: &mut [Event]) {
    for event in events {
        if let Event::Text(text) | Event::Paste(text) = event
            && text
                .chars()
                .any(|c| c.is_control() && c != '\t' && c != '\n' || matches!(c, '\u{2028}' | '\u{2029}'))
        {
            *text = text
                .chars()
                .filter_map(|c| match c {
                    '\u{b}' | '\u{c}' | '\u{2028}' | '\u{2029}' => Some('\n'),
                    '\r' => None,
                    '\t' | '\n' => Some(c),
                    c if c.is_control() => None,
                    c => Some(c),
                })
                .collect();
        }
    }
}

/// Puts events held from the last frame before this frame's own.
pub fn release_held(events: &mut Vec<Event>, held: &mut Vec<Event>) {
    if !held.is_empty() {
        let mut released = std::mem::take(held);
        released.append(events);
        *events = released;
    }
}

/// Whether Enter was pressed in the one-line field `field`: egui takes the
/// focus away from a one-line field on Enter, so this is the field being
/// submitted, as its Add button would.
pub fn entered(ui: &egui::Ui, field: &egui::Response) -> bool {
    field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter))
}

/// Called last inside a scroll area's contents: when Tab has just moved the
/// keyboard to a control inside it, scrolls that control into view. egui
/// moves the focus without scrolling, so a keyboard user could land on a
/// control below the fold and not see it.
pub fn keep_focus_in_view(ui: &egui::Ui) {
    if !ui.input(|input| input.key_pressed(egui::Key::Tab)) {
        return;
    }
    let Some(response) = ui
        .memory(egui::Memory::focused)
        .and_then(|id| ui.ctx().read_response(id))
    else {
        return;
    };
    if ui.min_rect().contains_rect(response.rect) {
        ui.scroll_to_rect(response.rect, None);
    }
}

#[cfg(test)]
mod tests {
    use egui::{Modifiers, PointerButton, Pos2};

    use super::*;

    #[test]
    fn pasted_text_from_word_keeps_its_line_breaks_and_loses_its_controls() {
        let mut events = vec![
            Event::Paste("Prevention\u{b}Recovery\u{c}Long Term Support\r\n\u{7}Done\u{1b}\tok".into()),
            Event::Text("a\u{2028}b".into()),
        ];
        plain_text(&mut events);
        assert_eq!(
            events,
            [
                Event::Paste("Prevention\nRecovery\nLong Term Support\nDone\tok".into()),
                Event::Text("a\nb".into()),
            ]
        );
    }

    fn press() -> Event {
        Event::PointerButton {
            pos: Pos2::ZERO,
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        }
    }

    #[test]
    fn a_click_after_typing_waits_for_the_next_frame() {
        let mut events = vec![Event::Text("r".into()), press(), Event::Text("x".into())];
        let mut held = Vec::new();
        assert!(hold_clicks_after_typing(&mut events, &mut held));
        assert_eq!(events, [Event::Text("r".into())]);
        assert_eq!(held.len(), 2);
        let mut next = vec![Event::Text("y".into())];
        release_held(&mut next, &mut held);
        assert_eq!(next.len(), 3);
        assert!(held.is_empty());
    }

    #[test]
    fn a_click_alone_or_before_typing_goes_through() {
        let mut held = Vec::new();
        let mut events = vec![press(), Event::Text("r".into())];
        assert!(!hold_clicks_after_typing(&mut events, &mut held));
        assert_eq!(events.len(), 2);
    }
}
