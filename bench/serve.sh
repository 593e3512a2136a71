#!/usr/bin/env bash
# Preview latency: how long from saving a YAML file until `hyoka serve` has rebuilt and an open
# page in headless Chromium shows the change (aim: under 300 ms on the example site), then the
# same on a synthetic site of SECTIONS sections (default 1,000, no search index) to show how it
# grows, for two kinds of edit: one to text only the section's page shows (most edits), and a
# rename, which its year's home and goal index pages show too. Serve re-renders only the pages
# that show what changed (aim: under 50 ms from save to written).
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
SITE="$WORK/site-$SECTIONS"
target/release/hyoka-bench gen --sections "$SECTIONS" --out "$SITE" --sample . >/dev/null
grep -q '^search:' "$SITE/site.yaml" || echo "search: false" >>"$SITE/site.yaml"
# A section of the latest year, whose home is also the site's front page.
YEARS=("$SITE"/content/[0-9][0-9][0-9][0-9])
SECTIONS_OF_LATEST=("${YEARS[-1]}"/*.yaml)
SECTION=${SECTIONS_OF_LATEST[0]#"$SITE"/}
EDIT=text node bench/serve-latency.mjs "$SAVES" "$SITE" "$SECTION"
EDIT=name node bench/serve-latency.mjs "$SAVES" "$SITE" "$SECTION"
