"""Expectations written as comments in a testcase's source.

Every program in testcases/ says what a correct racelens run of it looks
like, in lines of the form `// expect...: ...` (see testcases/README.md).
Keeping the expectation inside the program means a reader sees the lesson
and its verdict together, and the checker and the comparison script read
the same single source of truth.  A malformed line is an error, never
silently ignored: a typo would otherwise turn a test into one that cannot
fail.
"""

import re

RACE_RE = re.compile(
    r"^race\s+(?P<name>.+?)\s+\(lines?\s+(?P<a>\d+)\s*,\s*(?P<b>\d+)\)$")
LINE_RE = re.compile(r"^\s*//\s*(expect(?:-[a-z-]+)?):\s*(.*?)\s*$")

KEYS = {
    "expect", "expect-exit", "expect-stderr", "expect-stdout",
    "expect-stdout-sorted", "expect-stdout-lines", "expect-runs",
    "expect-compile-fail", "expect-args", "expect-cflags",
}


class ExpectError(Exception):
    pass


class Expectation:
    def __init__(self):
        self.no_race = False
        self.races = []           # (name, line_a, line_b) with a <= b
        self.exit = None
        self.stderr = []
        self.stdout_file = None
        self.stdout_sorted_file = None
        self.stdout_lines = []    # compiled regexes; a line must match one
        self.runs = None
        self.compile_fail = None
        self.args = []
        self.cflags = []

    @property
    def expects_race(self):
        return bool(self.races)

    def exit_status(self):
        if self.exit is not None:
            return self.exit
        return 66 if self.races else 0

    def run_count(self):
        return self.runs if self.runs is not None else 10

    def race_set(self):
        return sorted(set(self.races))


def _int(text, key, where):
    if not re.fullmatch(r"\d+", text):
        raise ExpectError(f"{where}: {key} wants a number, got '{text}'")
    return int(text)


def parse(path):
    """Reads the expectation lines of the source file at `path`."""
    e = Expectation()
    seen = False
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            m = LINE_RE.match(line)
            if not m:
                continue
            key, value = m.group(1), m.group(2)
            where = f"{path}:{lineno}"
            if key not in KEYS:
                raise ExpectError(f"{where}: unknown expectation '{key}'")
            seen = True
            if key == "expect":
                if value == "no race":
                    e.no_race = True
                    continue
                r = RACE_RE.match(value)
                if not r:
                    raise ExpectError(
                        f"{where}: expected 'no race' or "
                        f"'race NAME (lines A, B)', got '{value}'")
                a, b = sorted((int(r.group("a")), int(r.group("b"))))
                e.races.append((r.group("name"), a, b))
            elif key == "expect-exit":
                e.exit = _int(value, key, where)
            elif key == "expect-stderr":
                e.stderr.append(value)
            elif key == "expect-stdout":
                e.stdout_file = value
            elif key == "expect-stdout-sorted":
                e.stdout_sorted_file = value
            elif key == "expect-stdout-lines":
                try:
                    e.stdout_lines.append(re.compile(value))
                except re.error as err:
                    raise ExpectError(f"{where}: bad regex: {err}")
            elif key == "expect-runs":
                e.runs = _int(value, key, where)
            elif key == "expect-compile-fail":
                e.compile_fail = value
            elif key == "expect-args":
                e.args = value.split()
            elif key == "expect-cflags":
                e.cflags = value.split()
    if not seen:
        raise ExpectError(f"{path}: no '// expect' lines")
    if e.compile_fail is None and not e.no_race and not e.races:
        raise ExpectError(
            f"{path}: says neither 'expect: no race' nor 'expect: race ...'")
    if e.no_race and e.races:
        raise ExpectError(f"{path}: says both 'no race' and 'race ...'")
    return e
