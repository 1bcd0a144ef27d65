//! The phase diagram of `eibal boundary`: survey cells coloured by state, the traced
//! boundaries on top, and each region labelled (as Brunel 2000, fig. 2, for spiking networks).
//! Points checked by simulation (`--simulate K`) are drawn as dots coloured by the state the
//! run showed, ringed in red where it differs from the prediction.

use super::style;
use super::style::{LABEL, TITLE, series_colour};
use super::{FONT, Figure, PlotError};
use eibal_study::boundary::LabelCheck;
use eibal_theory::phase_plane::{CurveKind, PhaseDiagram};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A [`PhaseDiagram`] as a figure.
pub struct PhaseDiagramFigure<'a> {
    pub diagram: &'a PhaseDiagram,
    /// Simulated points (may be empty).
    pub checks: &'a [LabelCheck],
}

/// A strong colour per simulated state (the dots on the pale cells).
fn marker(state: &str) -> RGBColor {
    match state {
        "AI" | "stable" => RGBColor(0, 120, 60),
        "SR" => RGBColor(213, 94, 0),
        "SI fast" | "oscillatory" => RGBColor(0, 90, 170),
        "SI slow" => RGBColor(120, 60, 160),
        "quiescent" => RGBColor(110, 110, 110),
        _ => RGBColor(0, 0, 0),
    }
}

/// A pale fill per state name.
fn fill(state: &str) -> RGBColor {
    match state {
        "AI" | "stable" => RGBColor(214, 239, 214),
        "SR" => RGBColor(252, 226, 196),
        "SI fast" | "oscillatory" => RGBColor(204, 226, 244),
        "SI slow" => RGBColor(230, 214, 240),
        "chaos" => RGBColor(246, 208, 208),
        "unstable (stationary)" => RGBColor(244, 236, 190),
        "quiescent" => RGBColor(245, 245, 245),
        _ => RGBColor(225, 225, 225),
    }
}

fn curve_name(kind: CurveKind) -> &'static str {
    match kind {
        CurveKind::Hopf => "oscillatory (Hopf) boundary",
        CurveKind::Stationary => "stationary instability",
        CurveKind::Chaos => "transition to chaos (radius = 1)",
        CurveKind::HighActivity => "rate = 1/(2 t_ref)",
    }
}

impl Figure for PhaseDiagramFigure<'_> {
    fn size(&self) -> (u32, u32) {
        (900, 700)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
    ) -> std::result::Result<(), PlotError> {
        let d = self.diagram;
        let (x0, x1, y0, y1) = (d.x.lo, d.x.hi, d.y.lo, d.y.hi);
        let mut chart = ChartBuilder::on(root)
            .caption(
                format!("{}: phase diagram ({} transfer)", d.model, d.transfer),
                (FONT, TITLE),
            )
            .margin(15)
            .x_label_area_size(50)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        style::draw_axes(&mut chart, &d.x.label(), &d.y.label())?;
        // Cells around each survey point.
        let (hx, hy) = (
            (x1 - x0) / (d.nx - 1).max(1) as f64 / 2.0,
            (y1 - y0) / (d.ny - 1).max(1) as f64 / 2.0,
        );
        chart.draw_series(d.survey.iter().map(|p| {
            let state = eibal_theory::phase_plane::regions::label(p, d.network);
            Rectangle::new(
                [
                    ((p.x - hx).max(x0), (p.y - hy).max(y0)),
                    ((p.x + hx).min(x1), (p.y + hy).min(y1)),
                ],
                fill(state).filled(),
            )
        }))?;
        let mut legend_done = [false; 4];
        for curve in &d.curves {
            let index = match curve.kind {
                CurveKind::Hopf => 0,
                CurveKind::Stationary => 1,
                CurveKind::Chaos => 2,
                CurveKind::HighActivity => 3,
            };
            let colour = series_colour(index + 6 * usize::from(index == 0));
            let series = chart.draw_series(LineSeries::new(
                curve.points.iter().map(|p| (p.x, p.y)),
                colour.stroke_width(3),
            ))?;
            if !legend_done[index] {
                legend_done[index] = true;
                series
                    .label(curve_name(curve.kind))
                    .legend(style::line_sample(colour.stroke_width(3)));
            }
        }
        for r in d.regions.iter().filter(|r| r.points >= 2) {
            // Beside the region's centre rather than on it: a simulated dot may sit there.
            chart.draw_series(std::iter::once(
                EmptyElement::at((r.x, r.y))
                    + Text::new(
                        r.label.clone(),
                        (10, -24),
                        (FONT, LABEL).into_font().color(&BLACK),
                    ),
            ))?;
        }
        let mut shown: Vec<&str> = Vec::new();
        for c in self.checks {
            let Some(state) = c.simulated else {
                chart.draw_series(std::iter::once(Cross::new(
                    (c.x, c.y),
                    6,
                    BLACK.stroke_width(2),
                )))?;
                continue;
            };
            let colour = marker(state);
            let dot =
                chart.draw_series(std::iter::once(Circle::new((c.x, c.y), 6, colour.filled())))?;
            if !shown.contains(&state) {
                shown.push(state);
                dot.label(format!("simulated: {state}"))
                    .legend(move |(x, y)| Circle::new((x + 11, y), 5, colour.filled()));
            }
            if !c.agrees {
                chart.draw_series(std::iter::once(Circle::new(
                    (c.x, c.y),
                    9,
                    RED.stroke_width(2),
                )))?;
            }
        }
        if d.curves.iter().any(|c| !c.points.is_empty()) || !shown.is_empty() {
            // Lower right: in Brunel's plane that corner is the AI state, with no labels.
            style::draw_legend_at(&mut chart, SeriesLabelPosition::LowerRight)?;
        }
        Ok(())
    }
}
