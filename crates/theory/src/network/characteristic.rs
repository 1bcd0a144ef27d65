//! The characteristic equation of a population network with delays and its leading roots.
//!
//! Linearising the population rates nu_a around a fixed point, a perturbation
//! delta nu ~ e^{lambda t} exists where (Brunel & Hakim 1999; Brunel 2000 eq. 30 for two
//! populations; the matrix form as in Helias et al. 2013)
//!
//! ```text
//! det(I - W(lambda)) = 0,     W_ab(lambda) = H_a(lambda) M_ab e^{-lambda d_ab},
//! ```
//!
//! with H_a the LIF transfer function of population a (Hz/V, [`crate::neuron::transfer`]), M_ab the
//! mean-input coupling d mu_a / d nu_b (V s; tau_a K_ab J_ab for delta synapses) and d_ab the
//! delay. Populations without a LIF transfer function (rate and binary units, conductance
//! synapses) use a first-order low pass H_a = gain_a / (1 + lambda tau_a) ([`UnitTransfer`]);
//! an optional per-projection synaptic low pass 1 / (1 + lambda tau_s,ab) multiplies W_ab. Optionally the variance channel is added (Brunel & Hakim 1999; Brunel 2000 sec. 4):
//! W_ab += H^var_a(lambda) V_ab e^{-lambda d_ab} with V_ab = d sigma_a^2 / d nu_b
//! (tau_a K_ab J_ab^2 for delta synapses) and H^var the response to the input variance.
//!
//! Roots come in complex-conjugate pairs (the system is real), so only Im lambda >= 0 is
//! searched. Method: Newton's method in the complex plane (derivative by a forward difference
//! of the analytic function) started from a grid of seeds covering the search rectangle;
//! converged roots are deduplicated and ordered by growth rate (Re lambda), largest first.
//! The number of unstable roots is checked independently by the argument principle: the
//! winding number of det(I - W) along the boundary of [0, growth_max] x [-omega_max, omega_max]
//! counts its zeros there (f is analytic in the right half plane: H has no poles there for a
//! stable single neuron, and e^{-lambda d} is entire).

use super::delay_kernel::DelayKernels;
use crate::neuron::transfer::LifTransfer;
use crate::numerics::budget::Budget;
use eibal_model::error::{Error, Result};
use nalgebra::DMatrix;
use num_complex::Complex64;
use std::f64::consts::PI;

/// The linear response of one population to its mean input, H_a(lambda).
#[derive(Debug, Clone, PartialEq)]
pub enum UnitTransfer {
    /// A LIF population: Lindner & Schimansky-Geier (2001) or its low-pass approximation.
    Lif(LifTransfer),
    /// H(lambda) = gain / (1 + lambda tau): linearised rate dynamics tau dx/dt = -x + phi(.)
    /// (rate units), Glauber dynamics of binary units (mean update interval tau), and the
    /// effective-time-constant approximation of conductance-based LIF populations.
    LowPass { gain: f64, tau: f64 },
    /// A mean-channel response known on the imaginary axis only, sampled at frequencies
    /// (e.g. the susceptibility of a neuron under the self-consistent coloured input,
    /// [`crate::neuron::colored_lif`]); the analytical `base` gives the variance channel, the
    /// time scale and the values beyond the sampled frequencies.
    Sampled(SampledTransfer),
}

/// H(2 pi i f) on a frequency grid (Hz/V), interpolated linearly; H(-f) = conj H(f).
#[derive(Debug, Clone, PartialEq)]
pub struct SampledTransfer {
    pub base: LifTransfer,
    /// Increasing, >= 0 (Hz).
    pub frequency_hz: Vec<f64>,
    pub h: Vec<Complex64>,
}

impl SampledTransfer {
    /// H(lambda) for lambda on the imaginary axis; an error elsewhere (a sampled response
    /// has no continuation off the axis: root searches need an analytical one).
    pub fn eval(&self, lambda: Complex64) -> Result<Complex64> {
        let scale = 1.0 / self.base.point().tau_m;
        if lambda.re.abs() > 1e-9 * scale.max(lambda.im.abs()) {
            return Err(Error::Runtime(format!(
                "a sampled transfer function is known on the imaginary axis only (asked at \
                 lambda = {lambda}); the root search needs the analytical one"
            )));
        }
        let f = lambda.im / (2.0 * PI);
        let (fs, hs) = (&self.frequency_hz, &self.h);
        let at = |f: f64| -> Option<Complex64> {
            let k = fs.iter().position(|&x| x >= f)?;
            if k == 0 {
                return hs.first().copied();
            }
            let t = (f - fs[k - 1]) / (fs[k] - fs[k - 1]);
            Some(hs[k - 1] + (hs[k] - hs[k - 1]) * t)
        };
        match at(f.abs()) {
            Some(h) if f < 0.0 => Ok(h.conj()),
            Some(h) => Ok(h),
            None => self.base.eval(lambda),
        }
    }
}

impl UnitTransfer {
    /// The time constant that sets the scale of lambda (s).
    pub fn tau(&self) -> f64 {
        match self {
            UnitTransfer::Lif(t) => t.point().tau_m,
            UnitTransfer::LowPass { tau, .. } => *tau,
            UnitTransfer::Sampled(s) => s.base.point().tau_m,
        }
    }

    pub fn eval(&self, lambda: Complex64) -> Result<Complex64> {
        match self {
            UnitTransfer::Lif(t) => t.eval(lambda),
            UnitTransfer::LowPass { gain, tau } => Ok(*gain / (1.0 + lambda * *tau)),
            UnitTransfer::Sampled(s) => s.eval(lambda),
        }
    }

    /// (mean channel, variance channel); the low pass has no variance channel of its own
    /// (a variance dependence is folded into its coupling at zero frequency).
    pub fn eval_both(&self, lambda: Complex64) -> Result<(Complex64, Complex64)> {
        match self {
            UnitTransfer::Lif(t) => t.eval_both(lambda),
            UnitTransfer::LowPass { .. } => Ok((self.eval(lambda)?, Complex64::new(0.0, 0.0))),
            UnitTransfer::Sampled(s) => Ok((s.eval(lambda)?, s.base.eval_both(lambda)?.1)),
        }
    }
}

/// A network of populations linearised around a fixed point.
#[derive(Debug, Clone)]
pub struct LinearisedNetwork {
    /// M_ab = d mu_a / d nu_b (V s).
    coupling: DMatrix<f64>,
    /// V_ab = d sigma_a^2 / d nu_b (V^2 s), if the variance channel is included.
    variance_coupling: Option<DMatrix<f64>>,
    /// d_ab (s), > 0.
    delays: DMatrix<f64>,
    /// Distributed delays: E[e^{-lambda d}] per pair replaces e^{-lambda d_ab} when present.
    delay_kernels: Option<DelayKernels>,
    /// Synaptic time constants tau_s,ab (s) of a low pass 1 / (1 + lambda tau_s,ab) per entry,
    /// if any.
    synaptic_filters: Option<DMatrix<f64>>,
    /// One transfer function per distinct operating point.
    transfers: Vec<UnitTransfer>,
    /// Population a uses `transfers[transfer_of[a]]`.
    transfer_of: Vec<usize>,
    /// Smallest membrane time constant (sets the scale of lambda).
    tau_min: f64,
    /// The wall-clock budget of every search on this network (unlimited unless set).
    budget: Budget,
}

impl LinearisedNetwork {
    /// `coupling[(a, b)]` = d mu_a / d nu_b (V s), `delays[(a, b)]` (s), one transfer
    /// function per population.
    pub fn new(
        coupling: DMatrix<f64>,
        delays: DMatrix<f64>,
        transfers: Vec<LifTransfer>,
    ) -> Result<LinearisedNetwork> {
        LinearisedNetwork::with_units(
            coupling,
            delays,
            transfers.into_iter().map(UnitTransfer::Lif).collect(),
        )
    }

    /// Like [`LinearisedNetwork::new`] with any [`UnitTransfer`] per population.
    pub fn with_units(
        coupling: DMatrix<f64>,
        delays: DMatrix<f64>,
        transfers: Vec<UnitTransfer>,
    ) -> Result<LinearisedNetwork> {
        let n = transfers.len();
        if n == 0 || coupling.shape() != (n, n) || delays.shape() != (n, n) {
            return Err(Error::BadInput(format!(
                "characteristic equation: {n} populations need {n}x{n} coupling and delay \
                 matrices, got {:?} and {:?}",
                coupling.shape(),
                delays.shape()
            )));
        }
        if coupling.iter().any(|c| !c.is_finite())
            || delays.iter().any(|d| !(d.is_finite() && *d >= 0.0))
        {
            return Err(Error::BadInput(
                "characteristic equation: couplings must be finite and delays >= 0".into(),
            ));
        }
        if transfers
            .iter()
            .any(|t| !(t.tau().is_finite() && t.tau() > 0.0))
        {
            return Err(Error::BadInput(
                "characteristic equation: every population needs a time constant > 0".into(),
            ));
        }
        let mut distinct: Vec<UnitTransfer> = Vec::new();
        let mut transfer_of = Vec::with_capacity(n);
        for t in transfers {
            match distinct.iter().position(|d| *d == t) {
                Some(i) => transfer_of.push(i),
                None => {
                    transfer_of.push(distinct.len());
                    distinct.push(t);
                }
            }
        }
        let tau_min = distinct
            .iter()
            .map(UnitTransfer::tau)
            .fold(f64::INFINITY, f64::min);
        Ok(LinearisedNetwork {
            coupling,
            variance_coupling: None,
            synaptic_filters: None,
            delays,
            delay_kernels: None,
            transfers: distinct,
            transfer_of,
            tau_min,
            budget: Budget::unlimited(),
        })
    }

    /// Bounds every search on this network (roots, counts) by `budget`.
    pub fn with_budget(mut self, budget: Budget) -> LinearisedNetwork {
        self.budget = budget;
        self
    }

    /// The budget of the searches on this network.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// Replaces the fixed delays by the laws of distributed delays ([`DelayKernels`]).
    pub fn with_delay_kernels(mut self, kernels: DelayKernels) -> Result<LinearisedNetwork> {
        if kernels.len() != self.len() {
            return Err(Error::BadInput(format!(
                "characteristic equation: delay kernels for {} populations, network of {}",
                kernels.len(),
                self.len()
            )));
        }
        self.delay_kernels = Some(kernels);
        Ok(self)
    }

    /// Adds the variance channel, `variance_coupling[(a, b)]` = d sigma_a^2 / d nu_b (V^2 s).
    pub fn with_variance_coupling(
        mut self,
        variance_coupling: DMatrix<f64>,
    ) -> Result<LinearisedNetwork> {
        let n = self.len();
        if variance_coupling.shape() != (n, n) || variance_coupling.iter().any(|v| !v.is_finite()) {
            return Err(Error::BadInput(format!(
                "characteristic equation: the variance coupling must be a finite {n}x{n} matrix"
            )));
        }
        self.variance_coupling = Some(variance_coupling);
        Ok(self)
    }

    /// Adds a synaptic low pass 1 / (1 + lambda tau_s,ab) to every entry (tau_s >= 0, s).
    pub fn with_synaptic_filters(mut self, tau_s: DMatrix<f64>) -> Result<LinearisedNetwork> {
        let n = self.len();
        if tau_s.shape() != (n, n) || tau_s.iter().any(|t| !(t.is_finite() && *t >= 0.0)) {
            return Err(Error::BadInput(format!(
                "characteristic equation: synaptic time constants must be a {n}x{n} matrix of \
                 finite values >= 0"
            )));
        }
        self.synaptic_filters = Some(tau_s);
        Ok(self)
    }

    pub fn len(&self) -> usize {
        self.transfer_of.len()
    }

    /// The same network with population a's transfer function replaced by
    /// `replace(a, current)` (e.g. a sampled susceptibility on the imaginary axis).
    pub fn with_transfers(
        mut self,
        mut replace: impl FnMut(usize, &UnitTransfer) -> UnitTransfer,
    ) -> LinearisedNetwork {
        let mut distinct: Vec<UnitTransfer> = Vec::new();
        let mut transfer_of = Vec::with_capacity(self.len());
        for a in 0..self.len() {
            let t = replace(a, self.transfer(a));
            match distinct.iter().position(|d| *d == t) {
                Some(i) => transfer_of.push(i),
                None => {
                    transfer_of.push(distinct.len());
                    distinct.push(t);
                }
            }
        }
        self.transfers = distinct;
        self.transfer_of = transfer_of;
        self
    }

    /// The transfer function of population `a`.
    pub fn transfer(&self, a: usize) -> &UnitTransfer {
        &self.transfers[self.transfer_of[a]]
    }

    /// W(0), the effective connectivity at zero frequency (real): d nu_a / d nu_b of the
    /// stationary mean-field map.
    pub fn static_connectivity(&self) -> Result<DMatrix<f64>> {
        Ok(self
            .effective_connectivity(Complex64::new(0.0, 0.0))?
            .map(|w| w.re))
    }

    pub fn is_empty(&self) -> bool {
        self.transfer_of.is_empty()
    }

    /// W(lambda).
    pub fn effective_connectivity(&self, lambda: Complex64) -> Result<DMatrix<Complex64>> {
        let (h, h_var): (Vec<Complex64>, Vec<Complex64>) = match self.variance_coupling {
            Some(_) => self
                .transfers
                .iter()
                .map(|t| t.eval_both(lambda))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .unzip(),
            None => (
                self.transfers
                    .iter()
                    .map(|t| t.eval(lambda))
                    .collect::<Result<_>>()?,
                vec![Complex64::new(0.0, 0.0); self.transfers.len()],
            ),
        };
        let n = self.len();
        Ok(DMatrix::from_fn(n, n, |a, b| {
            let t = self.transfer_of[a];
            let variance = self
                .variance_coupling
                .as_ref()
                .map_or(Complex64::new(0.0, 0.0), |v| h_var[t] * v[(a, b)]);
            let filter = self
                .synaptic_filters
                .as_ref()
                .map_or(Complex64::new(1.0, 0.0), |f| {
                    1.0 / (1.0 + lambda * f[(a, b)])
                });
            let delay = match &self.delay_kernels {
                Some(k) => k.factor(a, b, lambda),
                None => (-lambda * self.delays[(a, b)]).exp(),
            };
            (h[t] * self.coupling[(a, b)] + variance) * filter * delay
        }))
    }

    /// det(I - W(lambda)).
    pub fn characteristic(&self, lambda: Complex64) -> Result<Complex64> {
        let w = self.effective_connectivity(lambda)?;
        let n = self.len();
        let m = DMatrix::<Complex64>::identity(n, n) - w;
        Ok(m.determinant())
    }
}

/// Where to look for roots.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RootSearch {
    /// Smallest growth rate Re lambda (1/s) searched, e.g. -100.
    pub growth_min: f64,
    /// Largest growth rate (1/s).
    pub growth_max: f64,
    /// Largest oscillation frequency Im lambda / 2 pi (Hz).
    pub frequency_max_hz: f64,
    /// Seeds along the frequency axis.
    pub frequency_seeds: usize,
    /// Seeds along the growth-rate axis.
    pub growth_seeds: usize,
}

impl Default for RootSearch {
    fn default() -> Self {
        RootSearch {
            growth_min: -200.0,
            growth_max: 400.0,
            frequency_max_hz: 500.0,
            frequency_seeds: 26,
            growth_seeds: 3,
        }
    }
}

/// A root lambda of the characteristic equation.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Root {
    /// Re lambda (1/s): positive means the fixed point is unstable.
    pub growth_rate_per_s: f64,
    /// Im lambda / 2 pi (Hz), >= 0.
    pub frequency_hz: f64,
}

impl Root {
    pub fn lambda(&self) -> Complex64 {
        Complex64::new(self.growth_rate_per_s, 2.0 * PI * self.frequency_hz)
    }
}

const NEWTON_MAX_STEPS: usize = 60;

/// What the evidence says about a fixed point: both methods (the argument-principle count
/// and the roots Newton's method located) agree, or they disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No zero counted and no root found with Re lambda > 0.
    Stable,
    /// Zeros counted in the right half plane (whether or not Newton located all of them).
    Unstable,
    /// Newton located roots with Re lambda > 0 that the count does not see: the methods
    /// contradict each other and neither is taken over the other.
    Undetermined,
}

impl Verdict {
    /// STABLE, UNSTABLE or UNDETERMINED, as printed.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Stable => "STABLE",
            Verdict::Unstable => "UNSTABLE",
            Verdict::Undetermined => "UNDETERMINED",
        }
    }
}

/// The outcome of a root search.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RootReport {
    /// Roots with Im lambda >= 0 in the search rectangle, largest growth rate first.
    pub roots: Vec<Root>,
    /// Zeros of det(I - W) with 0 < Re lambda < growth_max and |Im lambda| < omega_max,
    /// counted by the argument principle (conjugate pairs count twice).
    pub unstable_count: usize,
    /// The verdict both methods support ([`Verdict`]).
    pub verdict: Verdict,
    /// A disagreement between the count and the roots found, in words (`None`: they agree).
    pub conflict: Option<String>,
}

impl RootReport {
    /// Unstable roots found by Newton, counted as the argument principle counts them.
    pub fn unstable_found(&self) -> usize {
        self.roots
            .iter()
            .filter(|r| r.growth_rate_per_s > 0.0)
            .map(|r| if r.frequency_hz > 0.0 { 2 } else { 1 })
            .sum()
    }

    /// Stable: no zero counted and none found in the right half of the search rectangle.
    pub fn stable(&self) -> bool {
        self.verdict == Verdict::Stable
    }

    /// The verdict from the count and the roots, and the conflict if they disagree.
    fn judge(&mut self) {
        let (count, found) = (self.unstable_count, self.unstable_found());
        let lead = self
            .roots
            .first()
            .map(|r| {
                format!(
                    " (the largest at {:+.3} /s, {:.3} Hz)",
                    r.growth_rate_per_s, r.frequency_hz
                )
            })
            .unwrap_or_default();
        (self.verdict, self.conflict) = match (count, found) {
            (0, 0) => (Verdict::Stable, None),
            (c, f) if c == f => (Verdict::Unstable, None),
            (0, f) => (
                Verdict::Undetermined,
                Some(format!(
                    "the methods disagree: Newton's method found zeros with a positive growth rate \
                     ({f}, conjugate pairs counted twice){lead}, while the argument principle \
                     counts no zero in the \
                     right half plane; the stability is undetermined (this happens where the \
                     transfer function is evaluated outside its accurate range, e.g. nearly \
                     noise-free input)"
                )),
            ),
            (c, 0) => (
                Verdict::Unstable,
                Some(format!(
                    "the argument principle counts {c} zero(s) with a positive growth rate, \
                     but Newton's method located none of them, so no growth rate or \
                     frequency is given for them"
                )),
            ),
            (c, f) => (
                Verdict::Unstable,
                Some(format!(
                    "the argument principle counts {c} zero(s) with a positive growth rate, \
                     Newton's method located {f}{lead}; both show growing modes"
                )),
            ),
        };
    }
}

/// Roots in the search rectangle, the independent count of unstable ones, and the verdict
/// both support. When Newton's method finds fewer unstable roots than counted, the seeds are
/// refined in the right half plane; a remaining disagreement is reported in
/// [`RootReport::conflict`], never resolved by preferring one method.
pub fn leading_roots(network: &LinearisedNetwork, search: &RootSearch) -> Result<RootReport> {
    let mut roots = newton_roots(network, search, search.frequency_seeds, search.growth_seeds)?;
    let unstable_count = count_zeros(
        network,
        0.0,
        search.growth_max,
        2.0 * PI * search.frequency_max_hz,
    )?;
    let mut report = RootReport {
        roots: roots.clone(),
        unstable_count,
        verdict: Verdict::Undetermined,
        conflict: None,
    };
    if report.unstable_found() < unstable_count {
        // Refine the seeds in the right half plane.
        let refined = RootSearch {
            growth_min: 0.0,
            ..*search
        };
        let extra = newton_roots(network, &refined, 4 * search.frequency_seeds, 6)?;
        for r in extra {
            if roots
                .iter()
                .all(|q| (q.lambda() - r.lambda()).norm() > 1e-6 / network.tau_min)
            {
                roots.push(r);
            }
        }
        roots.sort_by(|a, b| b.growth_rate_per_s.total_cmp(&a.growth_rate_per_s));
        report.roots = roots;
    }
    report.judge();
    Ok(report)
}

/// What the budget messages call the two searches.
const COUNTING: &str = "counting the unstable roots of the characteristic equation";
const SEARCHING: &str = "the search for roots of the characteristic equation";

/// Number of phase samples per edge of the counting rectangle before refinement.
const CONTOUR_SAMPLES: usize = 64;
/// Largest phase step accepted between neighbouring samples (rad).
const MAX_PHASE_STEP: f64 = 0.5;

/// Zeros of det(I - W) inside [re_min, re_max] x [-im_max, im_max] by the argument principle.
/// A runtime failure (the transfer function cannot be evaluated on the contour, the budget
/// ran out) carries the budget's advice.
pub fn count_zeros(
    network: &LinearisedNetwork,
    re_min: f64,
    re_max: f64,
    im_max: f64,
) -> Result<usize> {
    count_zeros_on(network, re_min, re_max, im_max).map_err(|e| match e {
        Error::Runtime(text) if !network.budget.hint.is_empty() => {
            let hint = &network.budget.hint;
            if text.ends_with(hint.as_str()) {
                Error::Runtime(text)
            } else {
                Error::Runtime(format!(
                    "counting the unstable roots failed: {text}; {hint}"
                ))
            }
        }
        other => other,
    })
}

fn count_zeros_on(
    network: &LinearisedNetwork,
    re_min: f64,
    re_max: f64,
    im_max: f64,
) -> Result<usize> {
    let corners = [
        Complex64::new(re_min, -im_max),
        Complex64::new(re_max, -im_max),
        Complex64::new(re_max, im_max),
        Complex64::new(re_min, im_max),
    ];
    let mut total = 0.0;
    for k in 0..4 {
        let (a, b) = (corners[k], corners[(k + 1) % 4]);
        let mut previous_point = a;
        let mut previous = network.characteristic(a)?;
        for i in 1..=CONTOUR_SAMPLES {
            network.budget.check(COUNTING)?;
            let point = a + (b - a) * (i as f64 / CONTOUR_SAMPLES as f64);
            let value = network.characteristic(point)?;
            total += phase_change(network, previous_point, previous, point, value, 0)?;
            previous_point = point;
            previous = value;
        }
    }
    let winding = total / (2.0 * PI);
    let count = winding.round();
    if (winding - count).abs() > 0.1 || count < 0.0 {
        return Err(Error::Runtime(format!(
            "characteristic equation: argument principle gave a winding number of {winding:.3} \
             (a root on or near the contour)"
        )));
    }
    Ok(count as usize)
}

/// The change of arg f from z0 to z1, bisecting until every step is below MAX_PHASE_STEP.
fn phase_change(
    network: &LinearisedNetwork,
    z0: Complex64,
    f0: Complex64,
    z1: Complex64,
    f1: Complex64,
    depth: usize,
) -> Result<f64> {
    let step = (f1 / f0).arg();
    if step.abs() <= MAX_PHASE_STEP || depth >= 30 {
        return Ok(step);
    }
    network.budget.check(COUNTING)?;
    let mid = (z0 + z1) * 0.5;
    let fm = network.characteristic(mid)?;
    Ok(phase_change(network, z0, f0, mid, fm, depth + 1)?
        + phase_change(network, mid, fm, z1, f1, depth + 1)?)
}

/// Newton from a grid of seeds; roots with Im >= 0 inside the rectangle, largest growth first.
fn newton_roots(
    network: &LinearisedNetwork,
    search: &RootSearch,
    frequency_seeds: usize,
    growth_seeds: usize,
) -> Result<Vec<Root>> {
    let valid = search.growth_min < search.growth_max
        && search.growth_max > 0.0
        && search.frequency_max_hz > 0.0
        && search.frequency_seeds > 0
        && search.growth_seeds > 0;
    if !valid {
        return Err(Error::BadInput(format!(
            "root search needs growth_min < growth_max, growth_max > 0, frequency_max > 0 \
             and seeds; got \
             {search:?}"
        )));
    }
    let scale = 1.0 / network.tau_min;
    let omega_max = 2.0 * PI * search.frequency_max_hz;
    let mut roots: Vec<Complex64> = Vec::new();
    for i in 0..growth_seeds {
        let re = search.growth_min
            + (search.growth_max - search.growth_min) * (i as f64 + 0.5) / growth_seeds as f64;
        for j in 0..=frequency_seeds {
            let im = omega_max * j as f64 / frequency_seeds as f64;
            let Some(root) = newton(network, Complex64::new(re, im), scale)? else {
                continue;
            };
            let inside = root.re >= search.growth_min
                && root.re <= search.growth_max
                && root.im >= -1e-9 * scale
                && root.im <= omega_max;
            let new = roots.iter().all(|r| (r - root).norm() > 1e-6 * scale);
            if inside && new {
                roots.push(Complex64::new(root.re, root.im.max(0.0)));
            }
        }
    }
    roots.sort_by(|a, b| b.re.total_cmp(&a.re));
    Ok(roots
        .into_iter()
        .map(|l| Root {
            growth_rate_per_s: l.re,
            frequency_hz: l.im / (2.0 * PI),
        })
        .collect())
}

/// A root of det(I - W(lambda)) by damped Newton from `start`; `None` when the iteration does
/// not converge (or leaves the domain where W is finite). For continuation: start from a root
/// of a nearby parameter point.
/// At most `max_steps` Newton steps are taken.
pub fn newton_root(
    network: &LinearisedNetwork,
    start: Complex64,
    max_steps: usize,
) -> Result<Option<Complex64>> {
    newton_steps(network, start, 1.0 / network.tau_min, max_steps)
}

/// Newton's method on det(I - W(lambda)); `None` when it does not converge.
fn newton(network: &LinearisedNetwork, start: Complex64, scale: f64) -> Result<Option<Complex64>> {
    newton_steps(network, start, scale, NEWTON_MAX_STEPS)
}

fn newton_steps(
    network: &LinearisedNetwork,
    start: Complex64,
    scale: f64,
    max_steps: usize,
) -> Result<Option<Complex64>> {
    let h = 1e-4 * scale;
    let mut lambda = start;
    for _ in 0..max_steps {
        network.budget.check(SEARCHING)?;
        let f = match network.characteristic(lambda) {
            Ok(f) => f,
            // A pole of H (or a point outside the accurate domain): abandon this seed.
            Err(Error::Runtime(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        // Forward difference: O(h) error in f', enough for Newton's convergence (the
        // converged root is where f = 0, whatever the derivative's accuracy).
        let fp = (network.characteristic(lambda + h)? - f) / h;
        if fp.norm() == 0.0 || !fp.re.is_finite() {
            return Ok(None);
        }
        let mut step = f / fp;
        // Damp steps larger than a few time-constant scales.
        let max_step = 2.0 * scale;
        if step.norm() > max_step {
            step *= max_step / step.norm();
        }
        lambda -= step;
        if !(lambda.re.is_finite() && lambda.im.is_finite()) || lambda.re.abs() > 100.0 * scale {
            return Ok(None);
        }
        if step.norm() < 1e-10 * scale {
            return Ok(Some(lambda));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::transfer::{LifOperatingPoint, SynapticFilter, TransferForm};

    fn base() -> LifTransfer {
        let point = LifOperatingPoint {
            tau_m: 0.02,
            t_ref: 0.002,
            v_th: 0.02,
            v_reset: 0.01,
            mu: 0.019,
            sigma: 0.005,
            rate: crate::neuron::siegert::siegert_rate(0.02, 0.002, 0.02, 0.01, 0.019, 0.005),
        };
        LifTransfer::new(point, SynapticFilter::None, TransferForm::Exact).unwrap()
    }

    /// A sampled transfer function equal to the analytical one on its grid reproduces it there
    /// and in between (to the linear interpolation's error), is conjugate-symmetric, falls
    /// back to the analytical form beyond its grid, and refuses points off the imaginary axis.
    #[test]
    fn sampled_transfer_interpolates_and_stays_on_the_axis() {
        let b = base();
        let at = |f: f64| b.eval(Complex64::new(0.0, 2.0 * PI * f)).unwrap();
        let frequency_hz: Vec<f64> = (0..=100).map(|k| 2.0 * k as f64).collect();
        let h = frequency_hz.iter().map(|&f| at(f)).collect();
        let s = SampledTransfer {
            base: b.clone(),
            frequency_hz,
            h,
        };
        for f in [0.0, 10.0, 51.0, 199.0] {
            let got = s.eval(Complex64::new(0.0, 2.0 * PI * f)).unwrap();
            assert!((got - at(f)).norm() < 1e-3 * at(f).norm(), "{f} Hz");
            let neg = s.eval(Complex64::new(0.0, -2.0 * PI * f)).unwrap();
            assert!((neg - got.conj()).norm() < 1e-12 * got.norm().max(1.0));
        }
        let beyond = s.eval(Complex64::new(0.0, 2.0 * PI * 300.0)).unwrap();
        assert_eq!(beyond, at(300.0));
        assert!(s.eval(Complex64::new(5.0, 2.0 * PI * 10.0)).is_err());
        // In a network, the replacement applies per population.
        let net = LinearisedNetwork::new(
            DMatrix::from_element(2, 2, 1e-4),
            DMatrix::from_element(2, 2, 1e-3),
            vec![b.clone(), b],
        )
        .unwrap()
        .with_transfers(|a, t| {
            if a == 1 {
                UnitTransfer::Sampled(s.clone())
            } else {
                t.clone()
            }
        });
        assert!(matches!(net.transfer(0), UnitTransfer::Lif(_)));
        assert!(matches!(net.transfer(1), UnitTransfer::Sampled(_)));
    }
}
