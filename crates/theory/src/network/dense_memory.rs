//! A guard before the population-level theory allocates its dense matrices.
//!
//! Mean-field theory and linear stability work on n x n matrices over the n populations: the
//! couplings (`input::Coupling`, 48 bytes a pair) and, while solving and linearising, a few
//! real and complex copies (Jacobian, its LU factors, the characteristic matrix and its
//! determinant's workspace). The estimate n^2 x BYTES_PER_PAIR is compared with the memory the
//! kernel reports as available (`MemAvailable` in /proc/meminfo) *before* anything is
//! allocated; above it the theory refuses with the estimate and what to do, instead of being
//! stopped by the kernel.

use eibal_model::error::{Error, Result};

/// Bytes per (target, source) pair: one coupling (48) and eight complex f64 copies (8 x 16).
pub const BYTES_PER_PAIR: u64 = 48 + 8 * 16;

/// Assumed available memory where /proc/meminfo cannot be read (non-Linux systems).
const FALLBACK_AVAILABLE: u64 = 4 << 30;

/// The estimated peak of the dense theory matrices for `n` populations, in bytes.
pub fn estimate(n: usize) -> u64 {
    (n as u64)
        .saturating_mul(n as u64)
        .saturating_mul(BYTES_PER_PAIR)
}

/// `MemAvailable` of /proc/meminfo in bytes (None where it cannot be read).
pub fn available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// Refuses (bad input, exit 2) a model whose dense theory for `n` populations would not fit in
/// the available memory.
pub fn check(n: usize) -> Result<()> {
    let need = estimate(n);
    let (have, source) = match available() {
        Some(b) => (b, "available (MemAvailable)"),
        None => (FALLBACK_AVAILABLE, "assumed available (no /proc/meminfo)"),
    };
    if need <= have {
        return Ok(());
    }
    let gib = |b: u64| b as f64 / (1u64 << 30) as f64;
    Err(Error::BadInput(format!(
        "theory: {n} populations need dense {n} x {n} matrices of about {:.1} GiB \
         ({n}^2 x {BYTES_PER_PAIR} bytes), more than the {:.1} GiB {source}; the population \
         theory is meant for a few to a few hundred populations: merge identical populations \
         into one (a population may hold many neurons), or run `simulate`, whose memory grows \
         with the number of synapses instead",
        gib(need),
        gib(have)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_grows_as_n_squared_and_small_models_pass() {
        assert_eq!(estimate(2), 4 * BYTES_PER_PAIR);
        assert_eq!(estimate(1000), 1_000_000 * BYTES_PER_PAIR);
        assert!(check(10).is_ok());
        // u64::MAX bytes cannot be available.
        assert!(check(usize::MAX).is_err());
    }
}
