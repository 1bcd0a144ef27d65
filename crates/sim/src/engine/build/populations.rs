//! Populations at run time: the neuron block of each (one file per kind under `neurons/`),
//! its initial state, its drives and its random streams.

use crate::input::PopulationInput;
use crate::neurons::{Block, binary, lif_cond, lif_delta, lif_exp, rate};
use crate::result::PopulationInfo;
use eibal_model::error::{Error, Result};
use eibal_model::rng::{Purpose, SimRng, stream};
use eibal_model::{Distribution, Model, NeuronKind, Population};
use rand_distr::{Distribution as _, Normal, StandardNormal};

/// One population at run time. Neuron `i` of it is global neuron `first + i`.
pub struct Pop {
    pub first: usize,
    pub size: usize,
    /// The state of its neurons and their update.
    pub block: Block,
    /// Poisson drives and the current schedule.
    pub input: PopulationInput,
    /// One stream per block of `rng::BLOCK` neurons, keyed (seed, Neuron, population, block).
    pub rngs: Vec<SimRng>,
    /// Index of its synaptic scaling state, if its incoming weights are scaled.
    pub scaling: Option<usize>,
    /// round(t_ref / h) for LIF kinds, 0 otherwise.
    pub ref_steps: u32,
}

impl Pop {
    /// The external current of step `s` (0 without current drives).
    #[inline]
    pub fn current(&self, s: u64) -> f64 {
        if self.input.current.is_empty() {
            0.0
        } else {
            self.input.current.at(s)
        }
    }
}

/// Every population of `model` in order, with the description the result carries.
pub fn populations(
    model: &Model,
    mut inputs: Vec<PopulationInput>,
    h: f64,
    seed: u64,
) -> Result<(Vec<Pop>, Vec<PopulationInfo>)> {
    let mut pops = Vec::with_capacity(model.populations.len());
    let mut infos = Vec::with_capacity(model.populations.len());
    let mut first = 0usize;
    for (pi, p) in model.populations.iter().enumerate() {
        let kind = &model.neuron(p.neuron).kind;
        let block = make_block(kind, h, seed, pi, p.size)?;
        let info = population_info(p, kind, &block, first)?;
        pops.push(Pop {
            first,
            size: p.size,
            block,
            input: std::mem::take(&mut inputs[pi]),
            rngs: (0..eibal_model::rng::blocks(p.size))
                .map(|b| stream(seed, Purpose::Neuron, pi as u64, b as u64))
                .collect(),
            scaling: None,
            ref_steps: info.t_ref.map_or(0, |t| (t / h).round() as u32),
        });
        infos.push(info);
        first += p.size;
    }
    Ok((pops, infos))
}

/// Name, place, kind, sign, refractory period and time constant of one population.
fn population_info(
    p: &Population,
    kind: &NeuronKind,
    block: &Block,
    first: usize,
) -> Result<PopulationInfo> {
    let (t_ref, tau) = match kind {
        NeuronKind::Rate(u) => (None, u.tau),
        NeuronKind::Binary(u) => (None, u.tau),
        k => {
            let lif = k
                .lif()
                .ok_or_else(|| Error::Runtime("LIF kind without LIF parameters".into()))?;
            (Some(lif.t_ref), lif.tau_m)
        }
    };
    Ok(PopulationInfo {
        name: p.name.clone(),
        first,
        size: p.size,
        kind: kind.keyword(),
        sign: p.sign,
        t_ref,
        tau,
        spiking: block.spiking(),
    })
}

/// The initial value of each of `n` neurons of population `pop`, neuron `i` drawing from the
/// stream (seed, Initial, pop, i). A log-normal of mean m and sd s is exp(mu + sigma z) with
/// sigma^2 = ln(1 + s^2 / m^2), mu = ln|m| - sigma^2 / 2, times the sign of m.
fn initial_values(d: &Distribution, seed: u64, pop: usize, n: usize) -> Result<Vec<f64>> {
    let normal = |mean: f64, sd: f64| {
        Normal::new(mean, sd).map_err(|e| Error::BadInput(format!("initial value: {e}")))
    };
    (0..n)
        .map(|i| {
            let mut rng = stream(seed, Purpose::Initial, pop as u64, i as u64);
            Ok(match *d {
                Distribution::Fixed { value } => value,
                Distribution::Normal { mean, sd } => normal(mean, sd)?.sample(&mut rng),
                Distribution::Uniform { low, high } => {
                    low + (high - low) * eibal_model::rng::unit_f64(rand::Rng::next_u64(&mut rng))
                }
                Distribution::LogNormal { mean, sd } => {
                    let s2 = (1.0 + sd * sd / (mean * mean)).ln();
                    let z: f64 = StandardNormal.sample(&mut rng);
                    mean.signum() * (mean.abs().ln() - 0.5 * s2 + s2.sqrt() * z).exp()
                }
            })
        })
        .collect()
}

/// The block of `n` neurons of `kind`, in its initial state.
fn make_block(kind: &NeuronKind, h: f64, seed: u64, pop: usize, n: usize) -> Result<Block> {
    Ok(match kind {
        NeuronKind::LifDelta { lif } => Block::LifDelta(lif_delta::LifDeltaBlock::new(
            lif,
            h,
            initial_values(&lif.v_init, seed, pop, n)?,
        )),
        NeuronKind::LifExp {
            lif,
            tau_syn_ex,
            tau_syn_in,
        } => Block::LifExp(lif_exp::LifExpBlock::new(
            lif,
            *tau_syn_ex,
            *tau_syn_in,
            h,
            initial_values(&lif.v_init, seed, pop, n)?,
        )),
        NeuronKind::LifCond { lif, syn } => Block::LifCond(lif_cond::LifCondBlock::new(
            lif,
            syn,
            h,
            initial_values(&lif.v_init, seed, pop, n)?,
        )),
        // Rate units start from x ~ N(0, 1) so that a network with phi(0) = 0 can leave the
        // trivial fixed point; binary units start off.
        NeuronKind::Rate(u) => Block::Rate(rate::RateBlock::new(
            u,
            h,
            initial_values(&Distribution::Normal { mean: 0.0, sd: 1.0 }, seed, pop, n)?,
        )),
        NeuronKind::Binary(u) => Block::Binary(binary::BinaryBlock::new(u, h, vec![0; n])),
    })
}
