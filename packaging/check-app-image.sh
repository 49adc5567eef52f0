#!/usr/bin/env bash
# Builds the Linux app image and checks that the packaged launcher works from a directory outside the repo:
# --version, and `segment` on a bundled sample with the bundled model. Exits non-zero on any failure.
#
#   bash packaging/check-app-image.sh [--no-build] [MAVEN_ARGS...]
#     --no-build    check target/jpackage/ProxyPrompt as it is
#     MAVEN_ARGS    passed to Maven, e.g. -o (offline) or -Dcpu (CPU-only ONNX Runtime, a smaller image)
#
# Builds with: mvn -B -q -Ppackage -DskipTests [MAVEN_ARGS] package   (see packaging/README.md)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE="$ROOT/target/jpackage/ProxyPrompt"
BUILD=1
MAVEN_ARGS=()
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) MAVEN_ARGS+=("$a") ;;
  esac
done

START=$(date +%s)
FAILURES=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; FAILURES=$((FAILURES + 1)); }

if [ "$BUILD" = 1 ]; then
  echo "building the app image: mvn -B -q -Ppackage -DskipTests ${MAVEN_ARGS[*]} package"
  if ! (cd "$ROOT" && mvn -B -q -Ppackage -DskipTests "${MAVEN_ARGS[@]}" package); then
    echo "check-app-image: the Maven build failed" >&2
    exit 1
  fi
  echo "  built in $(( $(date +%s) - START )) s"
fi

LAUNCHER="$IMAGE/bin/ProxyPrompt"
APP="$IMAGE/lib/app"
if [ ! -x "$LAUNCHER" ]; then
  echo "check-app-image: no launcher at $LAUNCHER (build with mvn -Ppackage package)" >&2
  exit 1
fi
echo "app image: $IMAGE ($(du -sh "$IMAGE" | cut -f1))"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1   # outside the repo: nothing can be found through the working directory
echo "working directory: $WORK"

# the bundled model and samples sit next to the jar, where ModelLocator looks
MODEL="$APP/models/proxyprompt-small"
if [ -f "$MODEL/model.json" ]; then pass "bundled model present: $MODEL"; else fail "no bundled model at $MODEL"; fi
SAMPLES="$APP/samples/fundus"
SUPPORT="$SAMPLES/fundus_1.jpg"
SUPPORT_MASK="$SAMPLES/fundus_1_disc.png"
TARGET="$SAMPLES/fundus_2.jpg"
TARGET_MASK="$SAMPLES/fundus_2_disc.png"   # ground truth, used here only for the target's size
for f in "$SUPPORT" "$SUPPORT_MASK" "$TARGET" "$TARGET_MASK"; do
  [ -f "$f" ] || fail "bundled sample missing: $f"
done

# 1. --version
VERSION_OUT="$("$LAUNCHER" --version 2>&1)"; rc=$?
if [ $rc = 0 ] && [[ "$VERSION_OUT" == proxyprompt\ * ]]; then
  pass "ProxyPrompt --version exits 0: $VERSION_OUT"
else
  fail "ProxyPrompt --version exit $rc: $VERSION_OUT"
fi

# 2. segment a sample with another sample as support
png_size() {  # width x height from a PNG header (bytes 16..23, big-endian)
  od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}'
}
SEG_START=$(date +%s)
"$LAUNCHER" segment --support "$SUPPORT" --mask "disc=$SUPPORT_MASK" --out "$WORK/out" "$TARGET" \
  > "$WORK/segment.log" 2>&1; rc=$?
SEG_TIME=$(( $(date +%s) - SEG_START ))
sed 's/^/        | /' "$WORK/segment.log"
if [ $rc = 0 ]; then pass "segment exits 0 (${SEG_TIME} s)"; else fail "segment exit $rc"; fi
if grep -q "$APP/models/proxyprompt-small" "$WORK/segment.log"; then
  pass "segment used the model inside the image"
else
  fail "segment output does not name the bundled model $MODEL"
fi
OUT_MASK="$WORK/out/fundus_2/disc.png"
if [ -f "$OUT_MASK" ]; then
  got="$(png_size "$OUT_MASK")"; want="$(png_size "$TARGET_MASK")"
  if [ "$got" = "$want" ]; then pass "mask $OUT_MASK is $got, the target's size"; else fail "mask is $got, target is $want"; fi
else
  fail "no mask at $OUT_MASK"
fi
CSV="$WORK/out/measurements.csv"
if [ -f "$CSV" ] && [ "$(grep -c 'fundus_2' "$CSV")" -ge 1 ]; then
  pass "measurements.csv has a row for fundus_2:"
  sed 's/^/        | /' "$CSV"
else
  fail "measurements.csv missing or without a fundus_2 row"
fi

# 3. the workstation window starts (under a private Xvfb) and stays up; a screenshot goes to target/
if command -v xvfb-run >/dev/null 2>&1; then
  mkdir -p "$WORK/home"
  JAVA_TOOL_OPTIONS="-Duser.home=$WORK/home" xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
    "$1" > "$2/gui.log" 2>&1 &
    pid=$!
    for i in $(seq 1 15); do
      sleep 1
      if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; echo "exited after ${i} s with status $?" >> "$2/gui.log"; exit 1; fi
    done
    if command -v import >/dev/null 2>&1; then import -window root "$2/gui.png" 2>/dev/null; fi
    kill "$pid"; wait "$pid" 2>/dev/null
    exit 0' _ "$LAUNCHER" "$WORK"; rc=$?
  if [ $rc = 0 ] && ! grep -q "Exception" "$WORK/gui.log"; then
    pass "ProxyPrompt (no arguments) opened the workstation under Xvfb and was still running after 15 s"
    if [ -f "$WORK/gui.png" ]; then cp "$WORK/gui.png" "$ROOT/target/app-image-gui.png"; echo "        screenshot: target/app-image-gui.png"; fi
  else
    fail "the workstation did not stay up under Xvfb:"
    sed 's/^/        | /' "$WORK/gui.log"
  fi
else
  echo "  skip  workstation start: xvfb-run is not installed (apt-get install xvfb)"
fi

echo "checked in $(( $(date +%s) - START )) s in total"
if [ "$FAILURES" -gt 0 ]; then
  echo "check-app-image: $FAILURES check(s) failed" >&2
  exit 1
fi
echo "check-app-image: all checks passed"
