#!/usr/bin/env bash
# Builds the release binary, then benchmarks `serve` (see serve-bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
exec python3 scripts/serve-bench.py "$@"
