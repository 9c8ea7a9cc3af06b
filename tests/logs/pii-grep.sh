#!/usr/bin/env bash
# Scans every file under DIR (the logs a test run wrote: server logs, gtest and
# CLI output, e2e and crash stages) for personal data and secrets: mainland
# phone numbers, 18-digit ID-card numbers (GB 11643 check digit), the
# passwords the tests use, session and CSRF tokens, bearer tokens and one-time
# codes. Excludes nothing; prints file:line: kind for each hit and
# "N passed, N failed" (one check per file), exit 1 on any hit.
# Usage: tests/logs/pii-grep.sh DIR
set -uo pipefail
dir=${1:?usage: tests/logs/pii-grep.sh DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 - "$dir" "$root" <<'PY'
import os, re, sys

log_dir, root = sys.argv[1], sys.argv[2]

# Passwords the tests use: capitalised hyphenated literals with a digit in the
# test sources ("Correct-Horse-2026", "E2e-Admin-Pass-2026", …), plus the
# wrong ones tests type on purpose.
passwords = set()
lit = re.compile(r'["\']((?:[A-Z][A-Za-z0-9]*-)+[A-Za-z0-9!]+)["\']')
for base in ("tests", "src", "scripts", "bench"):
    for dp, _, files in os.walk(os.path.join(root, base)):
        for f in files:
            if not f.endswith((".cpp", ".h", ".mjs", ".js", ".sh", ".py", ".ts")):
                continue
            try:
                text = open(os.path.join(dp, f), encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            for m in lit.finditer(text):
                s = m.group(1)
                if len(s) >= 10 and re.search(r"[0-9]", s) and re.search(r"[a-z]", s):
                    passwords.add(s)
pw_re = re.compile("|".join(re.escape(p) for p in sorted(passwords, key=len, reverse=True))
                   + r"|wrong-password[-A-Za-z0-9]*|not-the-password")

phone_re = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
id_re = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
                   r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9A-Za-z])")
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def id_ok(s):
    total = sum(int(c) * w for c, w in zip(s[:17], W))
    return "10X98765432"[total % 11] == s[17].upper()
# Session tokens are 22 base64url characters (128 bits); CSRF tokens 64 hex
# digits; both only mean something next to their names, and so do bearer
# tokens and the 6-digit one-time codes.
token_re = re.compile(r"(?i)shuniu_session=[A-Za-z0-9_-]{16,}|(?:session[_ -]?token|csrf[_ -]?token|"
                      r"x-csrf-token|authorization|bearer|cookie)[\"' :=]+(?!\[)[A-Za-z0-9_-]{16,}")
hex_re = re.compile(r"(?i)csrf[^0-9a-f\n]{0,24}[0-9a-f]{64}")
otp_re = re.compile(r"(?i)(?:otp|sms|one-time|verification|\bcode)[^0-9\n]{0,16}(?<![0-9])[0-9]{6}(?![0-9])")

checks = [("phone number", phone_re, None), ("ID-card number", id_re, id_ok),
          ("test password", pw_re, None), ("session/CSRF/bearer token", token_re, None),
          ("CSRF token", hex_re, None), ("one-time code", otp_re, None)]
hits = files = bad_files = 0
for dp, _, names in os.walk(log_dir):
    for name in sorted(names):
        path = os.path.join(dp, name)
        if name.endswith((".png", ".jpg", ".webm", ".zip", ".db", ".xlsx", ".pdf")):
            continue
        files += 1
        found = 0
        with open(path, encoding="utf-8", errors="replace") as fh:
            for no, line in enumerate(fh, 1):
                spans = []
                for kind, rx, valid in checks:
                    for m in rx.finditer(line):
                        if valid and not valid(m.group(1)):
                            continue
                        spans.append((m.start(), m.end(), kind))
                if not spans:
                    continue
                found += len(spans)
                if found - len(spans) < 20:
                    # The hits themselves are masked: this output is a log too.
                    shown = line
                    for a, b, kind in sorted(spans, reverse=True):
                        shown = shown[:a] + "<" + kind + ">" + shown[b:]
                    kinds = ", ".join(sorted({k for _, _, k in spans}))
                    print(f"{path}:{no}: {kinds}: {shown.strip()[:240]}")
        if found:
            bad_files += 1
            hits += found
print(f"scanned {files} files under {log_dir}: {hits} hits in {bad_files} files")
print(f"{files - bad_files} passed, {bad_files} failed")
sys.exit(1 if bad_files else 0)
PY
