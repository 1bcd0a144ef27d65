//! Binned traces of sampled neurons kept in memory for the statistics: per population, at
//! most `stat_sample` evenly spaced neurons; per trace bin of `trace_bin` seconds, the mean
//! over its steps of the state (V, x or S) and of the excitatory, inhibitory and external input
//! (`neurons::Block::inputs`).

use crate::RunOptions;
use crate::engine::build::Network;
use crate::engine::view::View;
use crate::result::SampleTraces;

/// Running sums of one population's sampled neurons over the current bin.
struct SampleAcc {
    traces: SampleTraces,
    bin_steps: u64,
    /// (state, exc, inh, ext) summed over the steps of the bin so far.
    sums: Vec<[f64; 4]>,
}

/// The sampled traces of every population.
pub struct Samples(Vec<SampleAcc>);

/// Evenly spaced local indices, at most `k` of `n`: j n / k for j < k.
fn spread(n: usize, k: usize) -> Vec<usize> {
    let k = k.min(n);
    (0..k).map(|j| j * n / k).collect()
}

impl Samples {
    pub fn new(net: &Network, opt: &RunOptions, h: f64) -> Samples {
        let bin_steps = ((opt.trace_bin / h).round() as u64).max(1);
        let accs = net
            .pops
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let neurons = spread(p.size, opt.stat_sample);
                SampleAcc {
                    sums: vec![[0.0; 4]; neurons.len()],
                    traces: SampleTraces {
                        population: pi,
                        neurons,
                        bin: bin_steps as f64 * h,
                        state: Vec::new(),
                        exc: Vec::new(),
                        inh: Vec::new(),
                        ext: Vec::new(),
                    },
                    bin_steps,
                }
            })
            .collect();
        Samples(accs)
    }

    /// Adds the state after step `s` and the input that arrived in it (ring rows of step `s`,
    /// scaled inputs as the neurons read them; before delivery clears them); closes a bin
    /// every `bin_steps` steps.
    pub fn step(&mut self, view: &View, s: u64) {
        for acc in &mut self.0 {
            let pi = acc.traces.population;
            for (k, &i) in acc.traces.neurons.iter().enumerate() {
                let probe = view.probe(pi, i);
                let [xe, xi, xx] = probe.scaled;
                let sum = &mut acc.sums[k];
                sum[0] += probe.state;
                sum[1] += xe;
                sum[2] += xi;
                sum[3] += xx;
            }
            if (s + 1).is_multiple_of(acc.bin_steps) {
                acc.close_bin();
            }
        }
    }

    /// Every sampled neuron as (population, local index).
    pub fn neurons(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.0.iter().flat_map(|a| {
            let pi = a.traces.population;
            a.traces.neurons.iter().map(move |&i| (pi, i))
        })
    }

    pub fn into_traces(self) -> Vec<SampleTraces> {
        self.0.into_iter().map(|a| a.traces).collect()
    }
}

impl SampleAcc {
    /// Appends the means of the bin and starts the next.
    fn close_bin(&mut self) {
        let norm = 1.0 / self.bin_steps as f64;
        for sum in &mut self.sums {
            self.traces.state.push((sum[0] * norm) as f32);
            self.traces.exc.push((sum[1] * norm) as f32);
            self.traces.inh.push((sum[2] * norm) as f32);
            self.traces.ext.push((sum[3] * norm) as f32);
            *sum = [0.0; 4];
        }
    }
}
