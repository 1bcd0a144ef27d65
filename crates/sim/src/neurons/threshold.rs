//! The threshold of integrate-and-fire neurons, as a pass of its own after the
//! (branch-free, vectorised) membrane update: V >= theta emits a spike, resets V and starts
//! the refractory period.

/// The reset of one kind of LIF neuron.
#[derive(Debug, Clone, Copy)]
pub struct Threshold {
    pub v_th: f64,
    pub v_reset: f64,
    /// Refractory period in steps.
    pub ref_steps: u32,
}

/// Neurons tested at once: a group without a crossing (nearly all of them) costs one vector
/// comparison.
const GROUP: usize = 8;

impl Threshold {
    /// Applies the threshold to the neurons `v` (local ids `first..`), in order: each neuron
    /// with V >= theta is reset, made refractory and appended to `spikes`.
    #[inline(always)]
    pub fn fire(&self, first: usize, v: &mut [f64], refractory: &mut [u32], spikes: &mut Vec<u32>) {
        let th = self.v_th;
        let groups = v.chunks_mut(GROUP).zip(refractory.chunks_mut(GROUP));
        for (g, (vs, rs)) in groups.enumerate() {
            // `|` rather than `any`: no early exit, so the test compiles to vector lanes.
            if !vs.iter().fold(false, |crossed, &x| crossed | (x >= th)) {
                continue;
            }
            for (j, (v, r)) in vs.iter_mut().zip(rs.iter_mut()).enumerate() {
                if *v >= th {
                    *v = self.v_reset;
                    *r = self.ref_steps;
                    spikes.push((first + g * GROUP + j) as u32);
                }
            }
        }
    }
}
