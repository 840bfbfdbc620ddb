#!/bin/sh
# Re-runs the whole study. Needs node 20+, /usr/bin/chromium, network to the npm registry for `npm ci`.
set -e
cd "$(dirname "$0")"
mkdir -p data dist
[ -d node_modules ] || npm ci
npx esbuild src/milkdown.js --bundle --minify --format=iife --outfile=dist/milkdown.min.js --log-level=warning
npx esbuild src/toast.js    --bundle --minify --format=iife --outfile=dist/toast.min.js    --log-level=warning
node prep.mjs                 # -> data/bodies.json (100 bodies; 2 files excluded)
node run.mjs                  # -> data/results-{vditor,milkdown,toast}.json (headless Chromium, no network beyond study.local)
node analyze.mjs              # -> counts + edit locality, data/summary.json  (--residual prints unexplained diffs)
node synthetic.mjs            # constructs absent from the corpus (hard breaks, __bold__, setext, 1) lists)
# node showdiffs.mjs <lib>    # full line diffs of every changed body
