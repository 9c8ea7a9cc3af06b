#!/usr/bin/env python3
"""Vote burst for the crash test: CLIENTS threads, each with a keep-alive
connection, cast votes for their own voters (seeded by bench/votes/seed.py,
tokens "bench-<n>"): 3 entries per voter, one request each. After every 200
answer the vote ("voter-<n> <entry_no>") is appended to ACKED at once. A
thread stops at the first connection error (the server was killed).
Usage: vote_burst.py BASE_URL ACKED CLIENTS VOTERS_PER_CLIENT [FIRST_VOTER]"""
import http.client
import json
import os
import sys
import threading
import urllib.parse

base, acked_path, clients, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
first = int(sys.argv[5]) if len(sys.argv) > 5 else 0
u = urllib.parse.urlparse(base)
fd = os.open(acked_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


def client(n):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    for k in range(per * 3):
        voter = first + n * per + k // 3
        entry = (voter + (k % 3) * 7) % 30 + 1
        try:
            conn.request("POST", "/api/v1/public/competitions/777001/votes",
                         body=json.dumps({"entries": [entry]}),
                         headers={"Content-Type": "application/json",
                                  "Authorization": f"Bearer bench-{voter}"})
            r = conn.getresponse()
            r.read()
        except Exception:
            return
        if r.status == 200:
            os.write(fd, f"voter-{voter:08d} {entry}\n".encode())


ts = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
for t in ts:
    t.start()
for t in ts:
    t.join()
