"""Brunel (2000) model A in NEST 3.10.0: rates, mean CV of ISIs and Fano factor per population.

Reference numbers for tests/theory_second_order.rs (the self-consistent CV). Same network as
models/brunel2000.ei (delta synapses) or models/brunel2000_exp.ei (iaf_psc_exp, tau_s 0.5 ms,
C_m 250 pF, PSC amplitude w = J C_m / tau_s), fixed in-degrees, dt 0.1 ms, one thread.

Usage (pinned peer: python3 -m venv V && V/bin/pip install nest-simulator==3.10.0):
    V/bin/python tests/references/nest_brunel_second_order.py G ETA {delta|exp} SIM_MS WARMUP_MS SEED

CV: mean over neurons (>= 3 spikes after the warm-up) of sd(ISI)/mean(ISI) with numpy's
population sd, as eibal's analysis::irregularity::mean_cv_isi. Fano: mean over neurons with a
non-zero count of Var/Mean of counts in 100 ms windows (unbiased variance), as
mean_fano_factor with FANO_WINDOW = 0.1 s. Also the standard error of the CV over 10 neuron
groups.
"""
import sys
import numpy as np
import nest

g, eta = float(sys.argv[1]), float(sys.argv[2])
kind = sys.argv[3]
simtime, warmup, seed = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
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
if kind == "delta":
    model = "iaf_psc_delta"
    params = {"C_m": 1.0, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0,
              "V_m": 0.0, "V_th": theta}
    w = J
else:
    model = "iaf_psc_exp"
    tau_s, c_m = 0.5, 250.0
    params = {"C_m": c_m, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0, "V_reset": 10.0,
              "V_m": 0.0, "V_th": theta, "tau_syn_ex": tau_s, "tau_syn_in": tau_s}
    w = J * c_m / tau_s
pop_e = nest.Create(model, NE, params=params)
pop_i = nest.Create(model, NI, params=params)
noise = nest.Create("poisson_generator", params={"rate": p_rate})
rec_e, rec_i = nest.Create("spike_recorder"), nest.Create("spike_recorder")
nest.Connect(noise, pop_e + pop_i, syn_spec={"weight": w, "delay": D})
nest.Connect(pop_e, rec_e)
nest.Connect(pop_i, rec_i)
nest.Connect(pop_e, pop_e + pop_i, {"rule": "fixed_indegree", "indegree": CE},
             {"weight": w, "delay": D})
nest.Connect(pop_i, pop_e + pop_i, {"rule": "fixed_indegree", "indegree": CI},
             {"weight": -g * w, "delay": D})
nest.Simulate(warmup + simtime)


def stats(rec, first, n):
    ev = rec.events
    t, s = ev["times"], ev["senders"]
    keep = t >= warmup
    t, s = t[keep], s[keep] - first
    rate = len(t) / n / (simtime / 1000.0)
    order = np.lexsort((t, s))
    t, s = t[order], s[order]
    trains = np.split(t, np.flatnonzero(np.diff(s)) + 1)
    ids = [int(s[0])] + [int(x) for x in s[np.flatnonzero(np.diff(s)) + 1]] if len(s) else []
    cvs, fanos, groups = [], [], [[] for _ in range(10)]
    windows = int(simtime / 100.0 + 1e-9)
    for i, tr in zip(ids, trains):
        if len(tr) >= 3:
            isi = np.diff(tr)
            cv = isi.std() / isi.mean()
            cvs.append(cv)
            groups[i % 10].append(cv)
        counts = np.histogram(tr, bins=windows, range=(warmup, warmup + windows * 100.0))[0]
        if counts.mean() > 0:
            fanos.append(counts.var(ddof=1) / counts.mean())
    gm = [np.mean(x) for x in groups if x]
    se = np.std(gm, ddof=1) / np.sqrt(len(gm))
    return rate, np.mean(cvs), se, np.mean(fanos)


re_, cve, see, fe = stats(rec_e, pop_e[0].global_id, NE)
ri, cvi, sei, fi = stats(rec_i, pop_i[0].global_id, NI)
print(f"nest {kind} g={g} eta={eta} sim_ms={simtime} seed={seed}: "
      f"rate_E={re_:.3f} cv_E={cve:.4f} cv_se_E={see:.4f} fano_E={fe:.4f} "
      f"rate_I={ri:.3f} cv_I={cvi:.4f} cv_se_I={sei:.4f} fano_I={fi:.4f}")
