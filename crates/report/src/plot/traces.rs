//! State traces of a few units of each rate or binary population over the whole run
//! (warm-up included): x_i(t) of tau dx/dt = -x + sum_j J_ij phi(x_j) + I, or S_i(t) of
//! binary units. For the random network of Sompolinsky, Crisanti & Sommers (1988, Phys Rev
//! Lett 61:259) the traces decay to 0 below the critical coupling g = 1 and keep fluctuating
//! with O(1) amplitude above it. Spiking populations have the raster and currents instead.

use super::style;
use super::style::{TITLE, series_colour};
use super::{FONT, Figure, PlotError};
use eibal_sim::SimResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Units shown per population.
pub const UNITS_SHOWN: usize = 5;

#[derive(Debug, Clone)]
pub struct Trace {
    /// `X unit 3`.
    pub label: String,
    /// (bin centre s, state).
    pub points: Vec<(f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct Traces {
    pub title: String,
    pub y_label: String,
    /// End of the warm-up (s); 0 for none.
    pub warmup: f64,
    pub traces: Vec<Trace>,
}

impl Traces {
    /// The first [`UNITS_SHOWN`] sampled units of every non-spiking population with sampled
    /// states; `None` if there is none.
    pub fn from_result(result: &SimResult, title: String) -> Option<Traces> {
        let mut traces = Vec::new();
        let mut kinds = Vec::new();
        for s in &result.samples {
            let info = &result.populations[s.population];
            if info.spiking || s.neurons.is_empty() || s.bins() == 0 {
                continue;
            }
            kinds.push(info.kind);
            for (k, &unit) in s.neurons.iter().enumerate().take(UNITS_SHOWN) {
                let points = s
                    .column(&s.state, k)
                    .into_iter()
                    .enumerate()
                    .map(|(b, x)| ((b as f64 + 0.5) * s.bin, x))
                    .collect();
                traces.push(Trace {
                    label: format!("{} unit {unit}", info.name),
                    points,
                });
            }
        }
        if traces.is_empty() {
            return None;
        }
        let y_label = if kinds.iter().all(|&k| k == "binary") {
            "state S_i(t)"
        } else if kinds.iter().all(|&k| k == "rate") {
            "activity x_i(t)"
        } else {
            "x_i(t) (rate units), S_i(t) (binary units)"
        };
        Some(Traces {
            title,
            y_label: y_label.to_string(),
            warmup: result.warmup,
            traces,
        })
    }
}

impl Figure for Traces {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let points = || self.traces.iter().flat_map(|t| t.points.iter());
        let t1 = points().map(|p| p.0).fold(0.0f64, f64::max);
        let (y0, y1) = points()
            .map(|p| p.1)
            .filter(|v| v.is_finite())
            .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let t1 = if t1 > 0.0 { t1 } else { 1.0 };
        let span = (y1 - y0).max(1e-9);
        // Head room for the legend, one line per entry.
        let entries = self.traces.len() + usize::from(self.warmup > 0.0);
        let (lo, hi) = (y0 - 0.05 * span, y1 + span * (0.1 + 0.08 * entries as f64));
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, TITLE))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..t1, lo..hi)?;
        style::draw_axes(&mut chart, "time (s)", &self.y_label)?;
        chart.draw_series(LineSeries::new(
            vec![(0.0, 0.0), (t1, 0.0)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        for (i, t) in self.traces.iter().enumerate() {
            let colour = series_colour(i);
            chart
                .draw_series(LineSeries::new(
                    t.points.iter().copied(),
                    colour.stroke_width(2),
                ))?
                .label(&t.label)
                .legend(style::line_sample(colour.stroke_width(2)));
        }
        if self.warmup > 0.0 {
            let grey = RGBColor(120, 120, 120);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(self.warmup, lo), (self.warmup, hi)],
                    8,
                    6,
                    grey.stroke_width(1),
                ))?
                .label("end of warm-up (statistics after it)")
                .legend(style::line_sample(grey.stroke_width(1)));
        }
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}
