//! The engine, in parts:
//!
//! - [`settings`]: the time grid, seed and warmup of the run, checked first, and the
//!   [`budget`]: the memory the run will need, refused above what is available;
//! - [`build`]: populations (drives, place), synaptic scaling, wiring from the one realiser
//!   (`eibal_model::network`), and per thread its [`partition`] of the neurons (neuron
//!   shards with their random streams, and the ring buffers of [`history`]);
//! - [`step`]: one step of a thread's neurons, and [`deliver`]: spike delivery into a
//!   thread's rings, in a fixed order ([`wiring`] holds the projections as delivery reads
//!   them);
//! - [`record`]: files through the sink, spikes and counts in memory, sampled traces, read
//!   through a [`view`] of all threads' state;
//! - [`health`]: explosion and silence checks; [`team`]: the threads and their barrier;
//!   `serial`: the recording on the calling thread, done while it waits at the barriers.
//!
//! The run proceeds in exchange intervals of `D` steps, `D` the smallest delay (`log`,
//! NEST's scheme): (1) every thread updates its neurons over the interval, logging their
//! emissions and probed values, without meeting the others; barrier; (2) every thread
//! delivers the whole interval, step by step, into its own rings; barrier. The calling
//! thread records the interval from the logs step by step (gathers the emissions in neuron
//! order, advances synaptic scaling, records, checks health, reports progress and asks the
//! observer whether to stop) while it waits at the barriers of this interval and the next
//! (`serial`). Every neuron draws from the same random stream and
//! every target receives its inputs in the same order whatever the thread count and interval,
//! so the spikes are bit-identical for any number of threads, and to a run that exchanges
//! every step.

pub mod budget;
pub mod build;
pub mod deliver;
pub mod health;
pub mod history;
pub mod log;
pub mod partition;
pub mod prefetch;
pub mod record;
mod serial;
pub mod settings;
pub mod step;
pub mod team;
pub mod view;
pub mod wiring;

use super::RunOptions;
use super::result::{Outcome, SimResult};
use crate::plasticity::ScalingState;
use build::{Network, Part};
use deliver::Emitted;
use eibal_model::error::{Error, Result};
use eibal_model::{Model, Observer};
use log::Log;
use record::Recorders;
use serial::Serial;
use settings::Settings;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard};
use std::time::Instant;
use team::{Barrier, PoisonOnPanic};

/// Steps between two progress reports to the observer (cancellation is asked every step).
const REPORT_EVERY: u64 = 64;

/// Builds and simulates `model` (see [`crate::run`]).
pub fn run(model: &Model, opt: &RunOptions, observer: &dyn Observer) -> Result<SimResult> {
    let settings = Settings::new(model, opt)?;
    let estimate = budget::estimate(model, &settings, opt);
    if let Some(warning) = budget::files_warning(&estimate) {
        observer.warn(&warning);
    }
    budget::check(&estimate, opt.max_memory)?;
    let threads = team::resolve(opt.threads);
    let build_start = Instant::now();
    let mut net = build::build_on(model, &settings, threads)?;
    let grid = (settings.h, settings.n_steps, settings.warmup_steps);
    let mut rec = Recorders::new(model, &net, opt, opt.sink.as_deref(), grid)?;
    let build_seconds = build_start.elapsed().as_secs_f64();
    let run_start = Instant::now();
    observer.start(&format!("simulating {}", model.name), settings.n_steps);
    let end = simulate(&mut net, &mut rec, &settings, opt, observer);
    observer.finish();
    let end = end?;
    rec.files.flush()?;
    if let Some(why) = end.failure {
        return Err(Error::Runtime(format!("{why}{}", kept(&rec.files.paths))));
    }
    let timing = (build_seconds, run_start.elapsed().as_secs_f64());
    Ok(result(model, settings, net, rec, end, timing))
}

/// How the step loop ended.
struct End {
    steps_done: u64,
    outcome: Outcome,
    /// Why the health checks stopped the run.
    failure: Option<String>,
}

/// What the threads of a run share: the network's read-only parts, the parts each thread
/// owns (locked by their owner), the logs of the interval (written by their owner in the
/// update phase, read by everyone after it) and the scaling states (written by the calling
/// thread while it records).
struct Shared<'a> {
    net: &'a Network,
    parts: Vec<Mutex<Part>>,
    /// Per thread, the logs of even and odd intervals (`buffer`).
    logs: Vec<[RwLock<Log>; 2]>,
    /// The population of every shard of every part.
    shard_pops: Vec<Vec<usize>>,
    scalings: RwLock<Vec<ScalingState>>,
    barrier: Barrier,
    stop: AtomicBool,
    n_steps: u64,
    /// Steps per exchange interval (`interval`).
    interval: u64,
}

impl Shared<'_> {
    /// The log buffer of the interval starting at step `s0`.
    fn buffer(&self, s0: u64) -> usize {
        ((s0 / self.interval) % 2) as usize
    }

    /// The start of the first interval the calling thread need not have recorded before the
    /// delivery of the interval `s0..s1` ends: the one before, whose log buffer the next
    /// update writes; with synaptic scaling, this one, whose factors the next update reads.
    fn must_record_before(&self, s0: u64, s1: u64) -> u64 {
        if self.net.pops.iter().any(|p| p.scaling.is_some()) {
            s1
        } else {
            s0
        }
    }
}

/// A lock that a panicking thread left behind still holds consistent data here (the run
/// stops through the barrier's poison), so it is taken as it is.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn read<T>(m: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    m.read().unwrap_or_else(|e| e.into_inner())
}

/// Longest exchange interval (steps): bounds the logs of networks without synapses.
const MAX_INTERVAL: u64 = 32;

/// Rate-unit amplitudes the logs of all threads may hold per interval (8 bytes each; twice
/// that in all, as the logs have two buffers, `serial`).
const MAX_LOGGED_AMPLITUDES: u64 = 1 << 21;

/// The steps per exchange interval: the smallest delay of the network (in steps, so that no
/// spike of an interval arrives within it; `log`), 1 with synaptic scaling (its factors change
/// with every step's spikes and every neuron reads them), at most [`MAX_INTERVAL`], and short
/// enough that the logged amplitudes of rate units stay bounded; at most `limit`.
fn interval(net: &Network, limit: Option<u64>) -> u64 {
    if !net.scalings.is_empty() {
        return 1;
    }
    let min_delay = net
        .wiring
        .iter()
        .map(|w| match w.by_target {
            Some(_) => w.delay,
            None => w
                .synapses
                .runs
                .iter()
                .map(|r| r.delay)
                .min()
                .unwrap_or(u16::MAX),
        })
        .min()
        .unwrap_or(u16::MAX) as u64;
    let rate_units: u64 = net
        .pops
        .iter()
        .filter(|p| p.emits != build::Emits::Spikes)
        .map(|p| p.size as u64)
        .sum();
    let by_memory = MAX_LOGGED_AMPLITUDES / rate_units.max(1);
    min_delay
        .min(MAX_INTERVAL)
        .min(by_memory)
        .min(limit.unwrap_or(u64::MAX))
        .max(1)
}

/// The step loop on `net.parts.len()` threads.
fn simulate(
    net: &mut Network,
    rec: &mut Recorders,
    settings: &Settings,
    opt: &RunOptions,
    observer: &dyn Observer,
) -> Result<End> {
    let interval = interval(net, opt.max_exchange_interval);
    let parts = std::mem::take(&mut net.parts);
    let scalings = std::mem::take(&mut net.scalings);
    let threads = parts.len();
    let probed = rec.probed(&net.pops);
    let sh = Shared {
        net: &*net,
        logs: parts
            .iter()
            .map(|p| [0, 1].map(|_| RwLock::new(Log::new(p, &net.pops, &probed))))
            .collect(),
        shard_pops: parts
            .iter()
            .map(|p| p.shards.iter().map(|s| s.population).collect())
            .collect(),
        parts: parts.into_iter().map(Mutex::new).collect(),
        scalings: RwLock::new(scalings),
        barrier: Barrier::new(threads),
        stop: AtomicBool::new(false),
        n_steps: settings.n_steps,
        interval,
    };
    let end = std::thread::scope(|scope| {
        for t in 1..threads {
            let sh = &sh;
            scope.spawn(move || worker(sh, t, None));
        }
        let mut serial = Serial::new(&sh, rec, settings, opt, observer);
        worker(&sh, 0, Some(&mut serial))?;
        serial.record_before(&sh, u64::MAX);
        match serial.take_error() {
            Some(e) => Err(e),
            None => Ok::<End, Error>(serial.end),
        }
    });
    let Shared {
        parts, scalings, ..
    } = sh;
    net.parts = parts
        .into_iter()
        .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect();
    net.scalings = scalings.into_inner().unwrap_or_else(|e| e.into_inner());
    end
}

/// The loop of thread `t`, one exchange interval at a time: update its neurons over the
/// interval, logging (`log`); barrier; delivery of the whole interval into its rings;
/// barrier. The calling thread (`serial`) records the intervals while it waits.
fn worker(sh: &Shared, t: usize, mut serial: Option<&mut Serial>) -> Result<()> {
    let _poison = PoisonOnPanic(&sh.barrier);
    let pops = &sh.net.pops;
    let mut emitted = Emitted::new(pops.len());
    let plan = deliver::Plan::new(sh.net, &lock(&sh.parts[t]).range);
    let mut s0 = 0;
    while s0 < sh.n_steps {
        let s1 = (s0 + sh.interval).min(sh.n_steps);
        let buffer = sh.buffer(s0);
        {
            let mut part = lock(&sh.parts[t]);
            let mut log = sh.logs[t][buffer]
                .write()
                .unwrap_or_else(|e| e.into_inner());
            let scalings = read(&sh.scalings);
            log.clear();
            for s in s0..s1 {
                step::update(&mut part, pops, &scalings, s, |part, k| {
                    log.push(part, k, pops, &scalings, s)
                });
                // Read by the neurons and the probes: the rows of step s are free again
                // (every delay is at least the interval, so no delivery of this interval
                // writes them; `log`).
                part.rings.iter_mut().for_each(|r| r.clear(s));
            }
        }
        let mut record = || serial.as_deref_mut().is_some_and(|r| r.record_one(sh));
        if !sh.barrier.wait_working(&mut record) {
            break;
        }
        {
            let guards: Vec<RwLockReadGuard<Log>> =
                sh.logs.iter().map(|pair| read(&pair[buffer])).collect();
            let logs: Vec<&Log> = guards.iter().map(|g| &**g).collect();
            let mut part = lock(&sh.parts[t]);
            for s in s0..s1 {
                emitted.gather_step(&logs, &sh.shard_pops, (s - s0) as usize);
                deliver::deliver_step(sh.net, &plan, &mut part, &emitted, s);
            }
        }
        if let Some(r) = serial.as_deref_mut() {
            r.queue(s0);
            r.record_before(sh, sh.must_record_before(s0, s1));
            if r.stopping() {
                sh.stop.store(true, Ordering::Release);
            }
        }
        let mut record = || serial.as_deref_mut().is_some_and(|r| r.record_one(sh));
        if !sh.barrier.wait_working(&mut record) || sh.stop.load(Ordering::Acquire) {
            return Ok(());
        }
        s0 = s1;
    }
    Ok(())
}

/// Where the files recorded before a failure are, for its message.
fn kept(paths: &[std::path::PathBuf]) -> String {
    match paths.first() {
        None => String::new(),
        Some(p) => format!(
            " (what was recorded until then is in {})",
            p.parent()
                .map_or(String::new(), |d| d.display().to_string())
        ),
    }
}

/// The result of a run that ended normally (completed or interrupted).
fn result(
    model: &Model,
    settings: Settings,
    net: Network,
    rec: Recorders,
    end: End,
    (build_seconds, run_seconds): (f64, f64),
) -> SimResult {
    let t_end = end.steps_done as f64 * settings.h;
    let mut notes = settings.notes;
    notes.extend(rec.notes);
    if let Outcome::Interrupted { at } = end.outcome {
        notes.push(format!(
            "interrupted at t = {at:.4} s; statistics cover the time simulated until then"
        ));
    }
    let scaling = net
        .scalings
        .iter()
        .map(|s| {
            (
                model.populations[s.population].name.clone(),
                s.mean_factor(),
            )
        })
        .collect();
    let memory = rec.memory;
    SimResult {
        model: model.name.clone(),
        dt: settings.h,
        seed: settings.seed,
        duration: settings.duration,
        t_end,
        warmup: if settings.warmup < t_end {
            settings.warmup
        } else {
            0.0
        },
        outcome: end.outcome,
        populations: net.infos,
        spike_steps: memory.spike_steps,
        spike_neurons: memory.spike_neurons,
        coverage: memory.coverage,
        counts_after_warmup: memory.counts_after_warmup,
        population_counts: memory.population_counts,
        samples: rec.samples.into_traces(),
        scaling,
        synapses: net.synapses,
        build_seconds,
        run_seconds,
        files: rec.files.paths,
        notes,
    }
}
