#!/usr/bin/env python3
"""`racelens export --perfetto`: valid JSON (python3 -m json.tool) with the
goroutines as named threads, blocking operations as slices, flow arrows for
happens-before edges and the race as a marked instant.

usage: check_export.py CLI"""
import json
import subprocess
import sys
import tempfile

import fixture


def main():
    cli = sys.argv[1]
    failures = []

    def check(cond, what):
        if not cond:
            failures.append(what)
            print("FAIL:", what, file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        for name in ("counter", "ownership", "pingpong"):
            db = fixture.build(name, tmp)
            out = f"{tmp}/{name}.json"
            r = subprocess.run([cli, "export", "--perfetto", db, "-o", out])
            check(r.returncode == 0, f"{name}: export exit {r.returncode}")
            r = subprocess.run([sys.executable, "-m", "json.tool", out],
                               stdout=subprocess.DEVNULL)
            check(r.returncode == 0, f"{name}: json.tool rejects the file")
            with open(out, encoding="utf-8") as f:
                trace = json.load(f)["traceEvents"]
            threads = {e["tid"]: e["args"]["name"] for e in trace
                       if e["ph"] == "M" and e["name"] == "thread_name"}
            if name == "counter":
                check(threads == {1: "G1 main", 2: "G2 incrementor",
                                  3: "G3 incrementor"}, f"threads {threads}")
                races = [e for e in trace if e.get("cat") == "race"]
                check(len(races) == 1 and races[0]["tid"] == 3 and
                      races[0]["name"] == "DATA RACE on counter" and
                      races[0]["ph"] == "i", f"race instants {races}")
                slices = [e for e in trace if e["ph"] == "X"]
                # the wait unblocked at 6400 ns after 5000 ns: the slice
                # spans 1400..6400, 0.4 us after the first event
                check(len(slices) == 1 and slices[0]["name"] == "wg_wait wg"
                      and slices[0]["dur"] == 5.0
                      and slices[0]["ts"] == 0.4, f"slices {slices}")
                starts = {e["id"]: e for e in trace if e["ph"] == "s"}
                ends = {e["id"]: e for e in trace if e["ph"] == "f"}
                check(set(starts) == set(ends) and len(starts) == 3,
                      f"flows {sorted(starts)} / {sorted(ends)}")
                # go (G1) -> start (G2): flow id is the start's seq
                check(4 in starts and starts[4]["tid"] == 1 and
                      ends[4]["tid"] == 2 and ends[4]["bp"] == "e",
                      "go -> start flow")
                check(12 in starts and starts[12]["tid"] == 3 and
                      ends[12]["tid"] == 1, "wg_done -> wg_wait flow")
            if name == "pingpong":
                flows = sorted(e["id"] for e in trace if e["ph"] == "f")
                check(flows == [3, 5, 6, 8, 9, 11, 12, 14, 15],
                      f"ping-pong flows {flows}")
                names = [e["name"] for e in trace if e.get("cat") == "event"]
                check("send 1 → ping" in names and "recv 2 ← pong" in names,
                      f"event names {names[:6]}")
        r = subprocess.run([cli, "export", fixture.build("counter", tmp),
                            "-o", f"{tmp}/x.json"], stderr=subprocess.PIPE,
                           text=True)
        check(r.returncode == 2 and r.stderr.count("\n") == 1,
              f"export without --perfetto: {r.returncode} {r.stderr!r}")
    print("check_export:", "FAILED" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
