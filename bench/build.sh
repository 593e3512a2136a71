#!/usr/bin/env bash
# Full-build benchmark: hyoka against Hugo on the same pages and text, for
# synthetic sites of 100, 1,000 and 10,000 sections (override with SIZES).
# Prints, per size: wall time, pages/s, charts/s and peak memory of
# `hyoka build`, and Hugo's wall time on the same pages with the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-3}
SAMPLE=${SAMPLE:-.}
WORK=${WORK:-$(mktemp -d)}

# Debian's Hugo binary, not a wrapper script that would add its own start-up time.
HUGO=${HUGO:-/usr/bin/hugo}
if [ ! -x "$HUGO" ]; then
  apt-get install -y hugo >/dev/null
fi
cargo build --release --quiet --bins
HYOKA=target/release/hyoka
GEN=target/release/hyoka-bench

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# runs "$@" RUNS times; prints "median_wall_seconds max_peak_kb"
measure() {
  local walls=() peak=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>&1
    read -r wall kb <"$WORK/time"
    walls+=("$wall")
    (( kb > peak )) && peak=$kb
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $peak"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $($HUGO version | cut -d' ' -f1-2)"
printf '%-9s %-8s %-8s %-10s %-10s %-10s %-10s %-8s\n' sections pages charts "hyoka s" "pages/s" "charts/s" "peak MB" "hugo s" 
for n in $SIZES; do
  site="$WORK/site-$n" hugo_site="$WORK/hugo-$n"
  $GEN gen --sections "$n" --out "$site" --sample "$SAMPLE" >/dev/null
  $GEN hugo --from "$site" --out "$hugo_site" >/dev/null
  summary=$($HYOKA build --root "$site" --output "$WORK/out-$n")
  pages=$(echo "$summary" | awk '{print $2}')
  charts=$(echo "$summary" | awk '{print $5}')
  read -r hyoka_s peak_kb < <(measure "$HYOKA" build --root "$site" --output "$WORK/out-$n")
  read -r hugo_s _ < <(measure "$HUGO" --quiet -s "$hugo_site" -d "$WORK/hugo-out-$n")
  awk -v n="$n" -v p="$pages" -v c="$charts" -v h="$hyoka_s" -v k="$peak_kb" -v g="$hugo_s" 'BEGIN {
    printf "%-9d %-8d %-8d %-10.2f %-10.0f %-10.0f %-10.0f %-8.2f ratio hyoka/hugo %.2f\n", n, p, c, h, p/h, c/h, k/1024, g, h/g }'
done
