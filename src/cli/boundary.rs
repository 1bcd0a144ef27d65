//! `eibal boundary FILE --x g 3:8 --y eta 0.5:4`: the phase diagram of a model in the plane of
//! two params. A survey grid classifies the states, continuation traces the boundaries; the
//! curves are written as CSV and JSON with a plot of the labelled plane.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::lang::ModelSource;
use crate::model::Axis;
use crate::model::axis::read_range;
use crate::report::phase_check::{LabelCheck, check_labels};
use crate::report::plot::phase_diagram::PhaseDiagramFigure;
use crate::report::plot::save;
use crate::theory::boundary::{BoundaryOptions, PhaseDiagram, PlaneEvaluator, phase_diagram};
use crate::theory::transfer::TransferForm;
use clap::Args;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct BoundaryArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// The x axis: a param and its range LO:HI (in the param's display unit), e.g. `--x g 3:8`.
    #[arg(long, num_args = 2, value_names = ["PARAM", "LO:HI"], required = true)]
    pub x: Vec<String>,
    /// The y axis, e.g. `--y eta 0.5:4`.
    #[arg(long, num_args = 2, value_names = ["PARAM", "LO:HI"], required = true)]
    pub y: Vec<String>,
    /// Survey points per axis: `N` for both or `NXxNY` (e.g. `51x36` for steps of 0.1 over
    /// g 3:8 and eta 0.5:4).
    #[arg(long, default_value = "21")]
    pub resolution: String,
    /// Folder for the curves (CSV, JSON) and the plot (SVG and PNG); created if missing.
    #[arg(long, default_value = "boundary")]
    pub out: PathBuf,
    /// Print the whole result as JSON on stdout (the files are written too).
    #[arg(long)]
    pub json: bool,
    /// Use the first-order low-pass approximation of the LIF transfer function.
    #[arg(long)]
    pub low_pass: bool,
    /// Survey only: do not trace the boundaries by continuation.
    #[arg(long)]
    pub no_trace: bool,
    /// Check the labels: simulate up to K points per region (spiking networks) and name the
    /// state each run shows (rate, synchrony chi, spectrum peak).
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub simulate: usize,
    /// Network time simulated per checked point (e.g. 300ms, 1s).
    #[arg(long, default_value = "300ms", value_parser = super::simulate::parse_duration)]
    pub sim_duration: f64,
}

/// `N` or `NXxNY`.
pub fn parse_resolution(text: &str) -> Result<(usize, usize)> {
    let bad = || {
        Error::BadInput(format!(
            "--resolution {text}: expected N or NXxNY with 2 <= N <= 1000, e.g. 21 or 51x36"
        ))
    };
    let number = |t: &str| -> Result<usize> {
        t.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (2..=1000).contains(n))
            .ok_or_else(bad)
    };
    match text.split_once(['x', 'X']) {
        Some((a, b)) => Ok((number(a)?, number(b)?)),
        None => {
            let n = number(text)?;
            Ok((n, n))
        }
    }
}

pub fn run(args: BoundaryArgs) -> Result<()> {
    let (nx, ny) = parse_resolution(&args.resolution)?;
    let source = Arc::new(ModelSource::read(&args.model.file, &args.model.set)?);
    let form = if args.low_pass {
        TransferForm::LowPass
    } else {
        TransferForm::Exact
    };
    let (x, y) = match (args.x.as_slice(), args.y.as_slice()) {
        ([xn, xr], [yn, yr]) => ((xn.as_str(), xr.as_str()), (yn.as_str(), yr.as_str())),
        _ => {
            return Err(Error::BadInput(
                "--x and --y take a param and a range, e.g. --x g 3:8 --y eta 0.5:4".into(),
            ));
        }
    };
    let axis = |(name, range): (&str, &str), n: usize| -> Result<Axis> {
        let (lo, hi, _) = read_range(source.as_ref(), name, range, false)?;
        Axis::linspace(source.model(), name, lo, hi, n)
    };
    let (x, y) = (axis(x, nx)?, axis(y, ny)?);
    let evaluator = PlaneEvaluator::new(source.clone(), x, y, form)?;
    let options = BoundaryOptions {
        nx,
        ny,
        trace: !args.no_trace,
        ..BoundaryOptions::default()
    };
    let bar = if args.json || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new((nx * ny) as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} points and curves, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    let started = std::time::Instant::now();
    let diagram = phase_diagram(&evaluator, &options, &|| bar.inc(1), &|n| bar.inc_length(n))?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let checks = check_labels(&evaluator, &diagram, args.simulate, args.sim_duration)?;
    let mut written = write_files(&diagram, &checks, &args.out)?;
    if !checks.is_empty() {
        let path = args.out.join("boundary_simulation_checks.json");
        let text = serde_json::to_string_pretty(&checks)
            .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    if args.json {
        let mut value = serde_json::to_value(&diagram)
            .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
        if let (Some(map), false) = (value.as_object_mut(), checks.is_empty()) {
            map.insert(
                "simulation_checks".into(),
                serde_json::to_value(&checks)
                    .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?,
            );
        }
        super::print_json(&value)?;
    } else {
        print!("{}", summary(&diagram, seconds, &written));
        if args.simulate > 0 {
            print!("{}", checks_table(&checks, &diagram));
        }
    }
    Ok(())
}

/// The simulation checks as a table.
fn checks_table(checks: &[LabelCheck], d: &PhaseDiagram) -> String {
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
        "\nsimulation checks ({agree} of {} agree; rules in report::phase_check):",
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
        let label = crate::theory::boundary::regions::label(p, d.network);
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

fn write_files(d: &PhaseDiagram, checks: &[LabelCheck], dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let json = serde_json::to_string_pretty(d)
        .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
    let files = [
        ("boundary_curves.csv", curves_csv(d)),
        ("boundary_survey.csv", survey_csv(d)),
        ("boundary.json", json),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        written.push(path);
    }
    for name in ["boundary.svg", "boundary.png"] {
        let plot = dir.join(name);
        save(&PhaseDiagramFigure { diagram: d, checks }, &plot)?;
        written.push(plot);
    }
    Ok(written)
}

fn summary(d: &PhaseDiagram, seconds: f64, written: &[PathBuf]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolutions() {
        assert_eq!(parse_resolution("21").unwrap(), (21, 21));
        assert_eq!(parse_resolution("51x36").unwrap(), (51, 36));
        assert_eq!(parse_resolution("5X4").unwrap(), (5, 4));
        for bad in ["1", "0x5", "abc", "5x", "2000"] {
            assert!(parse_resolution(bad).is_err(), "{bad}");
        }
    }
}
