//! Populations at run time: what every thread reads of each (`Pop`: place, drives, scaling),
//! and the neurons a thread owns (`Shard`: the neuron block of one population slice, one file
//! per kind under `neurons/`, with its initial state and random streams).

use crate::engine::partition::Slice;
use crate::input::PopulationInput;
use crate::neurons::{Block, binary, lif_cond, lif_delta, lif_exp, rate};
use crate::result::PopulationInfo;
use eibal_model::error::{Error, Result};
use eibal_model::rng::{BLOCK, Purpose, SimRng, stream};
use eibal_model::{Distribution, Model, NeuronKind, Population};
use rand_distr::{Distribution as _, Normal, StandardNormal};
use std::ops::Range;

/// One population at run time, as every thread reads it. Neuron `i` of it is global neuron
/// `first + i`.
pub struct Pop {
    pub first: usize,
    pub size: usize,
    /// Whether it emits spikes (LIF kinds) rather than graded or state events.
    pub spiking: bool,
    pub emits: Emits,
    /// Poisson drives and the current schedule.
    pub input: PopulationInput,
    /// Index of its synaptic scaling state, if its incoming weights are scaled.
    pub scaling: Option<usize>,
    /// round(t_ref / h) for LIF kinds, 0 otherwise.
    pub ref_steps: u32,
}

/// What a population emits, by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emits {
    /// Spikes of LIF neurons, each of amplitude 1.
    Spikes,
    /// phi(x) of every unit, every step.
    Rate,
    /// +1 when a unit switches on, -1 when it switches off.
    Binary,
}

/// The neurons `lo..hi` of one population, owned by one thread: their state and update, and
/// their random streams (one per block of `rng::BLOCK` neurons, keyed (seed, Neuron,
/// population, block); `lo` is a multiple of `BLOCK`, see `partition`).
pub struct Shard {
    pub population: usize,
    pub lo: usize,
    pub hi: usize,
    pub block: Block,
    pub rngs: Vec<SimRng>,
    /// Out: population-local indices of the neurons that emitted in the step.
    pub emitters: Vec<u32>,
    /// Out: phi(x) of every rate unit, +1/-1 per binary emitter.
    pub amplitudes: Vec<f64>,
}

/// The shard of neurons `slice.lo..slice.hi` of its population, in their initial state.
pub fn shard(model: &Model, slice: Slice, h: f64, seed: u64) -> Result<Shard> {
    let pi = slice.population;
    let p = &model.populations[pi];
    let kind = &model.neuron(p.neuron).kind;
    let block = make_block(kind, h, seed, pi, slice.lo..slice.hi)?;
    let first_block = slice.lo / BLOCK;
    Ok(Shard {
        population: pi,
        lo: slice.lo,
        hi: slice.hi,
        block,
        rngs: (first_block..slice.hi.div_ceil(BLOCK))
            .map(|b| stream(seed, Purpose::Neuron, pi as u64, b as u64))
            .collect(),
        emitters: Vec::new(),
        amplitudes: Vec::new(),
    })
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
        // Checks the initial-value law once, before any thread builds its shard.
        make_block(kind, h, seed, pi, 0..p.size.min(1))?;
        let info = population_info(p, kind, first)?;
        pops.push(Pop {
            first,
            size: p.size,
            spiking: info.spiking,
            emits: match kind {
                NeuronKind::Rate(_) => Emits::Rate,
                NeuronKind::Binary(_) => Emits::Binary,
                _ => Emits::Spikes,
            },
            input: std::mem::take(&mut inputs[pi]),
            scaling: None,
            ref_steps: info.t_ref.map_or(0, |t| (t / h).round() as u32),
        });
        infos.push(info);
        first += p.size;
    }
    Ok((pops, infos))
}

/// Name, place, kind, sign, refractory period and time constant of one population.
fn population_info(p: &Population, kind: &NeuronKind, first: usize) -> Result<PopulationInfo> {
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
        spiking: kind.lif().is_some(),
    })
}

/// The initial value of neurons `range` of population `pop`, neuron `i` drawing from the
/// stream (seed, Initial, pop, i). A log-normal of mean m and sd s is exp(mu + sigma z) with
/// sigma^2 = ln(1 + s^2 / m^2), mu = ln|m| - sigma^2 / 2, times the sign of m.
fn initial_values(
    d: &Distribution,
    seed: u64,
    pop: usize,
    range: Range<usize>,
) -> Result<Vec<f64>> {
    let normal = |mean: f64, sd: f64| {
        Normal::new(mean, sd).map_err(|e| Error::BadInput(format!("initial value: {e}")))
    };
    range
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

/// The block of neurons `range` of population `pop` of `kind`, in its initial state.
fn make_block(
    kind: &NeuronKind,
    h: f64,
    seed: u64,
    pop: usize,
    range: Range<usize>,
) -> Result<Block> {
    let n = range.len();
    Ok(match kind {
        NeuronKind::LifDelta { lif } => Block::LifDelta(lif_delta::LifDeltaBlock::new(
            lif,
            h,
            initial_values(&lif.v_init, seed, pop, range.clone())?,
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
            initial_values(&lif.v_init, seed, pop, range.clone())?,
        )),
        NeuronKind::LifCond { lif, syn } => Block::LifCond(lif_cond::LifCondBlock::new(
            lif,
            syn,
            h,
            initial_values(&lif.v_init, seed, pop, range.clone())?,
        )),
        // Rate units start from x ~ N(0, 1) so that a network with phi(0) = 0 can leave the
        // trivial fixed point; binary units start off.
        NeuronKind::Rate(u) => Block::Rate(rate::RateBlock::new(
            u,
            h,
            initial_values(
                &Distribution::Normal { mean: 0.0, sd: 1.0 },
                seed,
                pop,
                range,
            )?,
        )),
        NeuronKind::Binary(u) => Block::Binary(binary::BinaryBlock::new(u, h, vec![0; n])),
    })
}
