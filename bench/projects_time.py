#!/usr/bin/env python3
"""Times the financial summary of bench/projects on a SQLite db and checks its figures.

Usage: projects_time.py DB RUNS REGION [YEAR]
For REGION (12 digits; 000000000000 = the whole country) and YEAR (empty: all
years) it runs (a) the two rollup queries the server runs (project/closeout_rollup.cpp:
per source from the region's row, per child region from its children's rows)
and (b) the baseline: the same figures as direct GROUP BY sums over
budget_pools, projects and contract_payments, in one connection, median of RUNS
each after one warm-up. Prints "rollup_ms direct_ms sources children" and exits 1
when any figure differs.
"""
import sqlite3
import statistics
import sys
import time

db, runs, region = sys.argv[1], int(sys.argv[2]), sys.argv[3]
year = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] else None
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

LENS = [2, 4, 6, 9, 12]
if region == "000000000000":
    plen, lo, hi = 0, "000000000000", "999999999999"
else:
    plen = next(n for n in LENS if not region[n:].strip("0"))
    lo, hi = region, region[:plen] + "9" * (12 - plen)
# Children group by the next level's prefix (this data has every level).
clen = next(n for n in LENS if n > plen)
yc = " AND year = ?" if year else ""
yb = " AND b.year = ?" if year else ""
yp = [year] if year else []


def rollup():
    src = con.execute(
        "SELECT source, SUM(planned), SUM(committed), SUM(disbursed) FROM finance_rollup "
        "WHERE region_code = ?" + yc + " GROUP BY source ORDER BY source", [region] + yp).fetchall()
    kids = con.execute(
        "SELECT region_code, SUM(planned), SUM(committed), SUM(disbursed) FROM finance_rollup "
        "WHERE parent_code = ?" + yc + " GROUP BY region_code ORDER BY region_code",
        [region] + yp).fetchall()
    return ({s: (a, b, c) for s, a, b, c in src if a or b or c},
            {r: (a, b, c) for r, a, b, c in kids if a or b or c})


def direct():
    out_src, out_kid = {}, {}
    key_expr = f"substr(b.region_code, 1, {clen}) || '{'0' * (12 - clen)}'"
    queries = [
        (0, "SELECT b.source, " + key_expr + ", SUM(b.planned) FROM budget_pools b "
            "WHERE b.region_code BETWEEN ? AND ?" + yb + " GROUP BY 1, 2"),
        (1, "SELECT b.source, " + key_expr + ", SUM(p.committed) FROM projects p "
            "JOIN budget_pools b ON b.id = p.pool_id WHERE b.region_code BETWEEN ? AND ?" + yb +
            " GROUP BY 1, 2"),
        (2, "SELECT b.source, " + key_expr + ", SUM(x.amount) FROM contract_payments x "
            "JOIN contracts k ON k.id = x.contract_id JOIN projects p ON p.id = k.project_id "
            "JOIN budget_pools b ON b.id = p.pool_id WHERE b.region_code BETWEEN ? AND ?" + yb +
            " GROUP BY 1, 2"),
    ]
    for k, q in queries:
        for source, child, v in con.execute(q, [lo, hi] + yp):
            s = out_src.setdefault(source, [0, 0, 0])
            s[k] += v
            c = out_kid.setdefault(child, [0, 0, 0])
            c[k] += v
    return ({s: tuple(v) for s, v in out_src.items() if any(v)},
            {r: tuple(v) for r, v in out_kid.items() if any(v)})


def median_ms(fn):
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


a, b = rollup(), direct()
if a != b:
    print(f"figures differ for {region} {year}:\n rollup {a}\n direct {b}", file=sys.stderr)
    sys.exit(1)
print(f"{median_ms(rollup):.3f} {median_ms(direct):.3f} {len(a[0])} {len(a[1])}")
