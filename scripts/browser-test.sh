#!/usr/bin/env bash
# Browser tests of the default theme in real headless Chromium: installs what
# they need, builds the demo portal into target/browser-public, then runs
# tests/browser/run.mjs (every page type), tests/browser/care.mjs (长辈模式,
# 朗读, reflow at 320 px, keyboard, AA/AAA contrast) and tests/browser/search.mjs (real
# queries) over it, and search.mjs over the English fixture portal and over
# the demo built under a sub-path base URL; and tests/browser/serve.mjs
# (live reload and the error box of `serve`), tests/browser/desk.mjs (the
# writing desk, from the form to a push into a bare repository) and every
# tests/browser/desk-*.mjs on copies of the demo; and
# tests/browser/wechat-look.mjs (the WeChat fragment as the editor holds it);
# tests/browser/oracle.mjs (search results against a brute-force scan) on the
# demo and on a generated portal of 300 stories.
# Screenshots go to $SCREENSHOTS (default target/screenshots).
# Usage: scripts/browser-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-browser.sh
# The shipped search scripts are the minified sources (themes/default/src/).
node scripts/minify.mjs --check

site=target/browser-public
cargo run --locked --release --quiet -- build --quiet --output "$site"

# The demo again under a sub-path, as a pull-request preview would be.
subpath=target/browser-subpath
rm -rf "$subpath"
cargo run --locked --release --quiet -- build --quiet --output "$subpath/preview/pr-7" \
  --base-url http://127.0.0.1/preview/pr-7/

english=target/browser-public-en
cargo run --locked --release --quiet -- build --quiet --root tests/fixtures/english --output "$english"

# The search oracle: a generated portal of 300 stories, its index queried
# through the theme's search-engine.js and compared with a brute-force scan.
oracle=target/oracle-portal
python3 scripts/gen_portal.py --stories 300 --seed 7 --out "$oracle" > /dev/null
cargo run --locked --release --quiet -- build --quiet --root "$oracle" --output target/oracle-public

export SCREENSHOTS="${SCREENSHOTS:-target/screenshots}"
status=0
node tests/browser/oracle.mjs target/oracle-public 400 || status=$?
node tests/browser/oracle.mjs "$site" 200 || status=$?
node tests/browser/run.mjs "$site" || status=$?
node tests/browser/care.mjs "$site" || status=$?
SCREENSHOTS="$SCREENSHOTS/english" node tests/browser/care.mjs "$english" || status=$?
node tests/browser/search.mjs "$site" zh || status=$?
node tests/browser/search.mjs "$english" en || status=$?
node tests/browser/search.mjs "$subpath" subpath /preview/pr-7/ || status=$?
node tests/browser/serve.mjs target/release/branchpress . || status=$?
node tests/browser/desk.mjs target/release/branchpress . || status=$?
# The WeChat fragment alone in a blank page at 375 px, beside the theme's page.
node tests/browser/wechat-look.mjs target/release/branchpress . || status=$?
# The desk's other suites (publishing, conflicts, the form, photos, the phone).
for suite in tests/browser/desk-*.mjs; do
  case "$suite" in *-harness.mjs) continue ;; esac
  node "$suite" target/release/branchpress . || status=$?
done
exit "$status"
