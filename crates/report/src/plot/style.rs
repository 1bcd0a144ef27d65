//! Shared look of all figures: population colours and font sizes.

use super::{FONT, PlotError};
use eibal_model::Sign;
use plotters::chart::{ChartContext, SeriesLabelPosition};
use plotters::coord::CoordTranslate;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::element::PathElement;
use plotters::prelude::Cartesian2d;
use plotters::prelude::DrawingBackend;
use plotters::style::{BLACK, Color, RGBColor, ShapeStyle, WHITE};

/// Title font size (px).
pub const TITLE: u32 = 22;
/// Axis label font size (px).
pub const LABEL: u32 = 17;
/// Tick label and legend font size (px).
pub const TICK: u32 = 14;

/// Excitatory populations: reds; inhibitory: blues; mixed: greens/greys. Colour-blind safe
/// pairs from the Okabe-Ito palette where possible.
const EXCITATORY: [RGBColor; 4] = [
    RGBColor(213, 94, 0),
    RGBColor(230, 159, 0),
    RGBColor(204, 121, 167),
    RGBColor(150, 40, 27),
];
const INHIBITORY: [RGBColor; 4] = [
    RGBColor(0, 114, 178),
    RGBColor(86, 180, 233),
    RGBColor(40, 60, 140),
    RGBColor(0, 158, 115),
];
const MIXED: [RGBColor; 3] = [
    RGBColor(0, 158, 115),
    RGBColor(90, 90, 90),
    RGBColor(240, 200, 0),
];

/// The colour of the `index`-th population of its sign.
pub fn population_colour(index: usize, sign: Sign) -> RGBColor {
    match sign {
        Sign::Excitatory => EXCITATORY[index % EXCITATORY.len()],
        Sign::Inhibitory => INHIBITORY[index % INHIBITORY.len()],
        Sign::Mixed => MIXED[index % MIXED.len()],
    }
}

/// A general series colour (for curves that are not populations), by index.
pub fn series_colour(index: usize) -> RGBColor {
    const PALETTE: [RGBColor; 7] = [
        RGBColor(0, 114, 178),
        RGBColor(213, 94, 0),
        RGBColor(0, 158, 115),
        RGBColor(204, 121, 167),
        RGBColor(230, 159, 0),
        RGBColor(86, 180, 233),
        RGBColor(0, 0, 0),
    ];
    PALETTE[index % PALETTE.len()]
}

/// The legend sample of a line series: a short horizontal stroke in the series' style.
pub fn line_sample(style: ShapeStyle) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 22, y)], style)
}

/// Draws the labelled series of `chart` as the house legend: upper right, on a translucent
/// white box with a black border, in the tick font.
pub fn draw_legend<'a, DB, CT>(chart: &mut ChartContext<'a, DB, CT>) -> Result<(), PlotError>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    draw_legend_at(chart, SeriesLabelPosition::UpperRight)
}

/// [`draw_legend`] at another corner, for figures whose upper right holds data.
pub fn draw_legend_at<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> Result<(), PlotError>
where
    DB: DrawingBackend + 'a,
    CT: CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font((FONT, TICK))
        .draw()?;
    Ok(())
}

/// Draws the axes of `chart` in the house style: no grid, descriptions in the label font,
/// tick labels in the tick font.
pub fn draw_axes<'a, DB, X, Y, XT, YT>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    x_desc: &str,
    y_desc: &str,
) -> Result<(), PlotError>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style((FONT, LABEL))
        .label_style((FONT, TICK))
        .draw()?;
    Ok(())
}
