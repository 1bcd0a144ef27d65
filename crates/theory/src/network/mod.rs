//! Network theory: the population-level network compiled once from a model and passed down
//! to every analysis of it.

pub mod balance;
pub mod branching;
pub mod chaos;
pub mod characteristic;
pub mod connectivity_matrix;
pub mod delay_kernel;
pub mod dense_memory;
pub mod input;
pub mod input_correlation;
pub mod isn;
pub mod mean_field;
pub mod population_spectrum;
pub mod problem;
pub mod result;
pub mod rmt;
pub mod root_tracking;
pub mod sampled_weight;
pub mod search;
pub mod second_order;
pub mod spectrum;
pub mod stability;
