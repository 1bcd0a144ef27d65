//! `eibal simulate` output: a plain-text table of the statistics (their JSON is the
//! serialisation of [`eibal_analysis::SimulationStats`]).
//!
//! JSON keys are snake_case with a unit suffix where there is a unit (`rate_hz`,
//! `spectrum_peak_hz`, `autocorrelation_time_s`); missing values are `null` with a line in
//! `notes` saying why.

use eibal_analysis::SimulationStats;
use std::fmt::Write;

fn num(x: Option<f64>, digits: usize) -> String {
    match x {
        Some(v) if v.is_finite() => format!("{v:.digits$}"),
        Some(_) => "inf".into(),
        None => "-".into(),
    }
}

/// A plain-text report: run summary, one row per population, network statistics and notes.
pub fn table(stats: &SimulationStats) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} neurons, {} synapses; {:.3} s simulated at dt = {} ms (warmup {} s), seed {}; \
         build {:.2} s, run {:.2} s{}",
        stats.model,
        stats.neurons,
        stats.synapses,
        stats.simulated_s,
        stats.dt_s * 1e3,
        stats.warmup_s,
        stats.seed,
        stats.build_s,
        stats.run_s,
        if stats.outcome == "interrupted" {
            " (interrupted)"
        } else {
            ""
        }
    );
    let header = [
        "population",
        "rate Hz",
        "rate sd",
        "CV ISI",
        "Fano",
        "corr",
        "chi",
        "peak Hz",
        "balance",
        "E-I corr",
    ];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for p in stats
        .populations
        .iter()
        .filter(|p| p.mean_activity.is_none())
    {
        let rate = p.rate_hz;
        rows.push(vec![
            format!("{} ({})", p.name, p.kind),
            num(rate, 3),
            num(p.rate_distribution.as_ref().map(|d| d.sd_hz), 3),
            num(p.cv, 3),
            num(p.fano, 3),
            num(p.correlation, 4),
            num(p.chi, 3),
            num(p.spectrum_peak_hz, 1),
            num(p.balance_index, 3),
            num(p.ei_correlation, 3),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].len()).max().unwrap_or(0))
        .collect();
    for row in rows.iter().filter(|_| rows.len() > 1) {
        let line: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, v)| {
                if c == 0 {
                    format!("{v:<w$}", w = widths[c])
                } else {
                    format!("{v:>w$}", w = widths[c])
                }
            })
            .collect();
        let _ = writeln!(s, "{}", line.join("  ").trim_end());
    }
    let graded: Vec<_> = stats
        .populations
        .iter()
        .filter(|p| p.mean_activity.is_some())
        .collect();
    if !graded.is_empty() {
        let _ = writeln!(
            s,
            "population         mean activity  autocorr. time ms    chi  balance"
        );
        for p in graded {
            let _ = writeln!(
                s,
                "{:<18} {:>13}  {:>17}  {:>5}  {:>7}",
                format!("{} ({})", p.name, p.kind),
                num(p.mean_activity, 4),
                num(p.autocorrelation_time_s.map(|t| t * 1e3), 2),
                num(p.chi, 3),
                num(p.balance_index, 3)
            );
        }
    }
    if let Some(a) = &stats.network.avalanches {
        let fit = |f: &Option<eibal_analysis::powerlaw::PowerLawFit>| match f {
            Some(f) => format!(
                "{:.2} +- {:.2} (x_min {}, {} in tail)",
                f.alpha, f.alpha_se, f.x_min, f.n_tail
            ),
            None => "-".into(),
        };
        let _ = writeln!(
            s,
            "avalanches ({:.2} ms bins): {}; size exponent {}; duration exponent {}",
            a.bin_s * 1e3,
            a.count,
            fit(&a.size),
            fit(&a.duration)
        );
    }
    if let Some(b) = &stats.network.branching {
        let _ = writeln!(
            s,
            "branching ratio (MR estimator, k <= {}): {:.4}",
            b.k_max, b.m
        );
    }
    for f in &stats.files {
        let _ = writeln!(s, "wrote {f}");
    }
    for n in &stats.notes {
        let _ = writeln!(s, "note: {n}");
    }
    s
}
