//! `eibal critical`: the value of a param where a stability indicator crosses its threshold.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::lang::ModelSource;
use crate::model::axis::read_range;
use crate::study::{CriticalRequest, critical};
use crate::theory::network::chaos::Criterion;
use clap::Args;

#[derive(Debug, Args)]
pub struct CriticalArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// The param to vary.
    #[arg(long)]
    pub param: String,
    /// The search range LO:HI: plain numbers in the param's display unit, as `eibal show`
    /// prints it (`--range 8:9.5` for a voltage in mV), or expressions of the language with
    /// units (`--range 8mV:9.5mV`).
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

/// LO:HI as SI values (a bare number is in the param's display unit, anything else an
/// expression with units), LO below HI.
fn parse_range(text: &str, source: &ModelSource, param: &str) -> Result<(f64, f64)> {
    let (lo, hi, _) = read_range(source, param, text, false)?;
    if lo.is_finite() && hi.is_finite() && lo < hi {
        Ok((lo, hi))
    } else {
        Err(Error::BadInput(format!(
            "--range {text}: expected LO:HI with LO < HI, e.g. --range 3:8 or --range 8mV:9.5mV"
        )))
    }
}

pub fn run(args: CriticalArgs) -> Result<()> {
    let criterion = Criterion::parse(&args.criterion)?;
    let source = args.model.source()?;
    let (lo, hi) = parse_range(&args.range, &source, &args.param)?;
    let request = CriticalRequest {
        criterion,
        tol: args.tol,
        form: super::transfer_form(args.low_pass),
        ..CriticalRequest::new(&args.param, lo, hi)
    };
    let report = critical(&source, &request)?;
    if args.json {
        super::print_json(&report)
    } else {
        print!("{}", crate::report::critical::line(&report));
        Ok(())
    }
}
