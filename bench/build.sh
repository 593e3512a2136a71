#!/usr/bin/env bash
# Build benchmark: what a user waits for, against Hugo on the same pages and text.
#
# For each synthetic site (SIZES sections spread over ten fiscal years, plus ONE_YEAR sections
# in a single year: one search index for all their goals) it measures, RUNS times, taking the
# configurations in turn so that a change in the machine's load touches them all alike:
#
#   hyoka, default (search on):  first build (no previous output, no spare) and rebuild after
#                                editing one section (the previous output and its spare present);
#   hyoka, search: false:        the same two;
#   Hugo:                        first build and rebuild after editing the same section;
#   Hugo + Pagefind:             Hugo, then Pagefind's extended binary (npm `pagefind`) over
#                                Hugo's output, as Hugo sites add Japanese search (sites up to
#                                PAGEFIND_MAX sections: it takes minutes beyond).
#
# Prints each one's median wall time, median CPU time (user + system) and largest peak
# resident memory (/usr/bin/time), and the ratios to Hugo's first build (below 1: faster).
# COLD=1 also records one first build of each with a cold page cache (as after a reboot).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
ONE_YEAR=${ONE_YEAR:-1100}
RUNS=${RUNS:-3}
PAGEFIND_MAX=${PAGEFIND_MAX:-1100}
SAMPLE=${SAMPLE:-.}
WORK=${WORK:-$(mktemp -d)}

# Debian's Hugo binary, not a wrapper script that would add its own start-up time.
HUGO=${HUGO:-/usr/bin/hugo}
[ -x "$HUGO" ] || apt-get install -y hugo >/dev/null
PAGEFIND="$WORK/npm/node_modules/.bin/pagefind"
if [ ! -x "$PAGEFIND" ]; then
  mkdir -p "$WORK/npm"
  npm install --silent --prefix "$WORK/npm" --no-audit --no-fund pagefind@1.6 >/dev/null
fi
# BIN=folder measures binaries built before (hyoka and hyoka-bench) instead of building them.
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet --bins
  BIN=$PWD/target/release
fi
HYOKA=$BIN/hyoka
GEN=$BIN/hyoka-bench

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run NAME COMMAND...: one measured run, appended to $WORK/runs as "NAME wall cpu peak_kb"
run() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time" "$@" >/dev/null 2>&1 || {
    echo "failed: $*" >&2
    exit 1
  }
  read -r wall user sys kb <"$WORK/time"
  echo "$name $wall $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') $kb" >>"$WORK/runs"
}

# edit FILE: changes one goal's text, as staff do between two builds, each time differently
edit() { sed -i "0,/^  title: /s//  title: 改$RANDOM /" "$1"; }

# clear DIR: no output folder, and no spare of one, as before a site's first build
clear() { rm -rf "$1" "$(dirname "$1")/.$(basename "$1").hyoka-spare"; }

# measure SITE_NAME SECTIONS YEARS: every configuration on one generated site
measure() {
  local name=$1 sections=$2 years=$3
  local on="$WORK/$name" off="$WORK/$name-off" hugo="$WORK/$name-hugo"
  "$GEN" gen --sections "$sections" --years "$years" --out "$on" --sample "$SAMPLE" >/dev/null
  cp -al "$on" "$off"
  rm "$off/site.yaml"
  { cat "$on/site.yaml"; echo "search: false"; } >"$off/site.yaml"
  "$GEN" hugo --from "$on" --out "$hugo" >/dev/null
  local latest section
  latest=$(ls "$on/content" | grep -E '^[0-9]{4}$' | tail -1)
  section=$(ls "$on/content/$latest" | head -1)
  # Each command once unmeasured, so that every run finds the same state.
  "$HYOKA" build --root "$on" --output "$WORK/out-$name" >/dev/null
  "$HYOKA" build --root "$off" --output "$WORK/out-$name-off" >/dev/null
  "$HUGO" --quiet -s "$hugo" -d "$WORK/out-$name-hugo" >/dev/null
  : >"$WORK/runs"
  for _ in $(seq "$RUNS"); do
    clear "$WORK/first-$name"
    run "default-first" "$HYOKA" build --root "$on" --output "$WORK/first-$name"
    edit "$on/content/$latest/$section"
    run "default-rebuild" "$HYOKA" build --root "$on" --output "$WORK/out-$name"
    clear "$WORK/first-$name-off"
    run "off-first" "$HYOKA" build --root "$off" --output "$WORK/first-$name-off"
    edit "$off/content/$latest/$section"
    run "off-rebuild" "$HYOKA" build --root "$off" --output "$WORK/out-$name-off"
    clear "$WORK/first-$name-hugo"
    run "hugo-first" "$HUGO" --quiet -s "$hugo" -d "$WORK/first-$name-hugo"
    sed -i "0,/^## /s//## 改$RANDOM /" "$hugo/content/$latest/${section%.yaml}.md"
    run "hugo-rebuild" "$HUGO" --quiet -s "$hugo" -d "$WORK/out-$name-hugo"
    if ((sections <= PAGEFIND_MAX)); then
      clear "$WORK/first-$name-pf"
      run "hugo+pagefind" sh -c '"$0" --quiet -s "$1" -d "$2" && "$3" --site "$2" --silent' \
        "$HUGO" "$hugo" "$WORK/first-$name-pf" "$PAGEFIND"
    fi
  done
  if [ "${COLD:-0}" = 1 ]; then
    for config in default off; do
      local root=$on
      [ $config = off ] && root=$off
      clear "$WORK/first-$name-$config"
      sync && echo 3 >/proc/sys/vm/drop_caches
      run "$config-first-cold" "$HYOKA" build --root "$root" --output "$WORK/first-$name-$config"
    done
    clear "$WORK/first-$name-hugo"
    sync && echo 3 >/proc/sys/vm/drop_caches
    run "hugo-first-cold" "$HUGO" --quiet -s "$hugo" -d "$WORK/first-$name-hugo"
  fi
  local goals
  goals=$(cat "$on"/content/[0-9][0-9][0-9][0-9]/*.yaml | grep -c '^- rank:')
  local hugo_wall
  hugo_wall=$(awk '$1 == "hugo-first" {print $2}' "$WORK/runs" | median)
  for config in default-first default-rebuild off-first off-rebuild default-first-cold off-first-cold \
    hugo-first hugo-rebuild hugo-first-cold hugo+pagefind; do
    grep -q "^$config " "$WORK/runs" || continue
    local wall cpu peak
    wall=$(awk -v c="$config" '$1 == c {print $2}' "$WORK/runs" | median)
    cpu=$(awk -v c="$config" '$1 == c {print $3}' "$WORK/runs" | median)
    peak=$(awk -v c="$config" '$1 == c && $4 > m {m = $4} END {print m}' "$WORK/runs")
    awk -v n="$sections" -v y="$years" -v g="$goals" -v c="$config" -v w="$wall" -v u="$cpu" -v k="$peak" -v h="$hugo_wall" 'BEGIN {
      printf "%-9d %-6d %-7d %-20s %-8.2f %-8.2f %-8.0f %.2f\n", n, y, g, c, w, u, k / 1024, w / h }'
  done
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg); $($HUGO version | cut -d' ' -f1-2); pagefind $("$PAGEFIND" --version | cut -d' ' -f2); $RUNS runs"
printf '%-9s %-6s %-7s %-20s %-8s %-8s %-8s %s\n' sections years goals build "wall s" "cpu s" "peak MB" "wall / Hugo first"
for n in $SIZES; do
  measure "site-$n" "$n" 10
done
[ -z "$ONE_YEAR" ] || measure "one-year-$ONE_YEAR" "$ONE_YEAR" 1
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
