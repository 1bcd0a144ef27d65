//! `eibal sweep`: theory along one or two params, simulations at chosen points, the predicted
//! critical values, and their table, files and plot.
//!
//! [`grid`] builds the axes, [`execute`] runs theory and simulations in parallel, [`critical`]
//! refines stability changes, [`output`] writes the table, CSV, JSON and plot.

pub mod critical;
pub mod execute;
pub mod grid;
pub mod output;
