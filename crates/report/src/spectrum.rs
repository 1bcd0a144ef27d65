//! The spectrum of a sampled connectivity matrix as a table and a figure (`eibal spectrum`).

use crate::plot::spectrum::SpectrumFigure;
use eibal_study::spectrum::SpectrumReport;
use std::fmt::Write;

/// The figure of `r`, titled `title` (model file, gain scaling and N are added).
pub fn figure(r: &SpectrumReport, title: &str) -> SpectrumFigure {
    SpectrumFigure {
        title: format!(
            "{title}{}, N = {}",
            if r.gain_scaled { " (gain-scaled)" } else { "" },
            r.n
        ),
        eigenvalues: r.eigenvalues.clone(),
        radius: r.predicted.bulk_radius,
        outliers: r.predicted_outliers.clone(),
    }
}

/// Predicted against sampled bulk radius and outliers, and how the spectrum was computed.
pub fn table(r: &SpectrumReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model {}: spectrum of the sampled connectivity{} (N = {}, {})\n",
        r.model,
        if r.gain_scaled { ", gain-scaled" } else { "" },
        r.n,
        r.method
    );
    let _ = writeln!(out, "  {:<22} {:>14} {:>14}", "", "predicted", "sampled");
    let _ = writeln!(
        out,
        "  {:<22} {:>14.5} {:>14.5}",
        "bulk radius", r.predicted.bulk_radius, r.sampled.bulk_radius
    );
    for (i, p) in r.predicted.outliers.iter().enumerate() {
        let s = r
            .sampled
            .outliers
            .get(i)
            .map_or("-".to_string(), |z| format!("{:.4}{:+.4}i", z.re, z.im));
        let _ = writeln!(
            out,
            "  {:<22} {:>14} {:>14}",
            format!("outlier {}", i + 1),
            format!("{:.4}{:+.4}i", p.re, p.im),
            s
        );
    }
    if let Some(note) = r.note {
        let _ = writeln!(out, "\n  {note}");
    }
    if let Some(a) = &r.arnoldi {
        let _ = writeln!(
            out,
            "  Arnoldi: {} cycle(s) of {} steps, {}",
            a.cycles,
            a.krylov_dim,
            if a.converged {
                "the wanted Ritz values converged"
            } else {
                "NOT converged: raise --krylov or --restarts"
            }
        );
    }
    out
}
