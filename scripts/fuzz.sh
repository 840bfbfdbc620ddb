#!/usr/bin/env bash
# Fuzzes front-matter parsing and Markdown rendering with cargo-fuzz
# (libFuzzer; needs a nightly toolchain: `rustup toolchain install nightly`
# and `cargo install cargo-fuzz`). Seeds come from the demo portal and the
# test fixtures. Usage: scripts/fuzz.sh [SECONDS per target, default 600]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
mkdir -p fuzz/corpus/front_matter fuzz/corpus/markdown
for f in $(find content tests/fixtures -name '*.md' | sort); do
  cp "$f" "fuzz/corpus/front_matter/seed-$(printf %s "$f" | cksum | cut -d' ' -f1)"
  awk 'BEGIN{n=0} /^---$/{n++; next} n>=2' "$f" > "fuzz/corpus/markdown/seed-$(printf %s "$f" | cksum | cut -d' ' -f1)"
done
cargo +nightly fuzz build front_matter
cargo +nightly fuzz build markdown
status=0
for target in front_matter markdown; do
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 > "fuzz/$target.log" 2>&1 &
done
wait -n || status=$?
wait || status=$?
for target in front_matter markdown; do
  echo "== $target"; grep -E '^#[0-9]+.*(DONE|pulse)|Done [0-9]+ runs|SUMMARY|panicked' "fuzz/$target.log" | tail -3
done
exit "$status"
