//! eibal: balanced excitatory/inhibitory spiking networks from one `.ei` file.
//!
//! The layers, one crate each (under `crates/`), so that the compiler refuses an import
//! against the arrows:
//!
//! ```text
//!  .ei source --lang--> Model --+--> theory   (mean field, balance, stability, spectra)
//!                               +--> sim      (spiking core) --> analysis (statistics)
//!                               +--> export   (NEST, Brian2)
//!   theory + sim + analysis + export --> study  (one function per workflow, typed results)
//!                               study --> report (tables, CSV, plots) --> cli
//! ```
//!
//! Only [`model::Model`] crosses from the language to the back ends. This crate re-exports
//! the layers under their short names and holds the command line. The rules are in
//! `docs/dev/style.md`.
//!
//! Every command is a call in [`study`] (the example of README.md, compiled here):
//!
//! ```no_run
//! use eibal::{lang, model::observe::Silent, study};
//! # fn main() -> eibal::error::Result<()> {
//! let model = lang::load("models/brunel2000.ei".as_ref(), &["g=6".into()])?;
//! let theory = study::theory(&model, &study::TheoryRequest::default())?;
//! let run = study::simulate(&model, &study::SimulateRequest::default(), &Silent)?;
//! let both = study::compare(&model, &study::CompareRequest::default(), &Silent)?;
//! println!("{}", study::to_json(&both)?);
//! # let _ = (theory, run);
//! # Ok(())
//! # }
//! ```

pub use eibal_analysis as analysis;
pub use eibal_export as export;
pub use eibal_lang as lang;
pub use eibal_model as model;
pub use eibal_model::error;
pub use eibal_report as report;
pub use eibal_sim as sim;
pub use eibal_study as study;
pub use eibal_theory as theory;

pub mod cli;

pub use error::Error;
pub use model::Model;
