//! Avalanche size and duration distributions on log-log axes (Beggs & Plenz 2003), with the
//! fitted discrete power law (Clauset, Shalizi & Newman 2009) and the exponents of a critical
//! branching process, 3/2 for sizes and 2 for durations (Harris 1963; Beggs & Plenz 2003),
//! drawn through the fit at x_min for comparison.

use super::style;
use super::style::{LABEL, TICK, TITLE};
use super::{FONT, Figure, PlotError};
use eibal_analysis::avalanches::avalanches;
use eibal_analysis::powerlaw::{PowerLawFit, fit_discrete, hurwitz_zeta};
use eibal_analysis::{AVALANCHE_SAMPLE, rates};
use eibal_sim::SimResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Smallest tail for a fit, as in [`eibal_analysis::summarize`].
pub const MIN_TAIL: usize = 50;
/// Ratio of neighbouring logarithmic bin edges.
pub const LOG_BIN: f64 = 1.5;

/// One distribution: logarithmically binned probabilities and the fit.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// What is distributed and its unit, for the axis.
    pub x_label: String,
    /// (bin centre, probability per unit of x).
    pub points: Vec<(f64, f64)>,
    pub fit: Option<PowerLawFit>,
    /// Avalanches in total (to normalise the fitted tail).
    pub count: usize,
    pub critical_exponent: f64,
}

#[derive(Debug, Clone)]
pub struct Avalanches {
    pub title: String,
    pub size: Distribution,
    pub duration: Distribution,
}

/// The pooled per-step spike counts of the first [`AVALANCHE_SAMPLE`] neurons of every spiking
/// population after the warm-up, binned at their mean inter-event interval: the same series
/// `analysis::summarize` takes avalanches from. `None` with fewer than 2 spikes.
pub fn pooled_counts(result: &SimResult) -> Option<(Vec<u64>, f64)> {
    let spiking: Vec<_> = result.populations.iter().filter(|p| p.spiking).collect();
    let keep = |g: usize| {
        spiking
            .iter()
            .any(|p| g >= p.first && g < p.first + AVALANCHE_SAMPLE.min(p.size))
    };
    let w = result.warmup_steps();
    let steps = result.steps();
    let mut c = vec![0u32; steps + 1];
    for (&s, &n) in result.spike_steps.iter().zip(&result.spike_neurons) {
        if (s as usize) > w && keep(n as usize) {
            c[s as usize - 1] += 1;
        }
    }
    let per_step = &c[w.min(steps)..steps];
    let total: u64 = per_step.iter().map(|&x| x as u64).sum();
    if total < 2 {
        return None;
    }
    let iei = (result.t_end - result.warmup) / total as f64;
    let bin = ((iei / result.dt).round() as usize).max(1);
    Some((rates::bin_counts(per_step, bin), bin as f64 * result.dt))
}

/// Logarithmically binned probability density of integer data (>= 1).
pub fn log_binned(data: &[u64]) -> Vec<(f64, f64)> {
    let n = data.len() as f64;
    let max = data.iter().copied().max().unwrap_or(0) as f64;
    let mut out = Vec::new();
    let mut lo = 1.0f64;
    while lo <= max {
        let hi = (lo * LOG_BIN).ceil().max(lo + 1.0);
        let count = data
            .iter()
            .filter(|&&x| (x as f64) >= lo && (x as f64) < hi)
            .count();
        if count > 0 {
            // Integers lo..hi-1 in the bin: probability per integer value.
            out.push(((lo * (hi - 1.0)).sqrt(), count as f64 / n / (hi - lo)));
        }
        lo = hi;
    }
    out
}

impl Distribution {
    fn of(data: &[u64], x_label: String, critical_exponent: f64) -> Distribution {
        Distribution {
            x_label,
            points: log_binned(data),
            fit: fit_discrete(data, MIN_TAIL),
            count: data.len(),
            critical_exponent,
        }
    }

    /// The fitted law P(x) = (n_tail / n) x^-alpha / zeta(alpha, x_min) for x >= x_min.
    fn fitted(&self, x: f64) -> Option<f64> {
        let f = self.fit.as_ref()?;
        let norm = hurwitz_zeta(f.alpha, f.x_min as f64);
        Some(f.n_tail as f64 / self.count.max(1) as f64 * x.powf(-f.alpha) / norm)
    }
}

impl Avalanches {
    /// `None` when the run has fewer than 2 pooled spikes or no avalanche.
    pub fn from_result(result: &SimResult, title: String) -> Option<Avalanches> {
        let (binned, bin_s) = pooled_counts(result)?;
        let av = avalanches(&binned);
        if av.is_empty() {
            return None;
        }
        let sizes: Vec<u64> = av.iter().map(|a| a.size).collect();
        let durations: Vec<u64> = av.iter().map(|a| a.duration).collect();
        Some(Avalanches {
            title,
            size: Distribution::of(&sizes, "avalanche size (spikes)".into(), 1.5),
            duration: Distribution::of(
                &durations,
                format!("avalanche duration (bins of {:.2} ms)", bin_s * 1e3),
                2.0,
            ),
        })
    }
}

/// Labels only at 1, 2 and 5 times a power of ten, so that log-axis ticks do not crowd.
fn one_two_five(x: f64) -> String {
    if !(x.is_finite() && x > 0.0) {
        return String::new();
    }
    let mantissa = x / 10f64.powf(x.log10().floor());
    if [1.0, 2.0, 5.0, 10.0]
        .iter()
        .any(|m| (mantissa - m).abs() < 1e-6 * m)
    {
        format!("{}", x.round())
    } else {
        String::new()
    }
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &Distribution,
) -> std::result::Result<(), PlotError> {
    let x_max = d.points.iter().map(|p| p.0).fold(2.0f64, f64::max) * 1.5;
    let y_min = d
        .points
        .iter()
        .map(|p| p.1)
        .filter(|y| *y > 0.0)
        .fold(1.0f64, f64::min)
        * 0.3;
    let mut chart = ChartBuilder::on(area)
        .margin(14)
        .x_label_area_size(50)
        .y_label_area_size(80)
        .build_cartesian_2d((0.7f64..x_max).log_scale(), (y_min..2.0f64).log_scale())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(&d.x_label)
        .y_desc("probability")
        .axis_desc_style((FONT, LABEL))
        .label_style((FONT, TICK))
        .x_label_formatter(&|x| one_two_five(*x))
        .y_label_formatter(&|y| format!("{y:.0e}"))
        .draw()?;
    let black = BLACK;
    chart
        .draw_series(
            d.points
                .iter()
                .map(|&(x, y)| Circle::new((x, y), 4, black.filled())),
        )?
        .label(format!("simulation ({} avalanches)", d.count))
        .legend(move |(x, y)| Circle::new((x + 11, y), 4, black.filled()));
    if let Some(f) = &d.fit {
        let x0 = f.x_min as f64;
        let xs: Vec<f64> = (0..=40)
            .map(|k| x0 * (x_max / x0).powf(k as f64 / 40.0))
            .collect();
        let red = RGBColor(213, 94, 0);
        let fitted: Vec<(f64, f64)> = xs.iter().filter_map(|&x| Some((x, d.fitted(x)?))).collect();
        chart
            .draw_series(LineSeries::new(fitted.iter().copied(), red.stroke_width(2)))?
            .label(format!(
                "fit: exponent {:.2} +- {:.2} (x >= {})",
                f.alpha, f.alpha_se, f.x_min
            ))
            .legend(style::line_sample(red.stroke_width(2)));
        if let Some(y0) = d.fitted(x0) {
            let blue = RGBColor(0, 114, 178);
            let c = d.critical_exponent;
            chart
                .draw_series(DashedLineSeries::new(
                    xs.iter().map(|&x| (x, y0 * (x / x0).powf(-c))),
                    8,
                    5,
                    blue.stroke_width(2),
                ))?
                .label(format!("critical branching: exponent {c}"))
                .legend(style::line_sample(blue.stroke_width(2)));
        }
    }
    style::draw_legend(&mut chart)?;
    Ok(())
}

impl Figure for Avalanches {
    fn size(&self) -> (u32, u32) {
        (1200, 600)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let root = root.titled(&self.title, (FONT, TITLE))?;
        let (left, right) = root.split_horizontally(600);
        panel(&left, &self.size)?;
        panel(&right, &self.duration)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_bins_are_probabilities_per_value() {
        // 1, 1, 2, 4: bins [1,2), [2,3), [3,5) hold 2, 1, 1 of 4; the last spans 2 integers.
        let b = log_binned(&[1, 1, 2, 4]);
        assert_eq!(b.len(), 3);
        assert!((b[0].1 - 0.5).abs() < 1e-12);
        assert!((b[1].1 - 0.25).abs() < 1e-12);
        assert!((b[2].1 - 0.125).abs() < 1e-12);
        // Probabilities times bin widths sum to one.
        let widths = [1.0, 1.0, 2.0];
        let total: f64 = b.iter().zip(widths).map(|(p, w)| p.1 * w).sum();
        assert!((total - 1.0).abs() < 1e-12);
    }
}
