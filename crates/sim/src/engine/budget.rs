//! The memory guard: before anything is built, an estimate of the memory a run needs (the
//! network, the ring buffers, the neurons and what is kept in memory for the statistics) and
//! of the size of its recording files. A run whose estimate exceeds the memory available
//! (`MemAvailable` of /proc/meminfo, or `RunOptions::max_memory`) is refused as bad input
//! with the estimate and what to change, instead of growing until the kernel stops it;
//! recordings above a few GB on disk get a warning through the observer.
//!
//! Synapses by rule: the expected count is the mean in-degree times the target size
//! (`Connectivity::mean_indegree`), each stored as a u32 target plus an f32 weight and a u16
//! delay when their laws are not fixed, plus one u64 offset per source neuron and projection
//! (`eibal_model::network::Csr`); while the largest projection is built, its drawn synapses
//! are also held once more, 4 to 14 bytes each (`held_per_synapse`). Rings: channels x (largest delay + 1) rows x neurons x 4
//! bytes (f32 sums; rings that count spikes take 2, `build::cells`, which is only known once
//! the in-degrees are drawn, so the estimate keeps the larger). Spike files: 8 bytes per spike, at an assumed 20 Hz per recorded neuron (a balanced
//! network fires at a few to a few tens of Hz; the message says it is an assumption).

use super::settings::Settings;
use crate::RunOptions;
use eibal_model::error::{Error, Result};
use eibal_model::{Distribution, Model, Recording};

/// Recording files above this size get a warning before the run (bytes).
pub const WARN_FILES: f64 = 2e9;
/// The rate assumed for the size of spike files (Hz).
const ASSUMED_RATE: f64 = 20.0;
/// Bytes of state per neuron besides its rings: the neuron block (up to five f64), the
/// external input and scaled-input buffers, counts after warmup, random streams.
const PER_NEURON: f64 = 80.0;

/// What a run needs, in bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Estimate {
    pub synapses: f64,
    pub network: f64,
    /// Held only while the largest projection is built: each drawn synapse filed by source
    /// before its row is written (`eibal_model::network::block`).
    pub build: f64,
    pub rings: f64,
    pub neurons: f64,
    /// Per-step population counts, sampled traces and kept spikes.
    pub recordings: f64,
    /// Recording files on disk.
    pub files: f64,
}

impl Estimate {
    pub fn memory(&self) -> f64 {
        self.network + self.build + self.rings + self.neurons + self.recordings
    }
}

/// The estimate for `model` run with `settings` and `opt`.
pub fn estimate(model: &Model, settings: &Settings, opt: &RunOptions) -> Estimate {
    let mut e = Estimate::default();
    let mut max_delay = 1.0f64;
    for pr in &model.projections {
        let (n_source, n_target) = (
            model.population(pr.source).size as f64,
            model.population(pr.target).size as f64,
        );
        let exclude_self = pr.source == pr.target && !pr.autapses;
        let k = pr
            .connectivity
            .mean_indegree(n_source as usize, n_target as usize, exclude_self);
        let count = k * n_target;
        let per_synapse = 4.0
            + if pr.weight.is_fixed() { 0.0 } else { 4.0 }
            + if pr.delay.is_fixed() { 0.0 } else { 2.0 };
        e.synapses += count;
        e.network += count * per_synapse + 8.0 * (n_source + 1.0);
        e.build = e.build.max(count * held_per_synapse(pr, n_target));
        max_delay = max_delay.max(largest_delay(&pr.delay) / settings.h);
    }
    let total: f64 = model.populations.iter().map(|p| p.size as f64).sum();
    let channels = if model.plasticity.is_empty() {
        2.0
    } else {
        4.0
    };
    e.rings = channels * (max_delay.round() + 1.0) * total * 4.0;
    e.neurons = PER_NEURON * total;
    let steps = settings.n_steps as f64;
    let pops = model.populations.len() as f64;
    let sampled: f64 = model
        .populations
        .iter()
        .map(|p| p.size.min(opt.stat_sample) as f64)
        .sum();
    let bins = settings.duration / opt.trace_bin.max(settings.h);
    let spikes = (total * ASSUMED_RATE * settings.duration).min(opt.max_spikes_in_memory as f64);
    e.recordings = 4.0 * pops * steps + 16.0 * sampled * bins + 8.0 * spikes;
    e.files = files(model, settings, total);
    e
}

/// Bytes the build holds per drawn synapse of a projection until its rows are written
/// (`eibal_model::network`'s held draws): a 2-byte source within its bucket and a target
/// (2 bytes up to 65,536 target neurons, else 4) in 4 or 8 bytes, plus 2 for a delay and 4
/// for a weight when their laws are not fixed.
fn held_per_synapse(pr: &eibal_model::Projection, n_target: f64) -> f64 {
    let entry = if n_target <= 65_536.0 { 4.0 } else { 8.0 };
    entry
        + if pr.weight.is_fixed() { 0.0 } else { 4.0 }
        + if pr.delay.is_fixed() { 0.0 } else { 2.0 }
}

/// The largest delay a law gives in practice (s): the value, the top of a uniform law, six
/// standard deviations above the mean otherwise.
fn largest_delay(d: &Distribution) -> f64 {
    match *d {
        Distribution::Fixed { value } => value,
        Distribution::Uniform { high, .. } => high,
        _ => d.mean() + 6.0 * d.variance().sqrt(),
    }
}

/// Bytes of the recording files: spikes (8 per spike), voltages (about 14 characters per
/// value and step), currents (three values per neuron and step), rates (per bin).
fn files(model: &Model, settings: &Settings, total: f64) -> f64 {
    let steps = settings.n_steps as f64;
    let size = |p: Option<eibal_model::PopulationId>| {
        p.map_or(total, |id| model.population(id).size as f64)
    };
    model
        .simulation
        .record
        .iter()
        .map(|r| match r {
            Recording::Spikes { population, sample } => {
                let n = sample.map_or(size(*population), |k| (k as f64).min(size(*population)));
                8.0 * n * ASSUMED_RATE * settings.duration
            }
            Recording::Voltage { population, sample } => {
                14.0 * steps * (*sample as f64).min(size(Some(*population)))
            }
            Recording::Currents { population, sample } => {
                42.0 * steps * (*sample as f64).min(size(Some(*population)))
            }
            Recording::Rates { bin } => {
                14.0 * model.populations.len() as f64 * settings.duration / bin.max(settings.h)
            }
        })
        .sum()
}

/// The memory available to a new process (bytes): `MemAvailable` of /proc/meminfo, or None
/// where it cannot be read.
pub fn available() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024.0)
}

/// Bytes as a short number with a unit (e.g. "3.2 GB").
pub fn human(bytes: f64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut v = bytes;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < units.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{v:.0} {}", units[0])
    } else {
        format!("{v:.3} {}", units[u])
    }
}

/// Refuses a run whose estimate exceeds `limit` (the given `--max-memory`, else the memory
/// available).
pub fn check(e: &Estimate, limit: Option<f64>) -> Result<()> {
    let (limit, what) = match limit {
        Some(l) => (l, "the limit set by --max-memory"),
        None => match available() {
            Some(a) => (a, "the memory available on this machine (MemAvailable)"),
            None => (f64::INFINITY, ""),
        },
    };
    if e.memory() > limit {
        return Err(Error::BadInput(format!(
            "this run needs about {} of memory ({:.3e} synapses: {} for the network and {} \
             more while its largest projection is built, {} for the delay rings, {} for the \
             neurons, {} for in-memory recordings), more than {} \
             ({}). Use fewer neurons or a smaller in-degree, a shorter run (fewer steps), \
             fewer recorded neurons, or export the model to NEST (`eibal export --to nest`) \
             to run it on a cluster",
            human(e.memory()),
            e.synapses,
            human(e.network),
            human(e.build),
            human(e.rings),
            human(e.neurons),
            human(e.recordings),
            human(limit),
            what
        )));
    }
    Ok(())
}

/// The warning about recording files above `WARN_FILES`, if any.
pub fn files_warning(e: &Estimate) -> Option<String> {
    (e.files > WARN_FILES).then(|| {
        format!(
            "the recordings will take about {} on disk (spikes counted at an assumed {} Hz); \
             record fewer neurons (sample = ...) or a shorter run to reduce it",
            human(e.files),
            ASSUMED_RATE
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brunel_a_estimate_counts_its_synapses() {
        // 12,500 neurons with C_E + C_I = 1250 inputs each: 15.625 M synapses of 4 bytes
        // (fixed weight and delay) plus two projections' offsets per source population.
        let m = eibal_model::builders::brunel2000(5.0, 2.0, 1.0);
        let settings = Settings::new(&m, &RunOptions::default()).unwrap();
        let e = estimate(&m, &settings, &RunOptions::default());
        assert!((e.synapses - 15.625e6).abs() < 1.0, "{}", e.synapses);
        assert!(e.network > 4.0 * 15.625e6 && e.network < 4.0 * 15.625e6 + 1e6);
        // Its largest projection, E -> E (10,000 targets with C_E = 1000: 10 M synapses in
        // 4-byte entries), is held once more while it is built.
        assert!(
            (e.build - 4.0 * 10_000.0 * 1000.0).abs() < 1.0,
            "{}",
            e.build
        );
        assert!(check(&e, Some(1e9)).is_ok());
        assert!(files_warning(&e).is_none());
        let refused = check(&e, Some(1e6)).unwrap_err().to_string();
        assert!(
            refused.contains("--max-memory") && refused.contains("MB"),
            "{refused}"
        );
    }
}
