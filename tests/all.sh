#!/usr/bin/env bash
# The whole test suite: the Rust tests, then the browser tests (axe, Nu HTML Checker, search,
# live reload, phone widths) in headless Chromium against a freshly built example site.
# On a fresh Debian machine it first installs what the browser tests need (tests/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash tests/setup.sh
cargo test --all-targets
cargo build --quiet
HYOKA_BIN="$PWD/target/debug/hyoka" node --test --test-concurrency=1 tests/browser/
