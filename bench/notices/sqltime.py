#!/usr/bin/env python3
"""Median wall time in ms of RUNS executions of SQL on a SQLite db (the baselines of bench/notices/run).

Usage: sqltime.py DB RUNS SQL [CLEANUP]
Each run is one committed transaction (BEGIN IMMEDIATE … COMMIT, synchronous=FULL
in WAL mode like the server); CLEANUP, when given, runs untimed after each run so
a write baseline (INSERT … SELECT) can be repeated on the same file.
"""
import sqlite3
import statistics
import sys
import time

db, runs, sql = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cleanup = sys.argv[4] if len(sys.argv) > 4 else ""
con = sqlite3.connect(db, isolation_level=None)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA synchronous = FULL")
con.execute("PRAGMA foreign_keys = ON")
times = []
for _ in range(runs + 1):  # the first run warms the page cache and is dropped
    t = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.execute(sql).fetchall()
    con.execute("COMMIT")
    times.append((time.perf_counter() - t) * 1000)
    if cleanup:
        con.executescript(cleanup)
print(f"{statistics.median(times[1:]):.3f}")
