#!/usr/bin/env python3
"""End-to-end tests of the `racelens` command on fixture databases.

usage: cli_test.py RACELENS CASE     (CASE "list" prints the case names)

Each case builds its databases from the documented schema (fixture_db.py),
runs the real binary and checks what a user sees: exit status, report lines,
JSON/SARIF fields, one-line errors.  Exit 0 pass, 1 fail, 77 skip.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fixture_db  # noqa: E402

RACELENS = None
TMP = None
CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


class Fail(Exception):
    pass


def run(*args, env=None, cwd=None):
    e = dict(os.environ)
    e.pop("RACELENS_DB", None)
    e.update(env or {})
    p = subprocess.run([RACELENS] + list(args), capture_output=True,
                       text=True, env=e, cwd=cwd or TMP, timeout=60)
    return p.returncode, p.stdout, p.stderr


def expect(cond, what, out=""):
    if not cond:
        raise Fail(what + ("\n--- output ---\n" + out if out else ""))


def has(text, *needles):
    for n in needles:
        expect(n in text, "missing %r" % n, text)


def db(name, fixtures, **kw):
    return fixture_db.make_db(os.path.join(TMP, name), fixtures, **kw)


def one_line_error(rc, out, err, needle):
    expect(rc == 2, "exit status %d, expected 2" % rc, out + err)
    expect(out == "", "stdout should be empty", out)
    lines = err.strip("\n").split("\n")
    expect(len(lines) == 1, "expected one line on stderr", err)
    has(err, needle)


# ---- report, text ------------------------------------------------------

@case
def report_counter():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("report", p, "--run", "1")
    expect(rc == 66, "exit %d, expected 66" % rc, out + err)
    has(out, "WARNING: DATA RACE on counter",
        "Write of 4 bytes by G3 (incrementor) at counter.c:10:",
        "Previous write of 4 bytes by G2 (incrementor) at counter.c:10:",
        ">   10 | counter++;" if False else "> ",
        "G3 (incrementor) was started by G1 (main) at counter.c:18",
        "G2 (incrementor) was started by G1 (main) at counter.c:17",
        "G2's write comes after its start (go at counter.c:17)",
        "G3's write comes after its start (go at counter.c:18)",
        "atomic_fetch_add(&counter, 1)", "seen 3 times",
        "1 data race in run 1 (counter, exited; 3 occurrences)")
    expect(re.search(r"^  >\s+10 \|\s+counter\+\+;$", out, re.M),
           "source line 10 not marked", out)
    expect(re.search(r"^\s+9 \|\s+for", out, re.M), "no context line", out)
    expect("\033[" not in out, "colour escapes in piped output", out)
    # the read and the write of `counter++` are two sites at one place:
    # one race, as the terminal report counts it
    expect(out.count("WARNING: DATA RACE") == 1,
           "races not grouped by source location pair", out)


@case
def report_latest_is_default():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("report", p)
    expect(rc == 0, "exit %d, expected 0" % rc, out + err)
    has(out, "no data races in run 2")
    # and through $RACELENS_DB, with --run=1
    rc, out, err = run("report", "--run=1", env={"RACELENS_DB": p})
    expect(rc == 66, "exit %d with RACELENS_DB" % rc, out + err)


@case
def report_ownership():
    p = db("h.db", ["handoff.sql"])
    rc, out, err = run("report", p)
    expect(rc == 66, "exit %d" % rc, out + err)
    has(out, "heap block of 16 bytes (allocated at handoff.c:8 by G2 "
        "(producer))", "ownership violation",
        "channel ch at handoff.c:10", "write at handoff.c:11",
        "G1's read comes after recv on ch at handoff.c:18")
    expect("read-modify-write" not in out, "wrong counter hint", out)
    # a runtime that logs the pointer but not the block it points into
    p = db("h2.db", ["handoff.sql"], sql="UPDATE events SET ptr_obj = NULL")
    rc, out, err = run("report", p)
    has(out, "ownership violation", "channel ch at handoff.c:10")


@case
def report_sleep_and_no_wait():
    p = db("n.db", ["nowait.sql"])
    rc, out, err = run("report", p)
    expect(rc == 66, "exit %d" % rc, out + err)
    has(out, "sleeping does not synchronise", "sleep 100 ms at nowait.c:13",
        "G1 (main) started G2 (worker) (go at nowait.c:12)", "WaitGroup",
        "G2 exited, but G1 did not wait for that")


@case
def report_source_moved():
    p = db("m.db", ["counter.sql"], dir_override="/nonexistent/racelens")
    rc, out, err = run("report", p, "--run", "1")
    expect(rc == 66, "exit %d" % rc, out + err)
    has(out, "note: source counter.c not found or changed since the run",
        "Write of 4 bytes by G3 (incrementor) at counter.c:10:")


@case
def report_cut_short():
    p = db("k.db", ["counter.sql"], sql="""
        DELETE FROM runs WHERE run_id = 2;
        UPDATE runs SET status = 'running', pid = 2147480000, end_ns = NULL,
          exit_code = NULL, races = NULL, events_counted = NULL, complete = 0;
        UPDATE races SET prev_seq = NULL;
        DELETE FROM events WHERE seq > 8;""")
    rc, out, err = run("report", p)
    expect(rc == 66, "exit %d" % rc, out + err)
    has(out, "note: run 1 was cut short", "WARNING: DATA RACE on counter",
        "G2's write comes after its start (go at counter.c:17)")
    rc, out, err = run("runs", p)
    expect(rc == 0, "runs exit %d" % rc, out + err)
    expect(re.search(r"^\s+1\s+counter\s.*cut short\s+-\s+2\s+8$", out,
                     re.M), "runs line for a cut-short run", out)


# ---- JSON and SARIF -----------------------------------------------------

@case
def report_json():
    p = db("h.db", ["handoff.sql"])
    rc, out, err = run("report", p, "--format", "json")
    expect(rc == 66, "exit %d" % rc, out + err)
    doc = json.loads(out)
    expect(doc["racelens_report"] == 1, "version field", out)
    expect(doc["run"]["id"] == 1 and doc["run"]["status"] == "exited",
           "run", out)
    expect(doc["race_count"] == 1 and len(doc["races"]) == 1, "count", out)
    r = doc["races"][0]
    expect(r["current"]["kind"] == "write" and r["current"]["size"] == 4,
           "current access", out)
    expect(r["current"]["location"] == {"file": "handoff.c", "line": 11,
                                        "column": 10,
                                        "function": "producer"},
           "current location", out)
    expect(r["previous"]["goroutine"]["label"] == "G1 (main)", "prev", out)
    expect(r["previous"]["goroutine"]["main"] is True, "main flag", out)
    expect(r["current"]["goroutine"]["created_at"]["line"] == 16,
           "created_at", out)
    expect(r["current"]["stack"][0]["function"] == "producer", "stack", out)
    expect(r["previous"]["last_sync"]["kind"] == "recv", "last sync", out)
    expect([h["pattern"] for h in r["hints"]] == ["ownership-violation"],
           "hints", out)
    expect(len(r["explanation"]) == 3, "explanation", out)
    # a clean run is valid JSON too, with exit 0
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("report", p, "--format=json")
    expect(rc == 0 and json.loads(out)["races"] == [], "clean json", out)


def check_sarif(doc):
    """The SARIF 2.1.0 properties a consumer relies on (the schema's
    required ones and ours)."""
    expect(doc["version"] == "2.1.0", "version")
    expect("sarif-2.1.0" in doc["$schema"], "$schema")
    for run_ in doc["runs"]:
        drv = run_["tool"]["driver"]
        expect(drv["name"] == "racelens", "driver name")
        rule_ids = [r["id"] for r in drv["rules"]]
        for res in run_["results"]:
            expect(res["message"]["text"], "result message")
            expect(res["ruleId"] in rule_ids, "ruleId")
            expect(rule_ids[res["ruleIndex"]] == res["ruleId"], "ruleIndex")
            expect(res["level"] in ("none", "note", "warning", "error"),
                   "level")
            for loc in res["locations"] + res["relatedLocations"]:
                pl = loc["physicalLocation"]
                expect(pl["artifactLocation"]["uri"], "uri")
                expect(pl["region"]["startLine"] >= 1, "startLine")
            for cf in res["codeFlows"]:
                expect(len(cf["threadFlows"]) >= 1, "threadFlows")
                for tf in cf["threadFlows"]:
                    expect(len(tf["locations"]) >= 1, "threadFlow locations")
                    for tl in tf["locations"]:
                        expect("location" in tl, "threadFlowLocation")


@case
def report_sarif():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("report", p, "--run", "1", "--format", "sarif")
    expect(rc == 66, "exit %d" % rc, out + err)
    doc = json.loads(out)
    check_sarif(doc)
    results = doc["runs"][0]["results"]
    expect(len(results) == 1, "one result per location pair", out)
    r = results[0]
    loc = r["locations"][0]["physicalLocation"]
    expect(loc["artifactLocation"]["uri"] == "counter.c" and
           loc["region"]["startLine"] == 10, "result location", out)
    rel = r["relatedLocations"][0]
    expect("previous write by G2" in rel["message"]["text"], "related", out)
    flows = r["codeFlows"][0]["threadFlows"]
    expect([f["id"] for f in flows] ==
           ["G2 (incrementor)", "G3 (incrementor)"], "thread flows", out)


@case
def sarif_multitool():
    """Validates the SARIF with Microsoft's SARIF multitool from the npm
    registry; skips when npm or the package is unavailable."""
    npm = shutil.which("npm")
    npx = shutil.which("npx")
    if not npm or not npx:
        print("SKIP: npm is not installed")
        return 77
    cache = os.environ.get("RACELENS_NPM_CACHE",
                           os.path.join(tempfile.gettempdir(),
                                        "racelens-sarif-multitool"))
    os.makedirs(cache, exist_ok=True)
    tool = os.path.join(cache, "node_modules", ".bin", "sarif-multitool")
    if not os.path.exists(tool):
        p = subprocess.run([npm, "install", "--prefix", cache,
                            "@microsoft/sarif-multitool"],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0 or not os.path.exists(tool):
            print("SKIP: cannot install @microsoft/sarif-multitool: " +
                  (p.stderr.strip().splitlines() or ["?"])[-1])
            return 77
    for fixture, extra in (("counter.sql", ["--run", "1"]),
                           ("handoff.sql", [])):
        p = db("s.db", [fixture])
        out_file = os.path.join(TMP, "r.sarif")
        rc, out, err = run("report", p, "--format", "sarif", "-o", out_file,
                           *extra)
        expect(rc == 66, "report exit %d" % rc, err)
        check_sarif(json.load(open(out_file)))
        v = subprocess.run([tool, "validate", out_file, "--output",
                            os.path.join(TMP, "v.sarif"), "--log",
                            "ForceOverwrite"],
                           capture_output=True, text=True, timeout=300)
        expect(v.returncode == 0 and os.path.exists(os.path.join(TMP,
                                                                 "v.sarif")),
               "multitool validate failed", v.stdout + v.stderr)
        res = json.load(open(os.path.join(TMP, "v.sarif")))
        errors = [r for run_ in res["runs"] for r in run_.get("results", [])
                  if r.get("level") == "error"]
        expect(not errors, "multitool errors: %s" % json.dumps(errors)[:2000])


# ---- bad input -----------------------------------------------------------

@case
def bad_missing_db():
    one_line_error(*run("report", os.path.join(TMP, "nope.db")),
                   "no such database")
    one_line_error(*run("report"), "racelens.db: no such database")


@case
def bad_not_sqlite():
    p = os.path.join(TMP, "text.db")
    open(p, "w").write("hello, this is not a database\n" * 10)
    one_line_error(*run("report", p), "not a SQLite database")
    e = os.path.join(TMP, "empty.db")
    open(e, "w").close()
    one_line_error(*run("runs", e), "empty file")


@case
def bad_not_racelens():
    import sqlite3
    p = os.path.join(TMP, "other.db")
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    one_line_error(*run("report", p), "not a racelens one")


@case
def packed_v4():
    # A run's packs as schema version 4 wrote them (event format 4), left
    # unpacked: this racelens reads them into the same rows.
    here = os.path.dirname(os.path.abspath(__file__))
    p = os.path.join(TMP, "v4.db")
    c = sqlite3.connect(p)
    with open(os.path.join(here, "fixtures", "packed_v4.sql")) as f:
        c.executescript(f.read())
    c.close()
    rc, out, err = run("report", p)
    expect(rc == 66, "exit %d, expected 66" % rc, out + err)
    has(out, "WARNING: DATA RACE on heap block of 36 bytes allocated at "
        "25_ownership_violation.c:28 by G2 (`m->count`)",
        "Read of 4 bytes by G1 (main) at 25_ownership_violation.c:40:",
        "Previous write of 4 bytes by G2 (producer) at "
        "25_ownership_violation.c:32:")
    rc, out, err = run("events", p)
    expect(rc == 0, "events: exit %d" % rc, out + err)
    kinds = [ln.split()[3] for ln in out.splitlines()[1:]]
    expect(kinds == ["chan_make", "wg_add", "go", "block", "start", "malloc",
                     "send", "wg_done", "exit", "recv", "race", "wg_wait",
                     "free"], "events: %r" % kinds, out)
    c = sqlite3.connect(p)
    sent = c.execute("SELECT s.value, s.ptr_obj, r.value, r.peer, m.obj"
                     " FROM events s, events r, events m WHERE s.kind = 11"
                     " AND r.kind = 13 AND m.kind = 70").fetchall()
    ts = [t for (t,) in c.execute("SELECT ts_ns FROM events ORDER BY seq")]
    c.close()
    expect(len(sent) == 1, "one send, one recv, one malloc: %r" % sent)
    value, ptr, got, peer, block = sent[0]
    expect(value == got and value > 0 and ptr == block and peer == 7,
           "the hand-over: %r" % (sent,))
    expect(ts == sorted(ts) and ts[-1] - ts[0] < 10**9,
           "times out of order or off: %r" % ts)


@case
def bad_newer_schema():
    p = db("new.db", ["counter.sql"], version="99")
    one_line_error(*run("report", p), "newer racelens (schema version 99")


@case
def bad_empty_db():
    p = db("none.db", [])
    one_line_error(*run("report", p), "holds no runs")


@case
def bad_run_id():
    p = db("c.db", ["counter.sql"])
    one_line_error(*run("report", p, "--run", "42"), "no run 42")
    one_line_error(*run("goroutines", p, "--run", "x"), "not a run id")
    one_line_error(*run("report", p, "--run"), "needs a value")


@case
def bad_usage():
    p = db("c.db", ["counter.sql"])
    one_line_error(*run("report", p, "--format", "xml"), "unknown format")
    one_line_error(*run("report", p, "--frobnicate"), "unknown option")
    one_line_error(*run("report", p, "other.db"), "unexpected argument")
    one_line_error(*run("frobnicate"), "not a racelens command")
    one_line_error(*run("events", p, "--kind", "teleport"), "no event kind")


@case
def bad_damaged_db():
    p = db("c.db", ["counter.sql"])
    data = open(p, "rb").read()
    for n, blob in enumerate([data[:len(data) // 2],
                              data[:100] + b"\xff" * (len(data) - 100)]):
        q = os.path.join(TMP, "damaged%d.db" % n)
        open(q, "wb").write(blob)
        for cmd in ("report", "runs", "events", "chans", "stats",
                    "goroutines"):
            rc, out, err = run(cmd, q)
            expect(rc in (0, 2, 66), "%s crashed: %d" % (cmd, rc), err)
            expect(len(err.strip("\n").split("\n")) <= 1,
                   "%s: more than one error line" % cmd, err)


# ---- the other subcommands ------------------------------------------------

@case
def runs_list():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("runs", p)
    expect(rc == 0, "exit %d" % rc, out + err)
    has(out, "RUN", "PROGRAM", "STATUS", "EVENTS")
    expect(re.search(r"^\s+1\s+counter\s+\S+ \S+\s+exited\s+0\s+2\s+13$",
                     out, re.M), "run 1 line", out)
    expect(re.search(r"^\s+2\s+counter\s+.*exited\s+0\s+0\s+3$", out, re.M),
           "run 2 line", out)


@case
def goroutines_list():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("goroutines", p, "--run", "1")
    expect(rc == 0, "exit %d" % rc, out + err)
    expect(re.search(r"^\s+G2\s+G1\s+goroutine\s+incrementor\s+counter.c:17"
                     r"\s+0\.001\s+3\.999\s+exited$", out, re.M),
           "G2 line", out)
    expect(re.search(r"^\s+G1\s+-\s+main\s+main\s+-", out, re.M), "G1", out)
    p = db("n.db", ["nowait.sql"], sql="UPDATE goroutines SET end_ns = NULL "
           "WHERE gid = 2")
    rc, out, err = run("goroutines", p)
    expect(re.search(r"^\s+G2 .* running$", out, re.M), "leaked G2", out)


@case
def events_filters():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("events", p, "--run", "1", "--kind", "go")
    expect(rc == 0, "exit %d" % rc, out + err)
    rows = [l for l in out.splitlines()[1:] if l.strip()]
    expect(len(rows) == 2 and all(" go " in l for l in rows), "go", out)
    rc, out, err = run("events", p, "--run", "1", "--goroutine", "G2")
    rows = out.splitlines()[1:]
    expect(len(rows) == 4 and all(" G2 " in l for l in rows), "G2", out)
    rc, out, err = run("events", p, "--run", "1", "--object", "wg")
    rows = out.splitlines()[1:]
    expect(len(rows) == 4, "object wg", out)
    rc, out, err = run("events", p, "--run", "1", "--site", "counter.c:10",
                       "--kind", "race")
    rows = out.splitlines()[1:]
    expect(len(rows) == 3, "site counter.c:10", out)
    rc, out, err = run("events", p, "--run", "1", "--limit", "2",
                       "--offset", "1")
    rows = out.splitlines()
    expect(len(rows) == 4 and rows[1].split()[0] == "2" and
           "--offset 3" in rows[3], "paging", out)


@case
def chans_list():
    p = db("h.db", ["handoff.sql"])
    rc, out, err = run("chans", p)
    expect(rc == 0, "exit %d" % rc, out + err)
    has(out, "channel ch (#1): unbuffered, element 8 bytes, made at "
        "handoff.c:15 by G1 (main)", "1 sends, 1 receives",
        "G2 (producer) -> G1 (main): 1",
        "G2 (producer) -> G1 (main): heap block #2 (16 bytes, allocated at "
        "handoff.c:8)")
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("chans", p)
    has(out, "no channels in run 2")


@case
def stats_summary():
    p = db("c.db", ["counter.sql"])
    rc, out, err = run("stats", p, "--run", "1")
    expect(rc == 0, "exit %d" % rc, out + err)
    expect(re.search(r"^\s+race\s+3$", out, re.M), "race count", out)
    expect(re.search(r"^\s+total\s+13$", out, re.M), "event total", out)
    expect(re.search(r"^\s+peak at once\s+3$", out, re.M), "peak", out)
    expect(re.search(r"^\s+distinct\s+2$", out, re.M), "distinct races", out)


@case
def help_texts():
    rc, out, err = run("help")
    expect(rc == 0, "help exit", out + err)
    for c in ("run", "report", "runs", "goroutines", "events", "chans",
              "stats"):
        has(out, "  " + c)
        rc, o1, _ = run("help", c)
        rc2, o2, _ = run(c, "--help")
        expect(rc == 0 and rc2 == 0 and o1 == o2 and "usage: racelens " + c
               in o1, "help for " + c, o1 + o2)
    one_line_error(*run("help", "nope"), "no command 'nope'")
    rc, out, err = run()
    expect(rc == 2 and "usage" in err, "no args", err)


def run_on_terminal(args, env):
    """Runs racelens with stdout and stderr on a pseudo-terminal."""
    import pty
    master, slave = pty.openpty()
    e = dict(os.environ)
    e.update(env)
    proc = subprocess.Popen([RACELENS] + args, stdout=slave, stderr=slave,
                            env=e, cwd=TMP)
    os.close(slave)
    data = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, data.decode(errors="replace")


@case
def colour_on_terminals_only():
    p = db("c.db", ["counter.sql"])
    rc, out = run_on_terminal(["report", p, "--run", "1"],
                              {"TERM": "xterm", "NO_COLOR": ""})
    expect(rc == 66 and "\033[1;31mWARNING: DATA RACE" in out,
           "no colour on a terminal", out)
    rc, out = run_on_terminal(["report", p, "--run", "1"],
                              {"TERM": "xterm", "NO_COLOR": "1"})
    expect(rc == 66 and "WARNING: DATA RACE" in out and "\033[" not in out,
           "colour despite NO_COLOR", out)


@case
def output_file():
    p = db("c.db", ["counter.sql"])
    f = os.path.join(TMP, "out.txt")
    rc, out, err = run("report", p, "--run", "1", "-o", f)
    expect(rc == 66 and out == "", "exit/stdout with -o", out + err)
    has(open(f).read(), "WARNING: DATA RACE on counter")
    one_line_error(*run("report", p, "-o", "/nonexistent/dir/x"),
                   "cannot write")


@case
def run_bad_input():
    one_line_error(*run("run", os.path.join(TMP, "missing.c")),
                   "No such file")
    one_line_error(*run("run"), "no source file")


# ---- real runs: racelens-cc, the plugin and the runtime -------------------

def toolchain():
    """The racelens-cc next to racelens, or None (the test then skips)."""
    bindir = os.path.dirname(RACELENS)
    cc = os.path.join(bindir, "racelens-cc")
    top = os.path.dirname(bindir)
    need = [cc, os.path.join(top, "lib", "libracelens.a"),
            os.path.join(top, "lib", "racelens", "racelens.so")]
    missing = [p for p in need if not os.path.exists(p)]
    if missing:
        print("SKIP: not built: " + ", ".join(missing))
        return None
    return cc


def copy_fixture(name):
    shutil.copy(os.path.join(fixture_db.FIXTURES, name), TMP)


@case
def run_real_counter():
    if not toolchain():
        return 77
    copy_fixture("counter.c")
    rc, out, err = run("run", "counter.c")
    expect(rc == 66, "run exit %d, expected 66" % rc, out + err)
    has(err, "data race", "racelens report", "racelens diagram",
        "racelens html")
    expect(os.path.exists(os.path.join(TMP, "racelens.db")),
           "no ./racelens.db")
    rc, out, err = run("report")
    expect(rc == 66, "report exit %d" % rc, out + err)
    has(out, "WARNING: DATA RACE on", "counter", "counter.c:10",
        "was started by G1 (main) at counter.c:1", "Why this is a race",
        "atomic_fetch_add")
    expect(re.search(r"^  >\s+10 \|\s+counter\+\+;$", out, re.M),
           "source line not marked", out)
    rc, out, err = run("report", "--format", "sarif")
    check_sarif(json.loads(out))
    rc, out, err = run("runs")
    expect(re.search(r"^\s+1\s+counter\s.*exited", out, re.M), "runs", out)


@case
def run_real_libc_call():
    """A race libc made for the program (strcpy's write, strlen's read)
    says which call made it, at run time and in the report."""
    if not toolchain():
        return 77
    copy_fixture("strcopy.c")
    rc, out, err = run("run", "strcopy.c")
    expect(rc == 66, "run exit %d, expected 66" % rc, out + err)
    lines = ("Read of 7 bytes by G1 (main) in strlen at strcopy.c:13:",
             "Previous write of 7 bytes by G2 (namer) in strcpy at "
             "strcopy.c:6:")
    has(err, "WARNING: DATA RACE on global `name`", *lines)
    rc, out, err = run("report")
    expect(rc == 66, "report exit %d" % rc, out + err)
    has(out, *lines)


@case
def run_real_lock_order():
    """Locks taken in opposite orders: the report shows the potential
    deadlock from the log -- the lock that closed the cycle and, found in
    the log's lock events, the goroutine that took the two the other way --
    in every format, and exits 66 as the run did."""
    if not toolchain():
        return 77
    copy_fixture("transfer.c")
    rc, out, err = run("run", "transfer.c")
    expect(rc == 66, "run exit %d, expected 66" % rc, out + err)
    has(err, "WARNING: POTENTIAL DEADLOCK", "1 potential deadlock")
    rc, out, err = run("report")
    expect(rc == 66, "report exit %d" % rc, out + err)
    has(out, "WARNING: POTENTIAL DEADLOCK: locks taken in opposite orders "
             "(`b` and `a`)  [1 of 1]",
        "G3 (b_to_a) took `a` while holding `b`, at transfer.c:9:",
        "G2 (a_to_b) took `b` while holding `a`, at transfer.c:9:",
        "G3 (b_to_a) holds `b` while it waits for `a`",
        "1 potential deadlock", "no data races in run 1")
    rc, out, err = run("report", "--format", "json")
    doc = json.loads(out)
    steps = [(s["took"], s["held"], s["lock"]["goroutine"]["id"],
              s["lock"]["location"]["line"])
             for s in doc["potential_deadlocks"][0]["steps"]]
    expect(doc["deadlock_count"] == 1 and doc["race_count"] == 0 and
           steps == [("a", "b", 3, 9), ("b", "a", 2, 9)],
           "json steps %s" % steps, out)
    rc, out, err = run("report", "--format", "sarif")
    doc = json.loads(out)
    check_sarif(doc)
    rules = [r["ruleId"] for r in doc["runs"][0]["results"]]
    expect(rules == ["RL0002"], "sarif results %s" % rules, out)


@case
def run_real_hints():
    if not toolchain():
        return 77
    for f in ("handoff.c", "nowait.c"):
        copy_fixture(f)
    rc, out, err = run("run", "handoff.c")
    expect(rc == 66, "handoff exit %d" % rc, out + err)
    rc, out, err = run("report")
    has(out, "ownership violation", "handoff.c:10", "handoff.c:11",
        "> ")
    rc, out, err = run("run", "nowait.c")
    expect(rc == 66, "nowait exit %d" % rc, out + err)
    rc, out, err = run("report", "--format", "json")
    hints = [h["pattern"] for r in json.loads(out)["races"]
             for h in r["hints"]]
    expect("sleep-as-sync" in hints and "no-wait-after-go" in hints,
           "hints %s" % hints, out)
    rc, out, err = run("chans", "--run", "1")
    has(out, "channel ch", "G2 (producer) -> G1 (main): 1")


@case
def run_real_status():
    if not toolchain():
        return 77
    for f in ("exit3.c", "broken.c", "killself.c"):
        copy_fixture(f)
    dbp = os.path.join(TMP, "chosen.db")
    rc, out, err = run("run", "exit3.c", "-O2", "-I", ".", "--", "hello", "x",
                       env={"RACELENS_DB": dbp})
    expect(rc == 3, "program status not passed through: %d" % rc, out + err)
    has(out, "answer 42, 2 args, first hello")
    has(err, "no data races found", dbp)
    expect(not os.path.exists(os.path.join(TMP, "racelens.db")),
           "RACELENS_DB ignored")
    rc, out, err = run("run", "broken.c")
    expect(rc == 2, "compile error exit %d" % rc, out + err)
    has(err, "undeclared_variable", "compilation failed")
    rc, out, err = run("run", "killself.c")
    expect(rc == 128 + 9, "signal exit %d" % rc, out + err)
    has(out, "about to be killed")


def immutable(path, on):
    """chattr +i / -i: read-only even for root.  False when unsupported."""
    chattr = shutil.which("chattr")
    return bool(chattr) and subprocess.run(
        [chattr, "+i" if on else "-i", path],
        capture_output=True).returncode == 0


def query_one(dbp, sql):
    """The first column of the first row sql gives in dbp."""
    c = sqlite3.connect(dbp)
    try:
        return c.execute(sql).fetchone()[0]
    finally:
        c.close()


def change(dbp, sql):
    """Runs sql on dbp and commits."""
    c = sqlite3.connect(dbp)
    try:
        c.execute(sql)
        c.commit()
    finally:
        c.close()


def run_counter(opt, dbp, **env):
    """Builds the racy counter.c with racelens-cc at opt and runs it once
    into dbp; the program and its environment."""
    copy_fixture("counter.c")
    exe = os.path.join(TMP, "counter")
    p = subprocess.run([toolchain(), opt, "-o", exe, "counter.c"], cwd=TMP,
                       capture_output=True, text=True)
    expect(p.returncode == 0, "compile failed", p.stdout + p.stderr)
    env = dict(os.environ, RACELENS_DB=dbp, **env)
    p = subprocess.run([exe], cwd=TMP, env=env, capture_output=True,
                       text=True)
    expect(p.returncode == 66, "run exit %d" % p.returncode, p.stderr)
    return exe, env


@case
def run_real_packs():
    """A run stores its log packed; racelens makes the rows, once."""
    if not toolchain():
        return 77
    dbp = os.path.join(TMP, "packs.db")
    exe, env = run_counter("-O1", dbp)

    def q(sql):
        return query_one(dbp, sql)

    counted = q("SELECT events_counted FROM runs")
    expect(counted > 0 and q("SELECT sum(events) FROM event_packs") ==
           counted, "packs do not hold the %d events counted" % counted)
    expect(q("SELECT count(*) FROM events") == 0, "rows before unpacking")
    expect(q("SELECT count(*) FROM race_list WHERE cur_line = 10") > 0,
           "races are not rows from the start")

    # A file that cannot be written is unpacked in memory, each time.
    if immutable(dbp, True):
        try:
            rc, out, err = run("report", dbp)
            expect(rc == 66, "read-only report exit %d" % rc, out + err)
            has(out, "WARNING: DATA RACE on", "counter.c:10",
                "was started by G1 (main)")
            rc, out, err = run("goroutines", dbp)
            has(out, "incrementor")
            one_line_error(*run("unpack", dbp), "cannot be written")
        finally:
            immutable(dbp, False)
        expect(q("SELECT count(*) FROM events") == 0, "read-only file changed")

    rc, out, err = run("unpack", dbp)
    expect(rc == 0, "unpack exit %d" % rc, out + err)
    has(out, "%d events unpacked" % counted)
    expect(q("SELECT count(*) FROM events") == counted, "rows after unpack")
    expect(q("SELECT count(*) FROM event_packs") == 0, "packs left")
    expect(q("SELECT count(*) FROM goroutines") == 3, "goroutine rows")
    expect(q("SELECT count(*) FROM races WHERE prev_seq IS NULL") == 0,
           "races.prev_seq not filled in from the events")
    rc, out, err = run("unpack", dbp)
    has(out, "0 events unpacked")

    # A damaged pack: one line, and nothing of it half-written.
    p = subprocess.run([exe], cwd=TMP, env=env, capture_output=True)
    change(dbp, "UPDATE event_packs SET data = x'0a00000000ff'")
    one_line_error(*run("report", dbp), "a pack of events is damaged")
    expect(q("SELECT count(*) FROM events WHERE run_id = 2") == 0,
           "a damaged pack was half unpacked")


@case
def run_real_packs_per_run():
    """A command makes the rows of the run it reads, not of every run: the
    others stay packed (small, and nobody waits for them)."""
    if not toolchain():
        return 77
    dbp = os.path.join(TMP, "perrun.db")
    exe, env = run_counter("-O1", dbp)
    for _ in range(2):
        p = subprocess.run([exe], cwd=TMP, env=env, capture_output=True)
        expect(p.returncode == 66, "run exit %d" % p.returncode)

    def q(sql):
        return query_one(dbp, sql)

    counted = {r: q("SELECT events_counted FROM runs WHERE run_id = %d" % r)
               for r in (1, 2, 3)}
    rc, out, err = run("report", dbp, "--run", "2")
    expect(rc == 66, "report --run 2 exit %d" % rc, out + err)
    has(out, "WARNING: DATA RACE on", "counter.c:10")
    expect(q("SELECT count(*) FROM events WHERE run_id = 2") == counted[2],
           "run 2 has no rows after its report")
    expect(q("SELECT count(*) FROM events WHERE run_id != 2") == 0,
           "runs 1 and 3 were unpacked too")
    expect(q("SELECT count(DISTINCT run_id) FROM event_packs") == 2,
           "runs 1 and 3 lost their packs")

    # `runs` reads no run: every count right, packed or not, nothing made.
    # Run 3 as a SIGKILL leaves it: no end, no count; its packs are counted.
    change(dbp, "UPDATE runs SET status = 'running', end_ns = NULL,"
           " events_counted = NULL, pid = 2147483647 WHERE run_id = 3")
    rc, out, err = run("runs", dbp)
    has(out, "cut short")
    for r in (1, 2, 3):
        expect(re.search(r"^\s+%d\s+counter\s.*\s%d$" % (r, counted[r]),
                         out, re.M), "runs: run %d's events" % r, out)
    expect(q("SELECT count(*) FROM events") == counted[2],
           "`runs` made rows")

    # A damaged pack of run 1 does not stop the latest run from reading.
    change(dbp, "UPDATE event_packs SET data = x'0a00000000ff'"
           " WHERE run_id = 1")
    rc, out, err = run("goroutines", dbp)
    expect(rc == 0, "goroutines of run 3 exit %d" % rc, out + err)
    has(out, "incrementor")
    one_line_error(*run("report", dbp, "--run", "1"),
                   "a pack of events is damaged")
    expect(q("SELECT count(*) FROM events WHERE run_id = 1") == 0,
           "run 1 was half unpacked")


@case
def run_real_counts():
    """The plugin's inline check counts the accesses it settles itself
    exactly as the runtime does: the same goroutine x site counts with the
    check (the default) as with every access going to the runtime
    (RACELENS_TRACE=all), and the numbers sums.c makes."""
    if not toolchain():
        return 77
    copy_fixture("sums.c")
    exe = os.path.join(TMP, "sums")
    p = subprocess.run([toolchain(), "-O1", "-o", exe, "sums.c"], cwd=TMP,
                       capture_output=True, text=True)
    expect(p.returncode == 0, "compile failed", p.stdout + p.stderr)
    p = subprocess.run([toolchain(), "-O1", "-S", "-emit-llvm", "-o", "-",
                        "sums.c"], cwd=TMP, capture_output=True, text=True)
    expect(p.returncode == 0 and "@__rl_read_miss(" in p.stdout,
           "the table's loop is not checked inline", p.stderr)
    counts = []
    for extra in ({}, {"RACELENS_TRACE": "all"}):
        dbp = os.path.join(TMP, "sums%d.db" % len(counts))
        env = dict(os.environ, RACELENS_DB=dbp, **extra)
        p = subprocess.run([exe], cwd=TMP, env=env, capture_output=True,
                           text=True)
        expect(p.returncode == 0 and p.stdout == "2016 2016\n",
               "run %s: exit %d" % (extra, p.returncode), p.stdout + p.stderr)
        rc, out, err = run("unpack", dbp)
        expect(rc == 0, "unpack exit %d" % rc, out + err)
        c = sqlite3.connect(dbp)
        try:
            counts.append(sorted(c.execute(
                "SELECT a.gid, s.expr, sum(a.reads), sum(a.writes)"
                " FROM access_counts a JOIN sites s ON s.run_id = a.run_id"
                " AND s.site_id = a.site WHERE a.gid > 1"
                " GROUP BY a.gid, s.expr").fetchall()))
        finally:
            c.close()
    want = [(g, e, r, w) for g in (2, 3)
            for e, r, w in (("result[arg]", 0, 100), ("table[i]", 6400, 0))]
    expect(counts[0] == want, "inline-checked counts %s" % counts[0])
    expect(counts[1] == want, "traced counts %s" % counts[1])


@case
def run_real_trace():
    """RACELENS_TRACE=all logs every instrumented access, fast path or not:
    one read/write event per access the counts saw, from every goroutine."""
    if not toolchain():
        return 77
    dbp = os.path.join(TMP, "trace.db")
    run_counter("-O0", dbp, RACELENS_TRACE="all")
    rc, out, err = run("unpack", dbp)
    expect(rc == 0, "unpack exit %d" % rc, out + err)
    c = sqlite3.connect(dbp)
    try:
        traced = dict(c.execute(
            "SELECT gid, count(*) FROM events WHERE kind IN (80, 81)"
            " GROUP BY gid").fetchall())
        # Every site's reads and writes: plain accesses, and the bytes a
        # call into libc touches (main's printf reads its format).
        counted = dict(c.execute(
            "SELECT gid, sum(reads + writes) FROM access_counts"
            " GROUP BY gid").fetchall())
    finally:
        c.close()
    expect(traced == counted and len(traced) == 3,
           "traced %s, counted %s" % (traced, counted))
    # Two incrementors, 1000 `counter++` each (-O0 keeps the loop; the
    # write's check covers the read before it).
    expect(all(traced[g] >= 1000 for g in (2, 3)), "traced %s" % traced)


def main():
    global RACELENS, TMP
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    RACELENS = os.path.abspath(sys.argv[1])
    if sys.argv[2] == "list":
        print("\n".join(CASES))
        return 0
    fn = CASES.get(sys.argv[2])
    if not fn:
        print("no case " + sys.argv[2])
        return 2
    TMP = tempfile.mkdtemp(prefix="racelens-test-")
    try:
        rc = fn()
        return rc if rc else 0
    except Fail as e:
        print("FAIL %s: %s" % (sys.argv[2], e))
        return 1
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
