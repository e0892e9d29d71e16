//! The theme-average bar chart as a PNG image, for documents that take
//! pictures rather than drawing (Word). Bars, axis and labels are drawn
//! into a bitmap: text with the embedded DejaVu Sans through `ab_glyph`,
//! so the image looks the same on every machine. The same input gives the
//! same bytes. Whoever places the image gives it its alternative text.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgba, RgbaImage};

use super::{HeatRow, PackMeta, SummaryRow, pdf::fonts::Face};

const WIDTH_PX: u32 = 1600;
const ROW_PX: u32 = 64;
const LABEL_PX: u32 = 560;
const TOP_PX: u32 = 20;
const TEXT_PX: f32 = 26.0;
pub(super) const INK: Rgba<u8> = Rgba([30, 30, 30, 255]);
pub(super) const SELF_INK: Rgba<u8> = Rgba([0x29, 0x45, 0x6E, 255]);
pub(super) const PEER_INK: Rgba<u8> = Rgba([150, 150, 150, 255]);
pub(super) const RULE: Rgba<u8> = Rgba([200, 200, 200, 255]);
pub(super) const WHITE: Rgba<u8> = Rgba([255, 255, 255, 255]);

/// Why the chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The embedded font could not be read; the build is broken.
    #[error("the embedded font could not be loaded")]
    Font,
    /// The PNG could not be written.
    #[error("could not write the chart image: {0}")]
    Png(#[from] image::ImageError),
}

/// The theme-average chart's heading.
pub fn averages_title(rows: &[SummaryRow]) -> &'static str {
    if rows.iter().any(|row| row.peer_average.is_some()) {
        "Average self and peer score by theme"
    } else {
        "Average self score by theme"
    }
}

/// The theme-average chart in words, for its alternative text: each
/// theme's average self score and, once the peer team has scored, its peer
/// score, on the framework's scale.
pub fn averages_alt(meta: &PackMeta, rows: &[SummaryRow]) -> String {
    let with_peer = rows.iter().any(|row| row.peer_average.is_some());
    let average = |value: Option<f64>| value.map_or_else(|| "not scored".to_owned(), |v| format!("{v:.1}"));
    let bars = rows
        .iter()
        .map(|row| {
            if with_peer {
                format!(
                    "{}: self {}, peer {}",
                    row.label,
                    average(row.average),
                    average(row.peer_average)
                )
            } else {
                format!("{}: {}", row.label, average(row.average))
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "Bar chart of each theme's average {} score on the scale from {}. {bars}.",
        if with_peer { "self and peer" } else { "self" },
        scale_range(meta),
    )
}

/// The grid of every item's score in words, for its alternative text.
pub fn grid_alt(meta: &PackMeta, rows: &[HeatRow]) -> String {
    let themes = rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .map(|cell| match cell.score {
                    Some(score) => format!("{} scored {score}", cell.number),
                    None => format!("{} not scored", cell.number),
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {cells}", row.label)
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "Grid of every {}'s score, one row per theme, on the scale from {}. {themes}.",
        meta.labels.item.to_lowercase(),
        scale_range(meta),
    )
}

/// "0 (Weak) to 3 (Excellent)".
fn scale_range(meta: &PackMeta) -> String {
    let end =
        |level: Option<&super::ScaleRow>| level.map_or_else(String::new, |l| format!("{} ({})", l.score, l.label));
    format!("{} to {}", end(meta.levels.first()), end(meta.levels.last()))
}

/// The chart's size in pixels, to place it at the right aspect.
pub fn size_px(rows: usize) -> (u32, u32) {
    let rows = u32::try_from(rows).unwrap_or(u32::MAX / ROW_PX).min(200);
    (WIDTH_PX, TOP_PX + rows * ROW_PX + 90)
}

/// The legend under the theme-average chart.
pub fn averages_legend(rows: &[SummaryRow]) -> &'static str {
    if rows.iter().any(|row| row.peer_average.is_some()) {
        "Dark bars: self-assessment. Grey bars: peer team."
    } else {
        "Average self-assessed score of each theme."
    }
}

/// Each row's `average` (dark bar) and `peer_average` (grey bar) on the
/// framework's scale, with `legend` under them, as PNG bytes.
pub fn theme_averages_png(meta: &PackMeta, rows: &[SummaryRow], legend: &str) -> Result<Vec<u8>, ChartError> {
    let font = FontRef::try_from_slice(Face::Regular.bytes()).map_err(|_| ChartError::Font)?;
    let (width, height) = size_px(rows.len());
    let mut image = RgbaImage::from_pixel(width, height, WHITE);
    let plot_left = LABEL_PX + 20;
    let plot_width = WIDTH_PX - plot_left - 140;
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let x_of = |value: f64| plot_left + (f64::from(plot_width) * meta.level_fraction(value)).round() as u32;
    let bottom = TOP_PX + u32::try_from(rows.len()).unwrap_or(0).min(200) * ROW_PX;
    for level in &meta.levels {
        let x = x_of(f64::from(level.score));
        fill(&mut image, x, TOP_PX, 2, bottom - TOP_PX + 8, RULE);
        text(
            &mut image,
            &font,
            x.saturating_sub(7),
            bottom + 14,
            &level.score.to_string(),
            INK,
        );
    }
    let with_peer = rows.iter().any(|row| row.peer_average.is_some());
    for (index, row) in rows.iter().enumerate() {
        let top = TOP_PX + u32::try_from(index).unwrap_or(0) * ROW_PX;
        text(
            &mut image,
            &font,
            10,
            top + 14,
            &fitted(&font, &row.label, LABEL_PX - 20),
            INK,
        );
        let bar = if with_peer { 22 } else { 40 };
        let bars = [
            (row.average, SELF_INK, top + 8),
            (row.peer_average, PEER_INK, top + 8 + bar + 2),
        ];
        for (value, ink, bar_top) in bars.into_iter().take(if with_peer { 2 } else { 1 }) {
            match value {
                Some(average) => {
                    let end = x_of(average).max(plot_left + 3);
                    fill(&mut image, plot_left, bar_top, end - plot_left, bar, ink);
                    text(&mut image, &font, end + 8, bar_top, &format!("{average:.1}"), INK);
                }
                None => text(&mut image, &font, plot_left + 6, bar_top, "not scored", PEER_INK),
            }
        }
    }
    text(&mut image, &font, plot_left, bottom + 50, legend, INK);
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Png)?;
    Ok(bytes.into_inner())
}

pub(super) fn fill(image: &mut RgbaImage, left: u32, top: u32, width: u32, height: u32, ink: Rgba<u8>) {
    for y in top..(top + height).min(image.height()) {
        for x in left..(left + width).min(image.width()) {
            image.put_pixel(x, y, ink);
        }
    }
}

/// `label`, shortened with an ellipsis to fit `width` pixels.
fn fitted(font: &FontRef<'_>, label: &str, width: u32) -> String {
    let scaled = font.as_scaled(PxScale::from(TEXT_PX));
    let measure = |text: &str| -> f32 { text.chars().map(|c| scaled.h_advance(font.glyph_id(c))).sum() };
    #[allow(clippy::cast_precision_loss)]
    let limit = width as f32;
    if measure(label) <= limit {
        return label.to_owned();
    }
    let mut shortened: String = label.to_owned();
    while !shortened.is_empty() && measure(&format!("{shortened}…")) > limit {
        shortened.pop();
    }
    format!("{}…", shortened.trim_end())
}

/// Draws `text` with its top-left at (`left`, `top`), blending coverage.
pub(super) fn text(image: &mut RgbaImage, font: &FontRef<'_>, left: u32, top: u32, text: &str, ink: Rgba<u8>) {
    let scaled = font.as_scaled(PxScale::from(TEXT_PX));
    #[allow(clippy::cast_precision_loss)]
    let mut caret = point(left as f32, top as f32 + scaled.ascent());
    for character in text.chars() {
        let glyph = scaled.scaled_glyph(character);
        let advance = scaled.h_advance(glyph.id);
        let mut glyph = glyph;
        glyph.position = caret;
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|x, y, coverage| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let (px, py) = (
                    (bounds.min.x as i64 + i64::from(x)),
                    (bounds.min.y as i64 + i64::from(y)),
                );
                if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py))
                    && px < image.width()
                    && py < image.height()
                {
                    let under = *image.get_pixel(px, py);
                    let blend = |from: u8, to: u8| -> u8 {
                        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                        let mixed = (f32::from(from) * (1.0 - coverage) + f32::from(to) * coverage).round() as u8;
                        mixed
                    };
                    image.put_pixel(
                        px,
                        py,
                        Rgba([
                            blend(under[0], ink[0]),
                            blend(under[1], ink[1]),
                            blend(under[2], ink[2]),
                            255,
                        ]),
                    );
                }
            });
        }
        caret.x += advance;
    }
}
