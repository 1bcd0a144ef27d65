//! A critical value as one line (`eibal critical`).

use eibal_study::critical::CriticalReport;

/// `critical g = 1.000500 +- 1.0e-10 (radius criterion, 14 evaluations)`.
pub fn line(r: &CriticalReport) -> String {
    format!(
        "critical {} = {:.6} +- {:.1e} ({} criterion, {} evaluations)\n",
        r.param,
        r.value,
        r.tolerance,
        r.criterion.name(),
        r.evaluations
    )
}
