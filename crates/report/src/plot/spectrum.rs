//! The eigenvalue spectrum of a sampled connectivity matrix in the complex plane, with the
//! predicted bulk circle and outliers ([`eibal_theory::network::rmt`]).

use super::{FONT, Figure, PlotError, style};
use num_complex::Complex64;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Sampled eigenvalues against the random-matrix prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct SpectrumFigure {
    /// Title (e.g. the model file and N).
    pub title: String,
    /// Eigenvalues (or Ritz values) of the sampled matrix.
    pub eigenvalues: Vec<Complex64>,
    /// Predicted bulk radius.
    pub radius: f64,
    /// Predicted outliers.
    pub outliers: Vec<Complex64>,
}

impl Figure for SpectrumFigure {
    fn size(&self) -> (u32, u32) {
        (800, 800)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let finite = |z: &&Complex64| z.re.is_finite() && z.im.is_finite();
        let extent = self
            .eigenvalues
            .iter()
            .chain(&self.outliers)
            .filter(finite)
            .map(|z| z.re.abs().max(z.im.abs()))
            .fold(self.radius.abs(), f64::max);
        let extent = if extent > 0.0 && extent.is_finite() {
            1.1 * extent
        } else {
            1.0
        };
        let mut chart = ChartBuilder::on(root)
            .caption(&self.title, (FONT, style::TITLE))
            .margin(15)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(-extent..extent, -extent..extent)?;
        chart
            .configure_mesh()
            .x_desc("Re λ")
            .y_desc("Im λ")
            .label_style((FONT, style::TICK))
            .axis_desc_style((FONT, style::LABEL))
            .draw()?;
        let dots = style::series_colour(0);
        chart
            .draw_series(
                self.eigenvalues
                    .iter()
                    .filter(finite)
                    .map(|z| Circle::new((z.re, z.im), 2, dots.filled())),
            )?
            .label("sampled eigenvalues")
            .legend(move |(x, y)| Circle::new((x + 10, y), 3, dots.filled()));
        let circle = style::series_colour(1);
        let steps = 360;
        chart
            .draw_series(LineSeries::new(
                (0..=steps).map(|k| {
                    let t = 2.0 * std::f64::consts::PI * k as f64 / steps as f64;
                    (self.radius * t.cos(), self.radius * t.sin())
                }),
                circle.stroke_width(2),
            ))?
            .label(format!("predicted bulk radius {:.4}", self.radius))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], circle));
        let cross = style::series_colour(2);
        chart
            .draw_series(
                self.outliers
                    .iter()
                    .filter(finite)
                    .map(|z| Cross::new((z.re, z.im), 7, cross.stroke_width(3))),
            )?
            .label("predicted outliers")
            .legend(move |(x, y)| Cross::new((x + 10, y), 5, cross.stroke_width(2)));
        style::draw_legend(&mut chart)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_with_legend_and_title() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.svg");
        let fig = SpectrumFigure {
            title: "models/x.ei, N = 3".into(),
            eigenvalues: vec![Complex64::new(0.5, 0.1), Complex64::new(-0.2, 0.0)],
            radius: 0.6,
            outliers: vec![Complex64::new(-2.0, 0.0)],
        };
        super::super::save(&fig, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("models/x.ei") && text.contains("predicted outliers"));
        assert!(text.contains("Re λ"));
    }
}
