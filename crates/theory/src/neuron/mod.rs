//! Single-neuron theory: the response of one neuron to Gaussian white-noise input, in plain
//! SI numbers (no model, no network).

pub mod binary;
pub mod colored_lif;
pub mod cv;
pub mod lif;
pub mod rate_units;
pub mod siegert;
pub mod spike_spectrum;
pub mod transfer;
