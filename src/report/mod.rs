//! Presentation: tables, JSON and plots.

pub mod simulation;
pub mod theory;
