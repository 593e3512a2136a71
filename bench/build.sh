#!/usr/bin/env bash
# Full-build benchmark: hyoka against Hugo on the same pages and text, for
# synthetic sites of 100, 1,000 and 10,000 sections (override with SIZES).
# Prints, per size: wall time, pages/s, charts/s and peak memory of
# `hyoka build`, Hugo's wall time on the same pages, the ratio hyoka / Hugo
# (below 1: hyoka is faster), and the time of each stage of hyoka's build.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-3}
SAMPLE=${SAMPLE:-.}
# Hugo builds no search index: leave hyoka's out too, to compare the same
# work (SEARCH=on measures hyoka with its Pagefind index).
SEARCH=${SEARCH:-off}
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

# runs "$@" RUNS times, each replacing the output of the run before, as a
# rebuild does; prints "median_wall_seconds max_peak_kb"; the last run's
# standard output stays in $WORK/stdout
measure() {
  local walls=() peak=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/stdout" 2>/dev/null
    read -r wall kb <"$WORK/time"
    walls+=("$wall")
    (( kb > peak )) && peak=$kb
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $peak"
}

echo "search index: $SEARCH; machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $($HUGO version | cut -d' ' -f1-2)"
printf '%-9s %-7s %-7s %-8s %-8s %-9s %-8s %-7s %-6s | %s\n' sections pages charts "hyoka s" "pages/s" "charts/s" "peak MB" "hugo s" ratio \
  "stages of the last run (ms): load validate render write"
for n in $SIZES; do
  site="$WORK/site-$n" hugo_site="$WORK/hugo-$n"
  $GEN gen --sections "$n" --out "$site" --sample "$SAMPLE" >/dev/null
  [ "$SEARCH" = on ] || echo "search: false" >>"$site/site.yaml"
  $GEN hugo --from "$site" --out "$hugo_site" >/dev/null
  read -r hyoka_s peak_kb < <(measure "$HYOKA" build --timings --root "$site" --output "$WORK/out-$n")
  pages=$(awk '/^built/ {print $2}' "$WORK/stdout")
  charts=$(awk '/^built/ {print $5}' "$WORK/stdout")
  stages=$(awk -F'[ ,]+' '/^timings/ {print $3, $6, $9, $12}' "$WORK/stdout")
  read -r hugo_s _ < <(measure "$HUGO" --quiet -s "$hugo_site" -d "$WORK/hugo-out-$n")
  awk -v n="$n" -v p="$pages" -v c="$charts" -v h="$hyoka_s" -v k="$peak_kb" -v g="$hugo_s" -v st="$stages" 'BEGIN {
    printf "%-9d %-7d %-7d %-8.2f %-8.0f %-9.0f %-8.0f %-7.2f %-6.2f | %s\n", n, p, c, h, p/h, c/h, k/1024, g, h/g, st }'
done
