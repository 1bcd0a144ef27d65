//! `eibal stability`: linear stability of the mean-field fixed points, with the leading roots
//! of the delay characteristic equation (growth rate and oscillation frequency).

use super::ModelArgs;
use crate::error::Result;
use crate::study::{StabilityRequest, stability};
use crate::theory::network::stability::ExpSynapseTransfer;
use clap::{Args, ValueEnum};

/// `--exp-transfer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExpTransfer {
    Shift,
    Taylor,
}

#[derive(Debug, Args)]
pub struct StabilityArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Use the first-order low-pass approximation H(0) / (1 + lambda tau_m) instead of the
    /// full LIF transfer function.
    #[arg(long)]
    pub low_pass: bool,
    /// Transfer function of LIF neurons with exponential synapses: `shift` (Fourcaud & Brunel
    /// 2002, shifted threshold and reset) or `taylor` (Schuecker, Diesmann & Helias 2015,
    /// first order in sqrt(tau_s / tau_m) at all frequencies, NNMT's method="taylor").
    #[arg(long, value_enum, value_name = "FORM", default_value_t = ExpTransfer::Shift)]
    pub exp_transfer: ExpTransfer,
    /// Give up after this many seconds of computing (exit code 1 with what to try).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::theory::numerics::budget::DEFAULT_TIME_LIMIT_S)]
    pub time_limit: f64,
}

pub fn run(args: StabilityArgs) -> Result<()> {
    let model = args.model.load()?;
    let request = StabilityRequest {
        form: super::transfer_form(args.low_pass),
        time_limit_s: Some(args.time_limit),
        exp_synapses: match args.exp_transfer {
            ExpTransfer::Shift => ExpSynapseTransfer::Shift,
            ExpTransfer::Taylor => ExpSynapseTransfer::Taylor,
        },
    };
    let report = stability(&model, &request)?;
    if args.json {
        return super::print_json(&report);
    }
    let names: Vec<String> = model.populations.iter().map(|p| p.name.clone()).collect();
    print!("{}", crate::report::stability::table(&report, &names));
    Ok(())
}
