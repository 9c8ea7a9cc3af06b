#!/usr/bin/env python3
"""Mixed writes for the crash-loop test (tests/crash/mixed.sh), stdlib only.

drive BASE_URL ACKED TAG PASSWORD BASE_ID REPORT_IDS FIRST_VOTER
  Runs several clients through the real HTTP API, each with its own login,
  session cookie and CSRF token:
    - two organization clients: create an organization (unique name), edit it
      (PATCH with its version), invite it to a residency agreement at BASE_ID;
    - a notice client: publishes notices to the organizations of 会城街道
      (one notice row plus one recipient row per organization, kept counts);
    - a tranche client: requests a small tranche on one of REPORT_IDS (comma
      separated, approved progress reports), has a second account approve it
      and releases it (tranche, contract payment, paid amounts, finance roll-up);
    - a tender client: designs a small project of 江门市 for 2031, submits it,
      approves it onto the crash budget pool (commitment on the pool and the
      project in one change) and puts it out to public tender;
    - two vote clients: public votes with the seeded bearer tokens (150 voters
      each from FIRST_VOTER on, three entries each).
  After every 2xx answer the write is appended to ACKED at once, one line:
    org NAME ID | orgedit ID VERSION | residency ID ORG_ID | notice ID |
    tranche ID STATE | project ID STATE | tender ID PROJECT | vote VOTER ENTRY
  A client stops at its first connection error (the server or the database
  went away) and the command ends when all have stopped, or after 60 s.

checks ACKED
  Prints SQL (portable, SQLite and PostgreSQL) whose every output line is
  "name|bad" where bad counts violations of one invariant (0 when it holds):
  each acknowledged write present exactly once, with its audit event, and the
  multi-row changes whole (kept counts equal a recount, payments equal paid
  amounts and the finance roll-up, the commitment of the crash pool equals its projects).
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

REGION = "440705000000"  # 新会区, where the crash organizations live
TOWN = "440705001000"  # 会城街道 of 新会区: the notices' audience (~65 demo organizations)
COMP = 777001  # the competition seeded by bench/votes/seed.py
CITY = "440700000000"
POOL_YEAR = 2031  # the crash budget pool: 江门市, fiscal budget, this year only


def backoff(failures, status):
    """Waits a little longer after each consecutive 5xx (the database is down), so a
    client does not fill the server log with at-once retries; returns the new count."""
    if status < 500:
        return 0
    failures += 1
    time.sleep(min(0.5, 0.01 * 2 ** failures))
    return failures


class Session:
    def __init__(self, base, username=None, password=None):
        u = urllib.parse.urlparse(base)
        self.base = base
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        self.cookie = None
        self.csrf = None
        self.failures = 0  # consecutive 5xx answers (the database is down)
        if username:
            st, body = self.call("POST", "/api/v1/auth/login",
                                 {"username": username, "password": password})
            if st != 200:
                raise RuntimeError(f"login {username}: {st} {body}")

    def call(self, method, path, body=None, headers=None):
        h = {"Content-Type": "application/json", "Origin": self.base}
        if self.cookie:
            h["Cookie"] = self.cookie
        if self.csrf:
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=h)
        r = self.conn.getresponse()
        data = r.read()
        self.failures = backoff(self.failures, r.status)
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                self.cookie = v.split(";", 1)[0]
        try:
            out = json.loads(data) if data else {}
        except ValueError:
            out = {}
        if isinstance(out, dict) and out.get("csrf_token"):
            self.csrf = out["csrf_token"]
        return r.status, out


def drive(argv):
    base, acked_path, tag, password, base_id = argv[:5]
    reports = [int(x) for x in argv[5].split(",") if x]
    first_voter = int(argv[6])
    fd = os.open(acked_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    deadline = time.time() + 60
    lock = threading.Lock()

    def ack(line):
        os.write(fd, (line + "\n").encode())

    def orgs(n):
        s = Session(base, "crash_staff", password)
        for i in range(100000):
            if time.time() > deadline:
                return
            name = f"崩溃测试-{tag}-{n}-{i}"
            st, o = s.call("POST", "/api/v1/orgs",
                           {"name": name, "kind": "micro_org", "region_code": REGION})
            if st // 100 != 2:
                continue
            ack(f"org {name} {o['id']}")
            st, e = s.call("PATCH", f"/api/v1/orgs/{o['id']}",
                           {"version": o["version"], "address": f"江门市新会区崩溃路{i}号"})
            if st // 100 == 2:
                ack(f"orgedit {o['id']} {e['version']}")
            st, r = s.call("POST", "/api/v1/residencies",
                           {"base_id": int(base_id), "org_id": o["id"], "state": "invited"})
            if st // 100 == 2:
                ack(f"residency {r['id']} {o['id']}")

    def notices():
        s = Session(base, "crash_staff", password)
        for i in range(100000):
            if time.time() > deadline:
                return
            st, o = s.call("POST", "/api/v1/notices",
                           {"title": f"崩溃测试通知 {tag}-{i}", "body": "请查收。",
                            "audience": {"region": TOWN}})
            if st // 100 == 2:
                ack(f"notice {o['id']}")
            time.sleep(0.05)

    def tranches():
        s = Session(base, "crash_staff", password)
        f = Session(base, "crash_fin", password)
        for i in range(100000):
            if time.time() > deadline or not reports:
                return
            st, t = s.call("POST", "/api/v1/tranches",
                           {"report_id": reports[i % len(reports)], "amount": 100 + i})
            if st // 100 != 2:
                continue
            ack(f"tranche {t['id']} requested")
            st, _ = f.call("POST", f"/api/v1/tranches/{t['id']}/approve", {})
            if st // 100 != 2:
                continue
            ack(f"tranche {t['id']} approved")
            st, _ = s.call("POST", f"/api/v1/tranches/{t['id']}/release",
                           {"paid_on": "2026-11-27"})
            if st // 100 == 2:
                ack(f"tranche {t['id']} released")

    def tenders():
        s = Session(base, "crash_staff", password)
        st, pool = s.call("POST", "/api/v1/budget-pools",
                          {"year": POOL_YEAR, "source": "fiscal_budget", "region_code": CITY,
                           "planned": 10 ** 12})
        pool_id = pool.get("id") if st // 100 == 2 else None
        if pool_id is None:  # made in an earlier iteration
            st, page = s.call("GET", f"/api/v1/budget-pools?year={POOL_YEAR}&size=100")
            for x in page.get("items", []):
                if x.get("region_code") == CITY and x.get("source") == "fiscal_budget":
                    pool_id = x["id"]
        if pool_id is None:
            raise RuntimeError("no crash budget pool")
        for i in range(100000):
            if time.time() > deadline:
                return
            st, pr = s.call("POST", "/api/v1/projects",
                            {"title": f"崩溃测试项目 {tag}-{i}", "department": "发展部",
                             "year": POOL_YEAR, "region_code": CITY,
                             "budget_lines": [{"name": "服务费", "amount": 1000 + i}]})
            if st // 100 != 2:
                continue
            ack(f"project {pr['id']} draft")
            st, _ = s.call("POST", f"/api/v1/projects/{pr['id']}/submit", {})
            if st // 100 != 2:
                continue
            ack(f"project {pr['id']} submitted")
            st, _ = s.call("POST", f"/api/v1/projects/{pr['id']}/approve", {"pool_id": pool_id})
            if st // 100 != 2:
                continue
            ack(f"project {pr['id']} approved")
            now = time.time()
            iso = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))  # noqa: E731
            st, t = s.call("POST", "/api/v1/tenders",
                           {"project_id": pr["id"], "title": f"崩溃测试招标 {tag}-{i}",
                            "eligibility": "依法登记的社会组织",
                            "criteria": [{"code": "plan", "name": "服务方案", "weight": 60},
                                         {"code": "price", "name": "报价", "weight": 40}],
                            "bid_deadline": iso(now + 86400), "opening_at": iso(now + 90000)})
            if st // 100 == 2:
                ack(f"tender {t['id']} {pr['id']}")

    def votes(n):
        u = urllib.parse.urlparse(base)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        failures = 0
        for k in range(450):
            if time.time() > deadline:
                return
            voter = first_voter + n * 150 + k // 3
            entry = (voter + (k % 3) * 7) % 30 + 1
            conn.request("POST", f"/api/v1/public/competitions/{COMP}/votes",
                         body=json.dumps({"entries": [entry]}),
                         headers={"Content-Type": "application/json",
                                  "Authorization": f"Bearer bench-{voter}"})
            r = conn.getresponse()
            r.read()
            failures = backoff(failures, r.status)
            if r.status == 200:
                ack(f"vote voter-{voter:08d} {entry}")

    def guard(fn, *a):
        try:
            fn(*a)
        except (OSError, http.client.HTTPException, RuntimeError, ValueError, KeyError) as e:
            with lock:
                print(f"{fn.__name__}{a}: stopped: {type(e).__name__}", file=sys.stderr)

    ts = [threading.Thread(target=guard, args=a) for a in
          [(orgs, 0), (orgs, 1), (notices,), (tranches,), (tenders,), (votes, 0), (votes, 1)]]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def q(s):
    return "'" + s.replace("'", "''") + "'"


def values(rows):
    return ",\n".join("(" + ", ".join(r) + ")" for r in rows)


def checks(acked_path):
    orgs, edits, res, notices, tranches, votes = [], {}, [], [], {}, []
    projects, tenders = {}, []
    porder = ["draft", "submitted", "approved"]
    with open(acked_path, encoding="utf-8") as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "org":
                orgs.append((p[1], p[2]))
            elif p[0] == "orgedit":
                edits[p[1]] = max(edits.get(p[1], 0), int(p[2]))
            elif p[0] == "residency":
                res.append((p[1], p[2]))
            elif p[0] == "notice":
                notices.append(p[1])
            elif p[0] == "tranche":
                order = ["requested", "approved", "released"]
                prev = tranches.get(p[1], "requested")
                tranches[p[1]] = max(prev, p[2], key=order.index)
            elif p[0] == "project":
                projects[p[1]] = max(projects.get(p[1], "draft"), p[2], key=porder.index)
            elif p[0] == "tender":
                tenders.append((p[1], p[2]))
            elif p[0] == "vote":
                votes.append((p[1], p[2]))
    out = []

    def check(name, sql):
        out.append(f"SELECT '{name}', ({sql});")

    def acked(name, rows, cols, bad_when):
        if not rows:
            return
        check(name, f"WITH a({cols}) AS (VALUES {values(rows)}) "
                    f"SELECT COUNT(*) FROM a WHERE {bad_when}")

    acked("acked org missing or twice (name, id)",
          [(q(n), i) for n, i in orgs], "name, id",
          "(SELECT COUNT(*) FROM orgs o WHERE o.name = a.name) <> 1 OR NOT EXISTS "
          "(SELECT 1 FROM orgs o WHERE o.name = a.name AND o.id = a.id)")
    acked("acked org without its org.create audit event",
          [(q(i),) for _, i in orgs], "id",
          "NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.object_type = 'org' AND "
          "e.object_id = a.id AND e.action = 'org.create')")
    acked("acked org edit lost (version below the acknowledged one)",
          [(i, str(v)) for i, v in edits.items()], "id, v",
          "NOT EXISTS (SELECT 1 FROM orgs o WHERE o.id = a.id AND o.version >= a.v)")
    acked("acked residency agreement missing or without its audit event",
          [(i, o, q(i)) for i, o in res], "id, org, sid",
          "NOT EXISTS (SELECT 1 FROM residencies r WHERE r.id = a.id AND r.org_id = a.org) OR "
          "NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.object_type = 'residency' AND "
          "e.object_id = a.sid)")
    acked("acked notice missing or without its audit event",
          [(i, q(i)) for i in notices], "id, sid",
          "NOT EXISTS (SELECT 1 FROM notices n WHERE n.id = a.id) OR NOT EXISTS (SELECT 1 FROM "
          "audit_events e WHERE e.object_type = 'notice' AND e.object_id = a.sid AND "
          "e.action = 'notice.publish')")
    states = {"requested": 0, "approved": 1, "released": 2}
    acked("acked tranche missing or behind its acknowledged state",
          [(i, str(states[s])) for i, s in tranches.items()], "id, s",
          "NOT EXISTS (SELECT 1 FROM tranches t WHERE t.id = a.id AND "
          "(CASE t.state WHEN 'requested' THEN 0 WHEN 'approved' THEN 1 WHEN 'released' THEN 2 "
          "ELSE -1 END) >= a.s)")
    # A project past "approved" (put out to tender) still counts as approved.
    acked("acked project missing, behind its acknowledged state or without its audit event",
          [(i, str(porder.index(s)), q(i)) for i, s in projects.items()], "id, s, sid",
          "NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = a.id AND (CASE p.state WHEN 'draft' "
          "THEN 0 WHEN 'submitted' THEN 1 ELSE 2 END) >= a.s) OR NOT EXISTS (SELECT 1 FROM "
          "audit_events e WHERE e.object_type = 'project' AND e.object_id = a.sid AND "
          "e.action = 'project.create')")
    acked("acked approved project without its commitment on the crash pool",
          [(i,) for i, s in projects.items() if s == "approved"], "id",
          "NOT EXISTS (SELECT 1 FROM projects p JOIN budget_pools b ON b.id = p.pool_id WHERE "
          f"p.id = a.id AND b.year = {POOL_YEAR} AND p.committed > 0)")
    acked("acked tender missing, on another project or without its audit event",
          [(i, pr, q(i)) for i, pr in tenders], "id, pr, sid",
          "NOT EXISTS (SELECT 1 FROM tenders t WHERE t.id = a.id AND t.project_id = a.pr) OR "
          "NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.object_type = 'tender' AND "
          "e.object_id = a.sid AND e.action = 'tender.create')")
    acked("acked vote missing", [(q(v), e) for v, e in votes], "v, e",
          "NOT EXISTS (SELECT 1 FROM competition_votes cv JOIN competition_applications ca ON "
          f"ca.id = cv.application_id WHERE cv.voter_key = a.v AND ca.entry_no = a.e AND "
          f"cv.competition_id = {COMP})")
    # Whole multi-row changes, over every row (acknowledged or not).
    check("crash-test organization name twice",
          "SELECT COUNT(*) FROM (SELECT name FROM orgs WHERE name LIKE '崩溃测试-%' GROUP BY name "
          "HAVING COUNT(*) > 1) d")
    check("vote counted twice",
          "SELECT COUNT(*) FROM (SELECT 1 FROM competition_votes GROUP BY competition_id, "
          "application_id, voter_key, vote_day HAVING COUNT(*) > 1) d")
    check("voter over the daily limit",
          "SELECT COUNT(*) FROM (SELECT 1 FROM competition_votes GROUP BY voter_key, vote_day "
          "HAVING COUNT(*) > 3) d")
    check("org_report_counts differs from a recount",
          "SELECT ABS((SELECT COALESCE(SUM(n), 0) FROM org_report_counts) - "
          "(SELECT COUNT(*) FROM orgs))")
    for code, lo, hi in [("440000000000", "440000000000", "449999999999"),
                         (REGION, REGION, "440705999999")]:
        direct = (f"SELECT kind, status, COUNT(*) AS n FROM orgs WHERE region_code BETWEEN "
                  f"'{lo}' AND '{hi}' GROUP BY kind, status")
        kept = f"SELECT kind, status, n FROM org_counts WHERE region_code = '{code}' AND n <> 0"
        check(f"org_counts of {code} differs from a recount",
              f"SELECT COUNT(*) FROM (SELECT * FROM ({direct}) d1 EXCEPT SELECT * FROM ({kept}) "
              f"k1 UNION SELECT * FROM (SELECT * FROM ({kept}) k2 EXCEPT SELECT * FROM "
              f"({direct}) d2) x2) x")
    check("crash budget pool whose commitment differs from its projects",
          "SELECT COUNT(*) FROM budget_pools b WHERE b.year = "
          f"{POOL_YEAR} AND b.committed <> (SELECT COALESCE(SUM(p.committed), 0) FROM "
          "projects p WHERE p.pool_id = b.id)")
    check("notice whose kept recipient count differs from its recipients",
          "SELECT COUNT(*) FROM notices n WHERE n.recipients <> (SELECT COUNT(*) FROM "
          "notice_recipients r WHERE r.notice_id = n.id)")
    check("released tranche without its contract payment",
          "SELECT COUNT(*) FROM tranches t WHERE t.state = 'released' AND NOT EXISTS (SELECT 1 "
          "FROM contract_payments p WHERE p.id = t.payment_id AND p.amount = t.amount)")
    check("milestone whose paid amount differs from its payments",
          "SELECT COUNT(*) FROM contract_milestones m WHERE m.paid <> (SELECT COALESCE(SUM("
          "p.amount), 0) FROM contract_payments p WHERE p.milestone_id = m.id)")
    check("contract whose paid amount differs from its payments",
          "SELECT COUNT(*) FROM contracts k WHERE k.paid <> (SELECT COALESCE(SUM(p.amount), 0) "
          "FROM contract_payments p WHERE p.contract_id = k.id)")
    check("finance roll-up of 江门市 differs from the payments",
          "SELECT COUNT(*) FROM finance_rollup f WHERE f.region_code = '440700000000' AND "
          "f.disbursed <> (SELECT COALESCE(SUM(cp.amount), 0) FROM contract_payments cp JOIN "
          "contracts k ON k.id = cp.contract_id JOIN projects p ON p.id = k.project_id JOIN "
          "budget_pools b ON b.id = p.pool_id WHERE b.year = f.year AND b.source = f.source)")
    print("\n".join(out))
    # Figures for the log (not checks).
    print(f"SELECT 'acknowledged: {len(orgs)} orgs, {len(edits)} edited, {len(res)} residencies, "
          f"{len(notices)} notices, {len(tranches)} tranches, {len(projects)} projects, "
          f"{len(tenders)} tenders, {len(votes)} votes', 0;")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "drive" and len(sys.argv) == 9:
        drive(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "checks":
        checks(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
