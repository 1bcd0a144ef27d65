//! Wider vector lanes where the processor has them.
//!
//! The release build targets baseline x86-64 (SSE2, two f64 lanes) so that one binary runs
//! everywhere. The neuron updates are loops without branches; compiled for AVX2 they run in
//! four lanes. The results are bit-identical either way: Rust never fuses a multiply and an
//! add (no FMA contraction), and IEEE 754 fixes the result of every lane operation, so the
//! vector width changes only the speed.

/// Runs `update` compiled for AVX2 when the processor has it, for the baseline otherwise.
/// `update` must be inlined into this function to profit, so keep it a closure over an
/// `#[inline(always)]` loop.
#[inline(always)]
pub fn widest<R>(update: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { avx2(update) };
        }
    }
    update()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn avx2<R>(update: impl FnOnce() -> R) -> R {
    update()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    /// The operations of the neuron updates (sub, mul, add, select, u16 and f32 to f64) over
    /// random operands spanning many binades, subnormals and signed zeros.
    #[inline(always)]
    fn update(v: &mut [f64], a: &[f64], counts: &[u16], sums: &[f32], r: &[u32]) {
        for i in 0..v.len() {
            let free = -0.065 + (v[i] + 0.065) * 0.995 + a[i] * (counts[i] as f64 * 8.78e-11);
            v[i] = if r[i] == 0 {
                free + sums[i] as f64
            } else {
                v[i]
            };
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
        widest(|| update(&mut wide, &a, &counts, &sums, &r));
        update(&mut base, &a, &counts, &sums, &r);
        let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&wide), bits(&base));
    }
}
