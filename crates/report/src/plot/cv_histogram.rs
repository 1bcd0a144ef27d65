//! Histogram of the ISI coefficient of variation of single neurons, per population, with the
//! theory's prediction and the Poisson value CV = 1 marked.

use super::style;
use super::style::{TITLE, population_colour};
use super::{FONT, Figure, PlotError};
use eibal_model::Sign;
use eibal_sim::SimResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Bin width of the histogram (CV units).
pub const BIN: f64 = 0.05;

#[derive(Debug, Clone)]
pub struct CvPopulation {
    pub name: String,
    pub sign: Sign,
    pub index: usize,
    /// CV of each neuron with at least 3 spikes after the warm-up (as
    /// [`eibal_analysis::irregularity::mean_cv_isi`] averages them).
    pub cvs: Vec<f64>,
    /// The mean-field prediction (Brunel 2000, appendix A), if any.
    pub theory: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct CvHistogram {
    pub title: String,
    pub populations: Vec<CvPopulation>,
}

/// CV = sd / mean of the ISIs (population sd) of one spike train with at least 3 spikes.
pub fn cv_of(train: &[f64]) -> Option<f64> {
    if train.len() < 3 {
        return None;
    }
    let isi: Vec<f64> = train.windows(2).map(|w| w[1] - w[0]).collect();
    let n = isi.len() as f64;
    let mean = isi.iter().sum::<f64>() / n;
    let var = isi.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    (mean > 0.0).then(|| var.sqrt() / mean)
}

impl CvHistogram {
    /// Per-neuron CVs of every spiking population; `theory` gives the predicted CV by
    /// population index.
    pub fn from_result(result: &SimResult, theory: &[Option<f64>], title: String) -> CvHistogram {
        let populations = result
            .populations
            .iter()
            .enumerate()
            .filter(|(_, p)| p.spiking)
            .map(|(index, p)| CvPopulation {
                name: p.name.clone(),
                sign: p.sign,
                index,
                cvs: result
                    .spike_trains(index)
                    .iter()
                    .filter_map(|t| cv_of(t))
                    .collect(),
                theory: theory.get(index).copied().flatten(),
            })
            .collect();
        CvHistogram { title, populations }
    }

    /// Fraction of each population's neurons per bin: (bin start, fraction).
    pub fn histogram(cvs: &[f64], bins: usize) -> Vec<(f64, f64)> {
        let mut h = vec![0usize; bins];
        for &c in cvs {
            let k = ((c / BIN).floor().max(0.0) as usize).min(bins - 1);
            h[k] += 1;
        }
        let n = cvs.len().max(1) as f64;
        h.iter()
            .enumerate()
            .map(|(k, &c)| (k as f64 * BIN, c as f64 / n))
            .collect()
    }
}

impl Figure for CvHistogram {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let x_max = self
            .populations
            .iter()
            .flat_map(|p| p.cvs.iter().copied().chain(p.theory))
            .fold(1.5f64, f64::max)
            .min(5.0);
        let bins = ((x_max / BIN).ceil() as usize + 1).max(1);
        let x_max = bins as f64 * BIN;
        let hists: Vec<Vec<(f64, f64)>> = self
            .populations
            .iter()
            .map(|p| Self::histogram(&p.cvs, bins))
            .collect();
        let y_max = hists
            .iter()
            .flatten()
            .map(|h| h.1)
            .fold(0.0f64, f64::max)
            .max(0.01)
            * 1.3;
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, TITLE))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..x_max, 0.0..y_max)?;
        style::draw_axes(
            &mut chart,
            "CV of the inter-spike intervals (dimensionless)",
            "fraction of neurons",
        )?;
        for (p, h) in self.populations.iter().zip(&hists) {
            let colour = population_colour(p.index, p.sign);
            chart
                .draw_series(h.iter().filter(|b| b.1 > 0.0).map(|&(x, f)| {
                    Rectangle::new([(x, 0.0), (x + BIN, f)], colour.mix(0.45).filled())
                }))?
                .label(format!("{} simulation ({} neurons)", p.name, p.cvs.len()))
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 14, y + 5)], colour.mix(0.45).filled())
                });
            if let Some(t) = p.theory {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(t, 0.0), (t, y_max)],
                        8,
                        5,
                        colour.stroke_width(2),
                    ))?
                    .label(format!("{} theory CV = {t:.2}", p.name))
                    .legend(style::line_sample(colour.stroke_width(2)));
            }
        }
        chart
            .draw_series(LineSeries::new(
                vec![(1.0, 0.0), (1.0, y_max)],
                BLACK.stroke_width(1),
            ))?
            .label("Poisson process, CV = 1")
            .legend(style::line_sample(BLACK.stroke_width(1)));
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}
