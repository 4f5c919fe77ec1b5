#!/usr/bin/env python3
"""The checker checked: it must fail when a program does not do what its
expectation says.

A suite whose checker passes everything proves nothing.  This takes real
course programs, gives them a wrong expectation (a racy program said to be
race-free, a race-free one said to race, a wrong expected output, a wrong
line) and requires check_case.py to fail on each, naming the difference.
It also requires the expectation parser to refuse malformed lines.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, HERE)
import expect  # noqa: E402

COURSE = os.path.join(HERE, "course")

# (program, pattern in its expect lines, replacement, what the failure
# report must say)
MUTATIONS = [
    ("09_counter_race.c", r"// expect: race .*", "// expect: no race",
     "extra:    race counter"),
    ("11_counter_mutex.c", r"// expect: no race",
     "// expect: race counter (lines 24, 26)",
     "missing:  race counter (lines 24, 26)"),
    ("10_counter_race_yield.c", r"// expect: race counter \(lines 27, 27\)",
     "// expect: race counter (lines 26, 27)", "missing:"),
    ("09_counter_race.c", r"// expect: race counter",
     "// expect: race total", "missing:  race total"),
    ("14_chan_unbuffered_handoff.c", r"// expect-stdout: .*",
     "// expect-stdout: wrong.out", "stdout differs from wrong.out"),
    ("30_misuse_send_on_closed.c", r"// expect-exit: 2",
     "// expect-exit: 0", "exit status 2, expected 0"),
    ("21_chan_close_recvonly_compile_fail.c", r"// expect-compile-fail: .*",
     "// expect: no race", "compile failed"),
]

BAD_LINES = [
    "// expect: race counter lines 3, 4",
    "// expect: races counter (lines 3, 4)",
    "// expect-stdot: x.out",
    "// expect-exit: two",
    "// expect-stdout-lines: ([unclosed",
]


def check_parser(tmp):
    failures = []
    for bad in BAD_LINES:
        path = os.path.join(tmp, "bad.c")
        with open(path, "w") as f:
            f.write("// expect: no race\n" + bad + "\nint main(void){}\n")
        try:
            expect.parse(path)
            failures.append(f"parser accepted {bad!r}")
        except expect.ExpectError:
            pass
    path = os.path.join(tmp, "none.c")
    with open(path, "w") as f:
        f.write("int main(void) { return 0; }\n")
    try:
        expect.parse(path)
        failures.append("parser accepted a program with no expectation")
    except expect.ExpectError:
        pass
    return failures


def check_mutation(tmp, cc, prog, pattern, repl, must_say):
    src = os.path.join(COURSE, prog)
    with open(src) as f:
        text = f.read()
    mutated, n = re.subn(pattern, lambda _m: repl, text, count=1)
    if n != 1:
        return [f"{prog}: pattern {pattern!r} not found (update self_check)"]
    case_dir = tempfile.mkdtemp(dir=tmp)
    for name in os.listdir(COURSE):
        if name.endswith(".out"):
            shutil.copy(os.path.join(COURSE, name), case_dir)
    with open(os.path.join(case_dir, "wrong.out"), "w") as f:
        f.write("not what the program prints\n")
    path = os.path.join(case_dir, prog)
    with open(path, "w") as f:
        f.write(mutated)
    p = subprocess.run(
        [sys.executable, os.path.join(HERE, "check_case.py"), "--cc", cc,
         "--work", os.path.join(case_dir, "work"), "--runs", "1", path],
        capture_output=True, text=True, timeout=120)
    if p.returncode != 1:
        return [f"{prog} with {repl!r}: checker exited {p.returncode}, "
                f"expected 1:\n{p.stdout}{p.stderr}"]
    if must_say not in p.stdout:
        return [f"{prog} with {repl!r}: failure report lacks {must_say!r}:"
                f"\n{p.stdout}"]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=a.work) as tmp:
        failures = check_parser(tmp)
        for m in MUTATIONS:
            failures += check_mutation(tmp, a.cc, *m)
    for f in failures:
        print("FAIL " + f)
    if failures:
        return 1
    print(f"PASS self_check: parser refuses {len(BAD_LINES) + 1} bad "
          f"inputs; checker fails all {len(MUTATIONS)} wrong expectations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
