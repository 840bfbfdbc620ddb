#!/bin/sh
# 安装 branchpress（由 branchpress init 生成）。三种发布方式
# （.github/workflows/publish.yml、.gitlab-ci.yml 和 scripts/publish.sh）都用它安装，
# 请把它和它们一起留在仓库里。
#
# 用法：
#   sh scripts/install-branchpress.sh              装到 cargo 的默认位置：
#                                                  ${CARGO_HOME:-$HOME/.cargo}/bin/branchpress
#   sh scripts/install-branchpress.sh 文件夹       装到 文件夹/bin/branchpress
#
# 变量（在 CI 文件里设置，或写在命令前面）：
#   BRANCHPRESS_VERSION   安装的版本，默认 {branchpress_version}。
#   BRANCHPRESS_RELEASES  预先编译好的 branchpress 发布在哪里，例如
#                         https://github.com/组织名/branchpress/releases/download 。
#                         写上后直接下载（几秒钟，不需要 Rust）：
#                           地址/v版本号/branchpress-v版本号-平台.tar.gz
#                         并用同一文件夹里的 SHA256SUMS 核对校验和；
#                         校验和不符或 SHA256SUMS 里没有这个文件时拒绝安装。
#                         需要 curl、tar 和 sha256sum（或 shasum）。
#                         这台电脑的平台没有预先编译好的版本时，改用 cargo 安装。
#                         留空（默认）则用 cargo 安装。
#   BRANCHPRESS_GIT       用 cargo 安装时：留空则从 crates.io 安装；写上 git 仓库地址
#                         则从该仓库的 v版本号 标签安装。
#                         cargo 安装需要 Rust（https://rustup.rs），要几分钟。
set -eu

BRANCHPRESS_VERSION="${BRANCHPRESS_VERSION:-{branchpress_version}}"
BRANCHPRESS_GIT="${BRANCHPRESS_GIT:-}"
BRANCHPRESS_RELEASES="${BRANCHPRESS_RELEASES:-}"
# 装到哪个文件夹（程序在它的 bin 里）；空表示 cargo 的默认位置。
ROOT="${1:-}"

fail() {
  printf '错误: %s\n' "$1" >&2
  if [ $# -gt 1 ]; then printf '  = %s\n' "$2" >&2; fi
  exit 1
}

# 用 cargo 编译安装（需要几分钟）。
cargo_install() {
  command -v cargo >/dev/null 2>&1 ||
    fail "找不到安装 branchpress 所需的 cargo  (cargo not found)" \
      "请先安装 Rust：https://rustup.rs；或设置 BRANCHPRESS_RELEASES，下载预先编译好的版本"
  if [ -n "$ROOT" ]; then set -- --root "$ROOT"; else set --; fi
  if [ -n "$BRANCHPRESS_GIT" ]; then
    cargo install --locked "$@" --git "$BRANCHPRESS_GIT" --tag "v$BRANCHPRESS_VERSION" branchpress
  else
    cargo install --locked "$@" branchpress --version "$BRANCHPRESS_VERSION"
  fi
}

# 这台电脑的平台名（预先编译好的版本按平台分别打包）；没有对应的版本时为空。
platform() {
  case "$(uname -s) $(uname -m)" in
    "Linux x86_64" | "Linux amd64") echo x86_64-unknown-linux-gnu ;;
    "Linux aarch64" | "Linux arm64") echo aarch64-unknown-linux-gnu ;;
    "Darwin x86_64") echo x86_64-apple-darwin ;;
    "Darwin arm64" | "Darwin aarch64") echo aarch64-apple-darwin ;;
    *) echo "" ;;
  esac
}

# 文件的 SHA-256（64 位十六进制小写）。
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sum=$(sha256sum "$1")
  else
    sum=$(shasum -a 256 "$1")
  fi
  printf '%s\n' "${sum%% *}"
}

# SHA256SUMS（sha256sum 的格式：校验和、两个空格、文件名）里文件 $2 的校验和；没有则为空。
listed_sum() {
  cr=$(printf '\r')
  while read -r line_sum line_file || [ -n "${line_sum:-}" ]; do
    line_file="${line_file%"$cr"}"
    # sha256sum -b 写出的文件名前有 *。
    line_file="${line_file#\*}"
    if [ "$line_file" = "$2" ]; then
      printf '%s\n' "$line_sum" | tr 'ABCDEF' 'abcdef'
      return 0
    fi
    line_sum=
  done <"$1"
}

# 下载预先编译好的版本，核对校验和后装好。
release_install() {
  target="$1"
  for tool in curl tar; do
    command -v "$tool" >/dev/null 2>&1 ||
      fail "找不到 $tool，无法下载预先编译好的 branchpress  ($tool is not installed)" \
        "请先安装 $tool；或把 BRANCHPRESS_RELEASES 留空，改用 cargo 安装"
  done
  command -v sha256sum >/dev/null 2>&1 || command -v shasum >/dev/null 2>&1 ||
    fail "找不到 sha256sum 或 shasum，无法核对校验和，拒绝安装  (cannot verify the checksum)" \
      "请先安装 coreutils（sha256sum）；或把 BRANCHPRESS_RELEASES 留空，改用 cargo 安装"

  name="branchpress-v$BRANCHPRESS_VERSION-$target"
  archive="$name.tar.gz"
  base="${BRANCHPRESS_RELEASES%/}/v$BRANCHPRESS_VERSION"
  if [ -n "$ROOT" ]; then bin="$ROOT/bin"; else bin="${CARGO_HOME:-$HOME/.cargo}/bin"; fi

  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "下载 $base/$archive"
  curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$archive" ||
    fail "无法下载 $base/$archive  (download failed)" \
      "请检查 BRANCHPRESS_RELEASES 和 BRANCHPRESS_VERSION：这个版本发布了吗？"
  curl -fsSL --retry 3 -o "$tmp/SHA256SUMS" "$base/SHA256SUMS" ||
    fail "无法下载 $base/SHA256SUMS，无法核对校验和，拒绝安装  (cannot download SHA256SUMS)"

  # 核对校验和：下载的文件必须和发布时记下的完全一样。
  want=$(listed_sum "$tmp/SHA256SUMS" "$archive")
  if [ -z "$want" ]; then
    fail "SHA256SUMS 里没有 $archive 的校验和，拒绝安装  (no checksum listed, refusing to install)" \
      "$base/SHA256SUMS"
  fi
  got=$(sha256_of "$tmp/$archive")
  if [ "$got" != "$want" ]; then
    fail "$archive 的校验和不符，拒绝安装  (checksum mismatch, refusing to install)" \
      "SHA256SUMS 记的是 $want，下载的文件是 $got"
  fi

  tar -xzf "$tmp/$archive" -C "$tmp" ||
    fail "无法解开 $archive  (cannot unpack the archive)"
  program="$tmp/$name/branchpress"
  [ -f "$program" ] ||
    fail "$archive 里没有 $name/branchpress  (the archive holds no branchpress)"
  chmod 755 "$program"
  "$program" --version >/dev/null 2>&1 ||
    fail "下载的 branchpress 无法在这台电脑上运行  (the downloaded program does not run here)" \
      "把 BRANCHPRESS_RELEASES 留空，改用 cargo 安装"

  mkdir -p "$bin"
  cp "$program" "$bin/branchpress.new"
  mv -f "$bin/branchpress.new" "$bin/branchpress"
  echo "已安装 branchpress $BRANCHPRESS_VERSION（$target）：$bin/branchpress"
}

if [ -z "$BRANCHPRESS_RELEASES" ]; then
  cargo_install
else
  target=$(platform)
  if [ -n "$target" ]; then
    release_install "$target"
  else
    printf '注意: 没有适合这台电脑（%s %s）的预先编译好的 branchpress，改用 cargo 安装  (no prebuilt release for this platform; installing with cargo)\n' \
      "$(uname -s)" "$(uname -m)" >&2
    cargo_install
  fi
fi
