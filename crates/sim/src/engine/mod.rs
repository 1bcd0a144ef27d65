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
//! - [`health`]: explosion and silence checks; [`team`]: the threads and their barrier.
//!
//! A step has three phases separated by barriers: (1) every thread updates its neurons;
//! (2) the calling thread alone gathers the emissions in neuron order, advances synaptic
//! scaling, records, checks health, reports progress and asks the observer whether to stop;
//! (3) every thread delivers all emissions into its own rings. Every neuron draws from the
//! same random stream and every target receives its inputs in the same order whatever the
//! thread count, so the spikes are bit-identical for any number of threads.

pub mod budget;
pub mod build;
pub mod deliver;
pub mod health;
pub mod history;
pub mod partition;
pub mod record;
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
use health::Health;
use record::Recorders;
use settings::Settings;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};
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
/// owns (locked by their owner in phases 1 and 3, by the calling thread in phase 2), the
/// emissions of the step and the scaling states (written in phase 2 only).
struct Shared<'a> {
    net: &'a Network,
    parts: Vec<Mutex<Part>>,
    emitted: RwLock<Emitted>,
    scalings: RwLock<Vec<ScalingState>>,
    barrier: Barrier,
    stop: AtomicBool,
    n_steps: u64,
}

/// A lock that a panicking thread left behind still holds consistent data here (the run
/// stops through the barrier's poison), so it is taken as it is.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The step loop on `net.parts.len()` threads.
fn simulate(
    net: &mut Network,
    rec: &mut Recorders,
    settings: &Settings,
    opt: &RunOptions,
    observer: &dyn Observer,
) -> Result<End> {
    let parts = std::mem::take(&mut net.parts);
    let scalings = std::mem::take(&mut net.scalings);
    let threads = parts.len();
    let sh = Shared {
        net: &*net,
        parts: parts.into_iter().map(Mutex::new).collect(),
        emitted: RwLock::new(Emitted::new(net.pops.len())),
        scalings: RwLock::new(scalings),
        barrier: Barrier::new(threads),
        stop: AtomicBool::new(false),
        n_steps: settings.n_steps,
    };
    let end = std::thread::scope(|scope| {
        for t in 1..threads {
            let sh = &sh;
            scope.spawn(move || worker(sh, t, &mut |_| Ok(false)));
        }
        let mut serial = Serial::new(sh.net, rec, settings, opt, observer);
        worker(&sh, 0, &mut |s| serial.phase(&sh, s))?;
        Ok::<End, Error>(serial.end)
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

/// The loop of thread `t`: update, barrier, `serial` (the calling thread's phase 2; true
/// stops the run), barrier, delivery.
fn worker(sh: &Shared, t: usize, serial: &mut dyn FnMut(u64) -> Result<bool>) -> Result<()> {
    let _poison = PoisonOnPanic(&sh.barrier);
    for s in 0..sh.n_steps {
        {
            let mut part = lock(&sh.parts[t]);
            let scalings = sh.scalings.read().unwrap_or_else(|e| e.into_inner());
            step::update(&mut part, &sh.net.pops, &scalings, s);
        }
        if !sh.barrier.wait() {
            break;
        }
        let outcome = serial(s);
        if !matches!(outcome, Ok(false)) {
            sh.stop.store(true, Ordering::Release);
        }
        if !sh.barrier.wait() || sh.stop.load(Ordering::Acquire) {
            return outcome.map(|_| ());
        }
        let mut part = lock(&sh.parts[t]);
        let emitted = sh.emitted.read().unwrap_or_else(|e| e.into_inner());
        deliver::deliver_step(sh.net, &mut part, &emitted, s);
    }
    Ok(())
}

/// Phase 2 of every step, on the calling thread.
struct Serial<'a> {
    rec: &'a mut Recorders,
    h: f64,
    observer: &'a dyn Observer,
    health: Health,
    end: End,
    reported: u64,
}

impl<'a> Serial<'a> {
    fn new(
        net: &Network,
        rec: &'a mut Recorders,
        settings: &Settings,
        opt: &RunOptions,
        observer: &'a dyn Observer,
    ) -> Serial<'a> {
        Serial {
            rec,
            h: settings.h,
            observer,
            health: Health::new(&net.pops, settings.h, opt.health_checks),
            end: End {
                steps_done: 0,
                outcome: Outcome::Completed,
                failure: None,
            },
            reported: 0,
        }
    }

    /// Gathers, scales, records and checks step `s`; true when the run stops here.
    fn phase(&mut self, sh: &Shared, s: u64) -> Result<bool> {
        let parts: Vec<MutexGuard<Part>> = sh.parts.iter().map(lock).collect();
        let mut emitted = sh.emitted.write().unwrap_or_else(|e| e.into_inner());
        emitted.gather(parts.iter().map(|p| &**p));
        let mut scalings = sh.scalings.write().unwrap_or_else(|e| e.into_inner());
        let pops = &sh.net.pops;
        let spikes: u64 = pops
            .iter()
            .zip(&emitted.emitters)
            .filter(|(p, _)| p.spiking)
            .map(|(_, e)| e.len() as u64)
            .sum();
        let mut view = view::View {
            pops,
            total: sh.net.total,
            parts: parts.iter().map(|p| &**p).collect(),
            emitted: &emitted,
            scalings: &[],
        };
        self.rec.emitted(&view, s)?;
        step::scale(pops, &mut scalings, &emitted.emitters, self.h);
        view.scalings = &scalings;
        self.rec.states(&view, s)?;
        let end = &mut self.end;
        end.steps_done = s + 1;
        end.failure = self.health.check(spikes, s);
        if end.failure.is_some() {
            self.observer.advance(end.steps_done - self.reported);
            return Ok(true);
        }
        if end.steps_done - self.reported >= REPORT_EVERY || end.steps_done == sh.n_steps {
            self.observer.advance(end.steps_done - self.reported);
            self.reported = end.steps_done;
        }
        if self.observer.cancelled() {
            end.outcome = Outcome::Interrupted {
                at: end.steps_done as f64 * self.h,
            };
            self.observer.advance(end.steps_done - self.reported);
            return Ok(true);
        }
        Ok(false)
    }
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
