#!/usr/bin/env python3
"""Median wall time in ms of RUNS executions of QUERY (rows fetched) on a SQLite db.

Usage: orgs_sqltime.py DB RUNS QUERY
The baseline for the dashboard figures of bench/orgs: the same aggregate the
dashboard answers from org_counts, run directly over the orgs table.
"""
import sqlite3
import statistics
import sys
import time

db, runs, query = sys.argv[1], int(sys.argv[2]), sys.argv[3]
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
con.execute(query).fetchall()  # warm the page cache like the server's
times = []
for _ in range(runs):
    t = time.perf_counter()
    con.execute(query).fetchall()
    times.append((time.perf_counter() - t) * 1000)
print(f"{statistics.median(times):.3f}")
