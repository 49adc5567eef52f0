#!/usr/bin/env bash
# Rebuilds every generated file in samples/ bit-identically, or checks that it would.
#
#   bash samples/regenerate.sh            # regenerate samples/{fundus,dicom,series,series-masks,real} + SHA256SUMS
#   bash samples/regenerate.sh --check    # regenerate into a temp dir; exit 1 unless it matches SHA256SUMS
#                                         # and the committed files match it too
#   add --no-build to either to reuse target/proxyprompt.jar and target/test-classes as they are
#
# Needs: JDK 17 + Maven (builds the jar), /usr/bin/python3 with numpy and OpenCV (python3-opencv), and for real/ the
# open IDRiD photographs in $FUNDUS_OPEN (default /work/shared/fundus-open); without them real/ is copied as it is
# and only checked against SHA256SUMS.
# Bit-identity holds for the same library versions (numpy, OpenCV/libjpeg/zlib in Python, the jar's OpenCV);
# samples/README.md lists the ones that produced SHA256SUMS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SAMPLES="$ROOT/samples"
PYTHON="${PYTHON:-/usr/bin/python3}"
CHECK=0
BUILD=1
for a in "$@"; do
  case "$a" in
    --check) CHECK=1 ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "regenerate.sh: unknown option '$a' (try --help)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
if [ "$BUILD" = 1 ]; then
  # offline first (the usual case after a build), online if a plugin is missing from ~/.m2
  mvn -q -o -DskipTests package >/dev/null 2>&1 || mvn -q -B -DskipTests package
fi
JAR="$ROOT/target/proxyprompt.jar"
for f in "$JAR" "$ROOT/app/target/test-classes/io/proxyprompt/samples/CtPhantomSeries.class"; do
  [ -e "$f" ] || { echo "regenerate.sh: $f is missing; run without --no-build" >&2; exit 2; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
GEN="$WORK/samples"
mkdir -p "$GEN"

# (a) fundus photographs + disc/cup/vessel masks from the project's generator
"$PYTHON" "$SAMPLES/make_fundus.py" "$GEN/fundus"

# (b) DICOM versions of two of them, written by our own writer through `wrap`
java -jar "$JAR" wrap --in "$GEN/fundus/fundus_1.jpg" --out "$GEN/dicom/fundus_1.dcm" \
  --patient-name "Synthetic^Fundus One" --patient-id SYN-0001 --laterality L --reproducible samples/fundus_1
java -jar "$JAR" wrap --in "$GEN/fundus/fundus_2.jpg" --out "$GEN/dicom/fundus_2.dcm" \
  --patient-name "Synthetic^Fundus Two" --patient-id SYN-0002 --laterality R --reproducible samples/fundus_2

# (c) CT-like series (and the lesion mask of every slice) with our DicomWriter
java -cp "$JAR:$ROOT/app/target/test-classes" io.proxyprompt.samples.CtPhantomSeries \
  "$GEN/series" "$GEN/series-masks"

# (d) small copies of real IDRiD photographs with their expert disc masks (CC BY 4.0, credited in README.md)
FUNDUS_OPEN="${FUNDUS_OPEN:-/work/shared/fundus-open}"
if [ -d "$FUNDUS_OPEN/IDRiD" ]; then
  "$PYTHON" "$SAMPLES/make_real.py" "$GEN/real" "$FUNDUS_OPEN" >/dev/null
else
  echo "regenerate.sh: $FUNDUS_OPEN/IDRiD not found; real/ is copied, not rebuilt" >&2
  cp -r "$SAMPLES/real" "$GEN/real"
fi

(cd "$GEN" && find fundus dicom series series-masks real -type f | LC_ALL=C sort | xargs sha256sum) > "$WORK/SHA256SUMS"

if [ "$CHECK" = 1 ]; then
  status=0
  if ! diff -u "$SAMPLES/SHA256SUMS" "$WORK/SHA256SUMS"; then
    echo "regenerate.sh --check: regenerated files differ from samples/SHA256SUMS (lines above)" >&2
    status=1
  fi
  if ! (cd "$SAMPLES" && sha256sum --quiet -c SHA256SUMS); then
    echo "regenerate.sh --check: committed files in samples/ do not match samples/SHA256SUMS" >&2
    status=1
  fi
  extra="$(cd "$SAMPLES" && find fundus dicom series series-masks real -type f | LC_ALL=C sort \
    | diff - <(awk '{print $2}' SHA256SUMS) || true)"
  if [ -n "$extra" ]; then
    echo "regenerate.sh --check: files in samples/ not listed in SHA256SUMS (or listed but absent):" >&2
    echo "$extra" >&2
    status=1
  fi
  [ "$status" = 0 ] && echo "samples: $(wc -l < "$WORK/SHA256SUMS") files regenerated bit-identically (match SHA256SUMS)"
  exit "$status"
fi

rm -rf "$SAMPLES/fundus" "$SAMPLES/dicom" "$SAMPLES/series" "$SAMPLES/series-masks" "$SAMPLES/real"
cp -r "$GEN/fundus" "$GEN/dicom" "$GEN/series" "$GEN/series-masks" "$GEN/real" "$SAMPLES/"
chmod -R u+rwX,go+rX "$SAMPLES/fundus" "$SAMPLES/dicom" "$SAMPLES/series" "$SAMPLES/series-masks" "$SAMPLES/real"
cp "$WORK/SHA256SUMS" "$SAMPLES/SHA256SUMS"
echo "samples: wrote $(wc -l < "$SAMPLES/SHA256SUMS") files and samples/SHA256SUMS ($(du -sh "$SAMPLES" | cut -f1) in samples/)"
