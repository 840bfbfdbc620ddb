#!/usr/bin/env bash
# Every test of branchpress: the Rust unit and integration tests, the
# installed binary on a fresh portal (scripts/install-test.sh), the yearly
# reports opened by python-docx and openpyxl (scripts/office-test.sh), then the
# browser tests of the default theme in headless Chromium (which install
# Chromium and their npm packages on first run, see scripts/install-browser.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
bash scripts/install-test.sh
bash scripts/office-test.sh
bash scripts/browser-test.sh
