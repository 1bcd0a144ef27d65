//! Recording during the run: files through the sink (`files`), spikes and counts in memory
//! (`memory`) and binned traces of sampled neurons (`samples`). Everything is recorded from
//! the state after a step's update and the input that arrived in the step, before delivery
//! clears the ring rows of the step.

pub mod files;
pub mod memory;
pub mod samples;

use super::build::Network;
use super::view::View;
use crate::RunOptions;
use eibal_model::error::Result;
use eibal_model::{Model, Sink};

/// Every recorder of a run.
pub struct Recorders {
    pub files: files::Files,
    pub memory: memory::Memory,
    pub samples: samples::Samples,
    /// Remarks made while recording (the spike memory budget).
    pub notes: Vec<String>,
    h: f64,
}

impl Recorders {
    /// Opens the files of `model` in `sink` and sets up the in-memory recordings.
    pub fn new(
        model: &Model,
        net: &Network,
        opt: &RunOptions,
        sink: Option<&dyn Sink>,
        (h, n_steps, warmup_steps): (f64, u64, u64),
    ) -> Result<Recorders> {
        Ok(Recorders {
            files: files::Files::open(model, net, h, sink)?,
            memory: memory::Memory::new(&net.pops, net.total, n_steps, warmup_steps, opt),
            samples: samples::Samples::new(net, opt, h),
            notes: Vec::new(),
            h,
        })
    }

    /// The global ids of every neuron whose state or input is recorded (sorted): the threads
    /// probe them after each step (`engine::log`).
    pub fn probed(&self, pops: &[super::build::Pop]) -> Vec<usize> {
        let mut ids: Vec<usize> = self
            .samples
            .neurons()
            .chain(self.files.traced())
            .map(|(pi, i)| pops[pi].first + i)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Records what every population emitted in step `s`: counts, kept spikes (within the
    /// memory budget) and the spike file.
    pub fn emitted(&mut self, view: &View, s: u64) -> Result<()> {
        for (pi, pop) in view.pops.iter().enumerate() {
            let emitters = &view.emitted.emitters[pi];
            self.memory.population_step(pi, pop, emitters, s);
            if pop.spiking {
                self.files.spikes(pop, emitters, s)?;
            }
        }
        if let Some(note) = self.memory.enforce_budget(view.pops) {
            self.notes.push(note);
        }
        Ok(())
    }

    /// Records the states and inputs of step `s`: sampled traces, voltage, current and rate
    /// files.
    pub fn states(&mut self, view: &View, s: u64) -> Result<()> {
        self.samples.step(view, s);
        self.files.traces(view, s, self.h)?;
        self.files
            .rates(view.pops, &self.memory.population_counts, s, self.h)
    }
}
