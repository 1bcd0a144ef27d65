//! E/I balance of single neurons from their recorded inputs.
//!
//! Inputs per neuron: recurrent excitatory E(t), inhibitory I(t) (negative for inhibition)
//! and external X(t) (Poisson drive and currents), in the units `sim::neurons::Block::inputs`
//! states (equivalent voltage input for delta synapses, currents otherwise).

/// Balance index over neurons: mean_i |<E_i> + <I_i> + <X_i>| / mean_i |<E_i> + <X_i>|, with
/// <.> the time average. 0 is perfect cancellation of excitation by inhibition; 1 is no
/// inhibition. This is the simulated counterpart of the theory's ratio of net to excitatory
/// mean input. `None` without neurons or without excitation.
pub fn balance_index(exc: &[f64], inh: &[f64], ext: &[f64]) -> Option<f64> {
    let n = exc.len().min(inh.len()).min(ext.len());
    if n == 0 {
        return None;
    }
    let net: f64 = (0..n).map(|i| (exc[i] + inh[i] + ext[i]).abs()).sum();
    let excitation: f64 = (0..n).map(|i| (exc[i] + ext[i]).abs()).sum();
    (excitation > 0.0).then(|| net / excitation)
}

/// Pearson correlation over time of a neuron's excitatory input (E + X) and the magnitude of
/// its inhibitory input (-I), so that inhibition tracking excitation (tight balance) gives
/// values near +1. `None` if either has no variance.
pub fn ei_correlation(exc: &[f64], inh: &[f64]) -> Option<f64> {
    let n = exc.len().min(inh.len());
    if n < 3 {
        return None;
    }
    let (me, mi) = (
        exc[..n].iter().sum::<f64>() / n as f64,
        inh[..n].iter().sum::<f64>() / n as f64,
    );
    let (mut see, mut sii, mut sei) = (0.0, 0.0, 0.0);
    for k in 0..n {
        let (a, b) = (exc[k] - me, -(inh[k] - mi));
        see += a * a;
        sii += b * b;
        sei += a * b;
    }
    (see > 0.0 && sii > 0.0).then(|| sei / (see * sii).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balance_of_known_inputs() {
        // E = 3, X = 1, I = -3: net 1 over excitation 4.
        assert!(
            (balance_index(&[3.0, 3.0], &[-3.0, -3.0], &[1.0, 1.0]).unwrap() - 0.25).abs() < 1e-12
        );
        let e = [1.0, 2.0, 3.0, 2.0];
        let i = [-2.0, -4.0, -6.0, -4.0];
        assert!((ei_correlation(&e, &i).unwrap() - 1.0).abs() < 1e-12);
    }
}
