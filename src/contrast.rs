//! WCAG 2's contrast ratio, in one place for the app's colours and the
//! shades the packs print text on.

/// WCAG 2's relative luminance of a colour whose red, green and blue are
/// each from 0 to 1.
pub fn luminance([red, green, blue]: [f64; 3]) -> f64 {
    let linear = |channel: f64| {
        if channel <= 0.040_45 {
            channel / 12.92
        } else {
            ((channel + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
}

/// WCAG 2's contrast ratio between two colours, from 1 to 21.
pub fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The contrast ratio between two grey levels (0 black, 1 white).
pub fn grey_ratio(a: f64, b: f64) -> f64 {
    ratio([a; 3], [b; 3])
}

#[cfg(test)]
mod tests {
    use super::{grey_ratio, ratio};
    use crate::{
        domain::Catalogue,
        packs::{Pack, PackKind, PackOptions, Paper},
    };

    #[test]
    fn black_on_white_is_twenty_one_to_one_and_grey_on_grey_one() {
        assert!((ratio([0.0; 3], [1.0; 3]) - 21.0).abs() < 1e-9);
        assert!((grey_ratio(0.5, 0.5) - 1.0).abs() < 1e-9);
    }

    /// The heat grid printed white on a mid grey at 4.29:1; every cell of
    /// every shipped framework's scale is now at least 4.5:1.
    #[test]
    fn every_heat_grid_cell_is_at_least_four_and_a_half_to_one() {
        let catalogue = Catalogue::builtin();
        let options = PackOptions {
            kind: PackKind::BlankForm,
            paper: Paper::A4,
            exported_on: time::macros::date!(2026 - 11 - 22),
            include_peer_review: true,
            share_safe: false,
            utc_offset: time::UtcOffset::UTC,
            include_scores: true,
        };
        for framework in catalogue.all() {
            let meta = Pack::build(framework, None, options).expect("a blank form").meta;
            for level in &meta.levels {
                let score = Some(level.score);
                let shade = meta.heat_grey(score);
                let text = if meta.heat_text_is_white(score) { 1.0 } else { 0.0 };
                let contrast = grey_ratio(shade, text);
                assert!(
                    contrast >= 4.5,
                    "{} level {}: {contrast:.2}:1",
                    framework.title,
                    level.score
                );
            }
        }
    }
}
