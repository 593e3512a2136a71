#!/usr/bin/env bash
# Preview latency: how long from saving a YAML file until `hyoka serve` has rebuilt and an open
# page in headless Chromium shows the change (aim: under 300 ms on the example site).
set -euo pipefail
cd "$(dirname "$0")/.."
SAVES=${SAVES:-20}
cargo build --release --quiet --bin hyoka
[ -d node_modules ] || npm ci --no-audit --no-fund
echo "machine: $(nproc) cores"
HYOKA_BIN="$PWD/target/release/hyoka" node bench/serve-latency.mjs "$SAVES"
