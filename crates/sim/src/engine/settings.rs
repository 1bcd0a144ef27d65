//! What a run simulates: step, duration, seed and warmup, from the model and the options,
//! checked before anything is built.

use crate::RunOptions;
use eibal_model::Model;
use eibal_model::error::{Error, Result};

/// The time grid and seed of one run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Time step h (s).
    pub h: f64,
    /// Requested duration (s).
    pub duration: f64,
    /// Steps to simulate: round(duration / h).
    pub n_steps: u64,
    pub seed: u64,
    /// Start of the analysed window (s); 0 when the model's warmup is not shorter than the run.
    pub warmup: f64,
    /// round(warmup / h).
    pub warmup_steps: u64,
    /// Plain-words remarks for the result (a shortened warmup).
    pub notes: Vec<String>,
}

impl Settings {
    /// Validates the model and reads the grid; a duration that is not positive, or more steps
    /// than the spike format stores (u32 step stamps), is bad input.
    pub fn new(model: &Model, opt: &RunOptions) -> Result<Settings> {
        model
            .validate()
            .map_err(|e| Error::BadInput(format!("invalid model: {}", e.join("; "))))?;
        let h = model.simulation.dt;
        let duration = opt.duration.unwrap_or(model.simulation.duration);
        if !(duration.is_finite() && duration > 0.0) {
            return Err(Error::BadInput(format!(
                "duration {duration} s must be positive"
            )));
        }
        let n_steps = (duration / h).round() as u64;
        if n_steps >= u32::MAX as u64 {
            return Err(Error::BadInput(format!(
                "{n_steps} steps is more than the 4.29e9 the spike format stores; shorten the run or enlarge dt"
            )));
        }
        let mut notes = Vec::new();
        let mut warmup = model.simulation.warmup.max(0.0);
        if warmup >= duration {
            notes.push(format!(
                "warmup {warmup} s is not shorter than the run ({duration} s): statistics use the whole run"
            ));
            warmup = 0.0;
        }
        Ok(Settings {
            h,
            duration,
            n_steps,
            seed: opt.seed.unwrap_or(model.simulation.seed),
            warmup,
            warmup_steps: (warmup / h).round() as u64,
            notes,
        })
    }
}
