#!/usr/bin/env bash
# Builds NEST 3.10.0 with MPI from its source distribution on PyPI and checks that a model
# exported by `eibal export --to nest` gives the same statistics under `mpirun -np 2` as in one
# process (within the spread over seeds).
#
# Needs (Debian 12): openmpi-bin libopenmpi-dev cmake libgsl-dev libltdl-dev libboost-dev
# build-essential; the script installs them with apt-get when it runs as root and they are
# missing. mpi4py is built by pip against Debian's Open MPI.
#
# Usage: scripts/nest_mpi_check.sh [MODEL] [SEEDS]
#   MODEL  default models/brunel2000.ei       SEEDS  default "1 2 3 4"
# Environment: VENV (default target/venvs/nest-mpi), JOBS (parallel build jobs, default 2),
#   DURATION (simulated ms, default the model's own), BUILD_ONLY=1 (stop after the build),
#   NEST_MODELS (NEST's -Dwith-models list; default the neuron, device and synapse models that
#   eibal's LIF exports use, which cuts the build from ~360 to ~100 source files; `full` builds
#   NEST's whole model set).
# Output: one JSON line per run in $OUT (default target/nest-mpi/runs.jsonl) and a table of
# mean +- sd over seeds per population for 1 and 2 processes, with Welch's 99.9 % bound.
# Exit: 0 agreement, 1 a difference beyond the bound or a failed step.
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/brunel2000.ei}
SEEDS=${2:-"1 2 3 4"}
VENV=${VENV:-target/venvs/nest-mpi}
JOBS=${JOBS:-2}
OUT=${OUT:-target/nest-mpi/runs.jsonl}
NEST_VERSION=3.10.0
NEST_MODELS=${NEST_MODELS:-"iaf_psc_delta;iaf_psc_exp;iaf_cond_exp;poisson_generator;spike_recorder;multimeter;static_synapse"}
model_set=(--config-settings=cmake.define.with-models="$NEST_MODELS")
[[ $NEST_MODELS == full ]] && model_set=()

need=(openmpi-bin libopenmpi-dev cmake libgsl-dev libltdl-dev libboost-dev build-essential)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    else
        echo "missing Debian packages: ${missing[*]} (sudo apt-get install them)" >&2
        exit 1
    fi
fi

t0=$(date +%s)
# The marker is written only after a successful MPI build (a wheel from PyPI has no MPI).
if [[ ! -f $VENV/nest-mpi-built ]] || ! "$VENV/bin/python" -c 'import nest, mpi4py' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check mpi4py numpy
    # scikit-build-core passes cmake.define.* to NEST's CMake; with-mpi=ON needs mpicc/mpicxx.
    CMAKE_BUILD_PARALLEL_LEVEL=$JOBS "$VENV/bin/pip" install --disable-pip-version-check \
        --no-binary nest-simulator "nest-simulator==$NEST_VERSION" \
        --config-settings=cmake.define.with-mpi=ON "${model_set[@]}"
    touch "$VENV/nest-mpi-built"
fi
t1=$(date +%s)
echo "NEST $NEST_VERSION with MPI ready in $((t1 - t0)) s (0 if it was built before)"
[[ -n ${BUILD_ONLY:-} ]] && exit 0

mkdir -p "$(dirname "$OUT")"
: >"$OUT"
script=$(dirname "$OUT")/run.py
cargo run --release --quiet -- export --to nest "$MODEL" -o "$script"
extra=()
[[ -n ${DURATION:-} ]] && extra=(--duration "$DURATION")
for seed in $SEEDS; do
    for np in 1 2; do
        start=$(date +%s)
        line=$(PYNEST_QUIET=1 mpirun --allow-run-as-root --oversubscribe -np "$np" \
            "$VENV/bin/python" "$script" --seed "$seed" "${extra[@]}" | grep '^{' | tail -1)
        echo "seed $seed, $np process(es): $(($(date +%s) - start)) s wall"
        echo "$line" >>"$OUT"
    done
done

"$VENV/bin/python" - "$OUT" <<'EOF'
import json, math, sys
from collections import defaultdict
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = defaultdict(lambda: defaultdict(list))
for r in runs:
    for p in r["populations"]:
        for f in ("rate_hz", "cv", "spectrum_peak_hz"):
            if p.get(f) is not None:
                by[(p["name"], f)][r["processes"]].append(p[f])
try:
    from scipy.stats import t as student
    quantile = lambda df: student.ppf(1 - 0.0005, df)
except ImportError:  # a conservative fallback: the 99.9 % quantile at 3 degrees of freedom
    quantile = lambda df: 12.92
def mv(xs):
    m = sum(xs) / len(xs)
    return m, sum((x - m) ** 2 for x in xs) / (len(xs) - 1)
bad = 0
print(f"{'population':10} {'stat':16} {'1 process':>18} {'2 processes':>18} {'diff':>9} {'allowed':>9}")
for (name, f), per in sorted(by.items()):
    a, b = per.get(1, []), per.get(2, [])
    if len(a) < 2 or len(b) < 2:
        print(f"{name:10} {f:16} fewer than two runs on a side: not compared")
        bad += 1
        continue
    (ma, va), (mb, vb) = mv(a), mv(b)
    ea, eb = va / len(a), vb / len(b)
    se = math.sqrt(ea + eb)
    df = (ea + eb) ** 2 / (ea * ea / (len(a) - 1) + eb * eb / (len(b) - 1)) if se > 0 else 1
    allowed = quantile(df) * se
    ok = abs(ma - mb) <= allowed
    bad += not ok
    print(f"{name:10} {f:16} {ma:9.4f} +- {math.sqrt(va):6.4f} {mb:9.4f} +- {math.sqrt(vb):6.4f} "
          f"{ma - mb:9.4f} {allowed:9.4f} {'ok' if ok else 'DIFFERENT'}")
if not by:
    print("no statistics in the runs: nothing compared")
    bad += 1
sys.exit(1 if bad else 0)
EOF
