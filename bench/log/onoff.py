#!/usr/bin/env python3
"""bench/log/onoff.py PROG RUNS DB: one program with the log off
(RACELENS_DB=off) and on (a fresh database DB each run), RUNS runs each,
taking turns after one unmeasured run of each, so that a slow spell of a
noisy machine hits both alike.  Prints the medians of wall time and their
ratio, the same for CPU time (user + system, every thread, the log's
writer included: what the log costs the machine, which moves less with
the machine's noise than wall time does), the spread of each turn's own
wall ratio, the events the last run logged, and (for a program that logs
a thousand or more) what the log cost per event, in wall and CPU time."""
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time


def run(prog, db):
    env = dict(os.environ, RACELENS_DB=db)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([prog], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    t1 = time.monotonic()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(f"onoff: {prog} exited with {p.returncode}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return t1 - t0, cpu


def main():
    prog, runs, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    times = {"off": [], "on": []}
    cpus = {"off": [], "on": []}
    for i in range(-1, runs):
        for mode in ("off", "on"):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
            t, c = run(prog, "off" if mode == "off" else db)
            if i >= 0:
                times[mode].append(t * 1000)
                cpus[mode].append(c * 1000)
    off, on = (statistics.median(times[m]) for m in ("off", "on"))
    coff, con = (statistics.median(cpus[m]) for m in ("off", "on"))
    name = os.path.basename(prog)
    print("   %-18s median off %7.1f ms  on %7.1f ms  on/off %.3f" %
          (name, off, on, on / off))
    print("   %-18s cpu    off %7.1f ms  on %7.1f ms  on/off %.3f" %
          ("", coff, con, con / coff))
    # Each turn's own ratio: a slow spell of the machine that lasts a turn
    # moves both runs of it, so their ratios spread less than the times;
    # the spread says how far one figure above can be trusted.
    q = statistics.quantiles([b / a for a, b in zip(times["off"],
                                                     times["on"])], n=4)
    print("   %-18s turns  on/off median %.3f, middle half %.3f-%.3f" %
          ("", q[1], q[0], q[2]))
    runs_db = sqlite3.connect(db)
    n, complete = runs_db.execute("SELECT events_counted, complete FROM runs"
                                  " ORDER BY run_id DESC LIMIT 1").fetchone()
    print(f"   {name} logs {n} events, complete={complete}")
    # The log's cost per event it stored, the run's start and end
    # included: a figure that does not depend on how much else the
    # program does, which a ratio does.
    if n and n >= 1000:
        print("   %-18s per event logged: wall %+.1f ns, cpu %+.1f ns" %
              ("", (on - off) * 1e6 / n, (con - coff) * 1e6 / n))


if __name__ == "__main__":
    main()
