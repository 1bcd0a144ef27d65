"""Population-rate power spectra of the cortical microcircuit (Potjans & Diesmann 2014, Bos et
al. 2016 variant) from NNMT 1.3.0, the reference for tests/population_spectrum.rs.

The chain of nnmt.lif.exp that Bos, Diesmann & Helias (2016) used: stationary rates
(`_firing_rates`, method 'shift'), mean and standard deviation of the input (`_mean_input`,
`_std_input`), the transfer function (`_transfer_function`, method 'shift' by default or
'taylor' with the argument `taylor`, synaptic low pass included), the effective connectivity
(`_effective_connectivity`: tau_m J K H D) and the spectra (`_power_spectra`: the diagonal of
(1 - W)^-1 diag(nu / N) (1 - W)^-H, two-sided, Hz^2/Hz = Hz).

Parameters from ../shared/reference/microcircuit_bos2016.toml (fractional in-degrees as
published, as models/microcircuit.ei states them with `total`); delta-equivalent weights
J = w tau_s / C. The delay law is the one eibal's simulation draws for models/microcircuit.ei:
normal(d, d / 2) truncated below at dt = 0.1 ms (samples below are redrawn); its Laplace
transform D(i omega) = E[e^{-i omega d}] is computed here by numerical quadrature
(scipy.integrate.quad), not by NNMT's `delay_dist_matrix` (which truncates at 0).

NNMT's transfer function leaves the refractory phase factor e^{-i omega t_ref} out of its
denominator (eibal keeps it).

Run (in the venv of the cross-checks, nnmt==1.3.0):
    python tests/references/nnmt_power_spectra.py [shift|taylor]
Prints the eight rates and then one line per frequency: f_hz and the eight powers (repr).
"""
import sys
import tomllib

import numpy as np
import nnmt.lif.exp as exp
from scipy import integrate
from scipy.stats import norm

method = sys.argv[1] if len(sys.argv) > 1 else "shift"
path = "../shared/reference/microcircuit_bos2016.toml"
with open(path, "rb") as f:
    ref = tomllib.load(f)
neuron, syn, ext, pops = ref["neuron"], ref["synapse"], ref["external"], ref["populations"]
names = pops["names"]
n = len(names)
K = np.array(pops["K"], dtype=float)
N = np.array(pops["size"], dtype=float)
C = neuron["C_pF"] * 1e-12
tau_s = syn["tau_s_ms"] * 1e-3
tau_m = neuron["tau_m_ms"] * 1e-3
tau_r = neuron["t_ref_ms"] * 1e-3
V_0 = (neuron["V_reset_mV"] - neuron["E_L_mV"]) * 1e-3
V_th = (neuron["V_th_mV"] - neuron["E_L_mV"]) * 1e-3
j = syn["w_pA"] * 1e-12 * tau_s / C
J = np.empty((n, n))
for b, src in enumerate(names):
    J[:, b] = j if src.endswith("E") else -syn["g"] * j
J[names.index("23E"), names.index("4E")] *= syn["w_4E_to_23E_factor"]
J_ext = np.full((n, 1), ext["w_ext_pA"] * 1e-12 * tau_s / C)
K_ext = np.array(pops["K_ext"], dtype=float).reshape(n, 1)
nu_ext = np.array([ext["rate_hz"]])
nu = exp._firing_rates(J, K, V_0_rel=V_0, V_th_rel=V_th, tau_m=tau_m, tau_r=tau_r,
                       tau_s=tau_s, J_ext=J_ext, K_ext=K_ext, nu_ext=nu_ext, method="shift")
mu = exp._mean_input(nu, J, K, tau_m, J_ext, K_ext, nu_ext)
sigma = exp._std_input(nu, J, K, tau_m, J_ext, K_ext, nu_ext)

FREQS = np.array([1.0, 5.0, 10.0, 20.0, 40.0, 60.0, 80.0, 100.0, 150.0, 200.0, 250.0,
                  300.0, 320.0, 345.0, 400.0, 500.0])
omegas = 2 * np.pi * FREQS
tf = exp._transfer_function(mu, sigma, tau_m, tau_s, tau_r, V_th, V_0,
                            omegas, method=method, synaptic_filter=True)


def laplace_truncated_normal(mean, sd, lo, omega):
    z = norm.sf((lo - mean) / sd) * sd
    pdf = lambda d: np.exp(-0.5 * ((d - mean) / sd) ** 2) / np.sqrt(2 * np.pi) / z
    hi = mean + 12 * sd
    re = integrate.quad(lambda d: pdf(d) * np.cos(omega * d), lo, hi, limit=400)[0]
    im = integrate.quad(lambda d: -pdf(d) * np.sin(omega * d), lo, hi, limit=400)[0]
    return re + 1j * im


d_e, d_i, dt = syn["delay_exc_ms"] * 1e-3, syn["delay_inh_ms"] * 1e-3, 1e-4
D = np.empty((len(FREQS), n, n), dtype=complex)
for k, om in enumerate(omegas):
    de = laplace_truncated_normal(d_e, d_e / 2, dt, om)
    di = laplace_truncated_normal(d_i, d_i / 2, dt, om)
    for b, src in enumerate(names):
        D[k, :, b] = de if src.endswith("E") else di
W = exp._effective_connectivity(tf, D, J, K, tau_m)
power = exp._power_spectra(nu, W, J, K, N, tau_m)
print("# rates " + " ".join(repr(float(x)) for x in nu))
for f, row in zip(FREQS, power):
    print(repr(float(f)) + " " + " ".join(repr(float(x)) for x in row))
