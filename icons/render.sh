#!/usr/bin/env bash
# Renders the application icon from its SVG source (needs librsvg2-bin, icoutils, icnsutils from Debian).
set -euo pipefail
cd "$(dirname "$0")"
for s in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$s" -h "$s" proxyprompt.svg -o "proxyprompt-$s.png"
done
icotool -c -o proxyprompt.ico proxyprompt-16.png proxyprompt-24.png proxyprompt-32.png proxyprompt-48.png \
  proxyprompt-64.png -r proxyprompt-256.png
png2icns proxyprompt.icns proxyprompt-16.png proxyprompt-32.png proxyprompt-128.png proxyprompt-256.png \
  proxyprompt-512.png proxyprompt-1024.png >/dev/null
