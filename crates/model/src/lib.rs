//! The typed, validated model: the only thing the back ends (theory, simulation, export) see.
//!
//! Every value is in SI base units (V, s, Hz, A, S, F, mol/m^3, K). The language front end
//! (`eibal_lang`) builds a `Model` from `.ei` source and checks the invariants documented on
//! each type; code that builds one by hand (tests) should call [`Model::validate`].

pub mod axis;
pub mod builders;
pub mod connection_rule;
pub mod error;
pub mod network;
pub mod observe;
pub mod param_space;
pub mod rng;
pub mod sink;
pub mod time_grid;

mod biophysics;
mod distribution;
mod drive;
mod neuron;
mod origin;
mod plasticity;
mod population;
mod projection;
mod quantity;
mod simulation;

pub use biophysics::{FARADAY, GAS_CONSTANT, Ion, nernst};
pub use distribution::{Distribution, Support};
pub use drive::{Drive, DriveKind};
pub use neuron::{BinaryUnit, CondSynapses, Lif, Neuron, NeuronId, NeuronKind, RateUnit, Transfer};
pub use origin::Origin;
pub use plasticity::SynapticScaling;
pub use population::{Population, PopulationId, Sign};
pub use projection::{Compartment, Connectivity, Projection, ProjectionId};
pub use quantity::{Dimension, Quantity, fmt_number};
pub use simulation::{Recording, Simulation};

pub use axis::Axis;
pub use error::{Error, Result};
pub use observe::Observer;
pub use param_space::ParamSpace;
pub use sink::Sink;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub name: String,
    /// The file the model was read from (for messages and plot titles).
    pub file: String,
    /// Declared `param`s with their values after `--set` overrides.
    pub params: Vec<Param>,
    /// `let` definitions, evaluated (shown by `eibal show` as derived quantities).
    pub definitions: Vec<Definition>,
    pub neurons: Vec<Neuron>,
    pub populations: Vec<Population>,
    pub projections: Vec<Projection>,
    pub drives: Vec<Drive>,
    pub plasticity: Vec<SynapticScaling>,
    pub simulation: Simulation,
    /// At most two axes.
    pub sweeps: Vec<Axis>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    pub name: String,
    pub value: Quantity,
    /// The value written in the file, before any `--set`.
    pub default: Quantity,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    pub name: String,
    pub value: Quantity,
    pub origin: Origin,
}

impl Model {
    pub fn population(&self, id: PopulationId) -> &Population {
        &self.populations[id.0]
    }

    pub fn population_by_name(&self, name: &str) -> Option<PopulationId> {
        self.populations
            .iter()
            .position(|p| p.name == name)
            .map(PopulationId)
    }

    pub fn neuron(&self, id: NeuronId) -> &Neuron {
        &self.neurons[id.0]
    }

    /// The neuron kind of a population.
    pub fn kind_of(&self, id: PopulationId) -> &NeuronKind {
        &self.neuron(self.population(id).neuron).kind
    }

    /// The neuron kind of a population given by reference.
    pub fn kind_of_population(&self, population: &Population) -> &NeuronKind {
        &self.neuron(population.neuron).kind
    }

    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Projections onto `target`, with their ids.
    pub fn projections_onto(
        &self,
        target: PopulationId,
    ) -> impl Iterator<Item = (ProjectionId, &Projection)> {
        self.projections
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.target == target)
            .map(|(i, p)| (ProjectionId(i), p))
    }

    /// Total number of neurons.
    pub fn size(&self) -> usize {
        self.populations.iter().map(|p| p.size).sum()
    }

    /// Mean in-degree of a projection (K_ab).
    pub fn mean_indegree(&self, projection: &Projection) -> f64 {
        let exclude_self = projection.source == projection.target && !projection.autapses;
        projection.connectivity.mean_indegree(
            self.population(projection.source).size,
            self.population(projection.target).size,
            exclude_self,
        )
    }

    /// Checks the invariants documented on the model types. The language front end reports
    /// violations with source positions before a `Model` exists; this is for models built in
    /// code. Returns every violation found, in plain words.
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut errors = Vec::new();
        let npop = self.populations.len();
        for p in &self.populations {
            if p.size == 0 {
                errors.push(format!("population {} has size 0", p.name));
            }
            if p.neuron.0 >= self.neurons.len() {
                errors.push(format!("population {} names a missing neuron", p.name));
            }
        }
        for pr in &self.projections {
            if pr.source.0 >= npop || pr.target.0 >= npop {
                errors.push(format!(
                    "projection at {} names a missing population",
                    pr.origin
                ));
                continue;
            }
            let src = self.population(pr.source);
            match pr.connectivity {
                Connectivity::Probability { p } if !(0.0..=1.0).contains(&p) => {
                    errors.push(format!(
                        "projection at {}: probability {p} is outside [0, 1]",
                        pr.origin
                    ))
                }
                Connectivity::FixedIndegree { indegree } if !pr.multapses => {
                    let available = if pr.source == pr.target && !pr.autapses {
                        src.size.saturating_sub(1)
                    } else {
                        src.size
                    };
                    if indegree > available {
                        errors.push(format!(
                            "projection at {}: in-degree {indegree} exceeds the {available} \
                             available sources without multapses",
                            pr.origin
                        ));
                    }
                }
                Connectivity::FixedTotal { .. } if !pr.multapses => errors.push(format!(
                    "projection at {}: a fixed total number of synapses needs multapses",
                    pr.origin
                )),
                Connectivity::FixedOutdegree { outdegree } if !pr.multapses => {
                    let tgt = self.population(pr.target);
                    let available = if pr.source == pr.target && !pr.autapses {
                        tgt.size.saturating_sub(1)
                    } else {
                        tgt.size
                    };
                    if outdegree > available {
                        errors.push(format!(
                            "projection at {}: out-degree {outdegree} exceeds the {available} \
                             available targets without multapses",
                            pr.origin
                        ));
                    }
                }
                _ => {}
            }
            let conductance = matches!(self.kind_of(pr.target), NeuronKind::LifCond { .. });
            let w = pr.weight.mean();
            let dale_ok = if conductance {
                w >= 0.0 && src.sign != Sign::Mixed
            } else {
                src.sign.allows(w)
            };
            if !dale_ok {
                errors.push(format!(
                    "projection at {}: mean weight {w} violates Dale's law for {}",
                    pr.origin, src.name
                ));
            }
            if pr.delay.mean() <= 0.0 {
                errors.push(format!(
                    "projection at {}: delay must be positive",
                    pr.origin
                ));
            }
        }
        for d in &self.drives {
            if d.target.0 >= npop {
                errors.push(format!("drive at {} names a missing population", d.origin));
            }
        }
        if self.simulation.dt <= 0.0 || self.simulation.duration <= 0.0 {
            errors.push("simulation dt and duration must be positive".into());
        }
        if self.sweeps.len() > 2 {
            errors.push("at most two sweep axes".into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
