//! Random streams derived from (seed, purpose, index), so that every neuron and every
//! target's connectivity draw from their own stream.
//!
//! Independent streams make results independent of the order in which neurons are visited
//! and hence of how work is split: the same seed gives bit-identical spikes for any number of
//! threads. Neurons draw their external input and update times from one stream per block of
//! [`BLOCK`] consecutive neurons (in neuron order within the block): a per-neuron stream would
//! cost 32 bytes of generator state per neuron, which at 12,500 neurons evicts the ring
//! buffers from the cache every step. Stream keys are mixed with SplitMix64 (Steele, Lea & Flood 2014) and seed a
//! xoshiro256++ generator (Blackman & Vigna 2021).

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Neurons per random stream of the step loop (the unit of any parallel split).
pub const BLOCK: usize = 64;

/// Number of blocks covering `n` neurons.
pub fn blocks(n: usize) -> usize {
    n.div_ceil(BLOCK)
}

/// The generator used everywhere in the simulation.
pub type SimRng = Xoshiro256PlusPlus;

/// What a stream is used for; part of the stream key so that streams never collide.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Purpose {
    /// Sources of one target neuron in one projection.
    Sources = 1,
    /// Weights and delays of one target neuron's synapses in one projection.
    SynapseValues = 2,
    /// External drive, noise and update times of one block of neurons.
    Neuron = 3,
    /// Initial conditions of one neuron.
    Initial = 4,
}

/// SplitMix64 finaliser: a bijective 64-bit mixer.
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stream for (seed, purpose, a, b), e.g. (seed, Sources, projection, target neuron).
pub fn stream(seed: u64, purpose: Purpose, a: u64, b: u64) -> SimRng {
    let key = splitmix64(seed ^ splitmix64(purpose as u64 ^ splitmix64(a ^ splitmix64(b))));
    SimRng::seed_from_u64(key)
}

/// A uniform double in [0, 1) from the top 53 bits of a 64-bit draw.
#[inline]
pub fn unit_f64(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform index in `0..n` (n >= 1), the same value and the same use of the stream as
/// rand 0.10's `rng.random_range(0..n)`: for n up to 2^32, the high half of the 32-bit
/// product of one 32-bit draw (the top half of a u64) and n (Lemire 2019, ACM TOMACS 29:3),
/// with a second draw in the rare biased zone ("canon" correction of rand's
/// `UniformInt::<u32>::sample_single_inclusive`). Inlined here because the generic call was
/// not (15 % of the microcircuit's network build); larger n call rand.
#[inline(always)]
pub fn below(rng: &mut SimRng, n: usize) -> usize {
    use rand::{Rng, RngExt};
    if n == 0 || n > u32::MAX as usize {
        return rng.random_range(0..n.max(1));
    }
    let range = n as u32;
    let m = (rng.next_u32() as u64) * range as u64;
    let (mut result, lo) = ((m >> 32) as u32, m as u32);
    if lo > range.wrapping_neg() {
        let hi = ((rng.next_u32() as u64 * range as u64) >> 32) as u32;
        result += lo.checked_add(hi).is_none() as u32;
    }
    result as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, RngExt};

    #[test]
    fn below_is_rands_random_range() {
        // Same values and the same stream position as rand's random_range(0..n), for n of
        // every size class (1, small, the populations' sizes, near 2^31 and 2^32 where the
        // biased zone is large).
        for n in [
            1usize,
            2,
            3,
            7,
            1000,
            12_500,
            20_683,
            65_536,
            1 << 31,
            (1 << 31) + 1,
        ] {
            for n in [n, (u32::MAX as usize + 1 - n).max(1)] {
                let mut a = stream(3, Purpose::Sources, 0, n as u64);
                let mut b = a.clone();
                for _ in 0..20_000 {
                    assert_eq!(below(&mut a, n), b.random_range(0..n), "n = {n}");
                }
                assert_eq!(a.next_u64(), b.next_u64());
            }
        }
    }

    #[test]
    fn streams_differ_by_key_and_repeat_by_key() {
        let mut a = stream(1, Purpose::Neuron, 0, 5);
        let mut b = stream(1, Purpose::Neuron, 0, 5);
        let mut c = stream(1, Purpose::Neuron, 0, 6);
        let (x, y, z) = (a.next_u64(), b.next_u64(), c.next_u64());
        assert_eq!(x, y);
        assert_ne!(x, z);
        assert!((0.0..1.0).contains(&unit_f64(u64::MAX)));
    }
}
