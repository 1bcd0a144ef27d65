//! Presentation of a [`TheoryResult`]: a readable table and JSON.
//!
//! # JSON schema (`eibal theory --json`)
//!
//! Keys are snake_case with the unit as suffix. Spiking (LIF) models:
//!
//! ```text
//! {
//!   "model": "brunel2000_A",
//!   "scale_k": 1.0,                      // in-degree scale applied (--scale-k)
//!   "populations": [ POP, ... ],         // the first fixed point (reached from rest)
//!   "fixed_points": [
//!     { "from_rest": true,               // the first one only
//!       "stable": null,                  // null until the stability analysis exists
//!       "iterations": 7, "residual": 3e-16,
//!       "populations": [ POP, ... ] }, ...
//!   ],
//!   "balanced_limit": {
//!     "valid": true, "explanation": "...",
//!     "rates_hz": [80.0, 80.0] | null,   // solution of the balance equations
//!     "vvs": { "e_over_i": .., "je_over_ji": .., "satisfied": .. } | null,  // 2 populations
//!     "approach": [ { "scale_k": 10.0, "rates_hz": [..] | null, "balance_index": [..],
//!                     "error": null | "..." }, ... ]
//!   },
//!   "notes": [ "..." ],                  // what the theory left out, plain words
//!   "warnings": [ "..." ]                // why any value below is null
//! }
//! POP = { "name": "E", "kind": "lif_delta", "rate_hz": 37.95, "cv": 0.675,
//!         "mu_mv": 21.03, "sigma_mv": 7.68, "input_e_mv": 75.9, "input_i_mv": -94.9,
//!         "input_ext_mv": 40.0, "dnu_dmu_hz_per_mv": .., "dnu_dsigma_hz_per_mv": ..,
//!         "tau_eff_ms": null | 4.2,      // conductance synapses only
//!         "balance_index": 0.18,         // |net input| / excitatory input (see below)
//!         "regime": "mean_driven" | "fluctuation_driven",
//!         "threshold_shift_mv": 0.0 }    // Fourcaud-Brunel shift, exponential synapses
//! ```
//!
//! Rate and binary units have dimensionless activities: POP then has `activity`,
//! `input_mean`, `input_sd`, `input_e`, `input_i`, `input_ext`, `gain` (d activity / d input
//! mean), `dactivity_dsigma`, `balance_index`, `regime`, and `balanced_limit` has `activities`
//! instead of `rates_hz`. `cv` is null when the population is silent or not spiking; every
//! other null is explained in `warnings`. Balance index: |mu| / (input_e + max(input_ext, 0)),
//! the net mean input relative to the excitatory one (0 = perfect cancellation, 1 = no
//! inhibition); voltages are relative to the resting potential.

use eibal_theory::{FixedPoint, PopulationResult, Regime, TheoryResult};
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// A finite number as JSON, or null with a warning saying which value and why.
fn num(x: f64, what: &str, warnings: &mut Vec<String>) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        warnings.push(format!(
            "{what} is {x} (the theory's formula is outside its range there) and is given as null"
        ));
        Value::Null
    }
}

fn regime(r: Regime) -> &'static str {
    match r {
        Regime::MeanDriven => "mean_driven",
        Regime::FluctuationDriven => "fluctuation_driven",
    }
}

fn population_json(p: &PopulationResult, spiking: bool, warnings: &mut Vec<String>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(p.name));
    m.insert("kind".into(), json!(p.kind));
    let w = |m: &mut Map<String, Value>, key: &str, x: f64, warnings: &mut Vec<String>| {
        let v = num(x, &format!("{key} of {}", p.name), warnings);
        m.insert(key.to_string(), v);
    };
    if spiking {
        w(&mut m, "rate_hz", p.rate, warnings);
        m.insert("cv".into(), p.cv.map_or(Value::Null, |c| json!(c)));
        w(&mut m, "mu_mv", p.mu * 1e3, warnings);
        w(&mut m, "sigma_mv", p.sigma * 1e3, warnings);
        w(&mut m, "input_e_mv", p.input_e * 1e3, warnings);
        w(&mut m, "input_i_mv", p.input_i * 1e3, warnings);
        w(&mut m, "input_ext_mv", p.input_ext * 1e3, warnings);
        w(&mut m, "dnu_dmu_hz_per_mv", p.dnu_dmu * 1e-3, warnings);
        w(
            &mut m,
            "dnu_dsigma_hz_per_mv",
            p.dnu_dsigma * 1e-3,
            warnings,
        );
        m.insert(
            "tau_eff_ms".into(),
            p.tau_eff.map_or(Value::Null, |t| json!(t * 1e3)),
        );
    } else {
        w(&mut m, "activity", p.rate, warnings);
        m.insert("cv".into(), Value::Null);
        w(&mut m, "input_mean", p.mu, warnings);
        w(&mut m, "input_sd", p.sigma, warnings);
        w(&mut m, "input_e", p.input_e, warnings);
        w(&mut m, "input_i", p.input_i, warnings);
        w(&mut m, "input_ext", p.input_ext, warnings);
        w(&mut m, "gain", p.dnu_dmu, warnings);
        w(&mut m, "dactivity_dsigma", p.dnu_dsigma, warnings);
    }
    m.insert(
        "balance_index".into(),
        p.balance_index.map_or(Value::Null, |b| json!(b)),
    );
    m.insert("regime".into(), json!(regime(p.regime)));
    if spiking {
        w(
            &mut m,
            "threshold_shift_mv",
            p.threshold_shift * 1e3,
            warnings,
        );
    }
    Value::Object(m)
}

fn fixed_point_json(fp: &FixedPoint, spiking: bool, warnings: &mut Vec<String>) -> Value {
    let pops: Vec<Value> = fp
        .populations
        .iter()
        .map(|p| population_json(p, spiking, warnings))
        .collect();
    json!({
        "from_rest": fp.from_rest,
        "stable": fp.stable,
        "iterations": fp.iterations,
        "residual": fp.residual,
        "populations": pops,
    })
}

/// The JSON document described in the module doc.
pub fn json(result: &TheoryResult) -> Value {
    let mut warnings = Vec::new();
    let spiking = result.spiking;
    let fixed_points: Vec<Value> = result
        .fixed_points
        .iter()
        .map(|fp| fixed_point_json(fp, spiking, &mut warnings))
        .collect();
    let populations = fixed_points
        .first()
        .and_then(|f| f.get("populations").cloned())
        .unwrap_or(Value::Array(Vec::new()));
    let rates_key = if spiking { "rates_hz" } else { "activities" };
    let b = &result.balanced_limit;
    let approach: Vec<Value> = b
        .approach
        .iter()
        .map(|row| {
            let mut m = Map::new();
            m.insert("scale_k".into(), json!(row.scale_k));
            m.insert(rates_key.into(), json!(row.rates));
            m.insert("balance_index".into(), json!(row.balance_index));
            m.insert("error".into(), json!(row.error));
            Value::Object(m)
        })
        .collect();
    let mut balanced = Map::new();
    balanced.insert("valid".into(), json!(b.solution.valid));
    balanced.insert("explanation".into(), json!(b.solution.explanation));
    balanced.insert(rates_key.into(), json!(b.solution.rates));
    balanced.insert("vvs".into(), json!(b.solution.vvs));
    balanced.insert("approach".into(), Value::Array(approach));
    json!({
        "model": result.model,
        "scale_k": result.scale_k,
        "populations": populations,
        "fixed_points": fixed_points,
        "balanced_limit": Value::Object(balanced),
        "notes": result.notes,
        "warnings": warnings,
    })
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
    use eibal_theory::{ApproachRow, BalancedLimit, BalancedSolution};

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
    fn json_has_the_documented_keys_and_units() {
        let v = json(&sample(12.5));
        let p = &v["populations"][0];
        assert_eq!(p["rate_hz"], json!(12.5));
        assert_eq!(p["mu_mv"], json!(20.0));
        assert_eq!(p["dnu_dmu_hz_per_mv"], json!(2.0));
        assert_eq!(p["regime"], json!("fluctuation_driven"));
        assert!(p["cv"].is_null() && p["tau_eff_ms"].is_null());
        assert_eq!(v["fixed_points"][0]["stable"], Value::Null);
        assert_eq!(v["balanced_limit"]["rates_hz"][0], json!(80.0));
        assert_eq!(v["warnings"].as_array().map(Vec::len), Some(0));
    }

    #[test]
    fn non_finite_values_become_null_with_a_warning() {
        let v = json(&sample(f64::NAN));
        assert!(v["populations"][0]["rate_hz"].is_null());
        let w = v["warnings"][0].as_str().unwrap_or("");
        assert!(w.contains("rate_hz of E"), "{w}");
        assert!(table(&sample(f64::NAN)).contains("not finite"));
    }
}
