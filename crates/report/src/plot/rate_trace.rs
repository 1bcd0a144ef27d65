//! Population rates over the whole run, warm-up included: slow processes (synaptic scaling,
//! adaptation, a state that drifts before it settles) show here, not in the raster, which
//! covers only the analysed window. The rate of population p in a bin of width b is
//! (spikes of p in the bin) / (N_p b), from the exact per-step counts of every neuron. The
//! target rate of each population under synaptic scaling (Turrigiano et al. 1998, Nature
//! 391:892) is drawn as a dashed line of the population's colour, the end of the warm-up as
//! a grey vertical line.

use super::style;
use super::style::{LABEL, TICK, TITLE, population_colour};
use super::{FONT, Figure, PlotError};
use eibal_model::Sign;
use eibal_sim::SimResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Number of bins over the run (the bin is at least one step).
pub const BINS: usize = 200;

#[derive(Debug, Clone)]
pub struct RateTracePopulation {
    pub name: String,
    pub sign: Sign,
    /// Index among the populations (for the colour).
    pub index: usize,
    /// (bin centre s, rate Hz).
    pub rate: Vec<(f64, f64)>,
    /// Target rate (Hz) of synaptic scaling onto this population, if any.
    pub target: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct RateTrace {
    pub title: String,
    /// Bin width (s), for the axis label.
    pub bin: f64,
    /// End of the warm-up (s); 0 for none.
    pub warmup: f64,
    pub populations: Vec<RateTracePopulation>,
}

impl RateTrace {
    /// Every spiking population of `result` over the whole run in [`BINS`] bins; the targets
    /// come from the model's `plasticity` blocks. `None` without a spiking population or
    /// without a simulated step.
    pub fn from_result(
        result: &SimResult,
        model: &eibal_model::Model,
        title: String,
    ) -> Option<RateTrace> {
        let steps = result.steps();
        if steps == 0 || !result.populations.iter().any(|p| p.spiking) {
            return None;
        }
        let bin = (steps / BINS).max(1);
        let width = bin as f64 * result.dt;
        let populations = result
            .populations
            .iter()
            .enumerate()
            .filter(|(_, p)| p.spiking)
            .map(|(index, info)| {
                let counts = &result.population_counts[index];
                let rate = eibal_analysis::rates::bin_counts(counts, bin)
                    .iter()
                    .enumerate()
                    .map(|(k, &c)| {
                        (
                            (k as f64 + 0.5) * width,
                            c as f64 / (info.size.max(1) as f64 * width),
                        )
                    })
                    .collect();
                let target = model
                    .plasticity
                    .iter()
                    .find(|s| s.target.0 == index)
                    .map(|s| s.target_rate);
                RateTracePopulation {
                    name: info.name.clone(),
                    sign: info.sign,
                    index,
                    rate,
                    target,
                }
            })
            .collect();
        Some(RateTrace {
            title,
            bin: width,
            warmup: result.warmup,
            populations,
        })
    }
}

impl Figure for RateTrace {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let points = || self.populations.iter().flat_map(|p| p.rate.iter());
        let t1 = points().map(|p| p.0).fold(0.0f64, f64::max) + 0.5 * self.bin;
        let y1 = points()
            .map(|p| p.1)
            .chain(self.populations.iter().filter_map(|p| p.target))
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let t1 = if t1 > 0.0 { t1 } else { 1.0 };
        let y1 = if y1 > 0.0 { y1 } else { 1.0 };
        // Head room for the legend, one line per entry.
        let entries = self.populations.len()
            + self
                .populations
                .iter()
                .filter(|p| p.target.is_some())
                .count()
            + usize::from(self.warmup > 0.0);
        let top = y1 * (1.1 + 0.07 * entries as f64);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, TITLE))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..t1, 0.0..top)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("time (s)")
            .y_desc(format!(
                "population rate (Hz, {} ms bins)",
                fmt_ms(self.bin * 1e3)
            ))
            .axis_desc_style((FONT, LABEL))
            .label_style((FONT, TICK))
            .draw()?;
        for p in &self.populations {
            let colour = population_colour(p.index, p.sign);
            chart
                .draw_series(LineSeries::new(
                    p.rate.iter().copied(),
                    colour.stroke_width(2),
                ))?
                .label(&p.name)
                .legend(style::line_sample(colour.stroke_width(2)));
            if let Some(target) = p.target {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(0.0, target), (t1, target)],
                        10,
                        6,
                        colour.stroke_width(2),
                    ))?
                    .label(format!("{} target rate {} Hz", p.name, fmt_ms(target)))
                    .legend(style::line_sample(colour.stroke_width(1)));
            }
        }
        if self.warmup > 0.0 {
            let grey = RGBColor(120, 120, 120);
            chart
                .draw_series(LineSeries::new(
                    vec![(self.warmup, 0.0), (self.warmup, top)],
                    grey.stroke_width(1),
                ))?
                .label("end of warm-up (statistics after it)")
                .legend(style::line_sample(grey.stroke_width(1)));
        }
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}

/// A number with at most three significant decimals and no trailing zeros.
fn fmt_ms(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}
