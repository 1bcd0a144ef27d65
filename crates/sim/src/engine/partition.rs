//! How the neurons are split among threads: contiguous ranges of global neuron ids, one per
//! thread, whose boundaries fall on a population boundary or on a boundary of the random
//! streams of a population (`rng::BLOCK` neurons). Every neuron therefore draws from the same
//! stream, in the same order, whatever the number of threads; and a thread owns the ring
//! rows of its range (see `history`), so that delivery needs no atomics.

use eibal_model::rng::BLOCK;

/// The part of one population inside one thread's range: local neurons `lo..hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slice {
    pub population: usize,
    pub lo: usize,
    pub hi: usize,
}

/// Splits `0..total` (populations of `sizes`, in order) into `threads` contiguous ranges of
/// about equal weight, each neuron of population p weighing `weights[p]` (the engine gives
/// every neuron the same weight, `build::weights`). Ranges may be empty.
pub fn ranges(sizes: &[usize], weights: &[f64], threads: usize) -> Vec<std::ops::Range<usize>> {
    let threads = threads.max(1);
    // Allowed cut points (global id) with the cumulative weight before them.
    let mut cuts: Vec<(usize, f64)> = vec![(0, 0.0)];
    let (mut first, mut acc) = (0usize, 0.0);
    for (&n, &w) in sizes.iter().zip(weights) {
        let mut lo = 0;
        while lo < n {
            let hi = (lo + BLOCK).min(n);
            acc += (hi - lo) as f64 * w;
            cuts.push((first + hi, acc));
            lo = hi;
        }
        first += n;
    }
    let total_weight = acc;
    let mut bounds = vec![0usize];
    for t in 1..threads {
        let goal = total_weight * t as f64 / threads as f64;
        // The first cut at or past the goal, or the one before it when that is closer.
        let k = cuts.partition_point(|c| c.1 < goal).min(cuts.len() - 1);
        let k = if k > 0 && goal - cuts[k - 1].1 < cuts[k].1 - goal {
            k - 1
        } else {
            k
        };
        bounds.push(cuts[k].0.max(*bounds.last().unwrap_or(&0)));
    }
    bounds.push(first);
    bounds.windows(2).map(|b| b[0]..b[1]).collect()
}

/// The population slices of the range `range` (populations of `sizes`, in order).
pub fn slices(sizes: &[usize], range: &std::ops::Range<usize>) -> Vec<Slice> {
    let mut out = Vec::new();
    let mut first = 0usize;
    for (population, &n) in sizes.iter().enumerate() {
        let (a, b) = (range.start.max(first), range.end.min(first + n));
        if a < b {
            out.push(Slice {
                population,
                lo: a - first,
                hi: b - first,
            });
        }
        first += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_everything_and_cut_on_stream_blocks() {
        let sizes = [1000, 250, 7];
        let weights = [100.0, 100.0, 1.0];
        for threads in 1..6 {
            let r = ranges(&sizes, &weights, threads);
            assert_eq!(r.len(), threads);
            assert_eq!(r[0].start, 0);
            assert_eq!(r[threads - 1].end, 1257);
            for w in r.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            for range in &r {
                for s in slices(&sizes, range) {
                    assert_eq!(s.lo % BLOCK, 0, "{threads}: {s:?}");
                    assert!(s.hi % BLOCK == 0 || s.hi == sizes[s.population]);
                }
            }
        }
        // Two threads on two equal halves of weight: the cut is at the middle block boundary.
        let r = ranges(&[1280], &[1.0], 2);
        assert_eq!(r[0], 0..640);
    }

    #[test]
    fn more_threads_than_blocks_leave_some_ranges_empty() {
        let r = ranges(&[10], &[1.0], 3);
        assert_eq!(r.iter().map(|r| r.len()).sum::<usize>(), 10);
    }
}
