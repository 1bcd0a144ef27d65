//! Wiring from the one network realiser (`eibal_model::network::build`): the same model and
//! seed give the same synapses here as in sampled spectra.

use super::populations::{Emits, Pop};
use crate::engine::wiring::{ByTarget, Channel, Wiring};

use eibal_model::error::{Error, Result};
use eibal_model::network::{self as connectivity, Csr};
use eibal_model::{Distribution, Model, Projection, Sign};

/// Every projection of `model` in order, and the largest delay (steps, at least 1).
pub fn wirings(
    model: &Model,
    pops: &[Pop],
    scaled: &[bool],
    seed: u64,
    h: f64,
) -> Result<(Vec<Wiring>, usize)> {
    let mut wiring = Vec::with_capacity(model.projections.len());
    let mut max_delay = 1usize;
    for (k, pr) in model.projections.iter().enumerate() {
        let csr = connectivity::build(model, k, seed, h)?;
        check_targets(&csr, pr, pops[pr.target.0].size)?;
        let delay = delay_steps(&csr, pr, h)?;
        max_delay = max_delay.max(delay as usize);
        let inhibitory = model.population(pr.source).sign == Sign::Inhibitory;
        let rate_source = pops[pr.source.0].emits == Emits::Rate;
        let target = &pops[pr.target.0];
        let (csr, by_target) = if rate_source && csr.delays.is_none() {
            transposed(csr, pr.weight.mean(), target.size)
        } else {
            (csr, None)
        };
        wiring.push(Wiring {
            source: pr.source.0,
            target: pr.target.0,
            target_first: target.first,
            target_size: target.size,
            csr,
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
fn check_targets(csr: &Csr, pr: &Projection, n_target: usize) -> Result<()> {
    if csr.targets.iter().any(|&t| t as usize >= n_target) {
        return Err(Error::Runtime(format!(
            "internal error: projection at {} has a target outside its population",
            pr.origin
        )));
    }
    Ok(())
}

/// The fixed delay in steps (at least one step), or the largest per-synapse delay.
fn delay_steps(csr: &Csr, pr: &Projection, h: f64) -> Result<u16> {
    let what = format!("projection at {}", pr.origin);
    Ok(match pr.delay {
        Distribution::Fixed { value } => connectivity::delay_steps(value.max(h), h, &what)?,
        _ => csr
            .delays
            .as_ref()
            .and_then(|d| d.iter().max().copied())
            .unwrap_or(1),
    })
}

fn channel(inhibitory: bool, scaled: bool) -> Channel {
    match (inhibitory, scaled) {
        (false, false) => Channel::Excitatory,
        (true, false) => Channel::Inhibitory,
        (false, true) => Channel::ScaledExcitatory,
        (true, true) => Channel::ScaledInhibitory,
    }
}

/// The synapses moved to a by-target table; the by-source table left empty (rows of length 0).
fn transposed(csr: Csr, weight: f64, n_target: usize) -> (Csr, Option<ByTarget>) {
    let t = ByTarget::from_csr(&csr, weight, n_target);
    let empty = Csr {
        offsets: vec![0; csr.offsets.len()],
        targets: Vec::new(),
        weights: None,
        delays: None,
    };
    (empty, Some(t))
}
