//! `eibal show FILE [--json]`: the compiled model as readable tables (params, derived
//! quantities, neurons, populations, projections, drives, plasticity, simulation, sweeps),
//! every quantity in its display unit. `--json` prints the `Model` and the same tables.

use super::ModelArgs;
use crate::error::{Error, Result};
use crate::model::*;
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Print machine-readable JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ShowArgs) -> Result<()> {
    let model = args.model.load()?;
    let tables = tables(&model);
    if args.json {
        #[derive(Serialize)]
        struct Out<'a> {
            model: &'a Model,
            display: &'a [Table],
        }
        let text = serde_json::to_string_pretty(&Out {
            model: &model,
            display: &tables,
        })
        .map_err(|e| Error::Runtime(format!("cannot serialize the model: {e}")))?;
        println!("{text}");
    } else {
        println!("model {} ({})", model.name, model.file);
        for t in &tables {
            println!("\n{}", t.render());
        }
    }
    Ok(())
}

/// A titled table of display strings (shared by the text and JSON output).
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    fn new(title: &str, header: &[&str]) -> Table {
        Table {
            title: title.to_string(),
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Left-aligned columns separated by two spaces.
    pub fn render(&self) -> String {
        let ncol = self.header.len();
        let mut width = vec![0; ncol];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in width.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |row: &[String]| {
            let cells: Vec<String> = row
                .iter()
                .zip(&width)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("  {}", cells.join("  ").trim_end())
        };
        let mut out = vec![self.title.clone(), line(&self.header)];
        out.extend(self.rows.iter().map(|r| line(r)));
        out.join("\n")
    }
}

/// A quantity for the tables: six significant digits, times of a second or more in s,
/// currents of a nanoampere or more in nA, resistances in MOhm, otherwise the dimension's
/// display unit.
fn q(si: f64, dim: Dimension) -> String {
    let six = |x: f64| -> String {
        let rounded: f64 = format!("{x:.5e}").parse().unwrap_or(x);
        fmt_number(rounded)
    };
    if dim == Dimension::TIME && si.abs() >= 1.0 {
        return format!("{} s", six(si));
    }
    if dim == Dimension::CURRENT && si.abs() >= 1e-9 {
        return format!("{} nA", six(si * 1e9));
    }
    // Resistance (V / A), which the model's dimension table leaves without a unit.
    if dim == Dimension::VOLTAGE / Dimension::CURRENT {
        return format!("{} MOhm", six(si * 1e-6));
    }
    match dim.display_unit() {
        Some(("", _)) => six(si),
        Some((unit, factor)) => format!("{} {unit}", six(si * factor)),
        None => Quantity::new(si, dim).to_string(),
    }
}

fn dist(d: &Distribution, dim: Dimension) -> String {
    match *d {
        Distribution::Fixed { value } => q(value, dim),
        Distribution::Normal { mean, sd } => {
            format!("normal(mean = {}, sd = {})", q(mean, dim), q(sd, dim))
        }
        Distribution::LogNormal { mean, sd } => {
            format!("lognormal(mean = {}, sd = {})", q(mean, dim), q(sd, dim))
        }
        Distribution::Uniform { low, high } => {
            format!("uniform(low = {}, high = {})", q(low, dim), q(high, dim))
        }
    }
}

fn sign_word(s: Sign) -> &'static str {
    match s {
        Sign::Excitatory => "excitatory",
        Sign::Inhibitory => "inhibitory",
        Sign::Mixed => "mixed",
    }
}

fn neuron_parameters(kind: &NeuronKind) -> String {
    let t = Dimension::TIME;
    let v = Dimension::VOLTAGE;
    let mut parts: Vec<String> = Vec::new();
    if let Some(l) = kind.lif() {
        parts.extend([
            format!("tau_m = {}", q(l.tau_m, t)),
            format!("theta = {}", q(l.v_th, v)),
            format!("v_reset = {}", q(l.v_reset, v)),
            format!("t_ref = {}", q(l.t_ref, t)),
            format!("e_l = {}", q(l.e_l, v)),
            format!("c_m = {}", q(l.c_m, Dimension::CAPACITANCE)),
            format!("v_init = {}", dist(&l.v_init, v)),
        ]);
    }
    match kind {
        NeuronKind::LifExp {
            tau_syn_ex,
            tau_syn_in,
            ..
        } => parts.extend([
            format!("tau_syn_ex = {}", q(*tau_syn_ex, t)),
            format!("tau_syn_in = {}", q(*tau_syn_in, t)),
        ]),
        NeuronKind::LifCond { syn, .. } => parts.extend([
            format!("e_ex = {}", q(syn.e_ex, v)),
            format!("e_in = {}", q(syn.e_in, v)),
            format!("tau_syn_ex = {}", q(syn.tau_syn_ex, t)),
            format!("tau_syn_in = {}", q(syn.tau_syn_in, t)),
        ]),
        NeuronKind::Rate(r) => {
            let (name, gain, threshold) = match r.transfer {
                Transfer::Tanh { gain, threshold } => ("tanh", gain, threshold),
                Transfer::ThresholdLinear { gain, threshold } => {
                    ("threshold_linear", gain, threshold)
                }
            };
            parts.extend([
                format!("tau = {}", q(r.tau, t)),
                format!("transfer = {name}"),
                format!("gain = {}", fmt_number(gain)),
                format!("threshold = {}", fmt_number(threshold)),
                format!("noise = {}", fmt_number(r.noise)),
            ]);
        }
        NeuronKind::Binary(b) => parts.extend([
            format!("tau = {}", q(b.tau, t)),
            format!("theta = {}", fmt_number(b.theta)),
        ]),
        _ => {}
    }
    parts.join(", ")
}

/// The dimension of weights onto a neuron kind (see `model::neuron`).
fn weight_dim(kind: &NeuronKind) -> Dimension {
    match kind {
        NeuronKind::LifDelta { .. } => Dimension::VOLTAGE,
        NeuronKind::LifExp { .. } => Dimension::CURRENT,
        NeuronKind::LifCond { .. } => Dimension::CONDUCTANCE,
        _ => Dimension::NONE,
    }
}

/// The delta-synapse equivalent of a mean weight, in volts: the weight itself for lif_delta;
/// J = w tau_s / C for lif_exp (the same charge, hence the same mean input: the integral of
/// w exp(-t/tau_s) is w tau_s); none for conductance, rate and binary targets.
pub fn delta_equivalent(kind: &NeuronKind, source_sign: Sign, w: f64) -> Option<f64> {
    match kind {
        NeuronKind::LifDelta { .. } => Some(w),
        NeuronKind::LifExp {
            lif,
            tau_syn_ex,
            tau_syn_in,
        } => {
            let tau = if source_sign == Sign::Inhibitory {
                tau_syn_in
            } else {
                tau_syn_ex
            };
            Some(w * tau / lif.c_m)
        }
        _ => None,
    }
}

/// All display tables of a model (empty ones left out, except populations and projections).
pub fn tables(m: &Model) -> Vec<Table> {
    let mut out = vec![
        params_table(m),
        definitions_table(m),
        neurons_table(m),
        populations_table(m),
        projections_table(m),
        drives_table(m),
        plasticity_table(m),
        simulation_table(m),
        sweeps_table(m),
    ];
    out.retain(|t| !t.rows.is_empty() || matches!(t.title.as_str(), "populations" | "projections"));
    out
}

/// The params with their values, defaults and lines.
fn params_table(m: &Model) -> Table {
    let mut t = Table::new("params", &["name", "value", "default", "line"]);
    for p in &m.params {
        t.rows.push(vec![
            p.name.clone(),
            q(p.value.si, p.value.dim),
            q(p.default.si, p.default.dim),
            p.origin.line.to_string(),
        ]);
    }
    t
}

/// The `let` definitions.
fn definitions_table(m: &Model) -> Table {
    let mut t = Table::new("definitions", &["name", "value"]);
    for d in &m.definitions {
        t.rows
            .push(vec![d.name.clone(), q(d.value.si, d.value.dim)]);
    }
    t
}

/// The neuron kinds and their parameters.
fn neurons_table(m: &Model) -> Table {
    let mut t = Table::new("neurons", &["name", "kind", "parameters"]);
    for n in &m.neurons {
        t.rows.push(vec![
            n.name.clone(),
            n.kind.keyword().to_string(),
            neuron_parameters(&n.kind),
        ]);
    }
    t
}

/// The populations: size, neuron, sign.
fn populations_table(m: &Model) -> Table {
    let mut t = Table::new("populations", &["name", "size", "neuron", "sign"]);
    for p in &m.populations {
        t.rows.push(vec![
            p.name.clone(),
            p.size.to_string(),
            m.neuron(p.neuron).name.clone(),
            sign_word(p.sign).to_string(),
        ]);
    }
    t
}

/// The projections: rule and mean in-degree, weight (and its delta-synapse equivalent), delay, flags, origin.
fn projections_table(m: &Model) -> Table {
    let mut t = Table::new(
        "projections",
        &[
            "source",
            "target",
            "rule",
            "mean K",
            "weight",
            "J (delta-equiv.)",
            "delay",
            "autapses",
            "multapses",
            "compartment",
            "origin",
        ],
    );
    for p in &m.projections {
        let kind = m.kind_of(p.target);
        let src = m.population(p.source);
        let rule = match p.connectivity {
            Connectivity::FixedIndegree { indegree } => format!("indegree {indegree}"),
            Connectivity::Probability { p: prob } => format!("probability {}", fmt_number(prob)),
            Connectivity::FixedTotal { total } => format!("total {total}"),
            Connectivity::FixedOutdegree { outdegree } => format!("outdegree {outdegree}"),
        };
        let k = fmt_number(m.mean_indegree(p));
        // The moments of the law sampled (Dale's-law truncation), which the theory uses.
        let support = crate::model::Support::of_weights(m, p);
        let sampled = crate::theory::network::sampled_weight::sampled_moments(&p.weight, support);
        let mut weight = dist(&p.weight, weight_dim(kind));
        if sampled.mean != p.weight.mean() || sampled.variance != p.weight.variance() {
            weight.push_str(&format!(
                "; sampled (wrong signs redrawn): mean = {}, sd = {}",
                q(sampled.mean, weight_dim(kind)),
                q(sampled.variance.sqrt(), weight_dim(kind))
            ));
        }
        let j = delta_equivalent(kind, src.sign, sampled.mean)
            .map_or("-".to_string(), |j| q(j, Dimension::VOLTAGE));
        let origin = match &p.origin.motif {
            Some(motif) => format!("line {} ({motif})", p.origin.line),
            None => format!("line {}", p.origin.line),
        };
        t.rows.push(vec![
            src.name.clone(),
            m.population(p.target).name.clone(),
            rule,
            k,
            weight,
            j,
            dist(&p.delay, Dimension::TIME),
            p.autapses.to_string(),
            p.multapses.to_string(),
            format!("{:?}", p.compartment).to_lowercase(),
            origin,
        ]);
    }
    t
}

/// The drives of each population.
fn drives_table(m: &Model) -> Table {
    let mut t = Table::new("drives", &["target", "kind", "parameters"]);
    for d in &m.drives {
        let kind = m.kind_of(d.target);
        let amp = if kind.lif().is_some() {
            Dimension::CURRENT
        } else {
            Dimension::NONE
        };
        let (name, params) = match &d.kind {
            DriveKind::Poisson {
                rate,
                indegree,
                weight,
            } => (
                "poisson",
                format!(
                    "rate = {}, indegree = {indegree}, weight = {} (total {})",
                    q(*rate, Dimension::RATE),
                    q(*weight, weight_dim(kind)),
                    q(rate * *indegree as f64, Dimension::RATE)
                ),
            ),
            DriveKind::Current {
                amplitude,
                start,
                stop,
            } => (
                "current",
                format!(
                    "amplitude = {}, from {} to {}",
                    q(*amplitude, amp),
                    q(*start, Dimension::TIME),
                    stop.map_or("the end".to_string(), |s| q(s, Dimension::TIME))
                ),
            ),
            DriveKind::Pulses {
                amplitude,
                width,
                times,
            } => (
                "pulses",
                format!(
                    "amplitude = {}, width = {}, at [{}]",
                    q(*amplitude, amp),
                    q(*width, Dimension::TIME),
                    times
                        .iter()
                        .map(|x| q(*x, Dimension::TIME))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        t.rows.push(vec![
            m.population(d.target).name.clone(),
            name.to_string(),
            params,
        ]);
    }
    t
}

/// Synaptic scaling rules.
fn plasticity_table(m: &Model) -> Table {
    let mut t = Table::new(
        "plasticity",
        &["rule", "target", "target rate", "tau", "scaled projections"],
    );
    for s in &m.plasticity {
        let scaled: Vec<String> = s
            .projections
            .iter()
            .map(|id| {
                let p = &m.projections[id.0];
                format!(
                    "{} -> {}",
                    m.population(p.source).name,
                    m.population(p.target).name
                )
            })
            .collect();
        t.rows.push(vec![
            "scaling".to_string(),
            m.population(s.target).name.clone(),
            q(s.target_rate, Dimension::RATE),
            q(s.tau, Dimension::TIME),
            scaled.join(", "),
        ]);
    }
    t
}

/// The settings of the `simulate` block.
fn simulation_table(m: &Model) -> Table {
    let sim = &m.simulation;
    let mut t = Table::new("simulation", &["setting", "value"]);
    let record: Vec<String> = sim
        .record
        .iter()
        .map(|r| match r {
            Recording::Spikes { population, sample } => match (population, sample) {
                (None, _) => "spikes".to_string(),
                (Some(p), None) => format!("spikes({})", m.population(*p).name),
                (Some(p), Some(n)) => format!("spikes({}, {n})", m.population(*p).name),
            },
            Recording::Voltage { population, sample } => {
                format!("voltage({}, {sample})", m.population(*population).name)
            }
            Recording::Currents { population, sample } => {
                format!("currents({}, {sample})", m.population(*population).name)
            }
            Recording::Rates { bin } => format!("rates({})", q(*bin, Dimension::TIME)),
        })
        .collect();
    for (k, v) in [
        ("duration", q(sim.duration, Dimension::TIME)),
        ("dt", q(sim.dt, Dimension::TIME)),
        ("seed", sim.seed.to_string()),
        ("warmup", q(sim.warmup, Dimension::TIME)),
        ("record", record.join(", ")),
    ] {
        t.rows.push(vec![k.to_string(), v]);
    }
    t
}

/// The sweeps the model declares.
fn sweeps_table(m: &Model) -> Table {
    let mut t = Table::new("sweeps", &["param", "points", "first", "last"]);
    for a in &m.sweeps {
        let first = a
            .values_si
            .first()
            .map_or(String::new(), |v| q(*v, a.dimension));
        let last = a
            .values_si
            .last()
            .map_or(String::new(), |v| q(*v, a.dimension));
        t.rows.push(vec![
            a.param.clone(),
            a.values_si.len().to_string(),
            first,
            last,
        ]);
    }
    t
}
