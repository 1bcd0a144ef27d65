//! Analytical predictions from a [`crate::model::Model`]: mean-field rates, irregularity,
//! the balanced limit, stability, spectra and critical couplings.

pub mod characteristic;
pub mod connectivity_matrix;
pub mod parabolic_cylinder;
pub mod rmt;
pub mod spectrum;
pub mod transfer;
