#!/bin/sh
# Re-run the click training of issue 21 on another base model, measure it on the held-out pairs and export it:
#   training/click_retrain.sh BASE_MODEL_DIR OUT_DIR [MINUTES]
# OUT_DIR gets the base's first three graphs byte for byte, the click decoder (checked bit-identical to the base's
# decoder at zero clicks before anything is written), weights.pt and model.json with the click phase and the
# held-out measurements under metrics.clicks. The README's ship rule decides whether OUT_DIR replaces a shipped model;
# this script never touches models/.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 BASE_MODEL_DIR OUT_DIR [MINUTES]" >&2
    exit 2
fi
BASE=$1
OUT=$2
MINUTES=${3:-40}
RUN=training/runs/clicks-$(basename "$OUT")
PY=/usr/bin/python3
. training/jemalloc.sh
mkdir -p "$RUN"
nice -n 10 $PY -u training/click_train.py --base "$BASE" --run "$RUN" --minutes "$MINUTES" --threads 1 \
    > "$RUN/train.log" 2>&1
nice -n 10 $PY -u training/click_eval.py --model "$RUN/final.pt" --out "$RUN/eval.json" > "$RUN/eval.log" 2>&1
$PY training/click_export.py --weights "$RUN/final.pt" --base "$BASE" --out "$OUT" --metrics "$RUN/eval.json"
echo "exported $OUT; ship rule verdicts (conditions 2-5) in $RUN/eval.json (ship_rule); click_ms from: java -jar target/proxyprompt.jar bench --model $OUT --no-pytorch"
