//! Wiring from the one network realiser (`eibal_model::network::build`): the same model and
//! seed give the same synapses here as in sampled spectra.

use super::populations::{Emits, Pop};
use crate::engine::wiring::{ByTarget, Channel, Wiring};

use eibal_model::error::{Error, Result};
use eibal_model::network::{self as connectivity, Run, Synapses, Targets};
use eibal_model::{Model, Projection, Sign};

/// Every projection of `model` in order, and the largest delay (steps, at least 1).
pub fn wirings(
    model: &Model,
    pops: &[Pop],
    scaled: &[bool],
    (seed, h, threads): (u64, f64, usize),
) -> Result<(Vec<Wiring>, usize)> {
    let mut wiring = Vec::with_capacity(model.projections.len());
    let mut max_delay = 1usize;
    for (k, pr) in model.projections.iter().enumerate() {
        let syn = connectivity::build_on(model, k, seed, h, threads)?;
        check_targets(&syn, pr, pops[pr.target.0].size)?;
        let delay = syn.max_delay();
        max_delay = max_delay.max(delay as usize);
        let inhibitory = model.population(pr.source).sign == Sign::Inhibitory;
        let rate_source = pops[pr.source.0].emits == Emits::Rate;
        let target = &pops[pr.target.0];
        let (synapses, by_target) = if rate_source && pr.delay.is_fixed() {
            transposed(syn, target.size)
        } else {
            (syn, None)
        };
        wiring.push(Wiring {
            source: pr.source.0,
            target: pr.target.0,
            target_first: target.first,
            target_size: target.size,
            synapses,
            weight: pr.weight.mean(),
            delay,
            channel: channel(inhibitory, scaled[k]),
            by_target,
        });
    }
    Ok((wiring, max_delay))
}

/// Delivery writes without bounds checks (`deliver`), so every target must lie inside its
/// population; the realiser guarantees it, this makes sure.
fn check_targets(syn: &Synapses, pr: &Projection, n_target: usize) -> Result<()> {
    // A fold from 0 (vectorised) rather than `max`: no target is below 0.
    let largest = match &syn.targets {
        Targets::Narrow(t) => t.iter().fold(0, |m, &x| m.max(x)) as usize,
        Targets::Wide(t) => t.iter().fold(0, |m, &x| m.max(x)) as usize,
    };
    if syn.count() > 0 && largest >= n_target {
        return Err(Error::Runtime(format!(
            "internal error: projection at {} has a target outside its population",
            pr.origin
        )));
    }
    Ok(())
}

fn channel(inhibitory: bool, scaled: bool) -> Channel {
    match (inhibitory, scaled) {
        (false, false) => Channel::Excitatory,
        (true, false) => Channel::Inhibitory,
        (false, true) => Channel::ScaledExcitatory,
        (true, true) => Channel::ScaledInhibitory,
    }
}

/// The synapses moved to a by-target table; the by-source table left empty (no runs).
fn transposed(syn: Synapses, n_target: usize) -> (Synapses, Option<ByTarget>) {
    let t = ByTarget::from_synapses(&syn, n_target);
    let empty = Synapses {
        first: vec![0; syn.first.len()],
        run_first: vec![0; syn.run_first.len()],
        runs: Vec::<Run>::new(),
        targets: Targets::Wide(Vec::new()),
        weights: None,
        weight: syn.weight,
        max_indegree: syn.max_indegree,
    };
    (empty, Some(t))
}
