//! The synaptic scaling states of a run (`plasticity::ScalingState`, after Turrigiano et al.
//! 1998), one per scaled population, and which projections they scale.

use super::populations::Pop;
use crate::plasticity::ScalingState;
use eibal_model::error::{Error, Result};
use eibal_model::{Model, SynapticScaling};

/// The scaling states in the model's order, linked from their populations (`Pop::scaling`),
/// and for every projection whether its weights are scaled.
pub fn scalings(model: &Model, pops: &mut [Pop], h: f64) -> Result<(Vec<ScalingState>, Vec<bool>)> {
    let mut states = Vec::new();
    let mut scaled = vec![false; model.projections.len()];
    for sc in &model.plasticity {
        check(model, sc, pops)?;
        for id in &sc.projections {
            scaled[id.0] = true;
        }
        let p = sc.target.0;
        pops[p].scaling = Some(states.len());
        states.push(ScalingState::new(
            p,
            pops[p].size,
            sc.target_rate,
            sc.tau,
            h,
        ));
    }
    Ok((states, scaled))
}

/// A scaling needs an existing target population not scaled already, a positive target rate
/// and time constant, and projections that end on its target.
fn check(model: &Model, sc: &SynapticScaling, pops: &[Pop]) -> Result<()> {
    let p = sc.target.0;
    if p >= pops.len() || !(sc.target_rate > 0.0 && sc.tau > 0.0) {
        return Err(Error::BadInput(format!(
            "synaptic scaling at {}: needs an existing target, a positive target rate and tau",
            sc.origin
        )));
    }
    if pops[p].scaling.is_some() {
        return Err(Error::BadInput(format!(
            "synaptic scaling at {}: population {} is already scaled",
            sc.origin, model.populations[p].name
        )));
    }
    for id in &sc.projections {
        let ends_on_target = model
            .projections
            .get(id.0)
            .is_some_and(|pr| pr.target == sc.target);
        if !ends_on_target {
            return Err(Error::BadInput(format!(
                "synaptic scaling at {}: a scaled projection does not end on {}",
                sc.origin, model.populations[p].name
            )));
        }
    }
    Ok(())
}
