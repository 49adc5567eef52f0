#!/usr/bin/env bash
# Retrain the shipped model from scratch and re-export it (models/proxyprompt-small + Java parity
# vectors). Deterministic seeds; takes about MINUTES (default 80) of training on 2 CPU cores plus
# ~10 min for the synthetic pool, evaluation and export.
#   bash training/retrain.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${MINUTES:-80}"
RUN="${RUN:-training/runs/main}"
PY=/usr/bin/python3
mkdir -p training/runs
# synthetic pool (seeds 0..1599, 384 px); train.py would also create it if missing
[ -f training/runs/synpool/syn_001599_vessel.png ] || \
  $PY training/synthetic.py --out training/runs/synpool --count 1600 --start-seed 0 --size 384
$PY -u training/train.py --config small --run "$RUN" --minutes "$MINUTES" --seed 0 \
  --nmax 3 --multi 0.85 --probs synthetic=0.6,IDRiD=0.2,CHASE_DB1=0.2
$PY training/evaluate.py --model "$RUN/final.pt" --out "$RUN/metrics.json"
PYTHONPATH="${ORT_PATH:-training/runs/ort}" $PY training/export.py --weights "$RUN/final.pt" \
  --out models/proxyprompt-small --metrics "$RUN/metrics.json" --vectors src/test/resources/model-vectors
