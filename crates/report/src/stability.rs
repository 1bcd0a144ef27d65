//! The stability of a model's fixed points as a table (`eibal stability`).

use eibal_study::stability::{FixedPointReport, StabilityReport};
use eibal_theory::network::characteristic::Verdict;
use std::fmt::Write;

/// The verdict as printed, with the count of unstable roots where it matters.
fn verdict(s: &FixedPointReport) -> String {
    match s.verdict {
        Verdict::Unstable => format!(
            "UNSTABLE ({} unstable root{} counted)",
            s.unstable_roots,
            if s.unstable_roots == 1 { "" } else { "s" }
        ),
        other => other.word().to_string(),
    }
}

/// One block per fixed point: rates, verdict, leading roots, ISN, branching, radius.
/// `names` are the population names, in order.
pub fn table(r: &StabilityReport, names: &[String]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "model {}: linear stability of the mean-field fixed points ({} transfer function)\n",
        r.model, r.transfer
    );
    for (i, s) in r.fixed_points.iter().enumerate() {
        let unit = if r.spiking { " Hz" } else { "" };
        let rates: Vec<String> = names
            .iter()
            .zip(&s.rates_hz)
            .map(|(name, rate)| format!("{name} {rate:.3}{unit}"))
            .collect();
        let _ = writeln!(
            out,
            "fixed point {} ({}{}): {}",
            i + 1,
            rates.join(", "),
            if s.from_rest {
                ", reached from rest"
            } else {
                ""
            },
            verdict(s)
        );
        if let Some(conflict) = &s.conflict {
            let _ = writeln!(out, "  conflict: {conflict}");
        }
        let _ = writeln!(
            out,
            "  {:>18} {:>14}",
            "growth rate (1/s)", "frequency (Hz)"
        );
        for root in &s.leading_roots {
            let _ = writeln!(
                out,
                "  {:>18.2} {:>14.2}",
                root.growth_rate_per_s, root.frequency_hz
            );
        }
        if s.leading_roots.is_empty() {
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
                for response in &isn.inhibitory {
                    let _ = writeln!(
                        out,
                        "  response of {} to extra drive onto it: {:+.3} x the drive alone{}",
                        response.population,
                        response.relative_response,
                        if response.paradoxical {
                            " (PARADOXICAL)"
                        } else {
                            ""
                        }
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
            s.branching_ratio, s.net_branching
        );
        let _ = writeln!(
            out,
            "  gain-scaled bulk radius {:.4} (rate chaos / heterogeneous instability above 1)",
            s.gain_scaled_radius
        );
        out.push('\n');
    }
    out
}
