#!/usr/bin/env bash
# Preview latency: how long from saving a YAML file until `hyoka serve` has rebuilt and an open
# page in headless Chromium shows the change (aim: under 300 ms on the example site), then the
# same on a synthetic site of SECTIONS sections (default 1,000) to show how it grows.
set -euo pipefail
cd "$(dirname "$0")/.."
SAVES=${SAVES:-20}
SECTIONS=${SECTIONS:-1000}
WORK=${WORK:-$(mktemp -d)}
cargo build --release --quiet --bins
[ -d node_modules ] || npm ci --no-audit --no-fund
export HYOKA_BIN="$PWD/target/release/hyoka"
echo "machine: $(nproc) cores"
node bench/serve-latency.mjs "$SAVES"
target/release/hyoka-bench gen --sections "$SECTIONS" --out "$WORK/site-$SECTIONS" --sample . >/dev/null
node bench/serve-latency.mjs "$((SAVES / 4))" "$WORK/site-$SECTIONS" content/2023/section-00001.yaml
