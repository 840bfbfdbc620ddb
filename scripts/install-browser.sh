#!/usr/bin/env bash
# Install what the browser tests need: a Chromium binary (Debian's `chromium`
# package when none is on PATH), a CJK font so screenshots of the Chinese
# pages are legible, and the pinned npm packages of tests/browser.
# Idempotent: skips every step that is already done.
# Usage: scripts/install-browser.sh
set -euo pipefail
cd "$(dirname "$0")/.."

find_chromium() {
    local name
    for name in chromium chromium-browser google-chrome; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
    done
    return 1
}

# apt_install PKG...: install Debian packages as root, or through sudo when
# that works without a password; returns 1 when neither is possible.
apt_updated=
apt_install() {
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            return 1
        fi
    fi
    command -v apt-get >/dev/null 2>&1 || return 1
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$apt_updated" ]; then
        "${sudo[@]}" apt-get update -qq
        apt_updated=1
    fi
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then
    chromium_bin="$CHROMIUM"   # run.mjs uses it too
elif ! chromium_bin="$(find_chromium)"; then
    echo "install-browser: no chromium, chromium-browser or google-chrome on PATH; trying apt-get install chromium" >&2
    if ! apt_install chromium; then
        echo "install-browser: cannot install Chromium (needs root, or sudo without a password, and apt-get)." >&2
        echo "install-browser: install it yourself, e.g. as root:  apt-get install chromium" >&2
        echo "install-browser: (or put chromium, chromium-browser or google-chrome on PATH," >&2
        echo "install-browser:  or set CHROMIUM=/path/to/chrome for tests/browser/run.mjs)" >&2
        exit 1
    fi
    chromium_bin="$(find_chromium)" || {
        echo "install-browser: apt-get installed chromium but no chromium binary is on PATH" >&2
        exit 1
    }
fi

# The portal is Chinese: without a CJK font every screenshot shows boxes.
# Not fatal: the checks themselves do not depend on glyphs.
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
    echo "install-browser: no CJK font; installing fonts-wqy-microhei" >&2
    apt_install fonts-wqy-microhei ||
        echo "install-browser: warning: could not install a CJK font (apt-get install fonts-wqy-microhei); screenshots will show boxes" >&2
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "install-browser: npm not found; install Node.js 20 or later with npm (Debian: apt-get install nodejs npm)" >&2
    exit 1
fi

browser_dir=tests/browser
if [ ! -d "$browser_dir/node_modules" ] || [ "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules" ]; then
    echo "install-browser: npm ci in $browser_dir" >&2
    (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$browser_dir/node_modules"   # newer than the lock file from now on
fi

# Debian's /usr/bin/chromium wrapper may print a shell warning on stderr;
# keep only the version line.
version="$("$chromium_bin" --version 2>/dev/null | head -n 1 || true)"
echo "install-browser: ${version:-unknown Chromium version} ($chromium_bin)"
