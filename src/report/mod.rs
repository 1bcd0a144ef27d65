//! Presentation: tables, JSON and plots.
