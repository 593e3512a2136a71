#!/usr/bin/env bash
# Full-build benchmark: hyoka against Hugo on the same pages and text, for
# synthetic sites of 100, 1,000 and 10,000 sections (override with SIZES),
# each spread over ten fiscal years.
# Prints, per size: wall time, pages/s, charts/s, CPU time (user + system) and
# peak memory of `hyoka build`, Hugo's wall and CPU time on the same pages, the
# ratios hyoka / Hugo (below 1: hyoka is faster), and the time of each stage of
# hyoka's build. CPU time is the steadier figure on a machine shared with
# other work; wall time is what a user waits.
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

# runs "$@" once unmeasured, then RUNS times, each replacing the output of the
# run before, as a rebuild does; prints "median_wall_s median_cpu_s max_peak_kb";
# the last run's standard output stays in $WORK/stdout
measure() {
  local walls=() cpus=() peak=0
  "$@" >/dev/null 2>&1
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >"$WORK/stdout" 2>/dev/null
    read -r wall user sys kb <"$WORK/time"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')")
    (( kb > peak )) && peak=$kb
  done
  echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median) $peak"
}

echo "search index: $SEARCH; machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $($HUGO version | cut -d' ' -f1-2)"
printf '%-9s %-7s %-7s %-8s %-8s %-9s %-8s %-8s %-7s %-7s %-6s %-6s | %s\n' sections pages charts "hyoka s" "pages/s" "charts/s" "cpu s" "peak MB" "hugo s" "cpu s" ratio "cpu" \
  "stages of the last run (ms): load validate render write"
for n in $SIZES; do
  site="$WORK/site-$n" hugo_site="$WORK/hugo-$n"
  $GEN gen --sections "$n" --out "$site" --sample "$SAMPLE" >/dev/null
  [ "$SEARCH" = on ] || echo "search: false" >>"$site/site.yaml"
  $GEN hugo --from "$site" --out "$hugo_site" >/dev/null
  read -r hyoka_s hyoka_cpu peak_kb < <(measure "$HYOKA" build --timings --root "$site" --output "$WORK/out-$n")
  pages=$(awk '/^built/ {print $2}' "$WORK/stdout")
  charts=$(awk '/^built/ {print $5}' "$WORK/stdout")
  stages=$(awk -F'[ ,]+' '/^timings/ {print $3, $6, $9, $12}' "$WORK/stdout")
  read -r hugo_s hugo_cpu _ < <(measure "$HUGO" --quiet -s "$hugo_site" -d "$WORK/hugo-out-$n")
  awk -v n="$n" -v p="$pages" -v c="$charts" -v h="$hyoka_s" -v hc="$hyoka_cpu" -v k="$peak_kb" -v g="$hugo_s" -v gc="$hugo_cpu" -v st="$stages" 'BEGIN {
    printf "%-9d %-7d %-7d %-8.2f %-8.0f %-9.0f %-8.2f %-8.0f %-7.2f %-7.2f %-6.2f %-6.2f | %s\n", n, p, c, h, p/h, c/h, hc, k/1024, g, gc, h/g, hc/gc, st }'
done
