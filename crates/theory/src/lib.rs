//! Analytical predictions from a [`eibal_model::Model`]: mean-field rates, irregularity,
//! the balanced limit, stability, spectra, critical couplings and phase diagrams.
//!
//! Grouped by what the code is:
//! - [`neuron`]: single-neuron theory in plain SI numbers (Siegert rate, CV of the ISIs, LIF
//!   transfer function, binary and rate units);
//! - [`numerics`]: special functions, quadrature, parabolic cylinder functions, the
//!   fixed-point solver and the 1-D crossing finder;
//! - [`network`]: the population-level network compiled once from a model
//!   ([`MeanFieldNetwork`]) and what is computed from it: fixed points, the balanced limit,
//!   linear stability with delays, random-matrix spectra, chaos, critical values, branching, ISN;
//! - [`phase_plane`]: phase diagrams over two params (survey, continuation, regions).
//!
//! Entry point: [`solve`]; the stages stay apart as in argmin (problem, solver, executor).

pub mod network;
pub mod neuron;
pub mod numerics;
pub mod phase_plane;

pub use network::balance::{BalanceSystem, BalancedSolution, VvsConditions};
pub use network::input::{Coupling, MeanFieldNetwork};
pub use network::mean_field::{TheoryOptions, solve, solve_network};
pub use network::result::{
    ApproachRow, BalancedLimit, FixedPoint, PopulationResult, Regime, TheoryResult,
};
pub use neuron::cv::{cv_isi, cv_isi_shifted};
pub use neuron::siegert::{
    SiegertPoint, fourcaud_brunel_shift, siegert, siegert_derivatives, siegert_rate,
    siegert_rate_colored,
};
