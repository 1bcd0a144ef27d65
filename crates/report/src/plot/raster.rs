//! Spike raster of a run (a sample of neurons per population, one row each) with the
//! population rates below it, over a window after the warm-up.

use super::style;
use super::style::{LABEL, TICK, TITLE, population_colour};
use super::{FONT, Figure, PlotError};
use eibal_model::Sign;
use eibal_sim::SimResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Neurons shown per population.
pub const NEURONS_SHOWN: usize = 50;
/// Longest time window shown (s).
pub const WINDOW: f64 = 0.5;
/// Bin of the population rate (s).
pub const RATE_BIN: f64 = 1e-3;

#[derive(Debug, Clone)]
pub struct RasterPopulation {
    pub name: String,
    pub sign: Sign,
    /// Index among the populations (for the colour).
    pub index: usize,
    /// (time s, row): row 0 at the bottom.
    pub spikes: Vec<(f64, u32)>,
    /// Rows used by this population: [first, first + rows).
    pub first_row: u32,
    pub rows: u32,
    /// Population rate (Hz) per bin: (bin start s, rate).
    pub rate: Vec<(f64, f64)>,
}

#[derive(Debug, Clone)]
pub struct Raster {
    pub title: String,
    pub t0: f64,
    pub t1: f64,
    pub populations: Vec<RasterPopulation>,
}

impl Raster {
    /// The last [`WINDOW`] seconds of the analysed part of a run (after the warm-up), the first
    /// [`NEURONS_SHOWN`] neurons of each spiking population.
    pub fn from_result(result: &SimResult, title: String) -> Raster {
        let t1 = result.t_end;
        let t0 = (t1 - WINDOW).max(result.warmup).min(t1);
        let s0 = (t0 / result.dt).floor() as u32;
        let mut row = 0u32;
        let mut populations = Vec::new();
        for (index, info) in result.populations.iter().enumerate() {
            if !info.spiking {
                continue;
            }
            let rows = NEURONS_SHOWN.min(info.size) as u32;
            let spikes = result
                .spike_steps
                .iter()
                .zip(&result.spike_neurons)
                .filter(|&(&s, &n)| {
                    s >= s0
                        && (n as usize) >= info.first
                        && (n as usize) < info.first + rows as usize
                })
                .map(|(&s, &n)| (s as f64 * result.dt, row + (n as usize - info.first) as u32))
                .collect();
            let bin = ((RATE_BIN / result.dt).round() as usize).max(1);
            let counts = &result.population_counts[index];
            let start = (s0 as usize).min(counts.len());
            let rate = eibal_analysis::rates::bin_counts(&counts[start..], bin)
                .iter()
                .enumerate()
                .map(|(k, &c)| {
                    (
                        (start + k * bin) as f64 * result.dt,
                        c as f64 / (info.size as f64 * bin as f64 * result.dt),
                    )
                })
                .collect();
            populations.push(RasterPopulation {
                name: info.name.clone(),
                sign: info.sign,
                index,
                spikes,
                first_row: row,
                rows,
                rate,
            });
            row += rows;
        }
        Raster {
            title,
            t0,
            t1,
            populations,
        }
    }
}

impl Figure for Raster {
    fn size(&self) -> (u32, u32) {
        (1000, 750)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let root = root.titled(&self.title, (FONT, TITLE))?;
        let (upper, lower) = root.split_vertically(440);
        let rows = self
            .populations
            .iter()
            .map(|p| p.first_row + p.rows)
            .max()
            .unwrap_or(1)
            .max(1);
        let (t0, t1) = if self.t1 > self.t0 {
            (self.t0, self.t1)
        } else {
            (0.0, 1.0)
        };
        let mut chart = ChartBuilder::on(&upper)
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, -0.5f64..rows as f64 - 0.5)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .y_desc("neuron")
            .y_label_formatter(&|y| format!("{y:.0}"))
            .axis_desc_style((FONT, LABEL))
            .label_style((FONT, TICK))
            .x_labels(8)
            .x_label_formatter(&|_| String::new())
            .draw()?;
        for p in &self.populations {
            let colour = population_colour(p.index, p.sign);
            chart
                .draw_series(p.spikes.iter().map(|&(t, r)| {
                    Rectangle::new(
                        [(t - 0.0004, r as f64 - 0.4), (t + 0.0004, r as f64 + 0.4)],
                        colour.filled(),
                    )
                }))?
                .label(format!("{} ({} of its neurons)", p.name, p.rows))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 4), (x + 8, y + 4)], colour.filled())
                });
        }
        style::draw_legend(&mut chart)?;

        let y_max = self
            .populations
            .iter()
            .flat_map(|p| p.rate.iter().map(|r| r.1))
            .fold(0.0f64, f64::max)
            .max(1.0)
            * 1.15;
        let mut chart = ChartBuilder::on(&lower)
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(t0..t1, 0.0..y_max)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("time (s)")
            .y_desc(format!("rate (Hz, {} ms bins)", RATE_BIN * 1e3))
            .axis_desc_style((FONT, LABEL))
            .label_style((FONT, TICK))
            .x_labels(8)
            .draw()?;
        for p in &self.populations {
            let colour = population_colour(p.index, p.sign);
            chart
                .draw_series(LineSeries::new(
                    p.rate.iter().copied(),
                    colour.stroke_width(1),
                ))?
                .label(format!("{} population rate", p.name))
                .legend(style::line_sample(colour.stroke_width(2)));
        }
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}
