//! `eibal stability`: linear stability of the mean-field fixed points, with the leading roots
//! of the delay characteristic equation (growth rate and oscillation frequency).

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::theory::stability::{FixedPointStability, analyse};
use crate::theory::transfer::TransferForm;
use crate::theory::{self, TheoryOptions};
use clap::Args;
use serde_json::json;
use std::fmt::Write;

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
}

/// How many roots are printed per fixed point.
const SHOWN_ROOTS: usize = 5;

pub fn run(args: StabilityArgs) -> Result<()> {
    let model = args.model.load()?;
    let prediction = theory::solve(&model, &TheoryOptions::default())?;
    let form = if args.low_pass {
        TransferForm::LowPass
    } else {
        TransferForm::Exact
    };
    let analysed: Vec<FixedPointStability> = prediction
        .fixed_points
        .iter()
        .map(|f| analyse(&model, f, form))
        .collect::<Result<_>>()?;
    let Some(first) = analysed.first() else {
        return Err(Error::Runtime("the theory found no fixed point".into()));
    };
    if args.json {
        let fixed_points: Vec<_> = prediction
            .fixed_points
            .iter()
            .zip(&analysed)
            .map(|(f, s)| {
                json!({
                    "from_rest": f.from_rest,
                    "rates_hz": f.rates(),
                    "stable": s.stable,
                    "unstable_roots": s.roots.unstable_count,
                    "leading_roots": s.roots.roots.iter().take(SHOWN_ROOTS).collect::<Vec<_>>(),
                    "isn": s.isn,
                    "branching_ratio": s.branching.ratio,
                    "net_branching": s.branching.net,
                    "gain_scaled_radius": s.gain_scaled_radius,
                })
            })
            .collect();
        let mut notes: Vec<String> = Vec::new();
        if analysed.iter().any(|s| s.isn.is_none()) {
            notes.push(
                "isn is null where the model lacks an excitatory or an inhibitory population, \
                 or where I - W(0) is singular"
                    .into(),
            );
        }
        if analysed.iter().any(|s| s.roots.roots.is_empty()) {
            notes.push(
                "leading_roots is empty where the characteristic equation has no root in the \
                 searched rectangle (growth rate -200..400 /s, 0..500 Hz); `stable` still \
                 counts unstable roots there by the argument principle"
                    .into(),
            );
        }
        let out = json!({
            "model": model.name,
            "transfer": first.transfer,
            "stable": first.stable,
            "leading_roots": first.roots.roots.iter().take(SHOWN_ROOTS).collect::<Vec<_>>(),
            "isn": first.isn,
            "branching_ratio": first.branching.ratio,
            "gain_scaled_radius": first.gain_scaled_radius,
            "fixed_points": fixed_points,
            "notes": notes,
        });
        super::print_json(&out)?;
        return Ok(());
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model {}: linear stability of the mean-field fixed points ({} transfer function)\n",
        model.name, first.transfer
    );
    for (i, (f, s)) in prediction.fixed_points.iter().zip(&analysed).enumerate() {
        let unit = if prediction.spiking { " Hz" } else { "" };
        let rates: Vec<String> = f
            .populations
            .iter()
            .map(|p| format!("{} {:.3}{unit}", p.name, p.rate))
            .collect();
        let _ = writeln!(
            out,
            "fixed point {} ({}{}): {}",
            i + 1,
            rates.join(", "),
            if f.from_rest {
                ", reached from rest"
            } else {
                ""
            },
            if s.stable {
                "STABLE".to_string()
            } else {
                format!("UNSTABLE ({} unstable roots)", s.roots.unstable_count)
            }
        );
        let _ = writeln!(
            out,
            "  {:>18} {:>14}",
            "growth rate (1/s)", "frequency (Hz)"
        );
        for r in s.roots.roots.iter().take(SHOWN_ROOTS) {
            let _ = writeln!(
                out,
                "  {:>18.2} {:>14.2}",
                r.growth_rate_per_s, r.frequency_hz
            );
        }
        if s.roots.roots.is_empty() {
            let _ = writeln!(out, "  (no root in the search rectangle)");
        }
        match &s.isn {
            Some(isn) => {
                let _ = writeln!(
                    out,
                    "  inhibition-stabilised: {} (largest eigenvalue of W_EE(0) {:.3}, ISN above 1)",
                    if isn.isn { "yes" } else { "no" },
                    isn.ee_eigenvalue
                );
                for r in &isn.inhibitory {
                    let _ = writeln!(
                        out,
                        "  response of {} to extra drive onto it: {:+.3} x the drive alone{}",
                        r.population,
                        r.relative_response,
                        if r.paradoxical { " (PARADOXICAL)" } else { "" }
                    );
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "  inhibition-stabilised: n/a (needs excitatory and inhibitory populations \
                     and a regular I - W(0))"
                );
            }
        }
        let _ = writeln!(
            out,
            "  branching ratio {:.4} (offspring per spike, |W(0)|); net {:.4} (signed W(0))",
            s.branching.ratio, s.branching.net
        );
        let _ = writeln!(
            out,
            "  gain-scaled bulk radius {:.4} (rate chaos / heterogeneous instability above 1)",
            s.gain_scaled_radius
        );
        out.push('\n');
    }
    print!("{out}");
    Ok(())
}
