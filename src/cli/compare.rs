//! `eibal compare`: solve the theory and run the simulation of the same file, then print
//! both side by side with uncertainties and verdicts.

use super::ModelArgs;
use super::simulate::RunArgs;
use super::sweep::PlotFormat;
use crate::error::{Error, Result};
use crate::report::compare;
use crate::report::plot::avalanches::Avalanches;
use crate::report::plot::currents::Currents;
use crate::report::plot::cv_histogram::CvHistogram;
use crate::report::plot::raster::Raster;
use crate::report::plot::rate_trace::RateTrace;
use crate::report::plot::save;
use crate::report::plot::traces::Traces;
use crate::sim;
use crate::theory::stability::analyse;
use crate::theory::transfer::TransferForm;
use crate::theory::{self, TheoryOptions};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// The simulation's duration, seed and output (`--out DIR` also gets `compare.json` and
    /// the plots: raster, cv_histogram, rate_trace, traces, currents and avalanches).
    #[command(flatten)]
    pub run: RunArgs,
    /// Image format of the plots written to `--out`.
    #[arg(long, value_enum, default_value_t = PlotFormat::Svg)]
    pub format: PlotFormat,
}

pub fn run(args: CompareArgs) -> Result<()> {
    let model = args.model.load()?;
    let prediction = theory::solve(&model, &TheoryOptions::default())?;
    let stability = prediction
        .fixed_points
        .first()
        .ok_or_else(|| "no fixed point".to_string())
        .and_then(|f| analyse(&model, f, TransferForm::Exact).map_err(|e| e.to_string()));
    let result = sim::run(&model, &args.run.options(args.json))?;
    let stats = crate::analysis::summarize(&result, &model);
    let comparison = compare::compare(
        &model,
        &prediction,
        stability.as_ref().map_err(Clone::clone),
        &result,
        &stats,
    );
    let json = serde_json::to_string_pretty(&comparison)
        .map_err(|e| Error::Runtime(format!("could not write JSON: {e}")))?;
    if let Some(dir) = &args.run.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let path = dir.join("compare.json");
        std::fs::write(&path, &json).map_err(|e| Error::io(&path, e))?;
        let theory_cv: Vec<Option<f64>> = prediction
            .fixed_points
            .first()
            .map(|f| f.populations.iter().map(|p| p.cv).collect())
            .unwrap_or_default();
        write_plots(&model, &result, &theory_cv, dir, args.format)?;
    }
    if args.json {
        println!("{json}");
    } else {
        print!("{}", compare::table(&comparison));
    }
    Ok(())
}

/// The model name and file for plot titles: `brunel2000_A (brunel2000.ei)`.
pub fn title_prefix(model: &crate::Model) -> String {
    let file = Path::new(&model.file)
        .file_name()
        .map_or(model.file.clone(), |f| f.to_string_lossy().into_owned());
    format!("{} ({file})", model.name)
}

/// Writes raster, cv_histogram and rate_trace (when a population spikes), traces (when rate or binary units were sampled), currents (when inputs were sampled) and avalanches (when the
/// run has any) to `dir`; returns the paths written.
pub fn write_plots(
    model: &crate::Model,
    result: &sim::SimResult,
    theory_cv: &[Option<f64>],
    dir: &Path,
    format: PlotFormat,
) -> Result<Vec<PathBuf>> {
    let prefix = title_prefix(model);
    let path = |name: &str| dir.join(format!("{name}.{}", format.extension()));
    let mut written = Vec::new();
    // Raster and CV histogram only for spiking populations (rate and binary units have none).
    if result.populations.iter().any(|p| p.spiking) {
        let raster = Raster::from_result(
            result,
            format!("{prefix}: spike raster and population rate"),
        );
        save(&raster, &path("raster"))?;
        written.push(path("raster"));
        let cv = CvHistogram::from_result(
            result,
            theory_cv,
            format!("{prefix}: irregularity of single neurons"),
        );
        save(&cv, &path("cv_histogram"))?;
        written.push(path("cv_histogram"));
    }
    if let Some(t) = RateTrace::from_result(
        result,
        model,
        format!("{prefix}: population rates over the whole run"),
    ) {
        save(&t, &path("rate_trace"))?;
        written.push(path("rate_trace"));
    }
    // The parameters in the title of the traces (rate networks are usually set by one or two
    // of them, e.g. the coupling g): all of them when there are at most three, else the
    // ones changed from the file's default (by --set).
    let few = model.params.len() <= 3;
    let set: Vec<String> = model
        .params
        .iter()
        .filter(|p| few || p.value != p.default)
        .map(|p| format!("{} = {}", p.name, p.value))
        .collect();
    let set = if set.is_empty() {
        String::new()
    } else {
        format!(", {}", set.join(", "))
    };
    if let Some(t) = Traces::from_result(result, format!("{prefix}: states of sampled units{set}"))
    {
        save(&t, &path("traces"))?;
        written.push(path("traces"));
    }
    if let Some(c) = Currents::from_result(result, &prefix) {
        save(&c, &path("currents"))?;
        written.push(path("currents"));
    }
    if let Some(a) = Avalanches::from_result(result, format!("{prefix}: neuronal avalanches")) {
        save(&a, &path("avalanches"))?;
        written.push(path("avalanches"));
    }
    Ok(written)
}
