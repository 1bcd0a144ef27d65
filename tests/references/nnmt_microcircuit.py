"""Stationary rates of the cortical microcircuit (Potjans & Diesmann 2014, Bos et al. 2016
variant) from NNMT 1.3.0 with the published fractional in-degrees.

The reference for tests/microcircuit_reference.rs. Parameters from
../shared/reference/microcircuit_bos2016.toml (path given as the first argument, or the
default below): LIF, exponential current synapses (NNMT's nnmt.lif.exp, Fourcaud & Brunel
2002 boundary shift, method='shift'), delta-equivalent weights J = w tau_s / C, inhibitory
-g J, twice J from L4E to L2/3E, K_ext Poisson sources at 8 Hz of weight J.

Run (in the venv of the cross-checks, nnmt==1.3.0):
    python tests/references/nnmt_microcircuit.py [path/to/microcircuit_bos2016.toml]
Prints the eight rates in Hz (repr, full precision), one per line, in the table's order.
"""
import sys
import tomllib

import numpy as np
import nnmt.lif.exp as exp

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/microcircuit_bos2016.toml"
with open(path, "rb") as f:
    ref = tomllib.load(f)
neuron, syn, ext, pops = ref["neuron"], ref["synapse"], ref["external"], ref["populations"]
names = pops["names"]
n = len(names)
K = np.array(pops["K"], dtype=float)  # K[target][source], fractional as published
C = neuron["C_pF"] * 1e-12
tau_s = syn["tau_s_ms"] * 1e-3
j = syn["w_pA"] * 1e-12 * tau_s / C  # V: the PSC's integral over C
J = np.empty((n, n))
for b, src in enumerate(names):
    J[:, b] = j if src.endswith("E") else -syn["g"] * j
J[names.index("23E"), names.index("4E")] *= syn["w_4E_to_23E_factor"]
j_ext = ext["w_ext_pA"] * 1e-12 * tau_s / C
K_ext = np.array(pops["K_ext"], dtype=float).reshape(n, 1)
J_ext = np.full((n, 1), j_ext)
nu_ext = np.array([ext["rate_hz"]])
rates = exp._firing_rates(
    J, K,
    V_0_rel=(neuron["V_reset_mV"] - neuron["E_L_mV"]) * 1e-3,
    V_th_rel=(neuron["V_th_mV"] - neuron["E_L_mV"]) * 1e-3,
    tau_m=neuron["tau_m_ms"] * 1e-3,
    tau_r=neuron["t_ref_ms"] * 1e-3,
    tau_s=tau_s,
    J_ext=J_ext, K_ext=K_ext, nu_ext=nu_ext,
    method="shift",
)
for name, r in zip(names, rates):
    print(f"{name} {float(r)!r}")
