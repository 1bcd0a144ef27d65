//! `eibal boundary FILE --x g 3:8 --y eta 0.5:4`: the phase diagram of a model in the plane of
//! two params. A survey grid classifies the states, continuation traces the boundaries; the
//! curves are written as CSV and JSON with a plot of the labelled plane.

use super::ModelArgs;
use super::progress::Terminal;
use crate::error::{Error, Result};
use crate::model::Axis;
use crate::model::axis::read_range;
use crate::model::sink::Directory;
use crate::report::boundary::{checks_table, summary, write_files};
use crate::study::{BoundaryRequest, boundary};
use clap::Args;
use std::path::PathBuf;
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
    let source = Arc::new(args.model.source()?);
    let axis = |given: &[String], n: usize| -> Result<Axis> {
        let [name, range] = given else {
            return Err(Error::BadInput(
                "--x and --y take a param and a range, e.g. --x g 3:8 --y eta 0.5:4".into(),
            ));
        };
        let (lo, hi, _) = read_range(source.as_ref(), name, range, false)?;
        Axis::linspace(source.model(), name, lo, hi, n)
    };
    let request = BoundaryRequest {
        nx,
        ny,
        form: super::transfer_form(args.low_pass),
        trace: !args.no_trace,
        simulate_per_region: args.simulate,
        sim_duration: args.sim_duration,
        ..BoundaryRequest::new(axis(&args.x, nx)?, axis(&args.y, ny)?)
    };
    super::check_out_dir(&args.out)?;
    let started = std::time::Instant::now();
    let report = boundary(source, &request, &Terminal::new(!args.json))?;
    let seconds = started.elapsed().as_secs_f64();
    let written = write_files(&report, &Directory::new(&args.out))?;
    if args.json {
        return super::print_json(&report);
    }
    print!("{}", summary(&report.diagram, seconds, &written));
    if args.simulate > 0 {
        print!(
            "{}",
            checks_table(&report.simulation_checks, &report.diagram)
        );
    }
    Ok(())
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
