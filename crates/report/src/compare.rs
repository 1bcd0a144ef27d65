//! A comparison of theory and simulation ([`eibal_study::compare`]) as a table, and the
//! figures of its run.

use crate::plot::avalanches::Avalanches;
use crate::plot::currents::Currents;
use crate::plot::cv_histogram::CvHistogram;
use crate::plot::raster::Raster;
use crate::plot::rate_spectrum::{RateSpectrumCurves, RateSpectrumFigure};
use crate::plot::rate_trace::RateTrace;
use crate::plot::traces::Traces;
use crate::plot::{ImageFormat, save_in};
use eibal_model::{Model, Result, Sink};
use eibal_sim::SimResult;
use eibal_study::compare::{Comparison, Verdict, Z};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// One table per population, then the state and the notes.
pub fn table(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}): theory against simulation\n", c.model, c.file);
    for p in &c.populations {
        let _ = writeln!(out, "population {}", p.name);
        let _ = writeln!(
            out,
            "  {:<16} {:>10} {:>10} {:>9} {:>9}  verdict",
            "quantity", "theory", "simulated", "diff", "+- SE"
        );
        for (label, q) in [
            ("rate (Hz)", &p.rate_hz),
            ("CV ISI", &p.cv),
            ("Fano factor", &p.fano),
            ("balance index", &p.balance_index),
            ("E input (mV)", &p.input_e_mv),
            ("I input (mV)", &p.input_i_mv),
        ] {
            let f = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{v:.4}"));
            let _ = writeln!(
                out,
                "  {label:<16} {:>10} {:>10} {:>9} {:>9}  {}",
                f(q.theory),
                f(q.simulation),
                f(q.difference),
                f(q.uncertainty),
                q.verdict.word()
            );
        }
        for (label, q) in [
            ("spectrum peak Hz", &p.spectrum_peak_hz),
            ("low-f power", &p.low_frequency_power),
        ] {
            let f = |x: Option<f64>| match x {
                Some(v) if label.starts_with("low") => format!("{v:.3e}"),
                Some(v) => format!("{v:.1}"),
                None if q.verdict == Verdict::Agrees => "no peak".to_string(),
                None => "-".to_string(),
            };
            let _ = writeln!(
                out,
                "  {label:<16} {:>10} {:>10} {:>9} {:>9}  {}",
                f(q.theory),
                f(q.simulation),
                f(q.difference),
                f(q.uncertainty),
                q.verdict.word()
            );
        }
        if let Some(poisson) = p.cv_poisson_input {
            let _ = writeln!(
                out,
                "  {:<16} {:>10}  (diffusion approximation, Poisson input trains; the CV \
                 above: {})",
                "CV Poisson input",
                format!("{poisson:.4}"),
                p.cv_method
            );
        }
        for (label, q) in [
            ("rate", &p.rate_hz),
            ("CV", &p.cv),
            ("Fano", &p.fano),
            ("balance", &p.balance_index),
            ("spectrum peak", &p.spectrum_peak_hz),
            ("low-f power", &p.low_frequency_power),
        ] {
            if q.verdict != Verdict::Agrees {
                let _ = writeln!(out, "    {label}: {}", q.reason);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "state: theory predicts {}; the run was {}",
        c.state.predicted, c.state.simulated
    );
    if let Some(f) = c.state.peak_frequency_hz {
        let _ = writeln!(
            out,
            "       peak of the population-rate spectrum: {f:.1} Hz"
        );
    }
    let _ = writeln!(
        out,
        "\nagreement: |theory - simulated| <= {Z} SE + (J/sigma) |theory| (SE from 10 time blocks for rates, 10 neuron groups for CV and Fano)"
    );
    for n in &c.notes {
        let _ = writeln!(out, "note: {n}");
    }
    out
}

/// Writes `rate_spectrum` (the predicted population-rate spectra over the simulated ones, log
/// power) when any population has both; returns the path written.
pub fn write_spectrum_plot(
    model: &Model,
    comparison: &Comparison,
    sink: &dyn Sink,
    format: ImageFormat,
) -> Result<Option<PathBuf>> {
    let populations: Vec<RateSpectrumCurves> = comparison
        .rate_spectra
        .iter()
        .enumerate()
        .filter_map(|(index, pair)| {
            let (th, sim) = (pair.theory.as_ref()?, pair.simulation.as_ref()?);
            let zip = |f: &[f64], p: &[f64]| f.iter().copied().zip(p.iter().copied()).collect();
            Some(RateSpectrumCurves {
                name: pair.name.clone(),
                sign: model.populations.get(index)?.sign,
                index,
                theory: zip(&th.frequency_hz, &th.power),
                theory_is_prediction: pair.theory_is_prediction,
                rhythm_hz: pair.predicted_rhythm_hz,
                simulation: zip(&sim.spectrum.frequency_hz, &sim.spectrum.power),
            })
        })
        .collect();
    if populations.is_empty() {
        return Ok(None);
    }
    let figure = RateSpectrumFigure {
        title: format!(
            "{}: population-rate spectrum, linear response over simulation",
            title_prefix(model)
        ),
        populations,
    };
    let name = format!("rate_spectrum.{}", format.extension());
    save_in(sink, &name, &figure).map(Some)
}

/// The model name and file for plot titles: `brunel2000_A (brunel2000.ei)`.
pub fn title_prefix(model: &Model) -> String {
    let file = Path::new(&model.file)
        .file_name()
        .map_or(model.file.clone(), |f| f.to_string_lossy().into_owned());
    format!("{} ({file})", model.name)
}

/// Writes raster, cv_histogram and rate_trace (when a population spikes), traces (when rate or binary units were sampled), currents (when inputs were sampled) and avalanches (when the
/// run has any) to `sink`; returns the paths written.
pub fn write_plots(
    model: &Model,
    result: &SimResult,
    theory_cv: &[Option<f64>],
    sink: &dyn Sink,
    format: ImageFormat,
) -> Result<Vec<PathBuf>> {
    let prefix = title_prefix(model);
    let name = |stem: &str| format!("{stem}.{}", format.extension());
    let mut written = Vec::new();
    // Raster and CV histogram only for spiking populations (rate and binary units have none).
    if result.populations.iter().any(|p| p.spiking) {
        let raster = Raster::from_result(
            result,
            format!("{prefix}: spike raster and population rate"),
        );
        written.push(save_in(sink, &name("raster"), &raster)?);
        let cv = CvHistogram::from_result(
            result,
            theory_cv,
            format!("{prefix}: irregularity of single neurons"),
        );
        written.push(save_in(sink, &name("cv_histogram"), &cv)?);
    }
    if let Some(t) = RateTrace::from_result(
        result,
        model,
        format!("{prefix}: population rates over the whole run"),
    ) {
        written.push(save_in(sink, &name("rate_trace"), &t)?);
    }
    // The parameters in the title of the traces (rate networks are usually set by one or two
    // of them, e.g. the coupling g): all of them when there are at most three, else the
    // ones changed from the file's default (by --set).
    let few = model.params.len() <= 3;
    let set: Vec<String> = model
        .params
        .iter()
        .filter(|p| few || p.value != p.default)
        .map(|p| format!("{} = {}", p.name, p.value))
        .collect();
    let set = if set.is_empty() {
        String::new()
    } else {
        format!(", {}", set.join(", "))
    };
    if let Some(t) = Traces::from_result(result, format!("{prefix}: states of sampled units{set}"))
    {
        written.push(save_in(sink, &name("traces"), &t)?);
    }
    if let Some(c) = Currents::from_result(result, &prefix) {
        written.push(save_in(sink, &name("currents"), &c)?);
    }
    if let Some(a) = Avalanches::from_result(result, format!("{prefix}: neuronal avalanches")) {
        written.push(save_in(sink, &name("avalanches"), &a)?);
    }
    Ok(written)
}
