//! Presentation: tables, JSON and plots.

pub mod compare;
pub mod phase_check;
pub mod plot;
pub mod simulation;
pub mod sweep;
pub mod theory;
