//! Presentation: tables, JSON and plots.

pub mod compare;
pub mod simulation;
pub mod theory;
