//! The mean-field theory of a model as readable tables (`eibal theory`); its JSON is the
//! serialisation of [`eibal_study::theory::TheoryReport`].

use eibal_study::theory::{PopulationReport, TheoryReport};
use eibal_theory::{Regime, TheoryResult};
use std::fmt::Write;

/// The second-order statistics of the first fixed point (`eibal theory` after [`table`]):
/// best CV and Fano factor with sampling errors next to the diffusion CV, or why the scheme
/// did not run.
pub fn second_order_table(report: &TheoryReport) -> String {
    let mut out = String::new();
    let s = &report.second_order;
    if !s.applied {
        let _ = writeln!(
            out,
            "\nsecond-order statistics: not computed ({}); CV is the diffusion approximation's",
            s.reason.as_deref().unwrap_or("no reason given")
        );
        return out;
    }
    let _ = writeln!(
        out,
        "\nsecond-order statistics (self-consistent spike-train spectra, {} iterations{}, {:.0} s \
         of one sampled neuron per iteration):",
        s.iterations.unwrap_or(0),
        if s.converged == Some(true) {
            ", converged"
        } else {
            ", NOT converged"
        },
        s.sampled_time_s.unwrap_or(0.0)
    );
    let _ = writeln!(
        out,
        "  {:<10} {:>16} {:>10} {:>16} {:>16}",
        "population", "CV (+- SE)", "CV Poisson", "Fano (+- SE)", "rate Hz (+- SE)"
    );
    for p in &report.populations {
        let PopulationReport::Spiking(p) = p else {
            continue;
        };
        let pm = |x: Option<f64>, e: Option<f64>, d: usize| match (x, e) {
            (Some(x), Some(e)) => format!("{x:.d$} +- {e:.d$}"),
            (Some(x), None) => format!("{x:.d$}"),
            _ => "-".into(),
        };
        let _ = writeln!(
            out,
            "  {:<10} {:>16} {:>10} {:>16} {:>16}",
            p.name,
            pm(p.cv, p.cv_sampling_error, 3),
            cell(p.cv_poisson_input, 3),
            pm(p.fano, p.fano_sampling_error, 3),
            pm(p.rate_second_order_hz, p.rate_sampling_error_hz, 2)
        );
    }
    out
}

/// The predicted population-rate spectra (`eibal theory` after the second-order table): one
/// line with each population's peak frequency, then the pairwise correlations.
pub fn rate_spectrum_table(report: &TheoryReport) -> String {
    let mut out = String::new();
    let r = &report.rate_spectrum;
    if !r.applied {
        let _ = writeln!(
            out,
            "\npopulation-rate spectrum: not computed ({})",
            r.reason.as_deref().unwrap_or("no reason given")
        );
        return out;
    }
    let spiking: Vec<_> = report
        .populations
        .iter()
        .filter_map(|p| match p {
            PopulationReport::Spiking(p) => Some(p),
            PopulationReport::Units(_) => None,
        })
        .collect();
    let peaks: Vec<String> = spiking
        .iter()
        .map(|p| match p.rate_spectrum_peak_hz {
            Some(f) => format!("{} {f:.1} Hz", p.name),
            None => format!("{} no peak", p.name),
        })
        .collect();
    let source = match r.neuron_response {
        Some(response) if response != "white_noise_transfer_function" => format!(
            "{} noise source, {response} as the neurons' response",
            r.source.unwrap_or("poisson")
        ),
        _ => format!("{} noise source", r.source.unwrap_or("poisson")),
    };
    if r.fixed_point_stable == Some(true) {
        let _ = writeln!(
            out,
            "\npopulation-rate spectrum (linear response, {source}): peak {}",
            peaks.join(", ")
        );
    } else {
        match &r.leading_root {
            Some(root) if root.frequency_hz > 0.0 => {
                let _ = writeln!(
                    out,
                    "\npredicted rhythm: {:.1} Hz, the fastest-growing mode of the UNSTABLE \
                     fixed point (growth rate {:.1} /s; Im lambda / 2 pi of the leading root)",
                    root.frequency_hz, root.growth_rate_per_s
                );
            }
            Some(root) => {
                let _ = writeln!(
                    out,
                    "\npredicted rhythm: none (the fixed point is UNSTABLE through a \
                     non-oscillatory mode, growth rate {:.1} /s)",
                    root.growth_rate_per_s
                );
            }
            None => {}
        }
        let _ = writeln!(
            out,
            "linear-response spectrum around that fixed point (NOT a stationary prediction, \
             {source}): peak {}",
            peaks.join(", ")
        );
        if let Some(why) = &r.reason {
            let _ = writeln!(out, "  note: {why}");
        }
        return out;
    }
    let rho: Vec<String> = spiking
        .iter()
        .map(|p| format!("{} {}", p.name, cell(p.pairwise_correlation, 5)))
        .collect();
    let _ = writeln!(
        out,
        "  mean pairwise spike-count correlation ({} ms windows): {}",
        r.correlation_window_ms,
        rho.join(", ")
    );
    if let Some(why) = &r.reason {
        let _ = writeln!(out, "  note: {why}");
    }
    out
}

fn regime(r: Regime) -> &'static str {
    match r {
        Regime::MeanDriven => "mean_driven",
        Regime::FluctuationDriven => "fluctuation_driven",
    }
}

/// A number for the table: fixed precision, or the reason it is missing.
fn cell(x: Option<f64>, digits: usize) -> String {
    match x {
        Some(v) if v.is_finite() => {
            let text = format!("{v:.digits$}");
            // No "-0.0000" for values that round to zero.
            match text.strip_prefix('-') {
                Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
                _ => text,
            }
        }
        Some(_) => "not finite".into(),
        None => "-".into(),
    }
}

/// The readable tables: one per fixed point, then the balanced limit.
pub fn table(result: &TheoryResult) -> String {
    let mut out = String::new();
    let spiking = result.spiking;
    let _ = writeln!(
        out,
        "model {}: stationary mean-field theory{}",
        result.model,
        if result.scale_k != 1.0 {
            format!(" (in-degrees scaled by {})", result.scale_k)
        } else {
            String::new()
        }
    );
    for (i, fp) in result.fixed_points.iter().enumerate() {
        let _ = writeln!(
            out,
            "\nfixed point {} of {}{} ({} iterations, residual {:.1e}; stability: see `eibal stability`)",
            i + 1,
            result.fixed_points.len(),
            if fp.from_rest {
                ", reached from rest"
            } else {
                ""
            },
            fp.iterations,
            fp.residual
        );
        if spiking {
            let _ = writeln!(
                out,
                "{:<8} {:>10} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>8} {:>7}  regime",
                "pop",
                "rate(Hz)",
                "CV",
                "mu(mV)",
                "sd(mV)",
                "E(mV)",
                "I(mV)",
                "ext(mV)",
                "dnu/dmu",
                "dnu/dsd",
                "tau_eff",
                "balance"
            );
            for p in &fp.populations {
                let _ = writeln!(
                    out,
                    "{:<8} {:>10} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9} {:>8} {:>7}  {}",
                    p.name,
                    cell(Some(p.rate), 4),
                    cell(p.cv, 3),
                    cell(Some(p.mu * 1e3), 3),
                    cell(Some(p.sigma * 1e3), 3),
                    cell(Some(p.input_e * 1e3), 2),
                    cell(Some(p.input_i * 1e3), 2),
                    cell(Some(p.input_ext * 1e3), 2),
                    cell(Some(p.dnu_dmu * 1e-3), 3),
                    cell(Some(p.dnu_dsigma * 1e-3), 3),
                    cell(p.tau_eff.map(|t| t * 1e3), 3),
                    cell(p.balance_index, 3),
                    regime(p.regime).replace('_', "-")
                );
            }
            let _ = writeln!(
                out,
                "(dnu/dmu, dnu/dsd in Hz/mV; tau_eff in ms, conductance synapses only; CV from \
                 the diffusion approximation, Brunel 2000 app. A, '-' for a silent population)"
            );
        } else {
            let _ = writeln!(
                out,
                "{:<8} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7}  regime",
                "pop", "activity", "mean in", "sd in", "E in", "I in", "ext in", "gain", "balance"
            );
            for p in &fp.populations {
                let _ = writeln!(
                    out,
                    "{:<8} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>7}  {}",
                    p.name,
                    cell(Some(p.rate), 5),
                    cell(Some(p.mu), 4),
                    cell(Some(p.sigma), 4),
                    cell(Some(p.input_e), 4),
                    cell(Some(p.input_i), 4),
                    cell(Some(p.input_ext), 4),
                    cell(Some(p.dnu_dmu), 4),
                    cell(p.balance_index, 3),
                    regime(p.regime).replace('_', "-")
                );
            }
        }
    }
    let b = &result.balanced_limit;
    let unit = if spiking { " Hz" } else { "" };
    let names: Vec<&str> = result
        .fixed_points
        .first()
        .map(|f| f.populations.iter().map(|p| p.name.as_str()).collect())
        .unwrap_or_default();
    let _ = writeln!(out, "\nbalanced limit (K -> infinity, J ~ 1/sqrt(K)):");
    if let Some(rates) = &b.solution.rates {
        let list: Vec<String> = names
            .iter()
            .zip(rates)
            .map(|(n, r)| format!("{n} {}{unit}", cell(Some(*r), 4)))
            .collect();
        let _ = writeln!(out, "  {}", list.join(", "));
    }
    let _ = writeln!(out, "  {}", b.solution.explanation);
    if let Some(v) = &b.solution.vvs {
        let _ = writeln!(
            out,
            "  van Vreeswijk-Sompolinsky: E/I = {:.4}, J_E/J_I = {:.4}; E/I > J_E/J_I > 1 {}",
            v.e_over_i,
            v.je_over_ji,
            if v.satisfied { "holds" } else { "fails" }
        );
    }
    if !b.approach.is_empty() {
        let _ = writeln!(out, "  approach (fixed point from rest at scaled K):");
        let _ = writeln!(
            out,
            "  {:>10}  {}",
            "K scale",
            names
                .iter()
                .map(|n| format!("{:>10} {:>8}", format!("{n}{unit}"), "balance"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        for row in &b.approach {
            let body = match (&row.rates, &row.balance_index, &row.error) {
                (Some(r), Some(bi), _) => r
                    .iter()
                    .zip(bi)
                    .map(|(x, b)| format!("{:>10} {:>8}", cell(Some(*x), 4), cell(*b, 3)))
                    .collect::<Vec<_>>()
                    .join(" "),
                (_, _, Some(e)) => format!("no fixed point: {e}"),
                _ => "no fixed point".into(),
            };
            let _ = writeln!(out, "  {:>10}  {}", format!("{}", row.scale_k), body);
        }
    }
    for n in &result.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use eibal_theory::{
        ApproachRow, BalancedLimit, BalancedSolution, FixedPoint, PopulationResult,
    };

    fn sample(rate: f64) -> TheoryResult {
        let p = PopulationResult {
            name: "E".into(),
            kind: "lif_delta",
            rate,
            cv: None,
            mu: 0.02,
            sigma: 0.005,
            input_e: 0.05,
            input_i: -0.06,
            input_ext: 0.03,
            dnu_dmu: 2000.0,
            dnu_dsigma: 1000.0,
            tau_eff: None,
            balance_index: Some(0.25),
            regime: Regime::FluctuationDriven,
            threshold_shift: 0.0,
        };
        TheoryResult {
            model: "m".into(),
            spiking: true,
            scale_k: 1.0,
            fixed_points: vec![FixedPoint {
                populations: vec![p],
                from_rest: true,
                stable: None,
                iterations: 3,
                residual: 1e-16,
            }],
            balanced_limit: BalancedLimit {
                solution: BalancedSolution {
                    rates: Some(vec![80.0]),
                    valid: true,
                    explanation: "ok".into(),
                    vvs: None,
                },
                approach: vec![ApproachRow {
                    scale_k: 10.0,
                    rates: Some(vec![50.0]),
                    balance_index: Some(vec![Some(0.1)]),
                    error: None,
                }],
            },
            notes: vec![],
        }
    }

    #[test]
    fn non_finite_values_are_named_in_the_table() {
        assert!(table(&sample(f64::NAN)).contains("not finite"));
        assert!(table(&sample(12.5)).contains("12.5"));
    }
}
