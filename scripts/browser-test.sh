#!/usr/bin/env bash
# Browser tests of the default theme in real headless Chromium: installs what
# they need, builds the demo portal into target/browser-public, then runs
# tests/browser/run.mjs over it.  Screenshots go to $SCREENSHOTS
# (default target/screenshots).  Usage: scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-browser.sh

site=target/browser-public
cargo run --locked --release --quiet -- build --quiet --output "$site"

export SCREENSHOTS="${SCREENSHOTS:-target/screenshots}"
status=0
node tests/browser/run.mjs "$site" || status=$?
exit "$status"
