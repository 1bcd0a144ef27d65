//! What a sweep reports: a table on stdout, `sweep_theory.csv`, `sweep_simulation.csv`,
//! `sweep.json` and the `rate_curve` plot (theory as lines, simulations as points with error
//! bars, critical values as vertical dashed lines).

use crate::plot::rate_curve::{Curve, Marker, RateCurve, SimSeries};
use crate::plot::{ImageFormat, save_in};
use crate::write_text;
use eibal_model::{Result, Sink};
use eibal_study::sweep::SweepReport;
use eibal_study::to_json;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn opt(x: Option<f64>, digits: usize) -> String {
    x.map_or("-".to_string(), |v| format!("{v:.digits$}"))
}

/// Failed theory points named one by one in the table.
const SHOWN_FAILURES: usize = 5;

/// The table printed on stdout.
pub fn table(r: &SweepReport) -> String {
    let mut out = String::new();
    let names: Vec<&str> = r.axes.iter().map(|a| a.param.as_str()).collect();
    let _ = writeln!(
        out,
        "{} ({}): sweep over {} ({} theory points, {} simulated); stability with the {} transfer function\n",
        r.model,
        r.file,
        names.join(" x "),
        r.theory.len(),
        r.simulations.len(),
        r.transfer
    );
    let mut head = String::new();
    for a in &r.axes {
        let _ = write!(head, "{:>12} ", a.label());
    }
    for p in &r.populations {
        let _ = write!(
            head,
            "{:>12} {:>7} ",
            format!("{} ({})", p.name, p.unit),
            format!("CV {}", p.name)
        );
    }
    let _ = write!(
        head,
        "{:>9} {:>12} {:>10}",
        "stable", "Re lam (1/s)", "f (Hz)"
    );
    let _ = writeln!(out, "theory\n{head}");
    for t in &r.theory {
        let mut line = String::new();
        for (k, v) in t.values.iter().enumerate() {
            let _ = write!(line, "{:>12} ", r.show(k, *v));
        }
        for a in 0..r.populations.len() {
            let rate = t.rates.as_ref().and_then(|x| x.get(a).copied());
            let cv = t.cv.as_ref().and_then(|x| x.get(a).copied().flatten());
            let _ = write!(line, "{:>12} {:>7} ", opt(rate, 3), opt(cv, 3));
        }
        let stable = match (t.stable, &t.error) {
            (_, Some(_)) => "failed",
            (Some(true), _) => "yes",
            (Some(false), _) => "NO",
            (None, _) => "-",
        };
        let _ = write!(
            line,
            "{stable:>9} {:>12} {:>10}",
            opt(t.growth_rate_per_s, 2),
            opt(t.frequency_hz, 2)
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if !r.simulations.is_empty() {
        let mut head = String::new();
        for a in &r.axes {
            let _ = write!(head, "{:>12} ", a.label());
        }
        for p in &r.populations {
            let _ = write!(
                head,
                "{:>20} {:>14} ",
                format!("{} rate ({})", p.name, p.unit),
                format!("CV {}", p.name)
            );
        }
        let _ = write!(head, "{:>12} {:>6}", "chi", "seeds");
        let _ = writeln!(out, "\nsimulation (mean +- standard error)\n{head}");
        for s in &r.simulations {
            let mut line = String::new();
            for (k, v) in s.values.iter().enumerate() {
                let _ = write!(line, "{:>12} ", r.show(k, *v));
            }
            let pm = |e: Option<&eibal_study::sweep::Estimate>, d: usize| match e {
                Some(e) => format!("{:.d$} +- {}", e.mean, opt(e.se, d)),
                None => "-".to_string(),
            };
            for a in 0..r.populations.len() {
                let _ = write!(
                    line,
                    "{:>20} {:>14} ",
                    pm(s.rate_hz.get(a).and_then(|e| e.as_ref()), 2),
                    pm(s.cv.get(a).and_then(|e| e.as_ref()), 2)
                );
            }
            let _ = write!(
                line,
                "{:>12} {:>6}",
                pm(s.chi.as_ref(), 2),
                format!("{}/{}", s.seeds.len() - s.errors.len(), s.seeds.len())
            );
            let _ = writeln!(out, "{}", line.trim_end());
            for e in &s.errors {
                let _ = writeln!(out, "    failed run: {e}");
            }
        }
    }
    out.push('\n');
    if r.critical.is_empty() {
        let _ = writeln!(
            out,
            "critical values: none (the predicted stability does not change between neighbouring points)"
        );
    }
    for c in &r.critical {
        let at = match (c.at, r.axes.get(1)) {
            (Some(v), Some(a)) => format!(" at {} = {} {}", a.param, r.show(1, v), a.unit)
                .trim_end()
                .to_string(),
            _ => String::new(),
        };
        let (value, tolerance) = rounded(r.axes[0].show(c.value), r.axes[0].show(c.tolerance));
        let _ = writeln!(
            out,
            "critical {} = {value} +- {tolerance} {}{at} ({}; {})",
            c.param, r.axes[0].unit, c.change, c.method
        );
    }
    let failed: Vec<&eibal_study::sweep::TheoryPoint> =
        r.theory.iter().filter(|t| t.error.is_some()).collect();
    for t in failed.iter().take(SHOWN_FAILURES) {
        let _ = writeln!(
            out,
            "note: theory failed at {}: {}",
            point_words(r, &t.values),
            t.error.as_deref().unwrap_or_default()
        );
    }
    if failed.len() > SHOWN_FAILURES {
        let _ = writeln!(
            out,
            "note: ... and at {} more points (each with its reason in sweep_theory.csv and the JSON)",
            failed.len() - SHOWN_FAILURES
        );
    }
    if let Some(t) = r.theory.iter().find(|t| t.stability_error.is_some()) {
        let _ = writeln!(
            out,
            "note: stability not computed (e.g. at {}): {}",
            point_words(r, &t.values),
            t.stability_error.as_deref().unwrap_or_default()
        );
    }
    for n in &r.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

/// A value and its uncertainty with the decimals the uncertainty supports (one significant
/// digit of it).
pub fn rounded(value: f64, tolerance: f64) -> (String, String) {
    if !(tolerance.is_finite() && tolerance > 0.0) {
        return (eibal_model::fmt_number(value), format!("{tolerance}"));
    }
    let decimals = (-tolerance.log10().floor()).clamp(0.0, 12.0) as usize;
    (
        format!("{value:.decimals$}"),
        format!("{tolerance:.decimals$}"),
    )
}

fn point_words(r: &SweepReport, values: &[f64]) -> String {
    values
        .iter()
        .enumerate()
        .map(|(k, v)| {
            format!("{} = {} {}", r.axes[k].param, r.show(k, *v), r.axes[k].unit)
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn csv_number(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v}"))
}

/// `sweep_theory.csv`: one row per theory point; params in SI units (column names say so).
pub fn theory_csv(r: &SweepReport) -> String {
    let mut out = String::new();
    let mut head: Vec<String> = r.axes.iter().map(|a| format!("{}_si", a.param)).collect();
    for p in &r.populations {
        head.push(format!("rate_{}", p.name));
        head.push(format!("cv_{}", p.name));
    }
    head.extend(["stable", "growth_rate_per_s", "frequency_hz", "error"].map(String::from));
    let _ = writeln!(out, "{}", head.join(","));
    for t in &r.theory {
        let mut row: Vec<String> = t.values.iter().map(|v| format!("{v}")).collect();
        for a in 0..r.populations.len() {
            row.push(csv_number(t.rates.as_ref().and_then(|x| x.get(a).copied())));
            row.push(csv_number(
                t.cv.as_ref().and_then(|x| x.get(a).copied().flatten()),
            ));
        }
        row.push(t.stable.map_or(String::new(), |s| s.to_string()));
        row.push(csv_number(t.growth_rate_per_s));
        row.push(csv_number(t.frequency_hz));
        row.push(csv_text(
            t.error.as_deref().or(t.stability_error.as_deref()),
        ));
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

/// `sweep_simulation.csv`: one row per simulated point.
pub fn simulation_csv(r: &SweepReport) -> String {
    let mut out = String::new();
    let mut head: Vec<String> = r.axes.iter().map(|a| format!("{}_si", a.param)).collect();
    for p in &r.populations {
        for q in ["rate", "rate_se", "cv", "cv_se"] {
            head.push(format!("{q}_{}", p.name));
        }
    }
    head.extend(["chi", "chi_se", "seeds", "failed"].map(String::from));
    let _ = writeln!(out, "{}", head.join(","));
    for s in &r.simulations {
        let mut row: Vec<String> = s.values.iter().map(|v| format!("{v}")).collect();
        for a in 0..r.populations.len() {
            for e in [s.rate_hz.get(a), s.cv.get(a)] {
                let e = e.and_then(|e| e.as_ref());
                row.push(csv_number(e.map(|e| e.mean)));
                row.push(csv_number(e.and_then(|e| e.se)));
            }
        }
        row.push(csv_number(s.chi.map(|e| e.mean)));
        row.push(csv_number(s.chi.and_then(|e| e.se)));
        row.push(s.seeds.len().to_string());
        row.push(s.errors.len().to_string());
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

fn csv_text(x: Option<&str>) -> String {
    x.map_or(String::new(), |t| {
        format!("\"{}\"", t.replace('"', "'").replace('\n', " "))
    })
}

/// Most curves (values of the second axis) drawn in one rate plot.
pub const MAX_CURVES: usize = 6;

/// The second-axis indices drawn: all, or [`MAX_CURVES`] evenly spaced ones (first and last
/// included); the CSV and JSON files keep every point.
pub fn plotted_curves(r: &SweepReport) -> Vec<usize> {
    let n = r.axes.get(1).map_or(1, |a| a.values_si.len());
    if n <= MAX_CURVES {
        return (0..n).collect();
    }
    let mut picked: Vec<usize> = (0..MAX_CURVES)
        .map(|k| (k as f64 * (n - 1) as f64 / (MAX_CURVES - 1) as f64).round() as usize)
        .collect();
    picked.dedup();
    picked
}

/// The rate-against-parameter figure of a sweep.
pub fn rate_curve(r: &SweepReport) -> RateCurve {
    let first = &r.axes[0];
    let n0 = first.values_si.len();
    let mut curves = Vec::new();
    let mut sims = Vec::new();
    for (rank, j) in plotted_curves(r).into_iter().enumerate() {
        let suffix = r.axes.get(1).map_or(String::new(), |a| {
            format!(", {} = {} {}", a.param, r.show(1, a.values_si[j]), a.unit)
                .trim_end()
                .to_string()
        });
        for (k, p) in r.populations.iter().enumerate() {
            let points: Vec<(f64, f64)> = r.theory[j * n0..(j + 1) * n0]
                .iter()
                .filter_map(|t| Some((first.show(t.values[0]), *t.rates.as_ref()?.get(k)?)))
                .collect();
            let unstable: Vec<(f64, f64)> = r.theory[j * n0..(j + 1) * n0]
                .iter()
                .filter(|t| t.stable == Some(false))
                .filter_map(|t| Some((first.show(t.values[0]), *t.rates.as_ref()?.get(k)?)))
                .collect();
            curves.push(Curve {
                label: format!("{} theory{suffix}", p.name),
                population: k,
                sign: p.sign,
                series: rank,
                points,
                unstable,
            });
            let sim_points: Vec<(f64, f64, f64)> = r
                .simulations
                .iter()
                .filter(|s| {
                    r.axes
                        .get(1)
                        .is_none_or(|a| s.values.get(1) == Some(&a.values_si[j]))
                })
                .filter_map(|s| {
                    let e = s.rate_hz.get(k)?.as_ref()?;
                    Some((first.show(s.values[0]), e.mean, e.se.unwrap_or(0.0)))
                })
                .collect();
            if !sim_points.is_empty() {
                sims.push(SimSeries {
                    label: format!("{} simulation{suffix}", p.name),
                    population: k,
                    sign: p.sign,
                    series: rank,
                    points: sim_points,
                });
            }
        }
    }
    let shown = plotted_curves(r);
    let markers = r
        .critical
        .iter()
        .filter(|c| match (c.at, r.axes.get(1)) {
            (Some(v), Some(a)) => shown.iter().any(|&j| a.values_si[j] == v),
            _ => true,
        })
        .map(|c| Marker {
            x: first.show(c.value),
            label: format!(
                "critical {} = {} {}{}",
                c.param,
                rounded(first.show(c.value), first.show(c.tolerance)).0,
                first.unit,
                match (c.at, r.axes.get(1)) {
                    (Some(v), Some(a)) => format!(" ({} = {})", a.param, r.show(1, v)),
                    _ => String::new(),
                }
            )
            .trim_end()
            .to_string(),
        })
        .collect();
    RateCurve {
        title: format!(
            "{} ({}): rate against {}",
            r.model,
            file_name(&r.file),
            first.param
        ),
        x_label: first.label(),
        y_label: if r.populations.iter().all(|p| p.unit == "activity") {
            "mean activity".into()
        } else if r.populations.iter().any(|p| p.unit == "activity") {
            "rate (Hz); mean activity of rate and binary units".into()
        } else {
            "rate (Hz)".into()
        },
        curves,
        simulations: sims,
        critical: markers,
        failed: r
            .simulations
            .iter()
            .filter(|s| s.rate_hz.iter().all(Option::is_none))
            .map(|s| first.show(s.values[0]))
            .collect(),
    }
}

fn file_name(file: &str) -> String {
    Path::new(file)
        .file_name()
        .map_or(file.to_string(), |f| f.to_string_lossy().into_owned())
}

/// Writes the CSV and JSON files and the plot to `dir` (created if missing); returns the
/// paths written.
pub fn write_files(r: &SweepReport, sink: &dyn Sink, format: ImageFormat) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, text) in [
        ("sweep_theory.csv", theory_csv(r)),
        ("sweep_simulation.csv", simulation_csv(r)),
        ("sweep.json", to_json(r)?),
    ] {
        written.push(write_text(sink, name, &text)?);
    }
    written.push(save_in(
        sink,
        &format!("rate_curve.{}", format.extension()),
        &rate_curve(r),
    )?);
    Ok(written)
}
