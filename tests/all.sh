#!/usr/bin/env bash
# The whole test suite: the Rust tests, then the browser tests (axe, Nu HTML Checker, search,
# live reload) in headless Chromium against a freshly built example site.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium fonts-ipaexfont-gothic >/dev/null
  else
    echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
if ! command -v java >/dev/null; then
  echo "The HTML validity test needs Java 17 or later (the Nu HTML Checker is a jar)" >&2
  exit 1
fi
[ -d node_modules ] || npm ci --no-audit --no-fund

cargo test --all-targets
cargo build --quiet
HYOKA_BIN="$PWD/target/debug/hyoka" node --test --test-concurrency=1 tests/browser/
