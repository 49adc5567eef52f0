#!/usr/bin/env bash
# The GPU check: builds with ONNX Runtime's CUDA build, runs `bench --device cuda` and the ONNX parity test on
# CUDA, and prints the device line and the numbers. Meant to run as-is on a Linux x86-64 machine with an NVIDIA
# GPU, its driver, CUDA 12.x and cuDNN 9.x (what onnxruntime_gpu 1.22 links against). Finishes in under 5 minutes
# (each step has its own time limit); exits non-zero, saying why, when there is no GPU or a library is missing.
#
#   bash tools/gpu-check.sh [--no-build] [--quick]
#     --no-build  use target/proxyprompt.jar and target/lib as they are
#     --quick     fewer targets and repeats (about a minute on a GPU)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
BUILD=1
TARGETS=50
REPEATS=7
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    --quick) TARGETS=10; REPEATS=3 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument $a (see --help)" >&2; exit 2 ;;
  esac
done
START=$(date +%s)
say() { echo "gpu-check: $*"; }
fail() { echo "gpu-check: FAILED: $*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - START )) s"; }

# 1. A GPU and its driver.
if [ ! -e /dev/nvidiactl ] && [ ! -e /proc/driver/nvidia ]; then
  fail "no NVIDIA GPU: neither /dev/nvidiactl nor /proc/driver/nvidia exists (the engine would run on the CPU);" \
       "run this on a machine with an NVIDIA GPU and its driver"
fi
if command -v nvidia-smi >/dev/null; then
  say "GPU: $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -1)"
else
  say "GPU present (nvidia-smi not installed, so no name/driver line)"
fi

# 2. The libraries libonnxruntime_providers_cuda.so (onnxruntime_gpu 1.22.0) needs, from its ELF NEEDED list,
#    and the driver's libcuda. Found through the loader cache, LD_LIBRARY_PATH and the usual CUDA folders.
SEARCH=("${LD_LIBRARY_PATH//:/ }" /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib
        /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/lib)
while IFS= read -r d; do SEARCH+=("$d"); done < <(ls -d /usr/local/lib/python3*/dist-packages/nvidia/*/lib \
  /usr/lib/python3*/dist-packages/nvidia/*/lib 2>/dev/null)
missing=()
found_dirs=()
for lib in libcuda.so.1 libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcurand.so.10 libcufft.so.11 \
           libnvrtc.so.12 libcudnn.so.9; do
  path=$(ldconfig -p 2>/dev/null | awk -v l="$lib" '$1 == l {print $NF; exit}')
  if [ -z "$path" ]; then
    for d in "${SEARCH[@]}"; do
      [ -n "$d" ] && [ -e "$d/$lib" ] && { path="$d/$lib"; found_dirs+=("$d"); break; }
    done
  fi
  if [ -z "$path" ]; then missing+=("$lib"); else say "found $lib: $path"; fi
done
if [ ${#missing[@]} -gt 0 ]; then
  fail "missing ${missing[*]}: install the CUDA 12 runtime (cudart, cublas, curand, cufft, nvrtc) and cuDNN 9," \
       "or add their folder to LD_LIBRARY_PATH; ONNX Runtime 1.22's CUDA provider cannot load without them"
fi
if [ ${#found_dirs[@]} -gt 0 ]; then
  LD_LIBRARY_PATH="$(printf '%s:' "${found_dirs[@]}")${LD_LIBRARY_PATH:-}"
  export LD_LIBRARY_PATH
fi

# 3. The build with onnxruntime_gpu (the default on x86-64 Linux; -Dcpu would build the CPU-only runtime).
if [ "$BUILD" = 1 ]; then
  say "building: mvn -B -q -o -DskipTests package (onnxruntime_gpu)"
  if ! timeout 100 mvn -B -q -o -Dstyle.color=never -DskipTests package; then
    fail "the build failed (offline: ~/.m2 must hold onnxruntime_gpu 1.22.0 and the other dependencies;" \
         "run mvn -DskipTests package once with network access)"
  fi
fi
ls target/lib/onnxruntime_gpu-*.jar >/dev/null 2>&1 \
  || fail "target/lib has no onnxruntime_gpu jar: this build is CPU-only (built with -Dcpu?); rebuild without -Dcpu"
say "built ($(elapsed))"

# 4. bench on the GPU: generated images, then real photographs when the open fundus set is there.
BENCH_OUT=$(mktemp)
trap 'rm -f "$BENCH_OUT"' EXIT
say "bench --device cuda --targets $TARGETS --repeats $REPEATS"
if ! timeout 60 java -jar target/proxyprompt.jar bench --device cuda --targets "$TARGETS" --repeats "$REPEATS" \
    --no-pytorch > "$BENCH_OUT" 2>&1; then
  cat "$BENCH_OUT"
  fail "bench --device cuda failed or ran past 60 s (the lines above say why)"
fi
cat "$BENCH_OUT"
grep -q '^device: CUDA' "$BENCH_OUT" || fail "bench did not run on CUDA (see its device line above)"
PHOTOS=""
for d in ../shared/fundus-open/HRF/images shared/fundus-open/HRF/images /work/shared/fundus-open/HRF/images; do
  [ -d "$d" ] && { PHOTOS="$d"; break; }
done
if [ -n "$PHOTOS" ]; then
  say "bench --device cuda --images $PHOTOS --targets 20 --repeats 2"
  timeout 45 java -jar target/proxyprompt.jar bench --device cuda --images "$PHOTOS" --targets 20 --repeats 2 \
    || say "bench --images on CUDA failed or ran past 45 s (not counted as a failure of the check)"
else
  say "no HRF photographs found (shared/fundus-open); bench --images skipped"
fi

# 5. The ONNX parity test on CUDA: every graph against the PyTorch vectors.
say "ParityTest on CUDA: mvn -o -q verify -pl core -Dtest=ParityTest -Dproxyprompt.parity.device=cuda"
PARITY_OUT=$(mktemp)
if timeout 90 mvn -B -o -q -Dstyle.color=never verify -pl core -Dtest=ParityTest \
    -Dsurefire.failIfNoSpecifiedTests=false -Dproxyprompt.parity.device=cuda > "$PARITY_OUT" 2>&1; then
  grep -E 'parity device|max\|diff\|' "$PARITY_OUT"
  say "ParityTest on CUDA passed"
  rc=0
else
  tail -40 "$PARITY_OUT"
  say "ParityTest on CUDA FAILED (or ran past 90 s)"
  rc=1
fi
rm -f "$PARITY_OUT"
say "done in $(elapsed)"
exit $rc
