"""Independent reference for tests/theory_cli.rs (`theory_table_and_scale_k`): the stationary
rate of Brunel's (2000) model A (models/brunel2000.ei: g = 5, eta = 2, J = 0.1 mV, C_E = 1000,
C_I = 250, tau_m = 20 ms, theta = 20 mV, V_r = 10 mV, t_ref = 2 ms) with every in-degree
(recurrent and external) multiplied by F = 10 and every weight divided by sqrt(F).

Self-consistency nu = Phi(mu(nu), sigma(nu)) with the Siegert formula (Amit & Brunel 1997;
Brunel 2000 eq. 21) written with scipy's erfcx and quad, solved by brentq - no code shared
with eibal. Run: python tests/references/brunel_scale_k_siegert.py (scipy 1.17.1 prints
62.932670 Hz).
"""
import math
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.special import erfcx

F = 10.0
tau, theta, v_r, t_ref = 0.020, 0.020, 0.010, 0.002
g, eta, J0, C_E0 = 5.0, 2.0, 0.1e-3, 1000.0
nu_thr = theta / (J0 * C_E0 * tau)
J = J0 / math.sqrt(F)
K_E, K_I, K_ext = F * C_E0, F * C_E0 / 4.0, F * C_E0
nu_ext = eta * nu_thr


def siegert(mu, sigma):
    y_th, y_r = (theta - mu) / sigma, (v_r - mu) / sigma
    # e^{u^2} (1 + erf u) = erfcx(-u)
    integral, _ = quad(lambda u: erfcx(-u), y_r, y_th, epsabs=0, epsrel=1e-13, limit=200)
    return 1.0 / (t_ref + tau * math.sqrt(math.pi) * integral)


def residual(nu):
    mu = tau * (K_E * J * nu - K_I * g * J * nu + K_ext * J * nu_ext)
    sigma = math.sqrt(tau * (K_E * J**2 * nu + K_I * (g * J) ** 2 * nu + K_ext * J**2 * nu_ext))
    return siegert(mu, sigma) - nu


print(f"{brentq(residual, 1e-3, 400.0, xtol=1e-12):.6f}")
