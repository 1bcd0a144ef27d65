//! PyNEST 3.x script generation.
//!
//! Mapping: `lif_delta` -> `iaf_psc_delta` (weights: voltage jumps in mV), `lif_exp` ->
//! `iaf_psc_exp` (PSC amplitudes in pA), `lif_cond` -> `iaf_cond_exp` (conductances in nS, given
//! a negative sign for inhibitory sources, which is how `iaf_cond_exp` selects its inhibitory
//! channel). Fixed in-degree -> `fixed_indegree`, probability -> `pairwise_bernoulli`, fixed
//! total -> `fixed_total_number`, fixed out-degree -> `fixed_outdegree`, with
//! `allow_autapses` / `allow_multapses`; every projection on a copy of `static_synapse` (see
//! `synapse_split`: NEST's limit of connections per virtual process and synapse model). Weight and delay distributions -> `nest.random.*`,
//! truncated with `nest.math.redraw` as `model::Distribution` specifies (Dale's law for
//! weights, `dt` for delays). A Poisson drive of `indegree` sources at `rate` -> one
//! `poisson_generator` at `indegree * rate` connected to every target (NEST draws an
//! independent train per target). Currents -> `dc_generator`; pulses ->
//! `step_current_generator`. Binary units -> `mcculloch_pitts_neuron` (constant input folded
//! into the threshold, see `binary_population`); rate units -> NEST's `*_rate_ipn` neurons
//! with `rate_connection_delayed`. The network is built with collective `Create`/`Connect` calls only
//! (no per-neuron Python loops), so the script runs unchanged under `mpirun`.

use super::python::{STATISTICS, list, num, string};
use super::synapse_split::{self, NEST_LIMIT, Piece};
use super::{Target, Unsupported};
use eibal_model::error::Result;
use eibal_model::{Connectivity, Distribution, DriveKind, Model, NeuronKind, Population, Sign};
use std::fmt::Write;

/// NEST's units: mV, ms, pA, nS, pF.
const MV: f64 = 1e3;
const MS: f64 = 1e3;
const PA: f64 = 1e12;
const NS: f64 = 1e9;
const PF: f64 = 1e12;

pub fn generate(model: &Model) -> Result<String> {
    refuse_unsupported(model)?;
    let mut py = String::new();
    header(model, &mut py);
    populations(model, &mut py);
    projections(model, &mut py);
    drives(model, &mut py);
    recording_and_run(model, &mut py);
    Ok(py)
}

fn refuse_unsupported(model: &Model) -> Result<()> {
    let mut refused = Unsupported::default();
    for p in &model.projections {
        let source_binary = matches!(model.kind_of(p.source), NeuronKind::Binary(_));
        let target_binary = matches!(model.kind_of(p.target), NeuronKind::Binary(_));
        if source_binary != target_binary {
            refused.add(
                &p.origin,
                Target::Nest,
                "a projection between binary and non-binary units (NEST's binary neurons \
                 talk only to each other)",
            );
        }
        if target_binary
            && p.multapses
            && !matches!(p.connectivity, Connectivity::Probability { .. })
        {
            // mcculloch_pitts_neuron decodes a transition from the sender's multiplicity:
            // two events of one sender in one step mean "switched on", one means "switched
            // off"; a second synapse from the same sender breaks this decoding.
            refused.add(
                &p.origin,
                Target::Nest,
                "multapses onto binary units (NEST decodes binary transitions per sender; add \
                 `multapses = false`)",
            );
        }
    }
    for (k, p) in model.projections.iter().enumerate() {
        let binary = matches!(model.kind_of(p.target), NeuronKind::Binary(_));
        let repeated = model.projections[..k]
            .iter()
            .any(|q| q.source == p.source && q.target == p.target);
        if binary && repeated {
            refused.add(
                &p.origin,
                Target::Nest,
                "a second projection between the same binary populations (a pair connected \
                 twice breaks NEST's decoding of binary transitions)",
            );
        }
    }
    for d in &model.drives {
        let kind = model.kind_of(d.target);
        let rate_target = matches!(kind, NeuronKind::Rate(_));
        let constant = matches!(
            d.kind,
            DriveKind::Current {
                start, stop: None, ..
            } if start <= 0.0
        );
        if matches!(kind, NeuronKind::Binary(_)) && !constant {
            refused.add(
                &d.origin,
                Target::Nest,
                "a drive onto binary units other than a constant input (NEST's binary neurons \
                 accept no generators; a constant input is folded into the threshold)",
            );
        }
        if rate_target && !constant {
            refused.add(
                &d.origin,
                Target::Nest,
                "a drive onto rate units other than a constant input (NEST's rate neurons \
                 take a constant mu; stimuli would need generators eibal does not emit yet)",
            );
        }
    }
    refused.point_neuron_limits(model, Target::Nest);
    refused.finish()
}

fn header(model: &Model, py: &mut String) {
    let sim = &model.simulation;
    let _ = write!(
        py,
        r#"#!/usr/bin/env python3
"""{name}: PyNEST 3 script generated by eibal {version} from {file}.

Re-export instead of editing: `eibal export --to nest {file} -o run.py`.
Run:    python run.py [--threads N] [--duration MS] [--seed N]
MPI:    mpirun -np 4 python run.py --threads 2   (needs NEST built with MPI and mpi4py)
Set PYNEST_QUIET=1 to silence NEST's banner. Prints, on rank 0, as the last line, the statistics JSON of `eibal simulate --json` (rate and CV per population).
"""
import argparse
import json
import time

import numpy as np
import nest

parser = argparse.ArgumentParser(description={desc})
parser.add_argument("--threads", type=int, default=1, help="threads per MPI process")
parser.add_argument("--duration", type=float, default={duration}, help="simulated time (ms)")
parser.add_argument("--warmup", type=float, default={warmup}, help="left out of the statistics (ms)")
parser.add_argument("--seed", type=int, default={seed}, help="NEST's rng_seed")
args = parser.parse_args()

try:
    nest.verbosity = nest.VerbosityLevel.ERROR
except AttributeError:  # NEST < 3.10
    nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.SetKernelStatus({{"resolution": {dt}, "local_num_threads": args.threads, "rng_seed": args.seed}})
# Rate connections here are delayed: no waveform relaxation needed.
nest.SetKernelStatus({{"use_wfr": False}})
DT = {dt}
t_build = time.time()
"#,
        name = model.name,
        version = env!("CARGO_PKG_VERSION"),
        file = model.file,
        desc = string(&format!("{} exported from eibal", model.name)),
        duration = num(sim.duration * MS),
        warmup = num(sim.warmup * MS),
        seed = sim.seed.max(1),
        dt = num(sim.dt * MS),
    );
}

fn populations(model: &Model, py: &mut String) {
    py.push_str("\n# Populations\npop = {}\n");
    for (index, pop) in model.populations.iter().enumerate() {
        let neuron = model.neuron(pop.neuron);
        if let NeuronKind::Rate(unit) = &neuron.kind {
            rate_population(model, index, unit, py);
            continue;
        }
        if let NeuronKind::Binary(unit) = &neuron.kind {
            binary_population(model, index, unit, py);
            continue;
        }
        let Some(lif) = neuron.kind.lif() else {
            continue;
        };
        let mut params = vec![
            ("C_m", num(lif.c_m * PF)),
            ("t_ref", num(lif.t_ref * MS)),
            ("E_L", num(lif.e_l * MV)),
            ("V_reset", num(lif.v_reset * MV)),
            ("V_th", num(lif.v_th * MV)),
        ];
        let nest_model = match &neuron.kind {
            NeuronKind::LifDelta { .. } => {
                params.push(("tau_m", num(lif.tau_m * MS)));
                "iaf_psc_delta"
            }
            NeuronKind::LifExp {
                tau_syn_ex,
                tau_syn_in,
                ..
            } => {
                params.push(("tau_m", num(lif.tau_m * MS)));
                params.push(("tau_syn_ex", num(tau_syn_ex * MS)));
                params.push(("tau_syn_in", num(tau_syn_in * MS)));
                "iaf_psc_exp"
            }
            NeuronKind::LifCond { syn, .. } => {
                params.push(("g_L", num(lif.c_m / lif.tau_m * NS)));
                params.push(("E_ex", num(syn.e_ex * MV)));
                params.push(("E_in", num(syn.e_in * MV)));
                params.push(("tau_syn_ex", num(syn.tau_syn_ex * MS)));
                params.push(("tau_syn_in", num(syn.tau_syn_in * MS)));
                "iaf_cond_exp"
            }
            NeuronKind::Rate(_) | NeuronKind::Binary(_) => continue,
        };
        let params: Vec<String> = params
            .iter()
            .map(|(k, v)| format!("{}: {v}", string(k)))
            .collect();
        let name = string(&pop.name);
        let _ = writeln!(
            py,
            "pop[{name}] = nest.Create({}, {}, params={{{}}})",
            string(nest_model),
            pop.size,
            params.join(", ")
        );
        let _ = writeln!(
            py,
            "pop[{name}].V_m = {}",
            parameter(&lif.v_init, MV, None, None)
        );
    }
}

/// The summed constant input onto a rate or binary population (refusals guarantee that its current
/// drives are constant).
fn constant_input(model: &Model, index: usize) -> f64 {
    model
        .drives
        .iter()
        .filter(|d| d.target.0 == index)
        .filter_map(|d| match d.kind {
            DriveKind::Current { amplitude, .. } => Some(amplitude),
            _ => None,
        })
        .sum()
}

/// A binary population: eibal's S_i = H(h_i + I - theta), updated at Poisson times of mean
/// interval tau (van Vreeswijk & Sompolinsky 1998), is NEST's `mcculloch_pitts_neuron` with
/// `tau_m` = tau and threshold theta - I (NEST's binary neurons accept no current
/// generators; refusals guarantee that I is constant). NEST switches a unit on when
/// h > theta, eibal when h >= theta. With couplings that are integer multiples of one value
/// (J/sqrt(K) in this model) the field often equals the threshold exactly, so the script
/// lowers theta by 1e-9 times the largest |weight| onto the population (|mean| + 3 sd for a
/// weight distribution): far below any difference of fields, far above double rounding of h.
fn binary_population(model: &Model, index: usize, unit: &eibal_model::BinaryUnit, py: &mut String) {
    let pop = &model.populations[index];
    let largest = model
        .projections
        .iter()
        .filter(|p| p.target.0 == index)
        .map(|p| p.weight.mean().abs() + 3.0 * p.weight.variance().sqrt())
        .fold(0.0f64, f64::max);
    let tie = TIE_MARGIN * largest;
    let input = constant_input(model, index);
    let name = string(&pop.name);
    let _ = writeln!(
        py,
        "# theta = {theta} - constant input {input} - {tie:.1e}: the input folded into the threshold,\n\
         # and a margin because NEST switches on for h > theta, eibal for h >= theta (ties are\n\
         # common with couplings that are multiples of one value, such as J/sqrt(K))\n\
         pop[{name}] = nest.Create(\"mcculloch_pitts_neuron\", {}, params={{\"tau_m\": {}, \"theta\": {}}})",
        pop.size,
        num(unit.tau * MS),
        num(unit.theta - input - tie),
        theta = num(unit.theta),
        input = num(input),
    );
}

/// Relative margin by which exported binary thresholds are lowered (see [`binary_population`]).
pub(crate) const TIE_MARGIN: f64 = 1e-9;

/// A rate population: eibal's tau dx/dt = -x + sum_j W_ij phi(x_j) + I + noise is NEST's
/// `tanh_rate_ipn` / `threshold_lin_rate_ipn` with `linear_summation = False` (the
/// nonlinearity applied to each input), lambda = 1, mu = I and sigma = noise (NEST's noise
/// enters as sqrt(tau) sigma dW, eibal's as noise sqrt(dt/tau) xi per step of dx: the same
/// process). Units start from x ~ N(0, 1) as in eibal's simulation.
fn rate_population(model: &Model, index: usize, unit: &eibal_model::RateUnit, py: &mut String) {
    let pop = &model.populations[index];
    let (nest_model, gain, threshold) = match unit.transfer {
        eibal_model::Transfer::Tanh { gain, threshold } => ("tanh_rate_ipn", gain, threshold),
        eibal_model::Transfer::ThresholdLinear { gain, threshold } => {
            ("threshold_lin_rate_ipn", gain, threshold)
        }
    };
    let mu = constant_input(model, index);
    let name = string(&pop.name);
    let _ = writeln!(
        py,
        "pop[{name}] = nest.Create({}, {}, params={{\"tau\": {}, \"lambda\": 1.0, \"mu\": {}, \"sigma\": {}, \"g\": {}, \"theta\": {}, \"linear_summation\": False}})\n\
         pop[{name}].rate = nest.random.normal(mean=0.0, std=1.0)",
        string(nest_model),
        pop.size,
        num(unit.tau * MS),
        num(mu),
        num(unit.noise),
        num(gain),
        num(threshold),
    );
}

/// The NEST weight scale and truncation bounds of synapses from `source` onto `kind`, and the
/// sign NEST needs (negative conductances select `iaf_cond_exp`'s inhibitory channel).
fn weight_convention(kind: &NeuronKind, source: Option<&Population>) -> (f64, Bounds) {
    let sign = source.map(|s| s.sign);
    match kind {
        NeuronKind::LifCond { .. } => {
            let s = if sign == Some(Sign::Inhibitory) {
                -1.0
            } else {
                1.0
            };
            (s * NS, Bounds::from_sign(s))
        }
        NeuronKind::LifExp { .. } => (PA, Bounds::for_sign(sign)),
        NeuronKind::Rate(_) | NeuronKind::Binary(_) => (1.0, Bounds::for_sign(sign)),
        _ => (MV, Bounds::for_sign(sign)),
    }
}

/// Truncation interval of a distribution, in NEST units.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    low: Option<f64>,
    high: Option<f64>,
}

impl Bounds {
    fn for_sign(sign: Option<Sign>) -> Bounds {
        match sign {
            Some(Sign::Excitatory) => Bounds::from_sign(1.0),
            Some(Sign::Inhibitory) => Bounds::from_sign(-1.0),
            Some(Sign::Mixed) | None => Bounds {
                low: None,
                high: None,
            },
        }
    }

    fn from_sign(s: f64) -> Bounds {
        if s > 0.0 {
            Bounds {
                low: Some(0.0),
                high: None,
            }
        } else {
            Bounds {
                low: None,
                high: Some(0.0),
            }
        }
    }
}

/// A NEST parameter expression for a distribution scaled by `scale` (a negative scale mirrors
/// it), redrawn into [low, high] where the law can leave that interval.
fn parameter(d: &Distribution, scale: f64, low: Option<f64>, high: Option<f64>) -> String {
    let (expr, can_leave) = match *d {
        Distribution::Fixed { value } => return num(value * scale),
        Distribution::Normal { mean, sd } => (
            format!(
                "nest.random.normal(mean={}, std={})",
                num(mean * scale),
                num(sd * scale.abs())
            ),
            true,
        ),
        Distribution::LogNormal { mean, sd } => {
            let m = (mean * scale).abs();
            let s = sd * scale.abs();
            let var_ln = (1.0 + (s / m).powi(2)).ln();
            let base = format!(
                "nest.random.lognormal(mean={}, std={})",
                num(m.ln() - 0.5 * var_ln),
                num(var_ln.sqrt())
            );
            let signed = if mean * scale < 0.0 {
                format!("-1.0 * {base}")
            } else {
                base
            };
            (signed, false)
        }
        Distribution::Uniform { low: a, high: b } => {
            let (lo, hi) = if scale >= 0.0 {
                (a * scale, b * scale)
            } else {
                (b * scale, a * scale)
            };
            let leaves = low.is_some_and(|l| lo < l) || high.is_some_and(|h| hi > h);
            (
                format!("nest.random.uniform(min={}, max={})", num(lo), num(hi)),
                leaves,
            )
        }
    };
    if can_leave && (low.is_some() || high.is_some()) {
        let lo = low.map_or("-np.inf".to_string(), num);
        let hi = high.map_or("np.inf".to_string(), num);
        format!("nest.math.redraw({expr}, min={lo}, max={hi})")
    } else {
        expr
    }
}

/// The NEST connection rule of `p` as a Python dict, with `n` (a Python expression) as the
/// number of synapses of a fixed-total piece.
fn rule_dict(p: &eibal_model::Projection, n: &str) -> String {
    let (auto, multi) = (py_bool(p.autapses), py_bool(p.multapses));
    match p.connectivity {
        Connectivity::FixedIndegree { indegree } => format!(
            "{{\"rule\": \"fixed_indegree\", \"indegree\": {indegree}, \"allow_autapses\": {auto}, \"allow_multapses\": {multi}}}"
        ),
        Connectivity::Probability { p: prob } => format!(
            "{{\"rule\": \"pairwise_bernoulli\", \"p\": {}, \"allow_autapses\": {auto}}}",
            num(prob)
        ),
        Connectivity::FixedTotal { .. } => format!(
            "{{\"rule\": \"fixed_total_number\", \"N\": {n}, \"allow_autapses\": {auto}, \"allow_multapses\": True}}"
        ),
        Connectivity::FixedOutdegree { outdegree } => format!(
            "{{\"rule\": \"fixed_outdegree\", \"outdegree\": {outdegree}, \"allow_autapses\": {auto}, \"allow_multapses\": {multi}}}"
        ),
    }
}

/// `pop[name]`, or its slice when `range` is not the whole population.
fn nodes(name: &str, range: &std::ops::Range<usize>, size: usize) -> String {
    if range.start == 0 && range.end == size {
        format!("pop[{}]", string(name))
    } else {
        format!("pop[{}][{}:{}]", string(name), range.start, range.end)
    }
}

/// Projections, each on a copy of its synapse model shared with neighbours only while the
/// sum of their synapse counts stays below NEST's limit (see [`synapse_split`]).
fn projections(model: &Model, py: &mut String) {
    py.push_str(
        "\n# Projections (synapse models copied to stay below NEST's connection limit per model)\n",
    );
    let base = |p: &eibal_model::Projection| {
        if matches!(model.kind_of(p.target), NeuronKind::Rate(_)) {
            "rate_connection_delayed"
        } else {
            "static_synapse"
        }
    };
    let pieces: Vec<Vec<Piece>> = model
        .projections
        .iter()
        .map(|p| {
            let (ns, nt) = (
                model.population(p.source).size,
                model.population(p.target).size,
            );
            synapse_split::split(p, ns, nt, NEST_LIMIT)
        })
        .collect();
    // Pack per base model; copies are named `eibal_<base>_<n>`.
    let mut copy_of = vec![Vec::new(); pieces.len()];
    for b in ["static_synapse", "rate_connection_delayed"] {
        let mine: Vec<(usize, usize, u64)> = model
            .projections
            .iter()
            .enumerate()
            .filter(|(_, p)| base(p) == b)
            .flat_map(|(i, _)| {
                pieces[i]
                    .iter()
                    .enumerate()
                    .map(move |(j, q)| (i, j, q.bound))
            })
            .collect();
        let bounds: Vec<u64> = mine.iter().map(|m| m.2).collect();
        let copies = synapse_split::pack(&bounds, NEST_LIMIT);
        let count = copies.last().map_or(0, |c| c + 1);
        for c in 0..count {
            let _ = writeln!(py, "nest.CopyModel(\"{b}\", \"eibal_{b}_{c}\")");
        }
        for (&(i, _, _), c) in mine.iter().zip(copies) {
            copy_of[i].push(format!("eibal_{b}_{c}"));
        }
    }
    for (i, p) in model.projections.iter().enumerate() {
        let source = model.population(p.source);
        let target = model.population(p.target);
        let (scale, bounds) = weight_convention(model.kind_of(p.target), Some(source));
        let weight = parameter(&p.weight, scale, bounds.low, bounds.high);
        let delay = parameter(&p.delay, MS, Some(model.simulation.dt * MS), None);
        let _ = writeln!(py, "# {}", p.origin);
        let split_total = match p.connectivity {
            Connectivity::FixedTotal { total } if pieces[i].len() > 1 => {
                // The total over pieces of targets: multinomial in their sizes, the same on
                // every MPI rank (same seed).
                let sizes: Vec<String> = pieces[i]
                    .iter()
                    .map(|q| q.targets.len().to_string())
                    .collect();
                let _ = writeln!(
                    py,
                    "shares = np.random.default_rng([args.seed, {i}]).multinomial({total}, np.array([{}]) / {})",
                    sizes.join(", "),
                    target.size
                );
                true
            }
            _ => false,
        };
        for (j, q) in pieces[i].iter().enumerate() {
            let n = match p.connectivity {
                Connectivity::FixedTotal { total } if !split_total => total.to_string(),
                _ => format!("int(shares[{j}])"),
            };
            let _ = writeln!(
                py,
                "nest.Connect({s}, {t}, {conn},\n             {{\"synapse_model\": \"{synapse}\", \"weight\": {weight}, \"delay\": {delay}}})",
                s = nodes(&source.name, &q.sources, source.size),
                t = nodes(&target.name, &q.targets, target.size),
                conn = rule_dict(p, &n),
                synapse = copy_of[i][j],
            );
        }
    }
}

fn drives(model: &Model, py: &mut String) {
    if model.drives.is_empty() {
        return;
    }
    py.push_str("\n# External drives\n");
    for d in &model.drives {
        if model.kind_of(d.target).lif().is_none() {
            // Constant input: a rate population's mu, or folded into a binary threshold.
            continue;
        }
        let target = string(&model.population(d.target).name);
        let _ = writeln!(py, "# {}", d.origin);
        match &d.kind {
            DriveKind::Poisson {
                rate,
                indegree,
                weight,
            } => {
                let (scale, _) = weight_convention(model.kind_of(d.target), None);
                let _ = writeln!(
                    py,
                    "gen = nest.Create(\"poisson_generator\", params={{\"rate\": {}}})\n\
                     nest.Connect(gen, pop[{target}], \"all_to_all\", {{\"weight\": {}, \"delay\": DT}})",
                    num(rate * *indegree as f64),
                    num(weight * scale)
                );
            }
            DriveKind::Current {
                amplitude,
                start,
                stop,
            } => {
                let stop = stop.map_or(String::new(), |s| format!(", \"stop\": {}", num(s * MS)));
                let _ = writeln!(
                    py,
                    "gen = nest.Create(\"dc_generator\", params={{\"amplitude\": {}, \"start\": {}{stop}}})\n\
                     nest.Connect(gen, pop[{target}])",
                    num(amplitude * PA),
                    num(start * MS)
                );
            }
            DriveKind::Pulses {
                amplitude,
                width,
                times,
            } => {
                let (t, v) = pulse_steps(*amplitude, *width, times);
                let t: Vec<f64> = t
                    .iter()
                    .map(|x| (x * MS).max(model.simulation.dt * MS))
                    .collect();
                let v: Vec<f64> = v.iter().map(|x| x * PA).collect();
                let _ = writeln!(
                    py,
                    "gen = nest.Create(\"step_current_generator\", params={{\"amplitude_times\": {}, \"amplitude_values\": {}}})\n\
                     nest.Connect(gen, pop[{target}])",
                    list(&t),
                    list(&v)
                );
            }
        }
    }
}

/// The piecewise-constant current of a pulse train as (change times, values after each
/// change); overlapping pulses add up.
pub(crate) fn pulse_steps(amplitude: f64, width: f64, times: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut events: Vec<(f64, f64)> = times
        .iter()
        .flat_map(|&t| [(t, amplitude), (t + width, -amplitude)])
        .collect();
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out_t: Vec<f64> = Vec::new();
    let mut out_v: Vec<f64> = Vec::new();
    let mut level = 0.0;
    for (t, delta) in events {
        level += delta;
        if out_t.last() == Some(&t) {
            if let Some(v) = out_v.last_mut() {
                *v = level;
            }
        } else {
            out_t.push(t);
            out_v.push(level);
        }
    }
    (out_t, out_v)
}

fn recording_and_run(model: &Model, py: &mut String) {
    py.push_str("\n# Recording\nrec, meters = {}, {}\n");
    for pop in &model.populations {
        let name = string(&pop.name);
        // The state of the first units (x of rate units, S of binary units) every
        // millisecond, like eibal's statistics sample (100 units; more for binary units, whose
        // 0/1 states make a noisier mean).
        let state = match model.kind_of_population(pop) {
            NeuronKind::Rate(_) => Some(("rate", 100)),
            NeuronKind::Binary(_) => Some(("S", 1000)),
            _ => None,
        };
        if let Some((state, sample)) = state {
            let _ = writeln!(
                py,
                "meters[{name}] = (nest.Create(\"multimeter\", params={{\"record_from\": [\"{state}\"], \"interval\": max(1.0, DT)}}), \"{state}\")\n\
                 nest.Connect(meters[{name}][0], pop[{name}][:{}])",
                pop.size.min(sample)
            );
        } else {
            let _ = writeln!(
                py,
                "rec[{name}] = nest.Create(\"spike_recorder\")\nnest.Connect(pop[{name}], rec[{name}])"
            );
        }
    }
    py.push_str(STATISTICS);
    py.push_str(
        r#"

def gather(times, senders):
    """All spikes on rank 0 (spike recorders only see the neurons of their own process)."""
    if nest.NumProcesses() == 1:
        return times, senders
    from mpi4py import MPI
    comm = MPI.COMM_WORLD
    t, s = comm.gather(times, root=0), comm.gather(senders, root=0)
    if comm.rank != 0:
        return None, None
    return np.concatenate(t), np.concatenate(s)


t_build = time.time() - t_build
t_sim = time.time()
nest.Simulate(args.duration)
t_sim = time.time() - t_sim

spikes = {}
for name, r in rec.items():
    events = r.events
    times, senders = gather(np.asarray(events["times"], dtype=float), np.asarray(events["senders"]))
    if times is not None:
        spikes[name] = (times, senders - pop[name][0].global_id)
activity = {}
for name, (m, state) in meters.items():
    events = m.events
    times, values = gather(np.asarray(events["times"], dtype=float), np.asarray(events[state], dtype=float))
    if times is not None:
        keep = times >= args.warmup
        activity[name] = float(np.mean(values[keep])) if keep.any() else None
if nest.Rank() == 0:
    sizes = {name: len(p) for name, p in pop.items()}
    result = statistics(spikes, sizes, args.warmup, args.duration, nest.resolution)
    for name, mean in activity.items():
        result["populations"].append({"name": name, "mean_activity": mean})
"#,
    );
    let _ = writeln!(
        py,
        "    result.update({{\"model\": {}, \"simulator\": \"nest \" + nest.__version__, \"seed\": args.seed, \"threads\": args.threads, \"processes\": nest.NumProcesses(), \"build_s\": t_build, \"simulate_s\": t_sim}})\n    print(json.dumps(result))",
        string(&model.name)
    );
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_pulses_add_up() {
        let (t, v) = pulse_steps(2.0, 1.0, &[0.0, 0.5, 3.0]);
        assert_eq!(t, vec![0.0, 0.5, 1.0, 1.5, 3.0, 4.0]);
        assert_eq!(v, vec![2.0, 4.0, 2.0, 0.0, 2.0, 0.0]);
    }

    #[test]
    fn lognormal_parameters_reproduce_mean_and_sd() {
        // For mean m and sd s: sigma_ln^2 = ln(1 + s^2/m^2), mu_ln = ln m - sigma_ln^2 / 2, so
        // that exp(mu_ln + sigma_ln^2/2) = m and the variance is (exp(sigma_ln^2) - 1) m^2 = s^2.
        let expr = parameter(
            &Distribution::LogNormal { mean: 2.0, sd: 1.0 },
            1.0,
            None,
            None,
        );
        let var_ln = (1.0f64 + 0.25).ln();
        assert!(expr.contains(&num(2.0f64.ln() - 0.5 * var_ln)));
        assert!(expr.contains(&num(var_ln.sqrt())));
    }

    #[test]
    fn normal_weights_are_redrawn_to_keep_dale() {
        let e = parameter(
            &Distribution::Normal { mean: 1.0, sd: 0.5 },
            1.0,
            Some(0.0),
            None,
        );
        assert!(e.starts_with(
            "nest.math.redraw(nest.random.normal(mean=1.0, std=0.5), min=0.0, max=np.inf"
        ));
        let fixed = parameter(&Distribution::fixed(-0.5), 1.0, None, Some(0.0));
        assert_eq!(fixed, "-0.5");
    }
}
