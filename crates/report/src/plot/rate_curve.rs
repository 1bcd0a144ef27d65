//! Rate against a swept parameter: the theory as lines (unstable points ringed), simulations
//! as points with error bars (mean +- standard error) and predicted critical values as
//! vertical dashed lines.

use super::style;
use super::style::{LABEL, TICK, TITLE, population_colour, series_colour};
use super::{FONT, Figure, PlotError};
use eibal_model::Sign;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One theory curve.
#[derive(Debug, Clone)]
pub struct Curve {
    pub label: String,
    pub population: usize,
    pub sign: Sign,
    /// Index of the curve's value of the second axis (0 with one axis).
    pub series: usize,
    /// (parameter in display units, rate in Hz).
    pub points: Vec<(f64, f64)>,
    /// The points whose fixed point is predicted unstable.
    pub unstable: Vec<(f64, f64)>,
}

/// Simulated points of one population: (parameter, mean rate, standard error).
#[derive(Debug, Clone)]
pub struct SimSeries {
    pub label: String,
    pub population: usize,
    pub sign: Sign,
    pub series: usize,
    pub points: Vec<(f64, f64, f64)>,
}

/// A vertical marker (a critical value).
#[derive(Debug, Clone)]
pub struct Marker {
    pub x: f64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct RateCurve {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub curves: Vec<Curve>,
    pub simulations: Vec<SimSeries>,
    pub critical: Vec<Marker>,
    /// Parameter values (display units) where every simulated seed failed (e.g. the network
    /// exploded): drawn as crosses along the top, so that a missing point is not mistaken for
    /// a point that was not simulated.
    pub failed: Vec<f64>,
}

impl RateCurve {
    fn colour(&self, population: usize, sign: Sign, series: usize) -> RGBColor {
        let many = self.curves.iter().any(|c| c.series > 0);
        if many {
            let n_pop = self
                .curves
                .iter()
                .map(|c| c.population + 1)
                .max()
                .unwrap_or(1);
            series_colour(series * n_pop + population)
        } else {
            population_colour(population, sign)
        }
    }

    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let xs = self
            .curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p.0))
            .chain(
                self.simulations
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| p.0)),
            )
            .chain(self.critical.iter().map(|m| m.x))
            .chain(self.failed.iter().copied());
        let ys = self
            .curves
            .iter()
            .flat_map(|c| c.points.iter().map(|p| p.1))
            .chain(
                self.simulations
                    .iter()
                    .flat_map(|s| s.points.iter().flat_map(|p| [p.1 + p.2, p.1 - p.2])),
            );
        let span = |it: &mut dyn Iterator<Item = f64>| {
            it.filter(|v| v.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(v), b.max(v))
                })
        };
        let (mut x0, mut x1) = span(&mut { xs });
        // Rates start at 0; activities of rate units may be negative.
        let (y0, mut y1) = span(&mut { ys });
        let y0 = if y0.is_finite() { y0.min(0.0) } else { 0.0 };
        if !x0.is_finite() {
            (x0, x1) = (0.0, 1.0);
        }
        if x1 <= x0 {
            (x0, x1) = (x0 - 0.5, x1 + 0.5);
        }
        if !(y1.is_finite() && y1 > y0) {
            y1 = y0 + 1.0;
        }
        let y0 = if y0 < 0.0 { y0 - 0.05 * (y1 - y0) } else { y0 };
        let pad = 0.03 * (x1 - x0);
        // Head room for the legend (upper right), one line per entry.
        let entries = self.curves.len()
            + self.simulations.len()
            + self.critical.len()
            + usize::from(self.curves.iter().any(|c| !c.unstable.is_empty()));
        (
            (x0 - pad, x1 + pad),
            (y0, y0 + (y1 - y0) * (1.15 + 0.06 * entries as f64)),
        )
    }
}

impl Figure for RateCurve {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let ((x0, x1), (y0, y1)) = self.ranges();
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, TITLE))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style((FONT, LABEL))
            .label_style((FONT, TICK))
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        for c in &self.curves {
            let colour = self.colour(c.population, c.sign, c.series);
            // Inhibitory populations dashed, so that equal E and I rates stay visible.
            let legend = if c.sign == Sign::Inhibitory {
                chart.draw_series(DashedLineSeries::new(
                    c.points.iter().copied(),
                    10,
                    6,
                    colour.stroke_width(2),
                ))?
            } else {
                chart.draw_series(LineSeries::new(
                    c.points.iter().copied(),
                    colour.stroke_width(2),
                ))?
            };
            legend
                .label(&c.label)
                .legend(style::line_sample(colour.stroke_width(2)));
            chart.draw_series(
                c.unstable
                    .iter()
                    .map(|&(x, y)| Circle::new((x, y), 5, colour.stroke_width(1))),
            )?;
        }
        if self.curves.iter().any(|c| !c.unstable.is_empty()) {
            chart
                .draw_series(std::iter::empty::<Circle<(f64, f64), u32>>())?
                .label("theory: unstable fixed point")
                .legend(|(x, y)| Circle::new((x + 11, y), 5, BLACK.stroke_width(1)));
        }
        for s in &self.simulations {
            let colour = self.colour(s.population, s.sign, s.series);
            chart.draw_series(s.points.iter().map(|&(x, y, e)| {
                ErrorBar::new_vertical(x, y - e, y, y + e, colour.stroke_width(2), 10)
            }))?;
            chart
                .draw_series(
                    s.points
                        .iter()
                        .map(|&(x, y, _)| Circle::new((x, y), 4, colour.filled())),
                )?
                .label(&s.label)
                .legend(move |(x, y)| Circle::new((x + 11, y), 4, colour.filled()));
        }
        if !self.failed.is_empty() {
            let y = y1 * 0.93;
            chart
                .draw_series(
                    self.failed
                        .iter()
                        .map(|&x| Cross::new((x, y), 6, BLACK.stroke_width(2))),
                )?
                .label("simulation failed (exploded / no data)")
                .legend(|(x, y)| Cross::new((x + 11, y), 6, BLACK.stroke_width(2)));
        }
        for m in &self.critical {
            let grey = RGBColor(60, 60, 60);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(m.x, y0), (m.x, y1)],
                    8,
                    6,
                    grey.stroke_width(2),
                ))?
                .label(&m.label)
                .legend(style::line_sample(grey.stroke_width(2)));
        }
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}
