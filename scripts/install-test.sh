#!/usr/bin/env bash
# The installed binary on its own: `cargo install --locked --path .` into a
# temporary root (reusing this checkout's target/ so nothing is compiled
# twice), then, from a folder outside the repository, `init` a new portal and
# `check --strict` and `build` it. The portal has no themes/ folder: the
# default theme must come from inside the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

CARGO_TARGET_DIR="$repo/target" cargo install --locked --quiet --path . --root "$tmp/root"
bin="$tmp/root/bin/branchpress"
cd "$tmp"
"$bin" --version
"$bin" init portal > /dev/null
cd portal
test ! -e themes
"$bin" check --strict --quiet
"$bin" build --quiet --base-url https://example.org/preview/1/
for f in public/index.html public/style.css public/stats.json public/search/data/manifest.json public/search-engine.js; do
  test -s "$f" || { echo "install test: $f missing" >&2; exit 1; }
done
grep -q 'href="/preview/1/style.css' public/index.html || { echo "install test: base URL not applied" >&2; exit 1; }
echo "install test: the installed binary builds a fresh portal outside the repository"
