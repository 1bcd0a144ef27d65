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
/// about as many neurons each. Ranges may be empty.
///
/// Why counts: a neuron costs its update (membrane and Poisson drive, about 7.5 ns per step on
/// this machine) plus the synaptic events delivered into it, which scale with its in-degree
/// times the rates of its sources, unknown before the run. Weighting each neuron by 1 + its
/// in-degree (as before) split the cortical microcircuit at about neuron 31,700: the upper
/// thread then received 35 % more events and 43 % more neurons, and the lower one waited at
/// the barriers for about a quarter of the run (perf, 1 s on 2 threads: 2,100 samples of
/// waiting against 265). The populations of highest in-degree (L2/3) have the quietest
/// sources, so in-degree points the wrong way there; with equal counts both threads wait
/// about as long (1,060 and 760 samples: jitter). benches/README.md, "Split by neuron count".
pub fn ranges(sizes: &[usize], threads: usize) -> Vec<std::ops::Range<usize>> {
    let threads = threads.max(1);
    // Allowed cut points (global ids), increasing.
    let mut cuts = vec![0usize];
    let mut first = 0usize;
    for &n in sizes {
        cuts.extend((BLOCK..n).step_by(BLOCK).map(|hi| first + hi));
        first += n;
        cuts.push(first);
    }
    let mut bounds = vec![0usize];
    for t in 1..threads {
        let goal = first * t / threads;
        // The first cut at or past the goal, or the one before it when that is closer.
        let k = cuts.partition_point(|&c| c < goal).min(cuts.len() - 1);
        let k = if k > 0 && goal - cuts[k - 1] < cuts[k] - goal {
            k - 1
        } else {
            k
        };
        bounds.push(cuts[k].max(*bounds.last().unwrap_or(&0)));
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
        for threads in 1..6 {
            let r = ranges(&sizes, threads);
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
        // Two threads on two equal halves: the cut is at the middle block boundary.
        let r = ranges(&[1280], 2);
        assert_eq!(r[0], 0..640);
        // Otherwise at the allowed point nearest the middle: 1,100 neurons split at 576 (the
        // block boundary 26 past the middle 550 is nearer than 512, 38 before it).
        let r = ranges(&[1100], 2);
        assert_eq!(r, vec![0..576, 576..1100]);
    }

    #[test]
    fn more_threads_than_blocks_leave_some_ranges_empty() {
        let r = ranges(&[10], 3);
        assert_eq!(r.iter().map(|r| r.len()).sum::<usize>(), 10);
    }
}
