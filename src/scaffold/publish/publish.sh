#!/bin/sh
# 发布网站（由 branchpress init 生成）：检查稿件、生成网站，再上传到网站服务器
# 或推送到 Gitee Pages。在任何装有 sh 的电脑或 CI 上都能用。
#
# 用法（在门户文件夹里运行，网址和目标换成自己的）：
#
#   上传到自己的网站服务器（如 nginx，需要 rsync 和 SSH 登录）：
#     SITE_URL=https://dangjian.example.org/ \
#     RSYNC_TARGET=deploy@web.example.org:/var/www/dangjian/ \
#     sh scripts/publish.sh
#
#   推送到 Gitee Pages（推送到该仓库的 gh-pages 分支）：
#     SITE_URL=https://用户名.gitee.io/仓库名/ \
#     GITEE_REMOTE=git@gitee.com:用户名/仓库名.git \
#     sh scripts/publish.sh
#
# 变量：
#   SITE_URL             必填。网站正式的网址，以 / 结尾；链接、二维码和分享卡片都用它。
#   RSYNC_TARGET         rsync 的目标（用户@服务器:文件夹/ 或本机文件夹）。
#                        网站文件会与目标完全一致：目标里多出的旧文件会被删除。
#   GITEE_REMOTE         git 仓库地址；网站文件作为该仓库的 gh-pages 分支强制推送
#                        （这个分支原有的内容会被替换）。
#                        RSYNC_TARGET 和 GITEE_REMOTE 至少写一个；都写则两处都发布。
#   BRANCHPRESS          要运行的 branchpress 程序，默认 branchpress。
#   BRANCHPRESS_VERSION  找不到 branchpress 时安装的版本，默认 {branchpress_version}。
#   BRANCHPRESS_RELEASES 下载预先编译好的 branchpress 的地址，例如
#                        https://github.com/组织名/branchpress/releases/download 。
#                        写上后直接下载 地址/v版本号/ 里这台电脑对应的压缩包（几秒钟，
#                        不需要 Rust），并用同一处的 SHA256SUMS 核对校验和，不符就拒绝安装；
#                        需要 curl 和 tar。留空（默认）则用 cargo 安装。
#   BRANCHPRESS_GIT      用 cargo 安装时：留空则从 crates.io 安装；写上 git 仓库地址
#                        则从该仓库的 v版本号 标签安装。cargo 安装需要 Rust（https://rustup.rs）。
#                        安装的办法写在 scripts/install-branchpress.sh 里，装在
#                        ${CARGO_HOME:-$HOME/.cargo}/bin。
#
# 检查出错误时在这里停下，不会上传任何文件；警告不影响发布。
set -eu

BRANCHPRESS="${BRANCHPRESS:-branchpress}"
BRANCHPRESS_VERSION="${BRANCHPRESS_VERSION:-{branchpress_version}}"
BRANCHPRESS_GIT="${BRANCHPRESS_GIT:-}"
BRANCHPRESS_RELEASES="${BRANCHPRESS_RELEASES:-}"
SITE_URL="${SITE_URL:-}"
RSYNC_TARGET="${RSYNC_TARGET:-}"
GITEE_REMOTE="${GITEE_REMOTE:-}"

fail() {
  printf '错误: %s\n' "$1" >&2
  if [ $# -gt 1 ]; then printf '  = %s\n' "$2" >&2; fi
  exit 1
}

if [ -z "$SITE_URL" ]; then
  fail "没有设置 SITE_URL（网站正式的网址）  (SITE_URL is not set)" \
    "例如：SITE_URL=https://dangjian.example.org/ RSYNC_TARGET=... sh scripts/publish.sh"
fi
if [ -z "$RSYNC_TARGET" ] && [ -z "$GITEE_REMOTE" ]; then
  fail "没有设置 RSYNC_TARGET 或 GITEE_REMOTE，不知道发布到哪里  (set RSYNC_TARGET or GITEE_REMOTE)" \
    "上传到服务器：RSYNC_TARGET=用户@服务器:/var/www/网站/；推送到 Gitee Pages：GITEE_REMOTE=git@gitee.com:用户名/仓库名.git"
fi
if [ -n "$RSYNC_TARGET" ] && ! command -v rsync >/dev/null 2>&1; then
  fail "找不到 rsync  (rsync is not installed)" "请先安装 rsync，例如 apt-get install rsync"
fi
if [ -n "$GITEE_REMOTE" ] && ! command -v git >/dev/null 2>&1; then
  fail "找不到 git  (git is not installed)" "请先安装 git"
fi

# 门户文件夹：这个脚本在它的 scripts/ 里。
cd "$(dirname "$0")/.."

# 没有 branchpress 就安装：设置了 BRANCHPRESS_RELEASES 时下载预先编译好的版本，
# 否则用 cargo 编译安装（需要几分钟）。
if ! command -v "$BRANCHPRESS" >/dev/null 2>&1; then
  if [ "$BRANCHPRESS" != branchpress ]; then
    fail "找不到 BRANCHPRESS 指定的程序“$BRANCHPRESS”  (no such program)"
  fi
  [ -f scripts/install-branchpress.sh ] ||
    fail "找不到 branchpress，也找不到安装它的 scripts/install-branchpress.sh  (installer missing)" \
      "它由 branchpress init 和这个脚本一起生成；或先自己安装 branchpress"
  BRANCHPRESS_VERSION="$BRANCHPRESS_VERSION" BRANCHPRESS_GIT="$BRANCHPRESS_GIT" \
    BRANCHPRESS_RELEASES="$BRANCHPRESS_RELEASES" sh scripts/install-branchpress.sh
  PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi

"$BRANCHPRESS" check
"$BRANCHPRESS" build --quiet --base-url "$SITE_URL"

if [ -n "$RSYNC_TARGET" ]; then
  rsync -az --delete --exclude=.branchpress public/ "$RSYNC_TARGET"
  echo "已上传到 $RSYNC_TARGET"
fi

if [ -n "$GITEE_REMOTE" ]; then
  # 在临时文件夹里把网站文件做成一个只有一次提交的 git 仓库，强制推送为 gh-pages 分支。
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp -R public/. "$tmp/"
  rm -f "$tmp/.branchpress"
  touch "$tmp/.nojekyll"
  (
    cd "$tmp"
    git init -q
    git symbolic-ref HEAD refs/heads/gh-pages
    git add -A
    git -c user.name=branchpress -c user.email=branchpress@localhost -c commit.gpgsign=false \
      commit -q -m "发布网站 $(date '+%Y-%m-%d %H:%M')"
    git push -q --force "$GITEE_REMOTE" gh-pages
  )
  echo "已推送到 $GITEE_REMOTE 的 gh-pages 分支；Gitee Pages 请在仓库的 服务 → Gitee Pages 中点“更新”"
fi
