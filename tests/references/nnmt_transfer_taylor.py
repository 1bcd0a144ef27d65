"""The exponential-synapse LIF transfer function of Schuecker, Diesmann & Helias (2015, PRE
92:052119) from NNMT 1.3.0 (`nnmt.lif.exp._transfer_function_taylor`, the function behind
`nnmt.lif.exp.transfer_function(..., method="taylor")`), the reference for
tests/transfer_taylor.rs.

Operating points: L2/3E and L4I of the cortical microcircuit at NNMT's 'shift' fixed point
(the same (mu, sigma) as tests/stability_microcircuit.rs), tau_m = 10 ms, tau_s = 0.5 ms,
threshold 15 mV and reset 0 mV relative to rest, t_ref = 0 and 2 ms. Frequencies 0 to 500 Hz.

Run (in the venv of the cross-checks, nnmt==1.3.0):
    python tests/references/nnmt_transfer_taylor.py
Prints, per operating point and t_ref, the Taylor rate nu (Hz, the rate NNMT's formula uses,
repr) and then one line per frequency: f_hz re im (Hz/V, repr).
"""
import numpy as np
import nnmt.lif.exp as exp

POINTS = [("23E", 0.00268932, 0.00610941), ("4I", 0.00697963, 0.00590953)]
FREQS = [0.0, 10.0, 50.0, 100.0, 200.0, 300.0, 330.0, 400.0, 500.0]
TAU_M, TAU_S, V_TH, V_0 = 0.01, 5e-4, 0.015, 0.0

for name, mu, sigma in POINTS:
    for t_ref in (0.0, 0.002):
        nu = exp._firing_rate_taylor(mu, sigma, V_0, V_TH, TAU_M, t_ref, TAU_S)
        h = exp._transfer_function_taylor(
            mu, sigma, TAU_M, TAU_S, t_ref, V_TH, V_0, 2 * np.pi * np.array(FREQS)
        )
        print(f"# {name} t_ref={t_ref} mu={mu} sigma={sigma} nu_taylor={float(nu)!r}")
        for f, v in zip(FREQS, h[:, 0]):
            print(f"{f!r} {float(v.real)!r} {float(v.imag)!r}")
