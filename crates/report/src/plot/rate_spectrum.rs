//! The population-rate spectrum predicted by linear response
//! ([`eibal_theory::network::population_spectrum`]) drawn over the simulated one (Welch
//! estimate, [`eibal_study::compare_spectrum`]): one figure, log power against frequency, one
//! colour per population, the prediction as a thick line and the simulation as a thin one.

use super::style::{self, LABEL, TICK, TITLE, population_colour};
use super::{FONT, Figure, PlotError};
use eibal_model::Sign;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One population's two curves, (frequency Hz, two-sided power Hz^2/Hz).
#[derive(Debug, Clone, PartialEq)]
pub struct RateSpectrumCurves {
    pub name: String,
    pub sign: Sign,
    pub index: usize,
    pub theory: Vec<(f64, f64)>,
    /// False: `theory` is the linear-response formula around an unstable fixed point, drawn
    /// thin and dashed-looking (dotted points) and labelled as no prediction.
    pub theory_is_prediction: bool,
    /// The predicted rhythm (Hz), marked by a vertical line when the curve is no prediction.
    pub rhythm_hz: Option<f64>,
    pub simulation: Vec<(f64, f64)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RateSpectrumFigure {
    pub title: String,
    pub populations: Vec<RateSpectrumCurves>,
}

impl RateSpectrumFigure {
    /// Positive, finite points only (a log axis has no room for the rest).
    fn points(&self) -> impl Iterator<Item = &(f64, f64)> {
        self.populations
            .iter()
            .flat_map(|p| p.theory.iter().chain(&p.simulation))
            .filter(|(f, p)| f.is_finite() && p.is_finite() && *p > 0.0)
    }
}

impl Figure for RateSpectrumFigure {
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let f1 = self.points().map(|p| p.0).fold(0.0f64, f64::max);
        let (lo, hi) = self.points().fold((f64::INFINITY, 0.0f64), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
        let (f1, lo, hi) = if lo.is_finite() && hi > 0.0 {
            (f1.max(1.0), lo / 2.0, hi * 4.0)
        } else {
            (500.0, 1e-6, 1.0)
        };
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, TITLE))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(0.0..f1, (lo..hi).log_scale())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("frequency (Hz)")
            .y_desc("population-rate power (Hz^2/Hz, two-sided)")
            .y_label_formatter(&|v| format!("{v:.0e}"))
            .axis_desc_style((FONT, LABEL))
            .label_style((FONT, TICK))
            .draw()?;
        for p in &self.populations {
            let colour = population_colour(p.index, p.sign);
            let positive = |c: &Vec<(f64, f64)>| -> Vec<(f64, f64)> {
                c.iter().copied().filter(|(_, y)| *y > 0.0).collect()
            };
            chart
                .draw_series(LineSeries::new(
                    positive(&p.simulation),
                    colour.mix(0.45).stroke_width(1),
                ))?
                .label(format!("{} simulated", p.name))
                .legend(style::line_sample(colour.mix(0.45).stroke_width(1)));
            if p.theory_is_prediction {
                chart
                    .draw_series(LineSeries::new(positive(&p.theory), colour.stroke_width(3)))?
                    .label(format!("{} linear response", p.name))
                    .legend(style::line_sample(colour.stroke_width(3)));
                continue;
            }
            chart
                .draw_series(LineSeries::new(
                    positive(&p.theory),
                    colour.mix(0.8).stroke_width(1),
                ))?
                .label(format!(
                    "{} linear formula, UNSTABLE fixed point (no prediction)",
                    p.name
                ))
                .legend(style::line_sample(colour.mix(0.8).stroke_width(1)));
            if let Some(f) = p.rhythm_hz.filter(|f| *f <= f1) {
                chart
                    .draw_series(LineSeries::new([(f, lo), (f, hi)], colour.stroke_width(3)))?
                    .label(format!(
                        "{} predicted rhythm {f:.0} Hz (fastest-growing mode)",
                        p.name
                    ))
                    .legend(style::line_sample(colour.stroke_width(3)));
            }
        }
        style::draw_legend(&mut chart)
    }
}
