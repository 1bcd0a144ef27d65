//! Analytical predictions from a [`crate::model::Model`]: mean-field rates, irregularity,
//! the balanced limit, stability, spectra and critical couplings.
