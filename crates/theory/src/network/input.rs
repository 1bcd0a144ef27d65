//! Compiling a [`Model`] into population-level mean-field quantities: in-degrees K_ab,
//! efficacies J_ab (first and second moments), external Poisson inputs and constant currents,
//! and the response model of each population.
//!
//! The efficacy `j` of one synapse is its integrated effect, in the unit the population's
//! equations need:
//! - `lif_delta`: the voltage jump J (V);
//! - `lif_exp`: J = w tau_s / C (V), the voltage the PSC's charge w tau_s would move the
//!   membrane (Fourcaud & Brunel 2002);
//! - `lif_cond`: the conductance integral w tau_s (S s), so that K j nu is a mean conductance
//!   (Kuhn, Aertsen & Rotter 2004);
//! - rate and binary units: the coupling W itself (dimensionless).
//!
//! Everything is relative to the resting potential E_L of the target.

use super::sampled_weight::sampled_moments;
use eibal_model::error::{Error, Result};
use eibal_model::{
    Connectivity, Distribution, DriveKind, Model, NeuronKind, PopulationId, Sign, Support, Transfer,
};
use nalgebra::DMatrix;

/// The aggregated input of a target population from one source (all projections summed).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Coupling {
    /// Mean in-degree K_ab.
    pub indegree: f64,
    /// sum K E[j]: mean input per unit source rate (K_ab J_ab).
    pub mean: f64,
    /// sum K E[j^2]: input variance per unit source rate (shot noise).
    pub second_moment: f64,
    /// sum K c E[j]^2 with c = 1 for fixed in-degree and c = p for Bernoulli connections: the
    /// part of the variance of a sum of K independent terms C j S that the mean of S removes
    /// (rate and binary units).
    pub mean_square: f64,
    /// sum K E[j^2] tau_s: for the effective synaptic time constant of the noise.
    pub second_moment_tau: f64,
    /// Reversal potential relative to rest (conductance synapses; 0 otherwise).
    pub reversal: f64,
}

impl Coupling {
    /// Mean efficacy J_ab of one synapse (0 without synapses).
    pub fn efficacy(&self) -> f64 {
        if self.indegree > 0.0 {
            self.mean / self.indegree
        } else {
            0.0
        }
    }

    fn add(&mut self, other: &Coupling) {
        self.indegree += other.indegree;
        self.mean += other.mean;
        self.second_moment += other.second_moment;
        self.mean_square += other.mean_square;
        self.second_moment_tau += other.second_moment_tau;
        self.reversal = other.reversal;
    }

    /// K -> F K and j -> j / sqrt(F): the mean grows like sqrt(F), the variance stays (and so
    /// does `mean_square`, exactly for fixed in-degrees).
    fn scale_indegree(&mut self, f: f64) {
        self.indegree *= f;
        self.mean *= f.sqrt();
    }
}

/// A Poisson input from outside the network: a coupling and its source rate (Hz).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExternalPoisson {
    pub coupling: Coupling,
    pub rate: f64,
}

/// LIF membrane parameters relative to rest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Membrane {
    pub tau_m: f64,
    pub c_m: f64,
    /// theta - E_L (V).
    pub theta: f64,
    /// V_reset - E_L (V).
    pub v_reset: f64,
    pub t_ref: f64,
}

/// How a population turns its input into activity.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    LifDelta(Membrane),
    LifExp(Membrane),
    /// Conductance synapses; reversal potentials live in the couplings.
    LifCond(Membrane),
    /// Rate unit: activity phi(x); `noise` as in `model::RateUnit`.
    Rate {
        transfer: Transfer,
        noise: f64,
    },
    /// Binary unit with threshold theta.
    Binary {
        theta: f64,
    },
}

impl Response {
    pub fn membrane(&self) -> Option<&Membrane> {
        match self {
            Response::LifDelta(m) | Response::LifExp(m) | Response::LifCond(m) => Some(m),
            _ => None,
        }
    }

    pub fn is_spiking(&self) -> bool {
        self.membrane().is_some()
    }
}

/// One population's compiled description.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationTerms {
    pub name: String,
    pub sign: Sign,
    pub response: Response,
    /// External Poisson inputs.
    pub external: Vec<ExternalPoisson>,
    /// Constant input current (A; dimensionless for rate and binary units), summed.
    pub current: f64,
}

/// The compiled network: what the mean-field equations of every kind need.
#[derive(Debug, Clone, PartialEq)]
pub struct MeanFieldNetwork {
    pub populations: Vec<PopulationTerms>,
    /// `couplings[a][b]`: input of target a from source b.
    pub couplings: Vec<Vec<Coupling>>,
    /// The in-degree scale factor applied (`--scale-k`), 1 by default.
    pub scale_k: f64,
    /// Things the stationary theory leaves out, in plain words (time-dependent stimuli).
    pub notes: Vec<String>,
    /// The model this network was compiled from (its kinds, delays and names are read by the
    /// analyses that take the network: stability, chaos, root tracking).
    pub model: Model,
}

impl MeanFieldNetwork {
    /// Compiles `model`, multiplying all in-degrees (recurrent and external) by `scale_k`
    /// and dividing all efficacies by sqrt(scale_k); constant currents are multiplied by
    /// sqrt(scale_k) like the mean external drive (van Vreeswijk & Sompolinsky 1998 scaling).
    pub fn compile(model: &Model, scale_k: f64) -> Result<MeanFieldNetwork> {
        if !(scale_k.is_finite() && scale_k > 0.0) {
            return Err(Error::BadInput(format!(
                "--scale-k must be a positive number, got {scale_k}"
            )));
        }
        let n = model.populations.len();
        if n == 0 {
            return Err(Error::BadInput("the model has no populations".into()));
        }
        // Before the n x n couplings below: refuse what would not fit in memory.
        super::dense_memory::check(n)?;
        let mut notes = Vec::new();
        let mut populations = Vec::with_capacity(n);
        for (a, p) in model.populations.iter().enumerate() {
            let response = response_of(model, PopulationId(a))?;
            populations.push(PopulationTerms {
                name: p.name.clone(),
                sign: p.sign,
                response,
                external: Vec::new(),
                current: 0.0,
            });
        }
        let spiking = populations
            .iter()
            .filter(|p| p.response.is_spiking())
            .count();
        if spiking != 0 && spiking != n {
            return Err(Error::BadInput(
                "theory: a model mixing LIF populations with rate or binary units has no common \
                 activity variable (Hz vs dimensionless); split it into separate models"
                    .into(),
            ));
        }
        let mut couplings = vec![vec![Coupling::default(); n]; n];
        for pr in &model.projections {
            let (a, b) = (pr.target.0, pr.source.0);
            let k = model.mean_indegree(pr);
            // c: the mean number of synapses per (source, target) pair where it is not 1 per
            // drawn source: p for Bernoulli, K / N_source for a fixed total or out-degree
            // (counts per pair close to Poisson with that mean).
            let c = match pr.connectivity {
                Connectivity::FixedIndegree { .. } => 1.0,
                Connectivity::Probability { p } => p,
                Connectivity::FixedTotal { .. } | Connectivity::FixedOutdegree { .. } => {
                    (k / model.population(pr.source).size as f64).min(1.0)
                }
            };
            let source_sign = model.population(pr.source).sign;
            let coupling = coupling_of(
                &populations[a],
                model.kind_of(pr.target),
                &pr.weight,
                Support::of_weights(model, pr),
                k,
                c,
                source_sign,
            )?;
            couplings[a][b].add(&coupling);
        }
        for d in &model.drives {
            let a = d.target.0;
            match &d.kind {
                DriveKind::Poisson {
                    rate,
                    indegree,
                    weight,
                } => {
                    if !populations[a].response.is_spiking() {
                        return Err(Error::BadInput(format!(
                            "theory: Poisson drive at {} onto rate or binary units has no \
                             mean-field meaning here; use a constant current",
                            d.origin
                        )));
                    }
                    let sign = if *weight >= 0.0 {
                        Sign::Excitatory
                    } else {
                        Sign::Inhibitory
                    };
                    let coupling = coupling_of(
                        &populations[a],
                        model.kind_of(d.target),
                        &Distribution::fixed(*weight),
                        Support::Any,
                        *indegree as f64,
                        1.0,
                        sign,
                    )?;
                    populations[a].external.push(ExternalPoisson {
                        coupling,
                        rate: *rate,
                    });
                }
                DriveKind::Current {
                    amplitude,
                    start,
                    stop,
                } => {
                    if *start <= 0.0 && stop.is_none() {
                        populations[a].current += amplitude;
                    } else {
                        notes.push(format!(
                            "the current step at {} is time-dependent and left out of the \
                             stationary theory",
                            d.origin
                        ));
                    }
                }
                DriveKind::Pulses { .. } => notes.push(format!(
                    "the pulses at {} are time-dependent and left out of the stationary theory",
                    d.origin
                )),
            }
        }
        if !model.plasticity.is_empty() {
            notes.push(
                "synaptic scaling is not modelled: the theory uses the initial weights".into(),
            );
        }
        let mut network = MeanFieldNetwork {
            populations,
            couplings,
            scale_k: 1.0,
            notes,
            model: model.clone(),
        };
        if scale_k != 1.0 {
            network.scale_indegrees(scale_k);
        }
        Ok(network)
    }

    /// Multiplies every in-degree by `f` and divides every efficacy by sqrt(f) (constant
    /// currents grow by sqrt(f)), composing with earlier scalings.
    pub fn scale_indegrees(&mut self, f: f64) {
        for row in &mut self.couplings {
            for c in row {
                c.scale_indegree(f);
            }
        }
        for p in &mut self.populations {
            for e in &mut p.external {
                e.coupling.scale_indegree(f);
            }
            p.current *= f.sqrt();
        }
        self.scale_k *= f;
    }

    pub fn len(&self) -> usize {
        self.populations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.populations.is_empty()
    }

    /// K_ab (target a, source b).
    pub fn indegree_matrix(&self) -> DMatrix<f64> {
        let n = self.len();
        DMatrix::from_fn(n, n, |a, b| self.couplings[a][b].indegree)
    }

    /// J_ab, the mean efficacy of one synapse (unit: see the module doc).
    pub fn efficacy_matrix(&self) -> DMatrix<f64> {
        let n = self.len();
        DMatrix::from_fn(n, n, |a, b| self.couplings[a][b].efficacy())
    }

    /// sum_b K_ab E[J_ab^2] per unit rate.
    pub fn second_moment_matrix(&self) -> DMatrix<f64> {
        let n = self.len();
        DMatrix::from_fn(n, n, |a, b| self.couplings[a][b].second_moment)
    }
}

/// Which synaptic time constant / reversal potential a source of this sign uses.
fn coupling_of(
    target: &PopulationTerms,
    kind: &NeuronKind,
    weight: &Distribution,
    support: Support,
    k: f64,
    c: f64,
    source_sign: Sign,
) -> Result<Coupling> {
    let excitatory = match source_sign {
        Sign::Excitatory => true,
        Sign::Inhibitory => false,
        Sign::Mixed => weight.mean() >= 0.0,
    };
    let (factor, tau, reversal) = match kind {
        NeuronKind::LifDelta { .. } | NeuronKind::Rate(_) | NeuronKind::Binary(_) => {
            (1.0, 0.0, 0.0)
        }
        NeuronKind::LifExp {
            lif,
            tau_syn_ex,
            tau_syn_in,
        } => {
            let tau = if excitatory { *tau_syn_ex } else { *tau_syn_in };
            (tau / lif.c_m, tau, 0.0)
        }
        NeuronKind::LifCond { lif, syn } => {
            if source_sign == Sign::Mixed {
                return Err(Error::BadInput(format!(
                    "theory: population {} has conductance synapses, which need sources of \
                     one sign",
                    target.name
                )));
            }
            if excitatory {
                (syn.tau_syn_ex, syn.tau_syn_ex, syn.e_ex - lif.e_l)
            } else {
                (syn.tau_syn_in, syn.tau_syn_in, syn.e_in - lif.e_l)
            }
        }
    };
    // The moments of the law actually sampled (truncated by Dale's law), see `sampled_weight`.
    let sampled = sampled_moments(weight, support);
    let mean = sampled.mean * factor;
    let second = sampled.second_moment() * factor * factor;
    Ok(Coupling {
        indegree: k,
        mean: k * mean,
        second_moment: k * second,
        mean_square: k * c * mean * mean,
        second_moment_tau: k * second * tau,
        reversal,
    })
}

fn response_of(model: &Model, id: PopulationId) -> Result<Response> {
    let name = &model.population(id).name;
    let membrane = |lif: &eibal_model::Lif| -> Result<Membrane> {
        let m = Membrane {
            tau_m: lif.tau_m,
            c_m: lif.c_m,
            theta: lif.v_th - lif.e_l,
            v_reset: lif.v_reset - lif.e_l,
            t_ref: lif.t_ref,
        };
        let ok = m.tau_m > 0.0 && m.c_m > 0.0 && m.t_ref >= 0.0 && m.theta > m.v_reset;
        if ok {
            Ok(m)
        } else {
            Err(Error::BadInput(format!(
                "theory: population {name} needs tau_m > 0, C > 0, t_ref >= 0 and a threshold \
                 above the reset"
            )))
        }
    };
    Ok(match &model.kind_of(id) {
        NeuronKind::LifDelta { lif } => Response::LifDelta(membrane(lif)?),
        NeuronKind::LifExp {
            lif,
            tau_syn_ex,
            tau_syn_in,
        } => {
            if !(*tau_syn_ex > 0.0 && *tau_syn_in > 0.0) {
                return Err(Error::BadInput(format!(
                    "theory: population {name} needs positive synaptic time constants"
                )));
            }
            Response::LifExp(membrane(lif)?)
        }
        NeuronKind::LifCond { lif, syn } => {
            if !(syn.tau_syn_ex > 0.0 && syn.tau_syn_in > 0.0) {
                return Err(Error::BadInput(format!(
                    "theory: population {name} needs positive synaptic time constants"
                )));
            }
            Response::LifCond(membrane(lif)?)
        }
        NeuronKind::Rate(r) => Response::Rate {
            transfer: r.transfer,
            noise: r.noise,
        },
        NeuronKind::Binary(b) => Response::Binary { theta: b.theta },
    })
}
