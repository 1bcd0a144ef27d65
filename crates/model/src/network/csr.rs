//! Rows by source as the per-source rules produce them (`connection_rule`: fixed
//! out-degree): targets sorted within each row, per-synapse delays and weights alongside.
//! [`Csr::into_synapses`] sorts every row stably by delay into the runs of
//! [`Synapses`](super::Synapses), so that each run stays sorted by target.

use super::fill::{RowScratch, too_many};
use super::synapses::{Run, Synapses, TargetIndex, Targets};
use crate::error::Result;

/// Connections of one projection, by source neuron.
#[derive(Debug, Clone)]
pub struct Csr {
    /// Row `j` is `targets[offsets[j]..offsets[j + 1]]`, sorted.
    pub offsets: Vec<u64>,
    pub targets: Vec<u32>,
    /// Per-synapse weights (only when the weight law is not `Fixed`).
    pub weights: Option<Vec<f32>>,
    /// Per-synapse delays in steps (only when the delay law is not `Fixed`).
    pub delays: Option<Vec<u16>>,
}

impl Csr {
    /// The runs of every row (delays per synapse, or `fixed_delay` for all), with targets
    /// narrowed for target populations of at most 65,536 neurons.
    pub fn into_synapses(
        self,
        n_target: usize,
        fixed_delay: Option<u16>,
        weight: f64,
        what: &str,
    ) -> Result<Synapses> {
        let Csr {
            offsets,
            mut targets,
            mut weights,
            delays,
        } = self;
        let n_source = offsets.len().saturating_sub(1);
        let mut indegree = vec![0u64; n_target];
        for &t in &targets {
            // Targets beyond the population are refused later (`eibal_sim`'s check).
            if let Some(c) = indegree.get_mut(t as usize) {
                *c += 1;
            }
        }
        let max_indegree = indegree.into_iter().max().unwrap_or(0);
        let mut run_first = vec![0u64; n_source + 1];
        let mut runs = Vec::new();
        let mut scratch = RowScratch::default();
        for j in 0..n_source {
            let row = offsets[j] as usize..offsets[j + 1] as usize;
            match &delays {
                Some(d) => {
                    let w = weights.as_deref_mut().map(|w| &mut w[row.clone()]);
                    scratch.sort(&mut targets[row.clone()], w, &d[row.clone()], &mut runs)?;
                }
                None if !row.is_empty() => runs.push(Run {
                    len: u32::try_from(row.len()).map_err(|_| too_many(what))?,
                    delay: fixed_delay.unwrap_or(1),
                }),
                None => {}
            }
            run_first[j + 1] = runs.len() as u64;
        }
        let targets = if n_target <= u16::MAX as usize + 1 {
            Targets::Narrow(
                targets
                    .iter()
                    .map(|&t| u16::from_index(t as usize))
                    .collect(),
            )
        } else {
            Targets::Wide(targets)
        };
        Ok(Synapses {
            first: offsets,
            run_first,
            runs,
            targets,
            weights,
            weight,
            max_indegree,
        })
    }
}
