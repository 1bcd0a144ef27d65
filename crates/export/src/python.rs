//! Python source fragments shared by the generators: literals and the statistics that every
//! exported script prints, computed with the conventions of `eibal simulate --json`.

use eibal_model::fmt_number;

/// A Python float literal. Non-finite values cannot occur in a checked model; they are written
/// as `float("nan")` so that a bug shows up in the script instead of a syntax error.
pub(crate) fn num(x: f64) -> String {
    if x.is_finite() {
        let s = fmt_number(x);
        if s.contains(['.', 'e', 'E']) {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        format!("float(\"{x}\")")
    }
}

/// A Python string literal (JSON string syntax is valid Python for the characters we emit).
pub(crate) fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"?\"".to_string())
}

/// A Python list of floats.
pub(crate) fn list(xs: &[f64]) -> String {
    let items: Vec<String> = xs.iter().map(|&x| num(x)).collect();
    format!("[{}]", items.join(", "))
}

/// `statistics(spikes, sizes, warmup_ms, duration_ms, dt_ms)`: rate per population over the
/// time after the warm-up, the CV of inter-spike intervals (population standard deviation over
/// mean) averaged over the neurons with at least 3 spikes after the warm-up, and the peak of the
/// population-rate spectrum (`spectrum_peak_hz`: 1 ms bins, Welch with Hann-windowed segments
/// of 1 s rounded to a power of two, halved while longer than the signal, half overlap, the
/// largest density at or above 2 Hz and above the first two bins). These are the conventions
/// of eibal's `analysis` module (`analysis::spectrum`) and of
/// `../shared/anchors/nest_brunel.py`.
pub(crate) const STATISTICS: &str = r#"
def spectrum_peak(times, n, warmup_ms, duration_ms, dt_ms):
    """Frequency (Hz) of the largest Welch density of the population rate at or above 2 Hz, or
    None (silent, or shorter than 16 bins); the conventions of eibal's analysis::spectrum."""
    steps = max(1, round(1.0 / dt_ms))
    bin_ms = steps * dt_ms
    nbins = int((duration_ms - warmup_ms) / bin_ms + 1e-9)
    if nbins < 16 or len(times) == 0:
        return None
    # A spike of step s is stamped (s + 1) dt: bin k holds the stamps in (k, k + 1] bins.
    edges = warmup_ms + bin_ms * np.arange(nbins + 1)
    rate = np.histogram(times - 0.5 * dt_ms, bins=edges)[0] / (n * bin_ms / 1000.0)
    seg = min(max(round(1000.0 / bin_ms), 16), nbins)
    seg = 1 << (seg - 1).bit_length()
    if seg > nbins:
        seg //= 2
    k = np.arange(seg)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * k / seg)
    x = rate - rate.mean()
    starts = range(0, nbins - seg + 1, seg // 2)
    power = np.mean([np.abs(np.fft.rfft(x[a:a + seg] * window)) ** 2 for a in starts], axis=0)
    freqs = np.arange(seg // 2 + 1) / (seg * bin_ms / 1000.0)
    ok = (np.arange(len(freqs)) >= 2) & (freqs >= 2.0)
    if not ok.any() or not (power[ok].max() > 0):
        return None
    return float(freqs[ok][np.argmax(power[ok])])


def statistics(spikes, sizes, warmup_ms, duration_ms, dt_ms=0.1):
    """Per population: rate over [warmup, duration], mean CV of ISIs (neurons with >= 3
    spikes after the warm-up) and the population-rate spectral peak; the conventions of
    `eibal simulate --json`."""
    span_s = (duration_ms - warmup_ms) / 1000.0
    populations, notes = [], []
    for name, (times, senders) in spikes.items():
        keep = times >= warmup_ms
        t, s = times[keep], senders[keep]
        n = sizes[name]
        rate = len(t) / (n * span_s)
        # ISIs per neuron, vectorised (no per-neuron loop): sort by (neuron, time), keep the
        # differences within one neuron, then per-neuron sums with bincount (two passes).
        order = np.lexsort((t, s))
        t, s = t[order], s[order].astype(np.int64)
        same = s[1:] == s[:-1]
        isi, owner = np.diff(t)[same], s[1:][same]
        count = np.bincount(owner, minlength=n)
        mean = np.bincount(owner, weights=isi, minlength=n) / np.maximum(count, 1)
        var = np.bincount(owner, weights=(isi - mean[owner]) ** 2, minlength=n) / np.maximum(count, 1)
        ok = (count >= 2) & (mean > 0)
        cv = float(np.mean(np.sqrt(var[ok]) / mean[ok])) if ok.any() else None
        if cv is None:
            notes.append(f"{name}: cv is null because no neuron fired 3 spikes after the warm-up")
        peak = spectrum_peak(times[keep], n, warmup_ms, duration_ms, dt_ms)
        populations.append({"name": name, "rate_hz": rate, "cv": cv, "spectrum_peak_hz": peak})
    return {"populations": populations, "notes": notes}
"#;
