#!/usr/bin/env bash
# Build the release binary, then benchmark it: scripts/bench.sh [bench.py options]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
exec python3 scripts/bench.py "$@"
