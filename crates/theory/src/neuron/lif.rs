//! Mean and variance of the input of a LIF population in the diffusion approximation, for
//! delta, exponential-current and conductance synapses, and the resulting stationary rate.
//!
//! Delta synapses (Brunel 2000, eqs. 4-5), with a constant current I through R = tau_m / C:
//!   mu = tau_m sum_b K_ab J_ab nu_b + tau_m I / C,   sigma^2 = tau_m sum_b K_ab J_ab^2 nu_b,
//! external Poisson sources entering as further b. The rate is the Siegert formula.
//!
//! Exponential current synapses: the same with J = w tau_s / C, and threshold and reset
//! shifted by sigma sqrt(tau_s/tau_m) |zeta(1/2)|/sqrt(2) (Fourcaud & Brunel 2002). With
//! different time constants the noise-weighted mean tau_s = sum K J^2 nu tau_s / sum K J^2 nu
//! is used (exact when they agree).
//!
//! Conductance synapses, effective-time-constant approximation (Kuhn, Aertsen & Rotter 2004;
//! Richardson 2004): mean conductances g_b = K_ab w_ab tau_b nu_b, g_tot = g_L + sum g_b,
//! tau_eff = C / g_tot, V_eff = (sum_b g_b E_b + I) / g_tot (relative to rest); each input is
//! a voltage kick w tau_b (E_b - V_eff) / C in that membrane, so
//! sigma^2 = tau_eff sum_b K_ab w_ab^2 tau_b^2 (E_b - V_eff)^2 nu_b / C^2, and the rate is the
//! Siegert formula with tau_m -> tau_eff, mu = V_eff and the Fourcaud-Brunel shift with
//! sqrt(tau_s / tau_eff) (the synaptic filter is not short against a fast membrane: this is the
//! approximation's weakest part, expect a few per cent).

use super::siegert::{SiegertPoint, fourcaud_brunel_shift, siegert};
use crate::network::input::{Coupling, Membrane, PopulationTerms};

/// Input statistics and response of one LIF population at given source rates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifState {
    pub siegert: SiegertPoint,
    /// Mean free membrane potential relative to rest (V).
    pub mu: f64,
    /// Standard deviation of the free membrane potential (V).
    pub sigma: f64,
    /// Mean input from recurrent excitatory sources (V).
    pub input_e: f64,
    /// Mean input from recurrent inhibitory sources (V, <= 0).
    pub input_i: f64,
    /// Mean input from external Poisson drive and constant currents (V).
    pub input_ext: f64,
    /// Membrane time constant used (tau_eff for conductance synapses).
    pub tau: f64,
    /// Fourcaud-Brunel shift factor k (theta_eff = theta + k sigma).
    pub shift: f64,
    /// The membrane parameters (relative to rest).
    pub membrane: Membrane,
}

/// Sum of one input's contributions.
#[derive(Default)]
struct Sums {
    mean_e: f64,
    mean_i: f64,
    mean_ext: f64,
    second: f64,
    second_tau: f64,
}

/// The state of a population with delta (`filtered = false`) or exponential current synapses
/// (`filtered = true`: Fourcaud-Brunel shift) given the rates of all populations.
pub fn current_based(
    pop: &PopulationTerms,
    row: &[Coupling],
    rates: &[f64],
    m: &Membrane,
    filtered: bool,
) -> LifState {
    let mut s = Sums::default();
    for (c, &nu) in row.iter().zip(rates) {
        let mean = c.mean * nu;
        if mean >= 0.0 {
            s.mean_e += mean;
        } else {
            s.mean_i += mean;
        }
        s.second += c.second_moment * nu;
        s.second_tau += c.second_moment_tau * nu;
    }
    for e in &pop.external {
        s.mean_ext += e.coupling.mean * e.rate;
        s.second += e.coupling.second_moment * e.rate;
        s.second_tau += e.coupling.second_moment_tau * e.rate;
    }
    let tau = m.tau_m;
    let input_ext = tau * s.mean_ext + tau * pop.current / m.c_m;
    let mu = tau * (s.mean_e + s.mean_i) + input_ext;
    let sigma = (tau * s.second).max(0.0).sqrt();
    let shift = if filtered && s.second > 0.0 {
        fourcaud_brunel_shift(s.second_tau / s.second, tau)
    } else {
        0.0
    };
    LifState {
        siegert: siegert(tau, m.t_ref, m.theta, m.v_reset, mu, sigma, shift),
        mu,
        sigma,
        input_e: tau * s.mean_e,
        input_i: tau * s.mean_i,
        input_ext,
        tau,
        shift,
        membrane: *m,
    }
}

/// The state of a population with conductance synapses given the rates of all populations.
pub fn conductance_based(
    pop: &PopulationTerms,
    row: &[Coupling],
    rates: &[f64],
    m: &Membrane,
) -> LifState {
    let g_leak = m.c_m / m.tau_m;
    let inputs = row
        .iter()
        .zip(rates)
        .map(|(c, &nu)| (c, nu, false))
        .chain(pop.external.iter().map(|e| (&e.coupling, e.rate, true)));
    let mut g_tot = g_leak;
    let mut drive = pop.current;
    let mut terms = Vec::with_capacity(row.len() + pop.external.len());
    for (c, nu, external) in inputs {
        let g = c.mean * nu;
        g_tot += g;
        drive += g * c.reversal;
        terms.push((
            g,
            c.reversal,
            c.second_moment * nu,
            c.second_moment_tau * nu,
            external,
        ));
    }
    let v_eff = drive / g_tot;
    let tau = m.c_m / g_tot;
    let (mut var, mut var_tau) = (0.0, 0.0);
    let (mut input_e, mut input_i, mut input_ext) = (0.0, 0.0, pop.current / g_tot);
    for &(g, e_rev, second, second_tau, external) in &terms {
        let force2 = (e_rev - v_eff).powi(2) / (m.c_m * m.c_m);
        // j = w tau_s: one input moves the effective membrane by j (E - V_eff) / C.
        var += second * force2;
        var_tau += second_tau * force2;
        // The depolarisation each conductance would cause from rest in this membrane.
        let contribution = g * e_rev / g_tot;
        if external {
            input_ext += contribution;
        } else if contribution >= 0.0 {
            input_e += contribution;
        } else {
            input_i += contribution;
        }
    }
    let sigma = (tau * var).max(0.0).sqrt();
    let shift = if var > 0.0 {
        fourcaud_brunel_shift(var_tau / var, tau)
    } else {
        0.0
    };
    LifState {
        siegert: siegert(tau, m.t_ref, m.theta, m.v_reset, v_eff, sigma, shift),
        mu: v_eff,
        sigma,
        input_e,
        input_i,
        input_ext,
        tau,
        shift,
        membrane: *m,
    }
}
