#!/usr/bin/env python3
"""Writes the fixture databases into corpus/ as small fuzz seeds (512-byte
pages keep them small, so mutations hit structure, not padding).  Run it
again after the fixtures change; real databases and fixed crashers are
added to corpus/ by hand and kept."""
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
import fixture_db  # noqa: E402

for name in ("counter", "handoff", "nowait"):
    out = os.path.join(HERE, "corpus", "fixture-%s.db" % name)
    tmp = out + ".tmp"
    fixture_db.make_db(tmp, ["%s.sql" % name])
    src = sqlite3.connect(tmp)
    if os.path.exists(out):
        os.unlink(out)
    dst = sqlite3.connect(out)
    dst.execute("PRAGMA page_size = 512")
    dst.execute("VACUUM")
    src.backup(dst)
    dst.execute("VACUUM")
    dst.close()
    src.close()
    os.unlink(tmp)
    print(out, os.path.getsize(out))
