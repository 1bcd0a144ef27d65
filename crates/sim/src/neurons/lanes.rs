//! Wider vector lanes where the processor has them.
//!
//! The release build targets baseline x86-64 (SSE2, two f64 lanes) so that one binary runs
//! everywhere. The neuron updates are loops without branches; compiled for AVX2 they run in
//! four lanes. The results are bit-identical either way: Rust never fuses a multiply and an
//! add (no FMA contraction), and IEEE 754 fixes the result of every lane operation, so the
//! vector width changes only the speed.

/// A loop to be compiled once per width: `run` must be `#[inline(always)]`, so that it is
/// compiled inside each of the functions of `widest` (a closure called from both would be
/// compiled once, for the baseline).
pub trait Pass {
    type Output;
    fn run(self) -> Self::Output;
}

/// Runs `pass` compiled for AVX2 when the processor has it, for the baseline otherwise.
#[inline(always)]
pub fn widest<P: Pass>(pass: P) -> P::Output {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { avx2(pass) };
        }
    }
    pass.run()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn avx2<P: Pass>(pass: P) -> P::Output {
    pass.run()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// The operations of the neuron updates (sub, mul, add, select, u16 and f32 to f64) over
    /// random operands spanning many binades, subnormals and signed zeros.
    struct Update<'a> {
        v: &'a mut [f64],
        a: &'a [f64],
        counts: &'a [u16],
        sums: &'a [f32],
        r: &'a [u32],
    }

    impl Pass for Update<'_> {
        type Output = ();
        #[inline(always)]
        fn run(self) {
            for i in 0..self.v.len() {
                let (v, a) = (self.v[i], self.a[i]);
                let free = -0.065 + (v + 0.065) * 0.995 + a * (self.counts[i] as f64 * 8.78e-11);
                self.v[i] = if self.r[i] == 0 {
                    free + self.sums[i] as f64
                } else {
                    v
                };
            }
        }
    }

    #[test]
    fn the_widest_lanes_give_the_bits_of_the_baseline() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let n = 1001;
        let mut wild = || {
            let m = f64::from_bits(rng.next_u64() >> 12 | 0x3ff0_0000_0000_0000) - 1.5;
            m * 2f64.powi((rng.next_u32() % 2100) as i32 - 1070)
        };
        let a: Vec<f64> = (0..n).map(|_| wild()).collect();
        let v0: Vec<f64> = (0..n).map(|_| wild()).collect();
        let sums: Vec<f32> = (0..n).map(|_| wild() as f32).collect();
        let counts: Vec<u16> = (0..n).map(|i| (i * 7919 % 65_536) as u16).collect();
        let r: Vec<u32> = (0..n).map(|i| (i % 5 == 0) as u32).collect();
        let (mut wide, mut base) = (v0.clone(), v0);
        let (a, counts, sums, r) = (&a[..], &counts[..], &sums[..], &r[..]);
        widest(Update {
            v: &mut wide,
            a,
            counts,
            sums,
            r,
        });
        Update {
            v: &mut base,
            a,
            counts,
            sums,
            r,
        }
        .run();
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&wide), bits(&base));
    }
}
