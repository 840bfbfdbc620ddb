#!/usr/bin/env python3
"""Times the writing desk's calls on a portal, as its page makes them.

Starts `branchpress serve --port 0` on PORTAL, reads the desk's token from
its page, then times, over --runs calls each: the schema, the story list,
opening the middle story, its live preview (the story page rendered in the
theme from the form), and saving it unchanged (checked, nothing written).
Prints min / median / max in milliseconds. Nothing in PORTAL changes.

    scripts/desk-bench.py --bin target/release/branchpress --portal /tmp/bp-bench/portal-10000
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import time
import urllib.parse
import urllib.request


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="target/release/branchpress")
    ap.add_argument("--portal", required=True)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    server = subprocess.Popen(
        [args.bin, "serve", "--port", "0"],
        cwd=args.portal,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        # The desk's own address (its own port) is on the line naming it.
        base = None
        for line in server.stdout:
            if "写作台" in line or "writing desk" in line:
                base = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
                break
        page = urllib.request.urlopen(base + "__branchpress/desk/").read().decode()
        token = re.search(r'name="bp-token" content="([0-9a-f]+)"', page).group(1)
        origin = base.rstrip("/")

        def call(name, body=None):
            req = urllib.request.Request(
                base + "__branchpress/desk/api/" + name,
                data=None if body is None else json.dumps(body).encode(),
                headers={"X-Branchpress-Token": token, "Origin": origin, "Content-Type": "application/json"},
                method="GET" if body is None else "POST",
            )
            return json.load(urllib.request.urlopen(req))

        stories = call("stories")["stories"]
        middle = stories[len(stories) // 2]["path"]
        story = call("story?path=" + urllib.parse.quote(middle))
        form = {k: story[k] for k in ("path", "branch", "kind", "front", "body", "version")}
        cases = [
            ("schema", lambda: call("schema")),
            ("stories", lambda: call("stories")),
            ("story", lambda: call("story?path=" + urllib.parse.quote(middle))),
            ("preview", lambda: call("preview", form)),
            ("save (unchanged)", lambda: call("save", form)),
        ]
        print(f"{len(stories)} stories; {args.runs} calls each; ms min / median / max")
        for name, fn in cases:
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                fn()
                times.append((time.perf_counter() - t) * 1000)
            print(f"{name:18} {min(times):8.1f} {statistics.median(times):8.1f} {max(times):8.1f}")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
