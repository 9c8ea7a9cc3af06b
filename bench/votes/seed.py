#!/usr/bin/env python3
"""Writes SQL (to stdout) for a vote burst: one region, one organization, a
competition in its voting phase (max 3 entries a day, counts hidden) with
ENTRIES qualified entries, and VOTERS verified voters whose bearer tokens are
"bench-<n>" (the server stores only SHA-256 of a token), as if each had
exchanged a one-time code. Portable SQL for SQLite and PostgreSQL.
Usage: seed.py VOTERS [ENTRIES] [ORG_ID] > seed.sql   (ORG_ID 777 unless given: a
database with the demo loaded already has an organization 777)"""
import hashlib
import sys
import time

voters = int(sys.argv[1])
entries = int(sys.argv[2]) if len(sys.argv) > 2 else 30
org = int(sys.argv[3]) if len(sys.argv) > 3 else 777
now = int(time.time())
comp = 777001
out = sys.stdout
out.write("BEGIN;\n")
out.write("INSERT INTO regions (code, name, level, parent_code, child_count) SELECT "
          "'440700000000', '江门市', 2, NULL, 0 WHERE NOT EXISTS "
          "(SELECT 1 FROM regions WHERE code = '440700000000');\n")
out.write("INSERT INTO orgs (id, name, kind, registered, region_code, level, status, version, "
          f"created_at, updated_at) VALUES ({org}, '基准组织', 'micro_org', 0, '440700000000', 2, "
          f"'active', 1, {now}, {now});\n")
out.write(
    "INSERT INTO competitions (id, region_code, name, series, phase_no, year, kind, description, "
    "pool_fen, eligibility_json, matching_ratio_pct, expert_weight_pct, vote_weight_pct, "
    "award_rule_json, criteria_json, vote_rules_json, counts_hidden, apply_opens_at, "
    "apply_closes_at, qualify_closes_at, scoring_closes_at, voting_opens_at, voting_closes_at, "
    "results_at, state, created_by_name, version, created_at, updated_at) VALUES "
    f"({comp}, '440700000000', '基准公益创投', '集思公益', 3, 2026, 'venture', '', 100000000, "
    "'{}', 0, 70, 30, '{}', '[]', '{\"max_entries_per_day\":3,\"per_entry_per_day\":1}', 1, "
    f"{now - 90 * 86400}, {now - 60 * 86400}, {now - 45 * 86400}, {now - 30 * 86400}, "
    f"{now - 3600}, {now + 7 * 86400}, {now + 8 * 86400}, 'open', 'bench', 1, {now}, {now});\n")
for e in range(1, entries + 1):
    out.write(
        "INSERT INTO competition_applications (id, competition_id, org_id, region_code, entry_no, "
        "title, summary, plan, budget_lines_json, requested_fen, matching_fen, file_ids_json, "
        "state, qualification_reason, version, created_at, updated_at) VALUES "
        f"({comp * 100 + e}, {comp}, {org}, '440700000000', {e}, '参赛项目 {e}', '', '', '[]', "
        f"100000, 0, '[]', 'qualified', '', 1, {now}, {now});\n")
batch = []
for v in range(voters):
    h = hashlib.sha256(f"bench-{v}".encode()).hexdigest()
    batch.append(f"('{h}', {comp}, 'voter-{v:08d}', {now}, {now + 86400})")
    if len(batch) == 500 or v == voters - 1:
        out.write("INSERT INTO vote_voter_sessions (token_hash, competition_id, voter_key, "
                  "created_at, expires_at) VALUES " + ", ".join(batch) + ";\n")
        batch = []
out.write("COMMIT;\n")
