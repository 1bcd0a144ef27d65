//! The phase diagram of `eibal boundary`: survey cells coloured by state, the traced
//! boundaries on top, and each region labelled (as Brunel 2000, fig. 2, for spiking networks).

use super::style;
use super::style::{LABEL, TICK, TITLE, series_colour};
use super::{FONT, Figure, PlotError};
use crate::theory::boundary::{CurveKind, PhaseDiagram};
use plotters::coord::Shift;
use plotters::prelude::*;

/// A [`PhaseDiagram`] as a figure.
pub struct PhaseDiagramFigure<'a> {
    pub diagram: &'a PhaseDiagram,
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
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(d.x.label())
            .y_desc(d.y.label())
            .axis_desc_style((FONT, LABEL))
            .label_style((FONT, TICK))
            .draw()?;
        // Cells around each survey point.
        let (hx, hy) = (
            (x1 - x0) / (d.nx - 1).max(1) as f64 / 2.0,
            (y1 - y0) / (d.ny - 1).max(1) as f64 / 2.0,
        );
        chart.draw_series(d.survey.iter().map(|p| {
            let state = crate::theory::boundary::regions::label(p, d.network);
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
                series.label(curve_name(curve.kind)).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3))
                });
            }
        }
        for r in d.regions.iter().filter(|r| r.points >= 2) {
            chart.draw_series(std::iter::once(Text::new(
                r.label.clone(),
                (r.x, r.y),
                (FONT, LABEL).into_font().color(&BLACK),
            )))?;
        }
        if d.curves.iter().any(|c| !c.points.is_empty()) {
            style::draw_legend(&mut chart)?;
        }
        Ok(())
    }
}
