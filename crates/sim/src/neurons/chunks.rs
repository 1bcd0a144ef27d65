//! The step of an integrate-and-fire block as two passes over chunks of neurons: first the
//! membrane and synaptic update without branches (vector lanes, `lanes`), then the threshold
//! (`threshold`), while the chunk is still in L1 cache.

use super::StepIo;
use super::lanes::{self, Pass};
use super::threshold::Threshold;
use crate::engine::history::Arrivals;
use crate::input::draw_external;
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
    /// What the threshold pass reads and resets: the threshold, V and the refractory
    /// counters of every neuron.
    fn spiking(&mut self) -> (&Threshold, &mut [f64], &mut [u32]);
}

/// One step of `block`: the Poisson draw of every neuron into `io.external`, then the two
/// passes chunk by chunk, compiled for the widest lanes. `drive` is the constant-current
/// term of the step.
#[inline(always)]
pub fn step<B: TwoPasses>(
    block: &mut B,
    exc: impl Arrivals,
    inh: impl Arrivals,
    io: &mut StepIo,
    drive: f64,
) {
    let n = block.spiking().1.len();
    draw_external(io.poisson, io.rngs, &mut io.external[..n]);
    lanes::widest(Chunked {
        block,
        exc,
        inh,
        external: &io.external[..n],
        drive,
        spikes: io.spikes,
    });
}

/// One step of `block` (after its Poisson draw `external`), chunk by chunk.
struct Chunked<'a, B, E, I> {
    block: &'a mut B,
    exc: E,
    inh: I,
    external: &'a [f64],
    drive: f64,
    spikes: &'a mut Vec<u32>,
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
            let (threshold, v, refractory) = self.block.spiking();
            threshold.fire(lo, &mut v[lo..hi], &mut refractory[lo..hi], self.spikes);
        }
    }
}
