#!/usr/bin/env python3
"""`racelens html` in a real browser: headless Chromium loads each page from
file:// (no network), and the DOM it built must hold the race sections, the
inline <svg> diagrams with the expected node texts, the ownership graph and
the goroutine table, and no script from the data.  Also takes a screenshot.

usage: check_browser.py CLI [SCREENSHOT_DIR]
Exits 77 (ctest: skipped) when chromium is not installed."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import fixture

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def chromium(args, tmp):
    profile = tempfile.mkdtemp(dir=tmp)
    return subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}",
                           *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120)


def main():
    if not shutil.which("chromium"):
        print("chromium not installed (Debian package 'chromium'): skipped")
        return 77
    cli = sys.argv[1]
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)
            print("FAIL:", what, file=sys.stderr)

    expect = {
        "counter": ["Race 1: counter", "RACE: write counter",
                    "G2 incrementor", "started at counter.c:16",
                    "wg_done wg"],
        "ownership": ["Race 1: buf-&gt;n", "Ownership violation",
                      "chan jobs", "hands over block of 40 B allocated at "
                      "owner.c:12", "recv ptr ← jobs"],
        "hostile": ["G2 &lt;script&gt;alert(1)&lt;/script&gt;",
                    "a\"b&lt;script&gt;.c:8"],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, texts in expect.items():
            db = fixture.build(name, tmp)
            page = f"{tmp}/{name}.html"
            r = subprocess.run([cli, "html", db, "-o", page])
            check(r.returncode == 0, f"{name}: html exit {r.returncode}")
            r = chromium(["--dump-dom", "file://" + page], tmp)
            dom = r.stdout
            check(r.returncode == 0 and "</html>" in dom,
                  f"{name}: chromium could not load the page: {r.stderr[-300:]}")
            sections = re.findall(r'<section class="race" id="race-(\d+)"', dom)
            check(sections == ["1"], f"{name}: race sections {sections}")
            svgs = dom.count("<svg")
            want = 2 if name in ("ownership", "hostile") else 1
            check(svgs == want, f"{name}: {svgs} <svg> elements, want {want}")
            for t in texts:
                check(t in dom, f"{name}: page lacks {t!r}")
            check("<script" not in dom and "<img" not in dom,
                  f"{name}: markup from the data reached the DOM")
            check(dom.count('class="node event race"') == 2,
                  f"{name}: the two red accesses")
            check("<table class=\"goroutines\">" in dom, f"{name}: goroutines")
            if name != "counter":
                continue  # one screenshot: each browser start costs seconds
            png = f"{tmp}/{name}.png"
            r = chromium([f"--screenshot={png}", "--window-size=1200,1500",
                          "file://" + page], tmp)
            ok = os.path.exists(png) and os.path.getsize(png) > 10000
            check(ok, f"{name}: no screenshot")
            if ok and shots:
                shutil.copy(png, os.path.join(shots, f"html-{name}.png"))
    print("check_browser:", "FAILED" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
