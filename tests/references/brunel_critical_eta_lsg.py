"""Independent reference for tests/sweep.rs (`long_brunel_sweep_finds_the_oscillatory_critical_drive`):
the drive eta at which Brunel's (2000) model A (models/brunel2000.ei at g = 6: J = 0.1 mV,
C_E = 1000, C_I = 250, gamma = 1/4, D = 1.5 ms, tau_m = 20 ms, theta = 20 mV, V_r = 10 mV,
t_ref = 2 ms) loses stability to fast oscillations.

Method, sharing no code with eibal: E and I are identical, so the network is one population
with mean coupling M = tau C_E J (1 - g gamma) and variance coupling V = tau C_E J^2 (1 + g^2 gamma)
(the variance channel of Brunel & Hakim 1999, which eibal adds for delta synapses). The stationary rate solves nu = Phi(mu, sigma)
(Siegert, scipy quad + brentq); the rate response to the mean input is the exact
Lindner & Schimansky-Geier (2001) susceptibility
  H(w) = nu iwt / (sqrt(Dn) (iwt - 1)) [D_{iwt-1}(x_T) - e^Delta D_{iwt-1}(x_R)]
                                      / [D_{iwt}(x_T) - e^Delta e^{iw t_ref} D_{iwt}(x_R)],
Dn = sigma^2 / 2, x = sqrt2 (mu - v) / sigma, Delta = (x_R^2 - x_T^2) / 4, with mpmath's
parabolic cylinder functions of complex order, and the response to the noise intensity
  H_var(w) = nu iwt (iwt - 1) / (Dn (2 - iwt)) [D_{iwt-2}(x_T) - e^Delta D_{iwt-2}(x_R)] / [same] / 2
(LSG 2001; per unit of sigma^2 = 2 Dn). LSG write these for perturbations e^{-iwt}: their
phase at low frequency is a lead. A perturbation e^{lambda t}, lambda = iw, therefore sees their
complex conjugates, and the critical point is a root on the imaginary axis:
  (M conj H(w) + V conj H_var(w)) e^{-i w D} = 1,
two real equations for (eta, w), solved by scipy's fsolve from a start near the oscillation
frequency (Brunel 2000: of order 1 / (4 D)).

Checks inside the method: both responses agree with the Siegert derivatives at low frequency
(eta = 3.25, f = 0.01 Hz: H_mu = 3336.570 vs d nu/d mu = 3336.571 Hz/V; H_var = 120099.0 vs
d nu/d sigma^2 = 120098.9 Hz/V^2). Brunel (2000) Fig. 8B shows fast oscillations at g = 6, eta = 4
and asynchronous firing at g = 5, eta = 2.

Run: /work/venvs/crosscheck/bin/python tests/references/brunel_critical_eta_lsg.py
  (scipy 1.17.1, mpmath 1.3.0; about 3 s)
Output: critical eta = 3.25501, frequency = 176.22 Hz
(An earlier version of this script missed the conjugation, found no crossing near 3.255 and
was marked OPEN; the conjugate is what the sign of the low-frequency phase demands.)
"""
import math
import mpmath as mp
from scipy.integrate import quad
from scipy.optimize import brentq, fsolve
from scipy.special import erfcx

tau, theta, v_r, t_ref = 0.020, 0.020, 0.010, 0.002
g, J, C_E, gamma, D = 6.0, 0.1e-3, 1000.0, 0.25, 1.5e-3
nu_thr = theta / (J * C_E * tau)


def siegert(mu, sigma):
    y_th, y_r = (theta - mu) / sigma, (v_r - mu) / sigma
    integral, _ = quad(lambda u: erfcx(-u), y_r, y_th, epsabs=0, epsrel=1e-13, limit=200)
    return 1.0 / (t_ref + tau * math.sqrt(math.pi) * integral)


def moments(nu, eta):
    nu_ext = eta * nu_thr
    mu = C_E * J * tau * (nu_ext + nu * (1 - g * gamma))
    var = C_E * J * J * tau * (nu_ext + nu * (1 + g * g * gamma))
    return mu, math.sqrt(var)


def rate(eta):
    return brentq(lambda nu: siegert(*moments(nu, eta)) - nu, 1e-6, 1.0 / t_ref - 1e-6, xtol=1e-14)


def responses(eta, w):
    nu = rate(eta)
    mu, sigma = moments(nu, eta)
    x_t, x_r = math.sqrt(2) * (mu - theta) / sigma, math.sqrt(2) * (mu - v_r) / sigma
    delta = (x_r ** 2 - x_t ** 2) / 4
    a = 1j * w * tau
    num = mp.pcfd(a - 1, x_t) - mp.exp(delta) * mp.pcfd(a - 1, x_r)
    den = mp.pcfd(a, x_t) - mp.exp(delta) * mp.exp(1j * w * t_ref) * mp.pcfd(a, x_r)
    dn = sigma ** 2 / 2
    h_mu = nu * a / (mp.sqrt(dn) * (a - 1)) * num / den
    num2 = mp.pcfd(a - 2, x_t) - mp.exp(delta) * mp.pcfd(a - 2, x_r)
    # Response to the noise intensity Dn = sigma^2 / 2, per unit of sigma^2: chi_D / 2.
    h_var = nu * a * (a - 1) / (dn * (2 - a)) * num2 / den / 2
    return h_mu, h_var


def char(eta, w):
    m = tau * C_E * J * (1 - g * gamma)
    v = tau * C_E * J * J * (1 + g * g * gamma)
    h_mu, h_var = responses(eta, w)
    # LSG's susceptibilities are written for perturbations e^{-i w t} (their phase at low
    # frequency is a lead); the loop of a perturbation e^{i w t} = e^{lambda t} with the
    # delay factor e^{-i w D} uses their complex conjugates.
    return (m * mp.conj(h_mu) + v * mp.conj(h_var)) * mp.exp(-1j * w * D) - 1


def equations(x):
    f = complex(char(x[0], x[1]))
    return [f.real, f.imag]


if __name__ == "__main__":
    mp.mp.dps = 20
    eta, w = fsolve(equations, (3.2, 2 * math.pi * 180.0), xtol=1e-12)
    print(f"critical eta = {float(eta):.5f}, frequency = {float(w) / (2 * math.pi):.2f} Hz")
