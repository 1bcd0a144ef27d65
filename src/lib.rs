//! eibal: balanced excitatory/inhibitory spiking networks from one `.ei` file.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//!  .ei source --lang--> Model --+--> theory   (mean field, balance, stability, spectra)
//!                               +--> sim      (spiking core) --> analysis (statistics)
//!                               +--> export   (NEST, Brian2)
//!                 theory + analysis --> report (tables, JSON, plots)
//! ```
//!
//! Only [`model::Model`] crosses from the language to the back ends.

pub mod analysis;
pub mod cli;
pub mod error;
pub mod export;
pub mod lang;
pub mod model;
pub mod report;
pub mod sim;
pub mod theory;

pub use error::Error;
pub use model::Model;
