//! Both themes, light and dark, with every colour a user must read at a
//! contrast of at least 4.5:1 against what it sits on (WCAG 2.1 AA). The
//! choice — follow the system, light or dark — is egui's own option, which
//! eframe remembers between sessions along with the zoom.

use egui::{Color32, Theme, Visuals};

/// WCAG 2's contrast ratio between two colours, from 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f64 {
    let channels = |color: Color32| [color.r(), color.g(), color.b()].map(|value| f64::from(value) / 255.0);
    crate::contrast::ratio(channels(a), channels(b))
}

/// egui's visuals for `theme`, with the colours of hints, errors, warnings
/// and links made readable.
pub fn visuals(theme: Theme) -> Visuals {
    let mut visuals = match theme {
        Theme::Dark => Visuals::dark(),
        Theme::Light => Visuals::light(),
    };
    match theme {
        Theme::Dark => {
            visuals.weak_text_color = Some(Color32::from_gray(160));
            visuals.error_fg_color = Color32::from_rgb(255, 120, 120);
            visuals.warn_fg_color = Color32::from_rgb(255, 170, 60);
            visuals.hyperlink_color = Color32::from_rgb(120, 180, 255);
        }
        Theme::Light => {
            visuals.weak_text_color = Some(Color32::from_gray(90));
            visuals.error_fg_color = Color32::from_rgb(180, 0, 0);
            visuals.warn_fg_color = Color32::from_rgb(140, 80, 0);
            visuals.hyperlink_color = Color32::from_rgb(0, 80, 170);
        }
    }
    // Every control shows its edge — a text box, a check box, a button — at
    // 3:1 or more against what it sits on (WCAG 2.1, 1.4.11).
    let edge = match theme {
        Theme::Dark => Color32::from_gray(145),
        Theme::Light => Color32::from_gray(118),
    };
    visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, edge);
    visuals
}

/// Every control edge and what it sits on in `visuals`, named, for the
/// contrast tests (3:1 is asked of them).
pub fn edge_pairs(visuals: &Visuals) -> Vec<(&'static str, Color32, Color32)> {
    let edge = visuals.widgets.inactive.bg_stroke.color;
    vec![
        ("a control's edge on a panel", edge, visuals.panel_fill),
        ("a control's edge in a dialog", edge, visuals.window_fill),
        (
            "a control's edge on its own fill",
            edge,
            visuals.widgets.inactive.bg_fill,
        ),
        ("a text box's edge on its own fill", edge, visuals.text_edit_bg_color()),
    ]
}

/// Installs both themes; egui shows the one the user chose or the system's.
pub fn install(ctx: &egui::Context) {
    for theme in [Theme::Dark, Theme::Light] {
        ctx.set_visuals_of(theme, visuals(theme));
    }
}

/// Every pair of a readable colour and its background in `visuals`, named,
/// for the contrast tests.
pub fn text_pairs(visuals: &Visuals) -> Vec<(&'static str, Color32, Color32)> {
    let widgets = &visuals.widgets;
    vec![
        ("text on panel", visuals.text_color(), visuals.panel_fill),
        ("text in a dialog", visuals.text_color(), visuals.window_fill),
        ("hint on panel", visuals.weak_text_color(), visuals.panel_fill),
        ("error on panel", visuals.error_fg_color, visuals.panel_fill),
        ("warning on panel", visuals.warn_fg_color, visuals.panel_fill),
        ("link on panel", visuals.hyperlink_color, visuals.panel_fill),
        (
            "button text",
            widgets.inactive.text_color(),
            widgets.inactive.weak_bg_fill,
        ),
        (
            "button text, hovered",
            widgets.hovered.text_color(),
            widgets.hovered.weak_bg_fill,
        ),
        ("text box text", visuals.text_color(), visuals.text_edit_bg_color()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
    }

    #[test]
    fn every_control_edge_of_both_themes_is_at_least_three_to_one() {
        for theme in [Theme::Dark, Theme::Light] {
            for (what, edge, bg) in edge_pairs(&visuals(theme)) {
                let ratio = contrast(edge, bg);
                assert!(ratio >= 3.0, "{theme:?}: {what} is {ratio:.2}:1");
            }
        }
    }

    #[test]
    fn every_readable_colour_of_both_themes_is_at_least_four_and_a_half_to_one() {
        for theme in [Theme::Dark, Theme::Light] {
            for (what, fg, bg) in text_pairs(&visuals(theme)) {
                let ratio = contrast(fg, bg);
                assert!(ratio >= 4.5, "{theme:?}: {what} is {ratio:.2}:1");
            }
        }
    }
}
