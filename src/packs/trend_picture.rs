//! A measure's trend as a PNG picture, for Word: the same small line chart
//! the PDF draws — the council's values as a dark line with filled points,
//! England's as a grey line with open points, a gap for a year not
//! published — with the axis labelled in the embedded font. The heading
//! and the alternative text are the document's, not the picture's.

use ab_glyph::FontRef;
use image::{Rgba, RgbaImage};

use super::{
    TrendChart,
    chart::{ChartError, INK, PEER_INK, RULE, SELF_INK, WHITE, fill, text},
    pdf::fonts::Face,
};

/// The picture's size in pixels.
pub const TREND_SIZE_PX: (u32, u32) = (1200, 420);
const PLOT_LEFT: u32 = 150;
const PLOT_RIGHT: u32 = 1140;
const PLOT_TOP: u32 = 30;
const PLOT_BOTTOM: u32 = 350;

/// `chart` as PNG bytes; the same chart gives the same bytes.
pub fn trend_png(chart: &TrendChart) -> Result<Vec<u8>, ChartError> {
    let font = FontRef::try_from_slice(Face::Regular.bytes()).map_err(|_| ChartError::Font)?;
    let (width, height) = TREND_SIZE_PX;
    let mut image = RgbaImage::from_pixel(width, height, WHITE);
    let Some((low, high)) = chart.range() else {
        return encode(&image);
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let y_of = |value: f64| {
        let fraction = ((value - low) / (high - low)).clamp(0.0, 1.0);
        PLOT_BOTTOM - (f64::from(PLOT_BOTTOM - PLOT_TOP) * fraction).round() as u32
    };
    let count = u32::try_from(chart.points.len().max(2) - 1).unwrap_or(1);
    let x_of = |index: usize| PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * u32::try_from(index).unwrap_or(0) / count;
    let unit = if chart.unit == "%" { "%" } else { "" };
    for value in [low, high] {
        let y = y_of(value);
        fill(&mut image, PLOT_LEFT, y, PLOT_RIGHT - PLOT_LEFT, 2, RULE);
        text(
            &mut image,
            &font,
            10,
            y.saturating_sub(14),
            &format!("{value:.1}{unit}"),
            INK,
        );
    }
    for (index, point) in chart.points.iter().enumerate() {
        let period = &point.period;
        text(
            &mut image,
            &font,
            x_of(index).saturating_sub(50),
            PLOT_BOTTOM + 20,
            period,
            INK,
        );
    }
    for (council, points) in chart.lines(|index, value| (x_of(index), y_of(value))) {
        let (ink, filled) = if council { (SELF_INK, true) } else { (PEER_INK, false) };
        for pair in points.windows(2) {
            if let [Some(from), Some(to)] = pair {
                line(&mut image, *from, *to, ink);
            }
        }
        for (x, y) in points.into_iter().flatten() {
            fill(&mut image, x.saturating_sub(8), y.saturating_sub(8), 17, 17, ink);
            if !filled {
                fill(&mut image, x.saturating_sub(5), y.saturating_sub(5), 11, 11, WHITE);
            }
        }
    }
    encode(&image)
}

/// A line four pixels thick from `from` to `to`, stamped a pixel at a time.
fn line(image: &mut RgbaImage, from: (u32, u32), to: (u32, u32), ink: Rgba<u8>) {
    let (dx, dy) = (f64::from(to.0) - f64::from(from.0), f64::from(to.1) - f64::from(from.1));
    let steps = dx.abs().max(dy.abs()).max(1.0);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    for step in 0..=steps as u32 {
        let along = f64::from(step) / steps;
        let x = (f64::from(from.0) + dx * along).round() as u32;
        let y = (f64::from(from.1) + dy * along).round() as u32;
        fill(image, x.saturating_sub(2), y.saturating_sub(2), 4, 4, ink);
    }
}

fn encode(image: &RgbaImage) -> Result<Vec<u8>, ChartError> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png)?;
    Ok(bytes.into_inner())
}
