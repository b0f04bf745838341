#!/usr/bin/env bash
# Same numbers: runs a fixed set of commands with the given dlnlab jar and prints one line per output file,
# "sha256  file", with the fields that hold times removed (JSON keys ending in _s or named wall/timing,
# timing.json, run.json, the report's timing section). Compare two builds:
#   scripts/same-numbers.sh OLD.jar > old.txt; scripts/same-numbers.sh NEW.jar > new.txt; diff old.txt new.txt
# IGNORE_KEYS=a,b also drops those JSON keys (a field the newer build adds on purpose); JAVA=PATH picks the JVM.
set -euo pipefail
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
run() { "${JAVA:-java}" --add-modules jdk.incubator.vector -Djava.awt.headless=true -jar "$jar" "$@" 2>/dev/null; }
run reproduce --quick --out repro >/dev/null
run train --depth 10 --init small:0.35 --lr 0.1 --steps 600 --track sharpness:5,structure:50 --check-theory \
  --out one --json > one.json
run train --data builtin:linnerud --targets Weight,Waist,Pulse --standardize zscore --depth 3 --width 4 \
  --init small:0.3 --lr 0.01 --steps 500 --track sharpness:10 --out several --json > several.json
run train --depth 10 --init residual:0.5 --projection builtin:mc_projections:resnet_L10 --lr 0.02 --steps 400 \
  --track sharpness:10 --out residual --json > residual.json
run train --depth 5 --init small:0.3 --optimizer flow --time 20 --sample-every 0.5 --track sharpness:4 \
  --out flow --json > flow.json
run train --data builtin:mc_fig6 --depth 5 --width 20 --init small:0.36 --lr 0.001 --steps 40000 --seed 1 \
  --out fig6 --json > fig6.json
run sharpness --init small:0.1 --depth 5 --top 3 --json > sharpness.json
run sharpness --init small:0.1 --depth 5 --method power --json > power.json
run sharpness --data builtin:linnerud --targets Weight,Waist --init small:0.5 --depth 3 --json > sharpness_p2.json
run bounds --depth 10 --json > bounds.json
run bounds --data builtin:diabetes --standardize zscore --depth 10 --json > bounds_diabetes.json
run check --weights one/final_weights.json --json > check.json
python3 - <<'PY'
import hashlib, json, os, re
IGNORED = tuple(os.environ.get('IGNORE_KEYS', '').split(','))
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if not (k.endswith('_s') or k in ('wall', 'timing') + IGNORED)}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
for root, _, files in sorted(os.walk('.')):
    for f in sorted(files):
        p = os.path.join(root, f)
        # run.json holds the command line and version, results.duckdb is a database file (its rows are the CSVs'):
        # exempt from byte identity, like timing.json.
        if f in ('timing.json', 'run.json') or f.endswith(('.duckdb', '.duckdb.wal')) or '/.reproduce' in p:
            continue
        data = open(p, 'rb').read()
        if f.endswith('.json'):
            data = json.dumps(strip(json.loads(data)), sort_keys=True).encode()
        elif f == 'report.html':
            data = re.sub(rb'<h2 id="timing">Timing</h2>.*?(?=<h2|</body>)', b'', data, flags=re.S)
        print(hashlib.sha256(data).hexdigest(), p)
PY
