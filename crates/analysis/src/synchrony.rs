//! Synchrony measure chi (Golomb 2007; Golomb & Rinzel 1993):
//! chi^2 = Var_t(mean_i V_i(t)) / mean_i Var_t(V_i(t)), between 0 (asynchronous; chi ~ 1/sqrt(N)
//! for N independent neurons) and 1 (identical traces).

/// Chi from traces of equal length (one per neuron). `None` for fewer than 2 traces,
/// fewer than 2 samples, or traces without variance.
pub fn golomb_chi(traces: &[Vec<f64>]) -> Option<f64> {
    let n = traces.len();
    let len = traces.iter().map(Vec::len).min()?;
    if n < 2 || len < 2 {
        return None;
    }
    let var = |x: &mut dyn Iterator<Item = f64>| {
        let v: Vec<f64> = x.collect();
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|a| (a - m).powi(2)).sum::<f64>() / v.len() as f64
    };
    let mean_trace: Vec<f64> = (0..len)
        .map(|t| traces.iter().map(|x| x[t]).sum::<f64>() / n as f64)
        .collect();
    let var_mean = var(&mut mean_trace.into_iter());
    let mean_var = traces
        .iter()
        .map(|x| var(&mut x[..len].iter().copied()))
        .sum::<f64>()
        / n as f64;
    (mean_var > 0.0).then(|| (var_mean / mean_var).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_traces_give_one_and_opposite_ones_zero() {
        let a: Vec<f64> = (0..100).map(|t| (t as f64 * 0.3).sin()).collect();
        let b: Vec<f64> = a.iter().map(|x| -x).collect();
        assert!((golomb_chi(&[a.clone(), a.clone()]).unwrap() - 1.0).abs() < 1e-12);
        assert!(golomb_chi(&[a, b]).unwrap() < 1e-12);
    }
}
