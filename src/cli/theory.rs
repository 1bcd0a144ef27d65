//! `eibal theory`: stationary mean-field rates, CV, balance and the balanced limit.

use super::ModelArgs;
use crate::error::Result;
use crate::study::{TheoryRequest, theory};
use clap::Args;

#[derive(Debug, Args)]
pub struct TheoryArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Multiply all in-degrees (recurrent and external) by F and divide weights by sqrt(F),
    /// the balanced-network scaling J ~ 1/sqrt(K).
    #[arg(long, value_name = "F", default_value_t = 1.0)]
    pub scale_k: f64,
    /// Report only the fixed point reached from rest (no search for others).
    #[arg(long)]
    pub no_search: bool,
    /// Skip the second-order self-consistent scheme (CV, Fano factor and spike-train spectra
    /// from a sampled single neuron with self-consistent input spectrum); `cv` is then the
    /// diffusion approximation's.
    #[arg(long)]
    pub no_second_order: bool,
    /// Give up on the mean-field solve after this many seconds (exit code 1 with what to try;
    /// a search for further fixed points cut short is noted in the output).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::theory::numerics::budget::DEFAULT_TIME_LIMIT_S)]
    pub time_limit: f64,
    /// The single-neuron response in the population spectra: `white` (the white-noise
    /// transfer function) or `sampled` (the susceptibility sampled by the second-order
    /// scheme under its coloured input, where that scheme runs).
    #[arg(long, value_enum, default_value_t = ResponseArg::White)]
    pub response: ResponseArg,
    /// Add to the second-order scheme's input the common part from the cross-correlations
    /// of the input trains (predicted by linear response), and iterate.
    #[arg(long)]
    pub input_correlations: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ResponseArg {
    White,
    Sampled,
}

pub fn run(args: TheoryArgs) -> Result<()> {
    let model = args.model.load()?;
    let request = TheoryRequest {
        scale_k: args.scale_k,
        search: !args.no_search,
        second_order: !args.no_second_order,
        time_limit_s: Some(args.time_limit),
        neuron_response: match args.response {
            ResponseArg::White => crate::study::theory::NeuronResponse::WhiteNoiseTransferFunction,
            ResponseArg::Sampled => crate::study::theory::NeuronResponse::SampledSusceptibility,
        },
        input_correlations: args.input_correlations,
    };
    let report = theory(&model, &request)?;
    if args.json {
        super::print_json(&report)
    } else {
        print!("{}", crate::report::theory::table(&report.result));
        print!("{}", crate::report::theory::second_order_table(&report));
        print!("{}", crate::report::theory::rate_spectrum_table(&report));
        Ok(())
    }
}
