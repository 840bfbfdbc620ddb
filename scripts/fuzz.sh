#!/usr/bin/env bash
# Fuzzes front-matter parsing, Markdown rendering and site.yaml loading with
# cargo-fuzz (libFuzzer; needs a nightly toolchain: `rustup toolchain
# install nightly` and `cargo install cargo-fuzz`). Seeds come from the demo
# portal, the test fixtures and `init`'s site.yaml.
# Usage: scripts/fuzz.sh [SECONDS per target, default 600] [TARGET...]
# (targets: front_matter markdown site_config; default all, run at once).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter markdown site_config)
mkdir -p fuzz/corpus/front_matter fuzz/corpus/markdown fuzz/corpus/site_config
for f in $(find content tests/fixtures -name '*.md' | sort); do
  seed="seed-$(printf %s "$f" | cksum | cut -d' ' -f1)"
  cp "$f" "fuzz/corpus/front_matter/$seed"
  awk 'BEGIN{n=0} /^---$/{n++; next} n>=2' "$f" > "fuzz/corpus/markdown/$seed"
done
for f in $(find . tests/fixtures -maxdepth 3 -name site.yaml -not -path './target/*' | sort) src/scaffold/site.yaml; do
  [ -f "$f" ] && cp "$f" "fuzz/corpus/site_config/seed-$(printf %s "$f" | cksum | cut -d' ' -f1)"
done
for target in "${targets[@]}"; do
  cargo +nightly fuzz build "$target"
done
status=0
for target in "${targets[@]}"; do
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 > "fuzz/$target.log" 2>&1 &
done
for _ in "${targets[@]}"; do
  wait -n || status=$?
done
for target in "${targets[@]}"; do
  echo "== $target"; grep -E '^#[0-9]+.*(DONE|pulse)|Done [0-9]+ runs|SUMMARY|panicked' "fuzz/$target.log" | tail -3
done
exit "$status"
