//! `eibal simulate`: run the spiking simulation of a model and print its statistics.

use super::ModelArgs;
use super::progress::Terminal;
use crate::error::{Error, Result};
use crate::model::sink::Directory;
use crate::study::{SimulateRequest, simulate};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;

/// How to run the simulation: shared by `simulate` and `compare`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Network time to simulate, e.g. `2s`, `500ms` or seconds as a number (default: the
    /// model's `simulate` block).
    #[arg(long, value_parser = parse_duration)]
    pub duration: Option<f64>,
    /// Random seed (default: the model's).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Directory for recorded spikes, rates, voltages and currents.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Threads of the simulation, 0 for every core (the default). The spikes are
    /// bit-identical for every thread count.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Refuse to run when the estimated memory exceeds this, e.g. `4GB`, `500MB` (default:
    /// the memory available on this machine).
    #[arg(long, value_name = "SIZE", value_parser = parse_bytes)]
    pub max_memory: Option<f64>,
}

impl RunArgs {
    /// The request: recorded files go to `--out DIR`.
    pub fn request(&self) -> SimulateRequest {
        SimulateRequest {
            duration: self.duration,
            seed: self.seed,
            threads: self.threads.unwrap_or(0),
            max_memory: self.max_memory,
            sink: self.sink(),
            ..SimulateRequest::default()
        }
    }

    /// Refuses before the run what the run would refuse later: `--out` naming a file, and a
    /// `--duration` shorter than the model's time step (inside the file that is an error too).
    pub fn check(&self, model: &crate::Model) -> Result<()> {
        if let Some(dir) = &self.out {
            super::check_out_dir(dir)?;
        }
        let dt = model.simulation.dt;
        if let Some(duration) = self.duration
            && duration < dt
        {
            return Err(Error::BadInput(format!(
                "--duration {} is shorter than the time step dt = {} of the model: nothing \
                 would be simulated",
                crate::model::Quantity::new(duration, crate::model::Dimension::TIME),
                crate::model::Quantity::new(dt, crate::model::Dimension::TIME)
            )));
        }
        Ok(())
    }

    /// `--out DIR` as a sink.
    pub fn sink(&self) -> Option<Arc<dyn crate::model::Sink>> {
        self.out
            .as_ref()
            .map(|dir| Arc::new(Directory::new(dir)) as Arc<dyn crate::model::Sink>)
    }

    /// The observer of the run: a progress bar unless `--quiet` or `json`, and Ctrl-C stops
    /// the run cleanly (files stay consistent).
    pub fn observer(&self, json: bool) -> Terminal {
        Terminal::new(!self.quiet && !json)
    }
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Also write the recorded spikes as CSV (`spikes.csv`: t_s,neuron) next to spikes.bin.
    #[arg(long, requires = "out")]
    pub csv: bool,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// A memory size: a number with `B`, `kB`, `MB`, `GB` or `TB` (powers of 1000), or bytes.
pub fn parse_bytes(text: &str) -> std::result::Result<f64, String> {
    let t = text.trim();
    let units = [
        ("TB", 1e12),
        ("GB", 1e9),
        ("MB", 1e6),
        ("kB", 1e3),
        ("B", 1.0),
    ];
    let (number, factor) = units
        .iter()
        .find_map(|(u, f)| t.strip_suffix(u).map(|n| (n, *f)))
        .unwrap_or((t, 1.0));
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v * factor),
        _ => Err(format!(
            "`{text}` is not a positive memory size (e.g. 4GB, 500MB)"
        )),
    }
}

/// A duration: a number with `s` or `ms`, or a plain number of seconds.
pub fn parse_duration(text: &str) -> std::result::Result<f64, String> {
    let t = text.trim();
    let (number, factor) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v * factor),
        _ => Err(format!(
            "`{text}` is not a positive duration (e.g. 2s, 500ms)"
        )),
    }
}

pub fn run(args: SimulateArgs) -> Result<()> {
    let model = args.model.load()?;
    args.run.check(&model)?;
    let request = args.run.request();
    let run = simulate(&model, &request, &args.run.observer(args.json))?;
    if let Some(dir) = &args.run.out {
        let spikes = dir.join("spikes.bin");
        if args.csv && spikes.exists() {
            let file = crate::sim::record::read_spikes(&spikes)?;
            crate::sim::record::spikes_to_csv(&file, &dir.join("spikes.csv"))?;
        }
    }
    if args.json {
        super::print_json(&run)
    } else {
        print!("{}", crate::report::simulation::table(&run.statistics));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("2s"), Ok(2.0));
        assert!((parse_duration("500ms").unwrap() - 0.5).abs() < 1e-15);
        assert_eq!(parse_duration("1.5"), Ok(1.5));
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("abc").is_err());
        assert_eq!(parse_bytes("4GB"), Ok(4e9));
        assert_eq!(parse_bytes("500MB"), Ok(5e8));
        assert!(parse_bytes("-1GB").is_err());
    }
}
