"""Builds a fixture database (fixtures/schema.sql + fixtures/NAME.sql)."""
import os
import sqlite3


def build(name, directory):
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
    path = os.path.join(directory, name + ".db")
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    for part in ("schema.sql", name + ".sql"):
        with open(os.path.join(here, part), encoding="utf-8") as f:
            db.executescript(f.read())
    db.commit()
    db.close()
    return path
