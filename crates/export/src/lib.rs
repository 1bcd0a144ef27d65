//! Export of a model to established simulators, for scale-out (NEST runs on MPI clusters) and
//! for cross-checking eibal's own simulator against one it did not write.
//!
//! Each target is a code generator from [`Model`] to a self-contained Python script that
//! builds the same network, runs it and prints the statistics JSON of `eibal simulate --json`
//! (`{"populations": [{"name", "rate_hz", "cv"}], ...}`) computed with the same conventions
//! (see [`python::STATISTICS`]). Features a target cannot express are refused with the
//! feature and its line in the `.ei` file; nothing is dropped silently.

pub mod brian2;
pub mod nest;
mod python;
pub mod synapse_split;

use eibal_model::error::{Error, Result};
use eibal_model::{Compartment, Model, Origin};
use std::fmt;
use std::str::FromStr;

/// A simulator eibal exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Nest,
    Brian2,
}

impl FromStr for Target {
    type Err = Error;
    fn from_str(s: &str) -> Result<Target> {
        match s.to_ascii_lowercase().as_str() {
            "nest" | "pynest" => Ok(Target::Nest),
            "brian2" | "brian" => Ok(Target::Brian2),
            other => Err(Error::BadInput(format!(
                "unknown export target `{other}`: choose `nest` or `brian2`"
            ))),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Target::Nest => "NEST",
            Target::Brian2 => "Brian2",
        })
    }
}

/// Generates the script for `target`, or refuses with every feature it cannot express.
pub fn export(model: &Model, target: Target) -> Result<String> {
    match target {
        Target::Nest => nest::generate(model),
        Target::Brian2 => brian2::generate(model),
    }
}

/// Features of a model that a target cannot express, collected so that one run names all.
#[derive(Debug, Default)]
pub(crate) struct Unsupported {
    items: Vec<String>,
}

impl Unsupported {
    pub(crate) fn add(&mut self, origin: &Origin, target: Target, feature: impl fmt::Display) {
        self.items.push(format!(
            "{origin}: {target} export cannot express {feature}"
        ));
    }

    /// What no exporter expresses yet: synapses onto the dendrite (the exported neurons are
    /// point neurons) and multiplicative synaptic scaling (neither NEST nor Brian2 has it
    /// built in).
    pub(crate) fn point_neuron_limits(&mut self, model: &Model, target: Target) {
        for p in &model.projections {
            if p.compartment == Compartment::Dendrite {
                self.add(
                    &p.origin,
                    target,
                    "a synapse onto the dendrite (the exported neurons are point neurons)",
                );
            }
        }
        for rule in &model.plasticity {
            self.add(
                &rule.origin,
                target,
                "multiplicative synaptic scaling (no built-in homeostatic scaling rule)",
            );
        }
    }

    /// `Ok` if nothing was refused; otherwise one bad-input error listing every refusal.
    pub(crate) fn finish(self) -> Result<()> {
        if self.items.is_empty() {
            Ok(())
        } else {
            Err(Error::BadInput(format!(
                "{}\nnothing was written: remove or change these features, or simulate with \
                 `eibal simulate`",
                self.items.join("\n")
            )))
        }
    }
}
