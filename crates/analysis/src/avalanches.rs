//! Neuronal avalanches (Beggs & Plenz 2003): runs of non-empty time bins of the population
//! spike count, bounded by empty bins. An avalanche's size is its number of spikes, its
//! duration its number of bins. Sizes and durations are fitted with discrete power laws
//! (`powerlaw`); at criticality (a critical branching process) the exponents are 3/2 and 2.

use super::powerlaw::{PowerLawFit, fit_discrete};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Avalanche {
    pub size: u64,
    pub duration: u64,
}

/// Avalanches of a binned count series. Runs touching the first or last bin are left out
/// (they may be cut).
pub fn avalanches(binned: &[u64]) -> Vec<Avalanche> {
    let mut out = Vec::new();
    let mut current: Option<Avalanche> = None;
    let mut started_at_edge = false;
    for (k, &c) in binned.iter().enumerate() {
        if c > 0 {
            let a = current.get_or_insert(Avalanche {
                size: 0,
                duration: 0,
            });
            if a.duration == 0 {
                started_at_edge = k == 0;
            }
            a.size += c;
            a.duration += 1;
        } else if let Some(a) = current.take()
            && !started_at_edge
        {
            out.push(a);
        }
    }
    out
}

/// Avalanche statistics as reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvalancheStats {
    /// Bin width (s).
    pub bin_s: f64,
    pub count: usize,
    pub mean_size: f64,
    pub size: Option<PowerLawFit>,
    pub duration: Option<PowerLawFit>,
}

/// Avalanches of `binned` (bins of `bin_s`) with power-law fits over tails of at least
/// `min_tail` avalanches.
pub fn avalanche_stats(binned: &[u64], bin_s: f64, min_tail: usize) -> AvalancheStats {
    let av = avalanches(binned);
    let sizes: Vec<u64> = av.iter().map(|a| a.size).collect();
    let durations: Vec<u64> = av.iter().map(|a| a.duration).collect();
    AvalancheStats {
        bin_s,
        count: av.len(),
        mean_size: if av.is_empty() {
            0.0
        } else {
            sizes.iter().sum::<u64>() as f64 / av.len() as f64
        },
        size: fit_discrete(&sizes, min_tail),
        duration: fit_discrete(&durations, min_tail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn avalanches_are_runs_between_empty_bins() {
        let a = avalanches(&[1, 0, 2, 3, 0, 0, 1, 0, 4]);
        assert_eq!(
            a,
            vec![
                Avalanche {
                    size: 5,
                    duration: 2
                },
                Avalanche {
                    size: 1,
                    duration: 1
                }
            ]
        );
    }
}
