//! Statistical uncertainty of simulated statistics from the run's own data.
//!
//! Two resamplings: **time blocks** (batch means: the run after the warm-up is cut into B
//! consecutive blocks and the statistic is computed in each; valid when a block is much longer
//! than the correlation time of the population activity) and **neuron groups** (the neurons
//! are split into G groups; for statistics that are means over neurons, such as the CV, whose
//! per-neuron estimates are nearly independent in an asynchronous state). Either way the
//! standard error of the full-run value is sd(estimates) / sqrt(B) (Flyvbjerg & Petersen 1989
//! for block averaging).

use eibal_sim::SimResult;

/// Number of time blocks and neuron groups.
pub const BLOCKS: usize = 10;

/// Standard error sd / sqrt(n) of the mean of `n` independent estimates (unbiased sd);
/// `None` with fewer than two estimates.
pub fn standard_error(estimates: &[f64]) -> Option<f64> {
    let n = estimates.len();
    if n < 2 {
        return None;
    }
    let m = estimates.iter().sum::<f64>() / n as f64;
    let var = estimates.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
    Some((var / n as f64).sqrt())
}

/// Population rate (Hz) in each of `blocks` equal time blocks after the warm-up.
pub fn block_rates(result: &SimResult, population: usize, blocks: usize) -> Vec<f64> {
    let counts = &result.population_counts[population];
    let start = result.warmup_steps().min(counts.len());
    let steps = counts.len() - start;
    let per_block = steps / blocks.max(1);
    if per_block == 0 {
        return Vec::new();
    }
    let size = result.populations[population].size as f64;
    (0..blocks)
        .map(|b| {
            let block = &counts[start + b * per_block..start + (b + 1) * per_block];
            let spikes: u64 = block.iter().map(|&c| c as u64).sum();
            spikes as f64 / (size * per_block as f64 * result.dt)
        })
        .collect()
}

/// A statistic evaluated on each of `groups` interleaved groups of items (neurons); groups
/// where it is undefined are left out.
pub fn group_estimates<T>(
    items: &[T],
    groups: usize,
    statistic: impl Fn(&[&T]) -> Option<f64>,
) -> Vec<f64> {
    (0..groups)
        .filter_map(|g| {
            let group: Vec<&T> = items.iter().skip(g).step_by(groups).collect();
            statistic(&group)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_error_of_known_sample() {
        // Values 1..=5: sample sd = sqrt(2.5), se = sqrt(2.5 / 5) = sqrt(0.5).
        let se = standard_error(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!((se - 0.5f64.sqrt()).abs() < 1e-15);
        assert_eq!(standard_error(&[1.0]), None);
    }

    #[test]
    fn groups_interleave_items() {
        let items: Vec<f64> = (0..10).map(|i| i as f64).collect();
        let sums = group_estimates(&items, 3, |g| Some(g.iter().copied().sum()));
        // groups {0,3,6,9}, {1,4,7}, {2,5,8}
        assert_eq!(sums, vec![18.0, 12.0, 15.0]);
    }
}
