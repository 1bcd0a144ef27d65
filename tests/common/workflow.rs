//! The workflows as a test calls them: through the library (`eibal::study`), with the
//! documents serialised exactly as `--json` prints them. Subprocess tests are kept for the
//! command line itself (arguments, exit codes, output shape).

use eibal::lang::{ModelSource, load};
use eibal::model::Axis;
use eibal::model::axis::read_range;
use eibal::model::observe::Silent;
use eibal::study::{self, CompareRequest, SimulateAt, StabilityRequest, SweepRequest};
use eibal::theory::neuron::transfer::TransferForm;
use serde_json::Value;
use std::path::Path;

/// `--set NAME=VALUE` overrides as strings.
fn sets(set: &[&str]) -> Vec<String> {
    set.iter().map(|s| s.to_string()).collect()
}

/// The document of `eibal compare FILE --set ... --json`.
pub fn compare_json(file: impl AsRef<Path>, set: &[&str]) -> Value {
    let model = load(file.as_ref(), &sets(set)).expect("model loads");
    let report = study::compare(&model, &CompareRequest::default(), &Silent).expect("compare");
    serde_json::to_value(&report).expect("serialisable")
}

/// Whether the fixed point from rest is stable (`eibal stability FILE --set ...`).
pub fn stable(file: impl AsRef<Path>, set: &[&str]) -> bool {
    let model = load(file.as_ref(), &sets(set)).expect("model loads");
    let report = study::stability(&model, &StabilityRequest::default()).expect("stability");
    serde_json::to_value(&report).expect("serialisable")["stable"]
        .as_bool()
        .expect("a verdict")
}

/// A sweep as `eibal sweep` builds it from its flags.
pub struct Sweep<'a> {
    pub file: &'a str,
    pub set: &'a [&'a str],
    /// `(NAME, "LO:HI:STEP")` as `--param` takes them; empty: the model's `sweep`.
    pub params: &'a [(&'a str, &'a str)],
    pub simulate: SimulateAt,
    pub seeds: usize,
    pub duration: Option<f64>,
    pub low_pass: bool,
}

impl Default for Sweep<'_> {
    fn default() -> Self {
        Sweep {
            file: "",
            set: &[],
            params: &[],
            simulate: SimulateAt::Nowhere,
            seeds: 1,
            duration: None,
            low_pass: false,
        }
    }
}

impl Sweep<'_> {
    /// The report and its `--json` document.
    pub fn run(&self) -> (study::SweepReport, Value) {
        let source = ModelSource::read(Path::new(self.file), &sets(self.set)).expect("source");
        let axes = self
            .params
            .iter()
            .map(|(name, range)| {
                let (lo, hi, step) = read_range(&source, name, range, true).expect("range");
                Axis::stepped(source.model(), name, lo, hi, step.expect("a step")).expect("axis")
            })
            .collect();
        let request = SweepRequest {
            axes,
            simulate: self.simulate.clone(),
            seeds: self.seeds,
            duration: self.duration,
            form: if self.low_pass {
                TransferForm::LowPass
            } else {
                TransferForm::Exact
            },
        };
        let report = study::sweep(&source, &request, &Silent).expect("sweep");
        let json = serde_json::to_value(&report).expect("serialisable");
        (report, json)
    }
}
