#!/usr/bin/env python3
"""Checks one testcase end to end, the way a student would run it.

    check_case.py --cc BUILD/bin/racelens-cc --work DIR PROGRAM.c

Compiles PROGRAM.c with racelens-cc, runs it N times (expect-runs, 10 by
default), each time with RACELENS_DB pointing at a fresh database, and
checks what a user sees against the `// expect` lines of the program:
the exit status, the stderr text, the stdout, and the exact set of
distinct races in the database (no race missing, none extra) on every
run.  A race detector that is right "most of the time" is not right, so
one bad run fails the test.  Exit status 0 when everything matched, 1
when something did not (with a precise account of what), 2 for bad input.
"""

import argparse
import os
import re
import sqlite3
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expect  # noqa: E402

RUN_TIMEOUT = 30  # seconds; a hang is a failure, not a stuck ctest

RACES_SQL = """
SELECT r.race_id, r.var, cs.expr, cs.line, ps.expr, ps.line,
       r.cur_kind, r.prev_kind, r.cur_gid, r.prev_gid
  FROM races r
  LEFT JOIN sites cs ON cs.run_id = r.run_id AND cs.site_id = r.cur_site
  LEFT JOIN sites ps ON ps.run_id = r.run_id AND ps.site_id = r.prev_site
 WHERE r.run_id = ? AND r.first = 1
 ORDER BY r.race_id
"""


class Found:
    """One distinct race as the database records it."""

    def __init__(self, row):
        (self.race_id, self.var, cur_expr, cur_line, prev_expr, prev_line,
         self.cur_kind, self.prev_kind, self.cur_gid, self.prev_gid) = row
        self.lines = tuple(sorted((cur_line or 0, prev_line or 0)))
        self.names = {n for n in (cur_expr, prev_expr) if n}
        # races.var reads like "global `counter`": the name is in backticks.
        self.names.update(re.findall(r"`([^`]+)`", self.var or ""))

    def matches(self, want):
        name, a, b = want
        return self.lines == (a, b) and name in self.names

    def __str__(self):
        names = "/".join(sorted(self.names)) or "?"
        return (f"race {names} (lines {self.lines[0]}, {self.lines[1]}) "
                f"[{self.cur_kind} by G{self.cur_gid} vs {self.prev_kind} "
                f"by G{self.prev_gid}; var: {self.var}]")


def fmt_want(want):
    return f"race {want[0]} (lines {want[1]}, {want[2]})"


def read_races(db_path):
    """Returns (run_count, site_count, [Found]) of the only run in db."""
    if not os.path.exists(db_path):
        raise RuntimeError(f"no database written at {db_path}")
    con = sqlite3.connect(db_path, timeout=10)
    try:
        runs = con.execute("SELECT run_id FROM runs").fetchall()
        if len(runs) != 1:
            raise RuntimeError(f"{len(runs)} runs in a fresh database, "
                               "expected exactly 1")
        run_id = runs[0][0]
        sites = con.execute("SELECT count(*) FROM sites WHERE run_id = ?",
                            (run_id,)).fetchone()[0]
        found = [Found(r) for r in con.execute(RACES_SQL, (run_id,))]
        return sites, found
    finally:
        con.close()


def compare_races(want, found):
    """Lists of (missing expectations, extra found races)."""
    missing = [w for w in want if not any(f.matches(w) for f in found)]
    extra = [f for f in found if not any(f.matches(w) for w in want)]
    return missing, extra


def excerpt(text, limit=40):
    lines = text.splitlines()
    cut = lines[:limit]
    if len(lines) > limit:
        cut.append(f"... ({len(lines) - limit} more lines)")
    return "\n".join("    | " + line for line in cut)


def check_stdout(e, src_dir, out):
    """A list of problems with the program's stdout (empty when fine)."""
    problems = []
    lines = out.splitlines()
    if e.stdout_file:
        with open(os.path.join(src_dir, e.stdout_file)) as f:
            want = f.read()
        if out != want:
            problems.append("stdout differs from " + e.stdout_file + ":\n" +
                            diff_text(want, out))
    if e.stdout_sorted_file:
        with open(os.path.join(src_dir, e.stdout_sorted_file)) as f:
            want = f.read()
        if sorted(out.splitlines()) != sorted(want.splitlines()):
            problems.append("stdout lines (in any order) differ from " +
                            e.stdout_sorted_file + ":\n" +
                            diff_text("\n".join(sorted(want.splitlines())),
                                      "\n".join(sorted(lines))))
    if e.stdout_lines:
        for n, line in enumerate(lines, 1):
            if not any(r.search(line) for r in e.stdout_lines):
                problems.append(f"stdout line {n} matches no "
                                f"expect-stdout-lines pattern: {line!r}")
                break
    return problems


def diff_text(want, got):
    import difflib
    d = difflib.unified_diff(want.splitlines(), got.splitlines(),
                             "expected", "actual", lineterm="", n=1)
    return excerpt("\n".join(d), 30)


def compile_case(cc, src, exe, e, extra=()):
    cmd = [cc, "-g", "-Wall", "-Wextra", "-Werror", *e.cflags, *extra, "-o",
           exe, src]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    output = p.stdout + p.stderr
    if e.compile_fail is not None:
        if p.returncode == 0:
            return ["compiled, but expect-compile-fail says it must not"]
        if e.compile_fail not in output:
            return [f"compile failed as expected, but without "
                    f"'{e.compile_fail}' in:\n" + excerpt(output)]
        return []
    if p.returncode != 0:
        return [f"compile failed ({' '.join(cmd)}):\n" + excerpt(output)]
    return []


def run_once(exe, e, db, src_dir):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    env = dict(os.environ, RACELENS_DB=db)
    try:
        p = subprocess.run([exe] + e.args, capture_output=True, text=True,
                           env=env, timeout=RUN_TIMEOUT,
                           cwd=os.path.dirname(db), errors="replace")
    except subprocess.TimeoutExpired:
        return [f"did not finish within {RUN_TIMEOUT}s"], None
    problems = []
    if p.returncode != e.exit_status():
        how = (f"killed by signal {-p.returncode}" if p.returncode < 0
               else f"exit status {p.returncode}")
        problems.append(f"{how}, expected {e.exit_status()}")
    for text in e.stderr:
        if text not in p.stderr:
            problems.append(f"stderr lacks {text!r}")
    problems += check_stdout(e, src_dir, p.stdout)
    try:
        sites, found = read_races(db)
        if sites == 0:
            problems.append("the run recorded no sites: the program was "
                            "not instrumented")
        missing, extra = compare_races(e.race_set(), found)
        if missing or extra:
            lines = ["races differ:"]
            lines += ["  expected: " + fmt_want(w) for w in e.race_set()]
            if not e.race_set():
                lines.append("  expected: no race")
            lines += ["  found:    " + str(f) for f in found]
            lines += ["  missing:  " + fmt_want(w) for w in missing]
            lines += ["  extra:    " + str(f) for f in extra]
            problems.append("\n".join(lines))
    except (RuntimeError, sqlite3.Error) as err:
        problems.append(f"database: {err}")
    return problems, p


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cc", required=True, help="racelens-cc")
    ap.add_argument("--work", required=True, help="scratch directory")
    ap.add_argument("--runs", type=int, help="override expect-runs")
    ap.add_argument("--opt", help="also compile with this -O level (e.g. -O2),"
                    " after the case's own expect-cflags")
    ap.add_argument("source")
    a = ap.parse_args()

    try:
        e = expect.parse(a.source)
    except (OSError, expect.ExpectError) as err:
        print(f"check_case: {err}", file=sys.stderr)
        return 2
    if not os.access(a.cc, os.X_OK):
        print(f"check_case: compiler {a.cc} not found or not executable "
              "(build the racelens-cc target first)", file=sys.stderr)
        return 2

    name = os.path.splitext(os.path.basename(a.source))[0]
    src_dir = os.path.dirname(os.path.abspath(a.source))
    work = os.path.abspath(os.path.join(a.work, name))
    os.makedirs(work, exist_ok=True)
    exe = os.path.join(work, name)

    extra = [a.opt] if a.opt else []
    problems = compile_case(a.cc, os.path.abspath(a.source), exe, e, extra)
    if problems or e.compile_fail is not None:
        return report(name, problems, None, 0)

    runs = a.runs if a.runs is not None else e.run_count()
    for i in range(1, runs + 1):
        problems, p = run_once(exe, e, os.path.join(work, "run.db"), src_dir)
        if problems:
            return report(name, problems, p, i)
    wanted = ", ".join(fmt_want(w) for w in e.race_set()) or "no race"
    print(f"PASS {name}: {runs} runs, {wanted}, exit {e.exit_status()}")
    return 0


def report(name, problems, p, run):
    if not problems:
        print(f"PASS {name}: does not compile, as expected")
        return 0
    where = f" (run {run})" if run else ""
    print(f"FAIL {name}{where}:")
    for problem in problems:
        print("  - " + problem.replace("\n", "\n    "))
    if p is not None:
        print("  stderr of the run:\n" + excerpt(p.stderr))
        print("  stdout of the run:\n" + excerpt(p.stdout, 15))
    return 1


if __name__ == "__main__":
    sys.exit(main())
