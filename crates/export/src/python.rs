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

/// `statistics(spikes, sizes, warmup_ms, duration_ms)`: rate per population over the time
/// after the warm-up, and the CV of inter-spike intervals (population standard deviation over
/// mean) averaged over the neurons with at least 3 spikes after the warm-up. These are the
/// conventions of eibal's `analysis` module and of `../shared/anchors/nest_brunel.py`.
pub(crate) const STATISTICS: &str = r#"
def statistics(spikes, sizes, warmup_ms, duration_ms):
    """Per population: rate over [warmup, duration] and mean CV of ISIs (neurons with >= 3
    spikes after the warm-up); the conventions of `eibal simulate --json`."""
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
        populations.append({"name": name, "rate_hz": rate, "cv": cv})
    return {"populations": populations, "notes": notes}
"#;
