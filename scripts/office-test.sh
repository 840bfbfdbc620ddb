#!/usr/bin/env bash
# The yearly reports opened by real office-format readers: python-docx and
# openpyxl (pinned, in a virtual environment under target/), on the reports
# of the `report` fixture portal.
# Usage: scripts/office-test.sh [BIN]   (default: target/release/branchpress)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-target/release/branchpress}"
[ -x "$bin" ] || cargo build --release --locked --quiet

venv=target/office-venv
if ! "$venv/bin/python" -c 'import docx, openpyxl' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        python-docx==1.1.2 openpyxl==3.1.5
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r tests/fixtures/report "$tmp/portal"
abs_bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
(cd "$tmp/portal" &&
    "$abs_bin" report --year 2024 --branch neike --output "$tmp/neike.docx" >/dev/null &&
    "$abs_bin" report --year 2024 --format xlsx --output "$tmp/xlsx" >/dev/null)
"$venv/bin/python" tests/office/check_reports.py "$tmp/neike.docx" "$tmp/xlsx/报告测试门户2024年度党建工作成果汇总.xlsx"
