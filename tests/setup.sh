#!/usr/bin/env bash
# Installs what the browser tests need and is missing, so that `bash tests/all.sh` runs on a fresh
# Debian machine that has only the Rust toolchain: Debian's Chromium, a Japanese font (pages are
# looked at in screenshots), Java for the Nu HTML Checker, Node.js with npm, then the npm packages
# of package-lock.json. Run as root it installs with apt-get; otherwise it says what to install.
# Every tool comes from Debian, so Node is Debian 12's 18: package.json pins the last
# playwright-core that supports it (later ones need Node 20, which Debian 12 does not ship).
set -euo pipefail
cd "$(dirname "$0")/.."

# the first number "$@" prints (its major version), 0 when the command is missing
major() {
  command -v "$1" >/dev/null || { echo 0; return; }
  "$@" 2>&1 | grep -oE '[0-9]+' | head -n1
}

missing=()
command -v chromium >/dev/null || missing+=(chromium)
[ -e /usr/share/fonts/opentype/ipaexfont-gothic ] || missing+=(fonts-ipaexfont-gothic)
# The current Nu HTML Checker runs on Java 17 or later.
(($(major java -version) >= 17)) || missing+=(default-jre-headless)
(($(major node --version) >= 18)) || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]})); then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "The browser tests need: ${missing[*]} (on Debian: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "installing ${missing[*]} from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Waits for another apt-get (a second checkout's tests, an upgrade) instead of failing.
  apt=(apt-get -o DPkg::Lock::Timeout=900 -qq)
  "${apt[@]}" update
  "${apt[@]}" install -y "${missing[@]}" >/dev/null
fi

# node_modules follows package-lock.json: reinstalled whenever the lock file changes, not only when
# the folder is missing. --ignore-scripts: vnu-jar's install script would download a Java runtime,
# which Debian's already is.
stamp=node_modules/.package-lock.sha256
if ! sha256sum --check --status "$stamp" 2>/dev/null; then
  echo "installing the npm packages of package-lock.json" >&2
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  sha256sum package-lock.json >"$stamp"
fi
