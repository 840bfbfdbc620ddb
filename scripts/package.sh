#!/usr/bin/env bash
# Packs one release binary:
#
#   bash scripts/package.sh TARGET BINARY OUTDIR
#
# writes OUTDIR/branchpress-v{version}-{TARGET}.tar.gz (.zip when TARGET is a
# Windows one) holding a folder of that name with the binary (branchpress or
# branchpress.exe), README.md, LICENSE-MIT and LICENSE-APACHE, and beside it
# <archive>.sha256 (`<hex>  <archive file name>`, as sha256sum writes it).
# The version is the [package] one of Cargo.toml. Prints the archive's path.
# Runs on Linux, macOS and Git Bash on Windows (what the release workflow
# uses: .github/workflows/release.yml).
set -euo pipefail

die() {
  echo "package.sh: $*" >&2
  exit 1
}

if [[ $# -ne 3 ]]; then
  echo "usage: bash scripts/package.sh TARGET BINARY OUTDIR" >&2
  echo "  e.g. bash scripts/package.sh x86_64-unknown-linux-gnu target/release/branchpress dist" >&2
  exit 2
fi
target=$1
binary=$2
outdir=$3

[[ -n "$target" ]] || die "the target is empty (e.g. x86_64-unknown-linux-gnu)"
[[ "$target" != */* && "$target" != *" "* ]] || die "not a target triple: '$target'"
[[ -n "$binary" ]] || die "the binary path is empty"
[[ -e "$binary" ]] || die "binary not found: $binary (build it first: cargo build --release --target $target)"
[[ -f "$binary" ]] || die "not a file: $binary"
[[ -n "$outdir" ]] || die "the output folder is empty"

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The version of [package] in Cargo.toml (not a dependency's).
[[ -f "$repo/Cargo.toml" ]] || die "Cargo.toml not found in $repo"
version=$(awk '
  { sub(/\r$/, "") }
  /^[[:space:]]*\[/ { in_package = ($0 ~ /^[[:space:]]*\[package\][[:space:]]*$/); next }
  in_package && /^[[:space:]]*version[[:space:]]*=/ {
    if (match($0, /"[^"]*"/)) { print substr($0, RSTART + 1, RLENGTH - 2); exit }
  }
' "$repo/Cargo.toml")
[[ -n "$version" ]] || die "no version = \"...\" in the [package] section of $repo/Cargo.toml"

for f in README.md LICENSE-MIT LICENSE-APACHE; do
  [[ -f "$repo/$f" ]] || die "$f not found in $repo"
done

if [[ "$target" == *windows* ]]; then
  exe=branchpress.exe
  ext=zip
else
  exe=branchpress
  ext=tar.gz
fi
base="branchpress-v$version-$target"
name="$base.$ext"

mkdir -p "$outdir" || die "cannot create the output folder $outdir"
out_abs=$(cd "$outdir" && pwd)
archive="$out_abs/$name"
rm -f "$archive" "$archive.sha256"

stage=$(mktemp -d 2>/dev/null || mktemp -d -t branchpress-package)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$base"
cp "$binary" "$stage/$base/$exe" || die "cannot copy $binary"
chmod 755 "$stage/$base/$exe"
for f in README.md LICENSE-MIT LICENSE-APACHE; do
  cp "$repo/$f" "$stage/$base/$f"
  chmod 644 "$stage/$base/$f"
done

# A Python that runs (on Windows `python3` may be the store's stub).
python_cmd() {
  local p
  for p in python3 python; do
    if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import zipfile' > /dev/null 2>&1; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

cd "$stage"
if [[ "$ext" == zip ]]; then
  if command -v zip > /dev/null 2>&1; then
    zip -q -r -X "$archive" "$base" || die "zip failed for $archive"
  elif command -v 7z > /dev/null 2>&1; then
    7z a -tzip -bd "$archive" "$base" > /dev/null || die "7z failed for $archive"
  elif py=$(python_cmd); then
    "$py" -m zipfile -c "$archive" "$base" || die "python zipfile failed for $archive"
  else
    die "cannot make a .zip: none of zip, 7z, python3 or python is installed"
  fi
else
  command -v tar > /dev/null 2>&1 || die "cannot make a .tar.gz: tar is not installed"
  # COPYFILE_DISABLE: no macOS ._ metadata files in the archive.
  COPYFILE_DISABLE=1 tar -czf "$archive" "$base" || die "tar failed for $archive"
fi
[[ -s "$archive" ]] || die "the archive was not written: $archive"

cd "$out_abs"
if command -v sha256sum > /dev/null 2>&1; then
  sum=$(sha256sum "$name")
elif command -v shasum > /dev/null 2>&1; then
  sum=$(shasum -a 256 "$name")
else
  die "cannot write the checksum: neither sha256sum nor shasum is installed"
fi
# Only the hex: sha256sum on Windows marks binary mode with '*'.
hex=${sum%% *}
hex=${hex#\\}
[[ "$hex" =~ ^[0-9a-f]{64}$ ]] || die "unexpected checksum output: $sum"
printf '%s  %s\n' "$hex" "$name" > "$name.sha256"

printf '%s\n' "${outdir%/}/$name"
