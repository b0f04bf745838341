#!/usr/bin/env bash
# Same speed: the bench grid of two builds, interleaved (A B A B ...), to compare medians and spreads.
#   scripts/bench-ab.sh 'java --add-modules jdk.incubator.vector -jar OLD/dlnlab.jar bench' \
#                       'java --add-modules jdk.incubator.vector -cp NEW/benchmarks.jar org.dlnlab.bench.BenchMain' [ROUNDS]
# Prints, per configuration, GD step and HVP times (min / median / max over the rounds) and bytes allocated per step
# and per HVP for A and B, and the ratio of the medians B/A.
set -euo pipefail
a="$1"; b="$2"; rounds="${3:-3}"
args=(--quick --widths 5,20,100 --depths 2,10 --json)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((i = 0; i < rounds; i++)); do
  $a "${args[@]}" 2>/dev/null > "$work/a$i.json"
  $b "${args[@]}" 2>/dev/null > "$work/b$i.json"
done
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def load(side):
    rows = {}
    for i in range(rounds):
        d = json.load(open(f"{work}/{side}{i}.json"))
        for g in d["grid"]:
            r = rows.setdefault((g["d"], g["depth"]), {"gd": [], "hvp": [], "gd_alloc": [], "hvp_alloc": []})
            r["gd"].append(g["gd_step_s"] * 1e6)
            r["hvp"].append(g["hvp_s"] * 1e6)
            r["gd_alloc"].append(g.get("gd_alloc_bytes_per_step"))
            r["hvp_alloc"].append(g.get("hvp_alloc_bytes"))
        pw = d.get("paper_workload")
        if pw:
            r = rows.setdefault(("paper", "gd"), {"gd": [], "hvp": [], "gd_alloc": [], "hvp_alloc": []})
            r["gd"].append(pw["gd_only_step_s"] * 1e6)
            r["hvp"].append(pw["power20_every5_step_s"] * 1e6)  # the paper workload with power iteration every 5 steps
    return rows
A, B = load("a"), load("b")
fmt = lambda v: f"{min(v):.3f} / {statistics.median(v):.3f} / {max(v):.3f}"
print("config   | GD step µs A (min/med/max) | B | B/A med | HVP µs A | B | B/A med | alloc A gd,hvp | B")
for k in A:
    a, b = A[k], B[k]
    print(f"{k} | {fmt(a['gd'])} | {fmt(b['gd'])} | {statistics.median(b['gd']) / statistics.median(a['gd']):.2f} | "
          f"{fmt(a['hvp'])} | {fmt(b['hvp'])} | {statistics.median(b['hvp']) / statistics.median(a['hvp']):.2f} | "
          f"{a['gd_alloc']},{a['hvp_alloc']} | {b['gd_alloc']},{b['hvp_alloc']}")
PY
