"""Brunel (2000) model A in NEST 3.10.0: power spectrum of the excitatory population rate.

Reference numbers for tests/population_spectrum.rs (the predicted spectral peak near the
fast Hopf line). Same network as models/brunel2000.ei (iaf_psc_delta, fixed in-degrees
C_E = 1000, C_I = 250, J = 0.1 mV, D = 1.5 ms, dt 0.1 ms, one thread).

Usage (pinned peer: python3 -m venv V && V/bin/pip install nest-simulator==3.10.0):
    V/bin/python tests/references/nest_brunel_rate_spectrum.py G ETA SIM_MS WARMUP_MS SEED

The population rate of E in 1 ms bins (spikes / N_E / 1 ms, after the warm-up) as eibal's
analysis does; Welch estimate with Hann windows of 512 bins overlapping by half, converted to
the TWO-sided density (Hz^2/Hz, the one-sided Welch estimate / 2) as eibal's theory prints it.
Prints the rate, the frequency of the largest density above 20 Hz (resolution 1.95 Hz), the
peak density, the mean density over 2-20 Hz ("low-frequency power") and the number of
segments.
"""
import sys
import numpy as np
import nest

g, eta = float(sys.argv[1]), float(sys.argv[2])
simtime, warmup, seed = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.resolution = 0.1
nest.local_num_threads = 1
nest.rng_seed = seed
NE, NI = 10000, 2500
CE, CI = 1000, 250
J, D, tau_m, theta = 0.1, 1.5, 20.0, 20.0
nu_th = theta / (J * CE * tau_m)
p_rate = 1000.0 * eta * nu_th * CE
params = {"C_m": 1.0, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0,
          "V_m": 0.0, "V_th": theta}
pop_e = nest.Create("iaf_psc_delta", NE, params=params)
pop_i = nest.Create("iaf_psc_delta", NI, params=params)
noise = nest.Create("poisson_generator", params={"rate": p_rate})
rec_e = nest.Create("spike_recorder")
nest.Connect(noise, pop_e + pop_i, syn_spec={"weight": J, "delay": D})
nest.Connect(pop_e, rec_e)
nest.Connect(pop_e, pop_e + pop_i, {"rule": "fixed_indegree", "indegree": CE},
             {"weight": J, "delay": D})
nest.Connect(pop_i, pop_e + pop_i, {"rule": "fixed_indegree", "indegree": CI},
             {"weight": -g * J, "delay": D})
nest.Simulate(warmup + simtime)

t = rec_e.events["times"]
t = t[t >= warmup]
nbins = int(simtime)
rate = np.histogram(t, bins=nbins, range=(warmup, warmup + nbins))[0] / NE / 1e-3
x = rate - rate.mean()
seg, dt = 512, 1e-3
win = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(seg) / seg)
norm = np.sum(win ** 2)
acc, k = np.zeros(seg // 2 + 1), 0
for start in range(0, len(x) - seg + 1, seg // 2):
    f = np.fft.rfft(x[start:start + seg] * win)
    acc += np.abs(f) ** 2 * dt / norm  # two-sided density (Hz^2/Hz)
    k += 1
psd = acc / k
freqs = np.fft.rfftfreq(seg, dt)
band = freqs >= 20.0
i = np.argmax(np.where(band, psd, -1.0))
low = psd[(freqs >= 2.0) & (freqs <= 20.0)].mean()
print(f"nest g={g} eta={eta} sim_ms={simtime} seed={seed}: rate_E={rate.mean():.3f} "
      f"peak_hz={freqs[i]:.2f} peak_power={psd[i]:.5g} low_power={low:.5g} segments={k}")
