//! The recording of every step, on the calling thread, from the logs of the threads
//! (`log`): gathering the emissions in neuron order, advancing synaptic scaling, recording,
//! checking health, reporting progress and asking the observer whether to stop.
//!
//! This work falls on one thread only, so it is done while that thread would otherwise wait
//! at a barrier for the others (`team::Barrier::wait_working`), a step at a time: the logs
//! are kept in two buffers (even and odd intervals), so an interval can be recorded while the
//! next one is updated and delivered. An interval must be recorded before its buffer is
//! written again, two intervals later; with synaptic scaling, before the next update, which
//! reads the factors the recording advances. Recording an interval late changes no spike: the
//! run only learns of a stop (a health failure, a cancellation, a write error) an interval
//! later, and simulates that interval in vain.

use super::deliver::Emitted;
use super::health::Health;
use super::log::Log;
use super::record::Recorders;
use super::settings::Settings;
use super::{End, REPORT_EVERY, Shared, read, step, view};
use crate::RunOptions;
use crate::result::Outcome;
use eibal_model::Observer;
use eibal_model::error::{Error, Result};
use std::collections::VecDeque;
use std::sync::RwLockReadGuard;

/// The recorder of the calling thread, with the intervals whose logs are complete but not
/// yet recorded.
pub(super) struct Serial<'a> {
    rec: &'a mut Recorders,
    h: f64,
    observer: &'a dyn Observer,
    health: Health,
    pub end: End,
    reported: u64,
    /// What the populations emitted in the step being recorded.
    emitted: Emitted,
    /// The next step to record, and the starts of the intervals queued (at most two).
    next: u64,
    queued: VecDeque<u64>,
    /// The run stops: a step said so (`end`), or recording failed.
    stopping: bool,
    error: Option<Error>,
}

impl<'a> Serial<'a> {
    pub fn new(
        sh: &Shared,
        rec: &'a mut Recorders,
        settings: &Settings,
        opt: &RunOptions,
        observer: &'a dyn Observer,
    ) -> Serial<'a> {
        Serial {
            rec,
            h: settings.h,
            observer,
            health: Health::new(&sh.net.pops, settings.h, opt.health_checks),
            end: End {
                steps_done: 0,
                outcome: Outcome::Completed,
                failure: None,
            },
            reported: 0,
            emitted: Emitted::new(sh.net.pops.len()),
            next: 0,
            queued: VecDeque::new(),
            stopping: false,
            error: None,
        }
    }

    /// The interval starting at `s0` has been updated by every thread: its logs can be read.
    pub fn queue(&mut self, s0: u64) {
        self.queued.push_back(s0);
    }

    /// Whether the run must stop.
    pub fn stopping(&self) -> bool {
        self.stopping
    }

    /// The error that stopped the run, if one did.
    pub fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }

    /// Records one queued step; false when none is queued or the run stops.
    pub fn record_one(&mut self, sh: &Shared) -> bool {
        let Some(&s0) = self.queued.front() else {
            return false;
        };
        if self.stopping {
            return false;
        }
        let s = self.next.max(s0);
        let guards: Vec<RwLockReadGuard<Log>> = sh
            .logs
            .iter()
            .map(|pair| read(&pair[sh.buffer(s0)]))
            .collect();
        let logs: Vec<&Log> = guards.iter().map(|g| &**g).collect();
        match self.step(sh, &logs, s0, s) {
            Ok(stop) => self.stopping = stop,
            Err(e) => {
                self.stopping = true;
                self.error = Some(e);
            }
        }
        self.next = s + 1;
        if self.next >= (s0 + sh.interval).min(sh.n_steps) {
            self.queued.pop_front();
        }
        true
    }

    /// Records every queued step of the intervals that start before `until`.
    pub fn record_before(&mut self, sh: &Shared, until: u64) {
        while self.queued.front().is_some_and(|&s0| s0 < until) && self.record_one(sh) {}
    }

    /// Gathers, scales, records and checks step `s` (of the interval starting at `s0`); true
    /// when the run stops here.
    fn step(&mut self, sh: &Shared, logs: &[&Log], s0: u64, s: u64) -> Result<bool> {
        let k = (s - s0) as usize;
        self.emitted.gather_step(logs, &sh.shard_pops, k);
        let pops = &sh.net.pops;
        let spikes: u64 = pops
            .iter()
            .zip(&self.emitted.emitters)
            .filter(|(p, _)| p.spiking)
            .map(|(_, e)| e.len() as u64)
            .sum();
        let view = view::View {
            pops,
            logs,
            emitted: &self.emitted,
            k,
        };
        self.rec.emitted(&view, s)?;
        if !pops.iter().all(|p| p.scaling.is_none()) {
            let mut scalings = sh.scalings.write().unwrap_or_else(|e| e.into_inner());
            step::scale(pops, &mut scalings, &self.emitted.emitters, self.h);
        }
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
