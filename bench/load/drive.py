#!/usr/bin/env python3
"""Open-model load for bench/load: requests ARRIVE at a constant rate whether
or not earlier ones were answered (unlike wrk's closed loop, where a slow
server slows the client down and hides its own queueing). Each request's
latency is measured from the moment it was due, so time spent waiting for a
free connection counts too (no coordinated omission).

The mix is a busy day of a city federation (weights out of 100):
  list 20, search 10, detail 10, dashboard 5, stats 5  (staff reading)
  edit 6, create 2, upload 2                          (staff writing)
  vote 40                                             (a public vote burst)
Connections are bounded (--max-conn); an arrival that finds every connection
busy and MAX_CONN requests waiting is counted as `dropped` (the client's own
overflow), never silently delayed without bound.

Usage: drive.py CONFIG RATE SECS LABEL [--max-conn N] [--timeout S]
CONFIG is JSON written by bench/load/run: base, sessions [{cookie, csrf}],
competition, voter_first (voters bench-<n>, n counting up; state kept in
CONFIG + '.voter' so runs never reuse a voter), regions, terms.
Prints one line `RESULT {json}` with per-operation counts, statuses and
latency percentiles (ms).
"""
import asyncio
import json
import os
import random
import sys
import time

MIX = [("list", 20), ("search", 10), ("detail", 10), ("dashboard", 5), ("stats", 5),
       ("edit", 6), ("create", 2), ("upload", 2), ("vote", 40)]


def pct(xs, p):
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000, 2)


class Conn:
    def __init__(self, reader, writer):
        self.r, self.w = reader, writer
        self.used = time.monotonic()


# The server closes a keep-alive connection idle for 60 s (RESTinio's default);
# a request sent on it as it closes fails. Browsers retry then; the driver
# instead never reuses a connection idle this long.
IDLE_LIMIT = 30.0


class Load:
    def __init__(self, cfg, rate, secs, max_conn, timeout):
        self.cfg, self.rate, self.secs = cfg, rate, secs
        self.max_conn, self.timeout = max_conn, timeout
        host_port = cfg["base"].split("//", 1)[1]
        self.host, port = host_port.split(":")
        self.port = int(port)
        self.idle = []
        self.open_conns = 0
        self.waiters = asyncio.Queue()
        self.results = {}  # op -> list of (status, secs)
        self.dropped = 0
        self.timeouts = 0
        self.rng = random.Random(rate * 7919 + secs)
        self.orgs = []  # [id, version, busy]
        self.seq = 0
        vf = cfg["config_path"] + ".voter"
        self.voter_file = vf
        self.voter = int(open(vf).read()) if os.path.exists(vf) else cfg["voter_first"]
        self.votes_of_voter = 0
        self.run_tag = f"{int(time.time())}{os.getpid()}"

    # ---- connections -------------------------------------------------------
    async def acquire(self):
        while self.idle:
            c = self.idle.pop()
            if time.monotonic() - c.used < IDLE_LIMIT:
                return c
            c.w.close()
            self.open_conns -= 1
        if self.open_conns < self.max_conn:
            self.open_conns += 1
            try:
                r, w = await asyncio.open_connection(self.host, self.port)
            except OSError:
                self.open_conns -= 1
                raise
            return Conn(r, w)
        fut = asyncio.get_running_loop().create_future()
        await self.waiters.put(fut)
        return await fut

    def release(self, c, reusable):
        if not reusable:
            c.w.close()
            self.open_conns -= 1
            # A waiter gets a fresh connection slot.
            if not self.waiters.empty():
                fut = self.waiters.get_nowait()
                asyncio.ensure_future(self._fresh_for(fut))
            return
        while not self.waiters.empty():
            fut = self.waiters.get_nowait()
            if not fut.done():
                fut.set_result(c)
                return
        c.used = time.monotonic()
        self.idle.append(c)

    async def _fresh_for(self, fut):
        try:
            self.open_conns += 1
            r, w = await asyncio.open_connection(self.host, self.port)
            if fut.done():
                self.release(Conn(r, w), True)
            else:
                fut.set_result(Conn(r, w))
        except OSError as e:
            self.open_conns -= 1
            if not fut.done():
                fut.set_exception(e)

    async def call(self, method, path, body=b"", headers=None):
        c = await self.acquire()
        ok = False
        try:
            h = {"Host": f"{self.host}:{self.port}", "Content-Length": str(len(body))}
            h.update(headers or {})
            head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items())
            c.w.write(head.encode() + b"\r\n" + body)
            await c.w.drain()
            status_line = await c.r.readline()
            status = int(status_line.split()[1])
            length, close = 0, False
            while True:
                line = await c.r.readline()
                if line in (b"\r\n", b""):
                    break
                k, _, v = line.decode("latin-1").partition(":")
                k = k.strip().lower()
                if k == "content-length":
                    length = int(v)
                elif k == "connection" and v.strip().lower() == "close":
                    close = True
            data = await c.r.readexactly(length) if length else b""
            ok = not close
            return status, data
        finally:
            self.release(c, ok)

    # ---- operations --------------------------------------------------------
    def session(self):
        s = self.rng.choice(self.cfg["sessions"])
        return {"Cookie": s["cookie"], "X-CSRF-Token": s["csrf"]}

    async def op(self, name):
        h = self.session()
        rng = self.rng
        if name == "list":
            return await self.call("GET", f"/api/v1/orgs?size=20&page={rng.randint(1, 20)}", headers=h)
        if name == "search":
            term = rng.choice(self.cfg["terms"])
            from urllib.parse import quote
            return await self.call("GET", f"/api/v1/orgs?size=20&q={quote(term)}", headers=h)
        if name == "detail":
            return await self.call("GET", f"/api/v1/orgs/{rng.choice(self.orgs)[0]}", headers=h)
        if name == "dashboard":
            return await self.call("GET", "/api/v1/dashboard", headers=h)
        if name == "stats":
            region = rng.choice(self.cfg["regions"])
            return await self.call("GET", f"/api/v1/stats/orgs?region={region}", headers=h)
        if name == "edit":
            free = [o for o in self.orgs if not o[2]]
            if not free:
                return 0, b"no free organization"
            o = rng.choice(free)
            o[2] = True
            try:
                self.seq += 1
                body = json.dumps({"version": o[1], "address": f"江门市蓬江区建设路{self.seq}号"},
                                  ensure_ascii=False).encode()
                st, data = await self.call("PATCH", f"/api/v1/orgs/{o[0]}", body,
                                           dict(h, **{"Content-Type": "application/json"}))
                if st == 200:
                    o[1] = json.loads(data)["version"]
                return st, data
            finally:
                o[2] = False
        if name == "create":
            self.seq += 1
            region = rng.choice(self.cfg["regions"])
            body = json.dumps({"name": f"压测微组织{self.run_tag}-{self.seq}", "kind": "micro_org",
                               "region_code": region}, ensure_ascii=False).encode()
            return await self.call("POST", "/api/v1/orgs", body,
                                   dict(h, **{"Content-Type": "application/json"}))
        if name == "upload":
            self.seq += 1
            text = (f"活动记录 {self.run_tag}-{self.seq}\n" + "妇女儿童之家亲子阅读活动，参加 23 人。\n" * 400)
            boundary = f"----shuniuload{self.seq}"
            body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                    f"filename=\"activity-{self.seq}.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                    ).encode() + text.encode() + f"\r\n--{boundary}--\r\n".encode()
            return await self.call("POST", "/api/v1/files", body,
                                   dict(h, **{"Content-Type": f"multipart/form-data; boundary={boundary}"}))
        if name == "vote":
            # Each voter casts 3 votes for 3 different entries (the daily limit).
            v, k = self.voter, self.votes_of_voter
            self.votes_of_voter += 1
            if self.votes_of_voter == 3:
                self.voter, self.votes_of_voter = self.voter + 1, 0
            entry = (v + k * 10) % self.cfg["entries"] + 1
            body = json.dumps({"entries": [entry]}).encode()
            return await self.call(
                "POST", f"/api/v1/public/competitions/{self.cfg['competition']}/votes", body,
                {"Content-Type": "application/json", "Authorization": f"Bearer bench-{v}",
                 "Idempotency-Key": f"load-{v}-{k}"})
        raise ValueError(name)

    async def one(self, name, due):
        try:
            st, _ = await asyncio.wait_for(self.op(name), self.timeout)
        except asyncio.TimeoutError:
            st = "timeout"
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            st = "neterr"
        self.results.setdefault(name, []).append((st, time.monotonic() - due))

    async def prime(self):
        h = self.session()
        for page in (1, 2, 3):
            st, data = await self.call("GET", f"/api/v1/orgs?size=200&page={page}", headers=h)
            if st != 200:
                raise SystemExit(f"drive.py: listing organizations answered {st}: {data[:200]!r}")
            seen = {o[0] for o in self.orgs}
            for it in json.loads(data)["items"]:
                if it["id"] not in seen:  # pages may overlap while others write
                    self.orgs.append([it["id"], it["version"], False])
        if not self.orgs:
            raise SystemExit("drive.py: no organizations to read and edit")

    async def run(self):
        await self.prime()
        names = [n for n, w in MIX for _ in range(w)]
        tasks = set()
        start = time.monotonic()
        total = int(self.rate * self.secs)
        i = 0
        while i < total:
            now = time.monotonic()
            due_n = min(total, int((now - start) * self.rate) + 1)
            while i < due_n:
                due = start + i / self.rate
                i += 1
                if len(tasks) >= 2 * self.max_conn:  # every connection busy and as many waiting
                    self.dropped += 1
                    continue
                t = asyncio.ensure_future(self.one(self.rng.choice(names), due))
                tasks.add(t)
                t.add_done_callback(tasks.discard)
            await asyncio.sleep(max(0.0, start + i / self.rate - time.monotonic()))
        if tasks:
            await asyncio.wait(tasks)
        elapsed = time.monotonic() - start
        with open(self.voter_file, "w") as f:
            f.write(str(self.voter + 1))
        return elapsed


def summary(load, elapsed, label):
    out = {"label": label, "rate": load.rate, "secs": round(elapsed, 1), "dropped": load.dropped, "ops": {}}
    every = []
    for name, rs in sorted(load.results.items()):
        lat = [s for _, s in rs]
        every += rs
        statuses = {}
        for st, _ in rs:
            statuses[str(st)] = statuses.get(str(st), 0) + 1
        ok = [s for st, s in rs if isinstance(st, int) and st < 400]
        out["ops"][name] = {"n": len(rs), "status": statuses, "p50": pct(ok, 50), "p95": pct(ok, 95),
                            "p99": pct(ok, 99), "max_all": pct(lat, 100)}
    ok = [s for st, s in every if isinstance(st, int) and st < 400]
    shed = [s for st, s in every if st in (429, 503)]
    errors = sum(1 for st, _ in every if not (isinstance(st, int) and (st < 400 or st in (429, 503))))
    out["all"] = {"n": len(every), "ok": len(ok), "shed": len(shed), "errors": errors,
                  "ok_per_s": round(len(ok) / elapsed, 1), "p50": pct(ok, 50), "p95": pct(ok, 95),
                  "p99": pct(ok, 99), "shed_p99": pct(shed, 99)}
    return out


def main():
    args = sys.argv[1:]
    opts = {"--max-conn": "2048", "--timeout": "30"}
    pos = []
    while args:
        a = args.pop(0)
        if a in opts:
            opts[a] = args.pop(0)
        else:
            pos.append(a)
    if len(pos) != 4:
        raise SystemExit(__doc__)
    cfg = json.load(open(pos[0]))
    cfg["config_path"] = pos[0]
    load = Load(cfg, float(pos[1]), float(pos[2]), int(opts["--max-conn"]), float(opts["--timeout"]))
    elapsed = asyncio.run(load.run())
    print("RESULT " + json.dumps(summary(load, elapsed, pos[3]), ensure_ascii=False))


if __name__ == "__main__":
    main()
