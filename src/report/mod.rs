//! Presentation: tables, JSON and plots.

pub mod simulation;
