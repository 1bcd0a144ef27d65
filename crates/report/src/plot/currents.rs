//! The "two giants": excitatory (recurrent plus external), inhibitory and net input of one
//! neuron over time. In a balanced network the first two are each far above threshold and
//! cancel up to fluctuations of the order of the threshold distance (van Vreeswijk &
//! Sompolinsky 1996, Science 274:1724). Each trace's mean over the window is drawn as a
//! dashed line and given in the legend, since the balance is a statement about the means.

use super::style;
use super::style::TITLE;
use super::{FONT, Figure, PlotError};
use eibal_sim::SimResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Longest time window shown (s): short enough that the fluctuations stay readable.
pub const WINDOW: f64 = 0.1;

#[derive(Debug, Clone)]
pub struct Currents {
    pub title: String,
    /// Axis label with the unit.
    pub y_label: String,
    /// (time s, value in the unit of `y_label`).
    pub excitatory: Vec<(f64, f64)>,
    pub inhibitory: Vec<(f64, f64)>,
    pub net: Vec<(f64, f64)>,
}

impl Currents {
    /// The first sampled neuron of the first LIF population with sampled inputs, over the
    /// last [`WINDOW`] seconds after the warm-up; `None` without sampled inputs.
    pub fn from_result(result: &SimResult, title_prefix: &str) -> Option<Currents> {
        let traces = result
            .samples
            .iter()
            .find(|s| result.populations[s.population].spiking && !s.neurons.is_empty())?;
        let info = &result.populations[traces.population];
        let (scale, unit) = match info.kind {
            "lif_delta" => (1e3, "input (mV, as tau_m dV/dt)"),
            "lif_exp" | "lif_cond" => (1e12, "input current (pA)"),
            _ => (1.0, "input (model units)"),
        };
        let exc = traces.column(&traces.exc, 0);
        let inh = traces.column(&traces.inh, 0);
        let ext = traces.column(&traces.ext, 0);
        let t1 = result.t_end;
        let t0 = (t1 - WINDOW).max(result.warmup);
        let time = |k: usize| (k as f64 + 0.5) * traces.bin;
        let keep = |k: &usize| time(*k) >= t0 && time(*k) <= t1;
        let n = exc.len().min(inh.len()).min(ext.len());
        let excitatory: Vec<(f64, f64)> = (0..n)
            .filter(keep)
            .map(|k| (time(k), (exc[k] + ext[k]) * scale))
            .collect();
        if excitatory.is_empty() {
            return None;
        }
        Some(Currents {
            title: format!(
                "{title_prefix}: inputs of neuron {} of {}",
                traces.neurons[0], info.name
            ),
            y_label: unit.to_string(),
            excitatory,
            inhibitory: (0..n)
                .filter(keep)
                .map(|k| (time(k), inh[k] * scale))
                .collect(),
            net: (0..n)
                .filter(keep)
                .map(|k| (time(k), (exc[k] + inh[k] + ext[k]) * scale))
                .collect(),
        })
    }
}

impl Figure for Currents {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let all = || {
            self.excitatory
                .iter()
                .chain(&self.inhibitory)
                .chain(&self.net)
        };
        let (t0, t1) = all().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
        let (y0, y1) = all().fold((0.0f64, 0.0f64), |(a, b), p| (a.min(p.1), b.max(p.1)));
        let (t0, t1) = if t1 > t0 { (t0, t1) } else { (0.0, 1.0) };
        let pad = 0.1 * (y1 - y0).max(1e-12);
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, TITLE))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(t0..t1, (y0 - pad)..(y1 + 3.0 * pad))?;
        style::draw_axes(&mut chart, "time (s)", &self.y_label)?;
        chart.draw_series(LineSeries::new(
            vec![(t0, 0.0), (t1, 0.0)],
            RGBColor(150, 150, 150).stroke_width(1),
        ))?;
        let red = RGBColor(213, 94, 0);
        let blue = RGBColor(0, 114, 178);
        for (data, colour, label) in [
            (&self.excitatory, red, "excitatory (recurrent + external)"),
            (&self.inhibitory, blue, "inhibitory"),
            (&self.net, BLACK, "net (sum)"),
        ] {
            let mean = data.iter().map(|p| p.1).sum::<f64>() / data.len().max(1) as f64;
            chart
                .draw_series(LineSeries::new(
                    data.iter().copied(),
                    colour.mix(0.6).stroke_width(1),
                ))?
                .label(format!("{label}, mean {mean:.1}"))
                .legend(style::line_sample(colour.stroke_width(2)));
            if !data.is_empty() {
                chart.draw_series(DashedLineSeries::new(
                    vec![(t0, mean), (t1, mean)],
                    10,
                    6,
                    colour.stroke_width(3),
                ))?;
            }
        }
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}
