//! The step of an integrate-and-fire block as two passes over chunks of neurons: first the
//! membrane and synaptic update without branches (vector lanes, `lanes`), then the threshold
//! (`threshold`), while the chunk is still in L1 cache.

use super::lanes::Pass;
use crate::engine::history::Arrivals;
use std::ops::Range;

/// Neurons per chunk: the state of a chunk (a few kB) stays in L1 cache between the passes.
const CHUNK: usize = 256;

/// A block whose step splits into the two passes.
pub trait TwoPasses {
    /// The update of the neurons `range` without the threshold; `exc`, `inh` and `ext` hold
    /// the range's input of the step.
    fn integrate(
        &mut self,
        range: Range<usize>,
        exc: impl Arrivals,
        inh: impl Arrivals,
        ext: &[f64],
        drive: f64,
    );
    /// The threshold of the neurons `range`: emitters are appended to `spikes`.
    fn fire(&mut self, range: Range<usize>, spikes: &mut Vec<u32>);
}

/// One step of `block` (after its Poisson draw `external`), chunk by chunk.
pub struct Chunked<'a, B, E, I> {
    pub block: &'a mut B,
    pub exc: E,
    pub inh: I,
    pub external: &'a [f64],
    /// The constant-current term of the step.
    pub drive: f64,
    pub spikes: &'a mut Vec<u32>,
}

impl<B: TwoPasses, E: Arrivals, I: Arrivals> Pass for Chunked<'_, B, E, I> {
    type Output = ();

    #[inline(always)]
    fn run(self) {
        let n = self.external.len();
        for lo in (0..n).step_by(CHUNK) {
            let hi = (lo + CHUNK).min(n);
            let (exc, inh, ext) = (
                self.exc.part(lo..hi),
                self.inh.part(lo..hi),
                &self.external[lo..hi],
            );
            self.block.integrate(lo..hi, exc, inh, ext, self.drive);
            self.block.fire(lo..hi, self.spikes);
        }
    }
}
