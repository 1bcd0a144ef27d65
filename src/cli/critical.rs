//! `eibal critical`: the value of a param where a stability indicator crosses its threshold.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::lang::{Override, Prepared};
use crate::report::sweep::grid::ValueReader;
use crate::theory::chaos::{Criterion, CriticalOptions, critical_value};
use crate::theory::transfer::TransferForm;
use clap::Args;
use serde_json::json;

#[derive(Debug, Args)]
pub struct CriticalArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// The param to vary.
    #[arg(long)]
    pub param: String,
    /// The search range LO:HI: expressions of the language with the param's units
    /// (`--range 8mV:9.5mV`), or plain numbers in SI units (`0.008:0.0095` for volts).
    #[arg(long, value_name = "LO:HI", allow_hyphen_values = true)]
    pub range: String,
    /// growth (largest growth rate of the characteristic equation crosses 0), radius
    /// (gain-scaled bulk radius crosses 1) or branching (branching ratio crosses 1).
    #[arg(long, default_value = "growth")]
    pub criterion: String,
    /// Absolute tolerance on the critical value (SI units of the param).
    #[arg(long, default_value_t = 1e-3)]
    pub tol: f64,
    /// Use the first-order low-pass LIF transfer function (faster, approximate).
    #[arg(long)]
    pub low_pass: bool,
    /// Print machine-readable JSON.
    #[arg(long)]
    pub json: bool,
}

/// LO:HI as SI values: plain numbers are taken as SI; anything else is evaluated as an
/// expression of the language (units allowed) and must have the param's dimension.
fn parse_range(text: &str, reader: &ValueReader, param: &str) -> Result<(f64, f64)> {
    let bad = || {
        Error::BadInput(format!(
            "--range {text}: expected LO:HI with LO < HI, e.g. --range 3:8 or --range 8mV:9.5mV"
        ))
    };
    let (lo, hi) = text.split_once(':').ok_or_else(bad)?;
    let value = |part: &str, what: &str| match part.trim().parse::<f64>() {
        Ok(v) => Ok(v),
        Err(_) => reader.value(param, what, part),
    };
    let lo = value(lo, "LO")?;
    let hi = value(hi, "HI")?;
    if lo.is_finite() && hi.is_finite() && lo < hi {
        Ok((lo, hi))
    } else {
        Err(bad())
    }
}

pub fn run(args: CriticalArgs) -> Result<()> {
    let criterion = Criterion::parse(&args.criterion)?;
    if !(args.tol.is_finite() && args.tol > 0.0) {
        return Err(Error::BadInput(format!(
            "--tol must be a positive number, got {}",
            args.tol
        )));
    }
    let source = crate::lang::read_source(&args.model.file)?;
    let prepared = Prepared::new(&source, &args.model.file.to_string_lossy())?;
    let base = args
        .model
        .set
        .iter()
        .map(|s| Override::parse(s))
        .collect::<Result<Vec<_>>>()?;
    let model = crate::lang::compile_source(&source, &args.model.file.to_string_lossy(), &base)?;
    let (lo, hi) = parse_range(&args.range, &ValueReader::new(&model), &args.param)?;
    let options = CriticalOptions {
        criterion,
        tol: args.tol,
        form: if args.low_pass {
            TransferForm::LowPass
        } else {
            TransferForm::Exact
        },
        ..CriticalOptions::default()
    };
    let c = critical_value(&prepared, &base, &args.param, lo, hi, &options)?;
    if args.json {
        let out = json!({
            "param": c.param,
            "criterion": c.criterion,
            "value": c.crossing.value,
            "tolerance": c.crossing.tolerance,
            "evaluations": c.evaluations,
            "transfer": if args.low_pass { "low_pass" } else { "exact" },
        });
        super::print_json(&out)?;
    } else {
        println!(
            "critical {} = {:.6} +- {:.1e} ({} criterion, {} evaluations)",
            c.param, c.crossing.value, c.crossing.tolerance, args.criterion, c.evaluations
        );
    }
    Ok(())
}
