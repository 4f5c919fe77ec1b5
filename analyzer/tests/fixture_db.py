"""Builds racelens databases for the analyzer's tests.

The schema is taken from docs/schema.md itself (its ```sql blocks under
"## Tables" and "## Views"), so the tests read exactly the documented
contract; scenario rows come from fixtures/*.sql, with @DIR@ replaced by the
fixtures folder (where the scenarios' source files live).
"""
import os
import re
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, "fixtures")


def schema_sql():
    text = open(os.path.join(ROOT, "docs", "schema.md")).read()
    start = text.index("## Tables")
    end = text.find("## Example queries", start)
    part = text[start:end if end > 0 else len(text)]
    return "\n".join(re.findall(r"```sql\n(.*?)```", part, re.S))


def event_kinds():
    kinds = []
    for line in open(os.path.join(ROOT, "rt", "events.def")):
        m = re.match(r'RL_EVENT\(\w+,\s*(\d+),\s*"([^"]+)"\)', line)
        if m:
            kinds.append((int(m.group(1)), m.group(2)))
    return kinds


def make_db(path, fixtures=(), sql="", version="2", dir_override=None):
    """A racelens database at PATH holding the given scenario files."""
    if os.path.exists(path):
        os.unlink(path)
    db = sqlite3.connect(path)
    db.executescript(schema_sql())
    db.executemany("INSERT INTO meta VALUES (?, ?)",
                   [("schema_version", version), ("producer", "racelens")])
    db.executemany("INSERT INTO event_kinds VALUES (?, ?)", event_kinds())
    for name in fixtures:
        text = open(os.path.join(FIXTURES, name)).read()
        db.executescript(text.replace("@DIR@", dir_override or FIXTURES))
    if sql:
        db.executescript(sql)
    db.commit()
    db.close()
    return path
