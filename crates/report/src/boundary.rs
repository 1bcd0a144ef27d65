//! The phase diagram of `eibal boundary` as text (summary, simulation checks), CSV files and
//! a plot of the labelled plane.

use crate::plot::phase_diagram::PhaseDiagramFigure;
use crate::plot::save_in;
use crate::write_text;
use eibal_model::{Result, Sink};
use eibal_study::boundary::{BoundaryReport, LabelCheck};
use eibal_study::to_json;
use eibal_theory::phase_plane::PhaseDiagram;
use std::fmt::Write as _;
use std::path::PathBuf;

/// The simulation checks as a table.
pub fn checks_table(checks: &[LabelCheck], d: &PhaseDiagram) -> String {
    let mut out = String::new();
    if checks.is_empty() {
        let _ = writeln!(
            out,
            "\nsimulation checks: none (they cover spiking networks with labelled regions)"
        );
        return out;
    }
    let agree = checks.iter().filter(|c| c.agrees).count();
    let _ = writeln!(
        out,
        "\nsimulation checks ({agree} of {} agree; rules in eibal_study::boundary):",
        checks.len()
    );
    let _ = writeln!(
        out,
        "  {:>8} {:>8}  {:<16} {:<16} {:>9} {:>6} {:>9}",
        d.x.param, d.y.param, "predicted", "simulated", "rate Hz", "chi", "peak Hz"
    );
    let num =
        |v: Option<f64>, digits: usize| v.map_or("-".to_string(), |v| format!("{v:.digits$}"));
    for c in checks {
        let _ = writeln!(
            out,
            "  {:>8.3} {:>8.3}  {:<16} {:<16} {:>9} {:>6} {:>9}{}",
            c.x,
            c.y,
            c.predicted,
            c.simulated.unwrap_or("run failed"),
            num(c.rate_hz, 1),
            num(c.chi, 2),
            num(c.spectrum_peak_hz, 0),
            c.error
                .as_ref()
                .map_or(String::new(), |e| format!("  ({e})"))
        );
    }
    out
}

/// The curves as CSV: one row per point, `curve,kind,x,y,frequency_hz`.
pub fn curves_csv(d: &PhaseDiagram) -> String {
    let mut out = format!("curve,kind,{},{},frequency_hz\n", d.x.param, d.y.param);
    for (k, c) in d.curves.iter().enumerate() {
        let kind = serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        for p in &c.points {
            let f = p.frequency_hz.map_or(String::new(), |f| format!("{f:.4}"));
            let _ = writeln!(out, "{k},{kind},{:.6},{:.6},{f}", p.x, p.y);
        }
    }
    out
}

/// The survey as CSV: `x,y,state,label,max_rate,stability,frequency_hz`.
pub fn survey_csv(d: &PhaseDiagram) -> String {
    let mut out = format!(
        "{},{},label,max_rate,stability_indicator,frequency_hz\n",
        d.x.param, d.y.param
    );
    for p in d.survey.iter().chain(&d.refined) {
        let label = eibal_theory::phase_plane::regions::label(p, d.network);
        let rate = p.rates.iter().copied().reduce(f64::max);
        let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.6}"));
        let _ = writeln!(
            out,
            "{:.6},{:.6},{label},{},{},{}",
            p.x,
            p.y,
            opt(rate),
            opt(p.stability),
            opt(p.frequency_hz)
        );
    }
    out
}

/// Writes `boundary_curves.csv`, `boundary_survey.csv`, `boundary.json`, the checks (if
/// any, `boundary_simulation_checks.json`) and the plot as SVG and PNG; returns the paths.
pub fn write_files(r: &BoundaryReport, sink: &dyn Sink) -> Result<Vec<PathBuf>> {
    let d = &r.diagram;
    let mut written = vec![
        write_text(sink, "boundary_curves.csv", &curves_csv(d))?,
        write_text(sink, "boundary_survey.csv", &survey_csv(d))?,
        write_text(sink, "boundary.json", &to_json(d)?)?,
    ];
    if !r.simulation_checks.is_empty() {
        written.push(write_text(
            sink,
            "boundary_simulation_checks.json",
            &to_json(&r.simulation_checks)?,
        )?);
    }
    let figure = PhaseDiagramFigure {
        diagram: d,
        checks: &r.simulation_checks,
    };
    for name in ["boundary.svg", "boundary.png"] {
        written.push(save_in(sink, name, &figure)?);
    }
    Ok(written)
}

pub fn summary(d: &PhaseDiagram, seconds: f64, written: &[PathBuf]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model {}: phase diagram in {} {}:{} x {} {}:{} ({}x{} survey, {} transfer), {} point \
         evaluations in {:.1} s",
        d.model,
        d.x.param,
        d.x.lo,
        d.x.hi,
        d.y.param,
        d.y.lo,
        d.y.hi,
        d.nx,
        d.ny,
        d.transfer,
        d.evaluations,
        seconds
    );
    let _ = writeln!(out, "\nregions (largest first):");
    for r in &d.regions {
        let _ = writeln!(
            out,
            "  {:<24} {:>5} points, around {} = {:.3}, {} = {:.3}",
            r.label, r.points, d.x.param, r.x, d.y.param, r.y
        );
    }
    let _ = writeln!(out, "\nboundaries:");
    if d.curves.is_empty() {
        let _ = writeln!(out, "  none found");
    }
    for (k, c) in d.curves.iter().enumerate() {
        let (first, last) = (c.points.first(), c.points.last());
        let freq: Vec<f64> = c.points.iter().filter_map(|p| p.frequency_hz).collect();
        let range = if freq.is_empty() {
            String::new()
        } else {
            let lo = freq.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = freq.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!(", {lo:.1} to {hi:.1} Hz")
        };
        if let (Some(a), Some(b)) = (first, last) {
            let _ = writeln!(
                out,
                "  {k}: {:?}, {} points from ({:.3}, {:.3}) to ({:.3}, {:.3}){range}",
                c.kind,
                c.points.len(),
                a.x,
                a.y,
                b.x,
                b.y
            );
        }
    }
    for n in &d.notes {
        let _ = writeln!(out, "\nnote: {n}");
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let _ = writeln!(out, "\nwrote {}", names.join(", "));
    out
}
