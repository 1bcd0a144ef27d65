//! The engine, in parts:
//!
//! - [`settings`]: the time grid, seed and warmup of the run, checked first;
//! - [`build`]: populations (neuron blocks, drives, random streams), synaptic scaling, wiring
//!   from the one realiser (`eibal_model::network`) and the ring buffers;
//! - [`step`]: one step of every population (neuron updates), and [`deliver`]: spike delivery
//!   into the rings, in a fixed order ([`wiring`] holds the projections as delivery reads them);
//! - [`record`]: files through the sink, spikes and counts in memory, sampled traces;
//! - [`health`]: explosion and silence checks.
//!
//! This module puts them in order: build, then per step update, record, deliver, check, report
//! progress to the observer and ask it whether to stop; then the result.
//!
//! Only [`step`] and [`deliver`] run per neuron or synapse. Their state is split by population
//! (neuron blocks, each with one random stream per block of `rng::BLOCK` neurons) and by
//! target range (ring rows), and their order of floating-point operations is fixed (see
//! `deliver`), so that a parallel engine can run neuron blocks and target ranges on threads
//! and give the same bits for every thread count.

pub mod build;
pub mod deliver;
pub mod health;
pub mod record;
pub mod settings;
pub mod step;
pub mod wiring;

use super::RunOptions;
use super::result::{Outcome, SimResult};
use build::Network;
use eibal_model::error::{Error, Result};
use eibal_model::{Model, Observer};
use health::Health;
use record::Recorders;
use settings::Settings;
use std::time::Instant;

/// Steps between two progress reports to the observer (cancellation is asked every step).
const REPORT_EVERY: u64 = 64;

/// Builds and simulates `model` (see [`crate::run`]).
pub fn run(model: &Model, opt: &RunOptions, observer: &dyn Observer) -> Result<SimResult> {
    let settings = Settings::new(model, opt)?;
    let build_start = Instant::now();
    let mut net = build::build(model, &settings)?;
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

/// The step loop.
fn simulate(
    net: &mut Network,
    rec: &mut Recorders,
    settings: &Settings,
    opt: &RunOptions,
    observer: &dyn Observer,
) -> Result<End> {
    let h = settings.h;
    let mut st = step::StepState::new(net);
    let mut health = Health::new(&net.pops, h, opt.health_checks);
    let mut end = End {
        steps_done: 0,
        outcome: Outcome::Completed,
        failure: None,
    };
    let mut reported = 0u64;
    for s in 0..settings.n_steps {
        let spikes = step::update(net, &mut st, s);
        rec.emitted(net, &st, s)?;
        step::scale(net, &st, h);
        rec.states(net, &st, s)?;
        deliver::deliver_step(net, &st, s);
        end.steps_done = s + 1;
        end.failure = health.check(spikes, s);
        if end.failure.is_some() {
            break;
        }
        if end.steps_done - reported >= REPORT_EVERY {
            observer.advance(end.steps_done - reported);
            reported = end.steps_done;
        }
        if observer.cancelled() {
            end.outcome = Outcome::Interrupted {
                at: end.steps_done as f64 * h,
            };
            break;
        }
    }
    observer.advance(end.steps_done - reported);
    Ok(end)
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
