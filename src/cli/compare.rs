//! `eibal compare`: solve the theory and run the simulation of the same file, then print
//! both side by side with uncertainties and verdicts.

use super::ModelArgs;
use super::PlotFormat;
use super::simulate::RunArgs;
use crate::error::Result;
use crate::report::compare::{table, write_plots, write_spectrum_plot};
use crate::study::{CompareRequest, compare, write_json};
use clap::Args;

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// The simulation's duration, seed and output (`--out DIR` also gets `compare.json` and
    /// the plots: raster, cv_histogram, rate_trace, rate_spectrum, traces, currents and
    /// avalanches).
    #[command(flatten)]
    pub run: RunArgs,
    /// Image format of the plots written to `--out`.
    #[arg(long, value_enum, default_value_t = PlotFormat::Svg)]
    pub format: PlotFormat,
}

pub fn run(args: CompareArgs) -> Result<()> {
    let model = args.model.load()?;
    args.run.check(&model)?;
    let request = CompareRequest {
        simulation: args.run.request(),
    };
    let report = compare(&model, &request, &args.run.observer(args.json))?;
    if let Some(sink) = args.run.sink() {
        write_json(sink.as_ref(), "compare.json", &report)?;
        let theory_cv: Vec<Option<f64>> = report
            .theory
            .fixed_points
            .first()
            .map(|f| f.populations.iter().map(|p| p.cv).collect())
            .unwrap_or_default();
        write_plots(
            &model,
            &report.simulation.result,
            &theory_cv,
            sink.as_ref(),
            args.format.into(),
        )?;
        write_spectrum_plot(
            &model,
            &report.comparison,
            sink.as_ref(),
            args.format.into(),
        )?;
    }
    if args.json {
        super::print_json(&report)
    } else {
        print!("{}", table(&report.comparison));
        Ok(())
    }
}
