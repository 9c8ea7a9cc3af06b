#!/usr/bin/env bash
# CLI behaviour: migrate, demo load (idempotent), user create from stdin,
# audit verify (whole, then tampered), db check, backup, restore and db copy
# (their refusals), --help.
# Usage: tests/cli/run.sh DB_URL   (uses build/shuniu; prints "N passed, N failed")
set -uo pipefail
cd "$(dirname "$0")/../.."
url=${1:?database url}
work=$(mktemp -d)
export SHUNIU_DB="$url" SHUNIU_KEY_FILE="$work/key" SHUNIU_DATA_DIR="$PWD/data"
pass=0; fail=0
check() {  # name, then a command that must succeed
  local name=$1; shift
  if "$@" >"$work/out" 2>&1; then pass=$((pass+1)); echo "PASS cli: $name"
  else fail=$((fail+1)); echo "FAIL cli: $name"; sed 's/^/    /' "$work/out" | tail -5; fi
}
sql() {  # runs SQL against the test database
  if [[ $url == sqlite://* ]]; then sqlite3 "${url#sqlite://}" "$1"; else psql -qtAX "$url" -c "$1"; fi
}
export url; export -f sql

check "db migrate applies both migrations" bash -c 'build/shuniu db migrate | grep -q "applied 0002_audit_guard"'
check "db migrate again is a no-op" bash -c 'build/shuniu db migrate | grep -q "up to date"'
check "demo load prints generated passwords" bash -c 'build/shuniu demo load | grep -Eq "jm_admin +admin +[^ (]{16}"'
check "demo load is idempotent" bash -c 'build/shuniu demo load | grep -q "exists; password unchanged"'
check "Jiangmen has 1,348 villages" bash -c '[ "$(sql "SELECT COUNT(*) FROM regions WHERE code LIKE '"'"'4407%'"'"' AND level = 5")" = 1348 ]'
check "region import of a china-division CSV folder is idempotent" bash -c 'build/shuniu region import data/regions/jiangmen | grep -q "imported 1439 regions" && build/shuniu region import data/regions/jiangmen >/dev/null && [ "$(sql "SELECT COUNT(*) FROM regions")" = 1439 ]'
check "region import rejects a missing path" bash -c '! build/shuniu region import /nonexistent/dir 2>/dev/null'
check "user create reads the password from stdin" bash -c 'echo "Cli-Created-Pass-2026" | build/shuniu user create --username cli_staff --role staff --region 440705000000 | grep -q "created user cli_staff"'
check "user create rejects a weak password naming the field" bash -c '! echo "short" | build/shuniu user create --username cli_weak --role staff --region 440705000000 2>&1 | grep -q created && echo short | build/shuniu user create --username cli_weak --role staff --region 440705000000 2>&1 | grep -q "(password)"'
check "user create rejects an unknown region" bash -c 'echo "Cli-Created-Pass-2026" | build/shuniu user create --username cli_x --role staff --region 990000000000 2>&1 | grep -q "region_code"'
check "user list shows the new account" bash -c 'build/shuniu user list | grep -q "^cli_staff"'
check "user unlock works" bash -c 'build/shuniu user unlock cli_staff | grep -q done'
check "user reset-password works" bash -c 'echo "Another-Pass-2026-x" | build/shuniu user reset-password cli_staff | grep -q done'
check "db check passes" build/shuniu db check
check "db recount rebuilds the report counts of the demo's organizations, audited" bash -c 'before=$(sql "SELECT SUM(n) FROM org_report_counts"); sql "DELETE FROM org_report_counts" && build/shuniu db recount | grep -Eq "org_report_counts: [1-9][0-9]* rows" && [ "$(sql "SELECT SUM(n) FROM org_report_counts")" = "$before" ] && [ "$before" = "$(sql "SELECT COUNT(*) FROM orgs")" ] && [ "$(sql "SELECT COUNT(*) FROM audit_events WHERE action = '"'"'org.recount'"'"'")" = 1 ]'
check "audit verify passes on a whole chain" bash -c 'build/shuniu audit verify | grep -q "audit chain ok"'
check "audit rows refuse UPDATE" bash -c '! sql "UPDATE audit_events SET action = '"'"'x'"'"' WHERE seq = 2" 2>/dev/null'
check "backup is audited" bash -c 'build/shuniu backup '"$work"'/audited.bak >/dev/null && [ "$(sql "SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1")" = db.backup ]'
check "restore refuses a missing file naming it" bash -c 'out=$(build/shuniu restore /nonexistent/b.db 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "backup file not found: /nonexistent/b.db (file)"'
check "restore refuses a database that is not empty without --force" bash -c 'out=$(build/shuniu restore '"$work"'/audited.bak 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "is not empty.*--force"'
echo "not a backup" >"$work/junk.bak"
check "restore refuses a file that is no backup of this engine" bash -c 'out=$(build/shuniu restore --force '"$work"'/junk.bak 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "(file)"'
check "db copy refuses a target that is not PostgreSQL" bash -c 'out=$(build/shuniu db copy --to sqlite:///tmp/x.db 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "must be a postgresql:// URL.*(to)"'
check "db copy names an unreachable target" bash -c 'out=$(build/shuniu db copy --to postgresql://nobody@127.0.0.1:1/none 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "cannot open the target database" && echo "$out" | grep -q "(to)"'
if [[ $url != sqlite://* ]]; then
  # A role that must give its password (scripts/pg): the backup hands it to pg_dump
  # through PGPASSWORD, never on pg_dump's command line, which ps shows to everyone.
  # A pg_dump earlier in PATH records what it was given, then runs the real one.
  sql "DROP ROLE IF EXISTS shuniu_pw" >/dev/null 2>&1
  sql "CREATE ROLE shuniu_pw LOGIN SUPERUSER PASSWORD 'p@ss:w/d 1'" >/dev/null
  mkdir -p "$work/bin"
  printf '#!/bin/sh\nprintf "%%s\\n" "$*" >"%s/pg_dump.args"\nprintf "%%s" "$PGPASSWORD" >"%s/pg_dump.env"\nexec %s "$@"\n' \
    "$work" "$work" "$(command -v pg_dump)" >"$work/bin/pg_dump"
  chmod +x "$work/bin/pg_dump"
  pw_url="postgresql://shuniu_pw:p%40ss%3Aw%2Fd%201@${url#postgresql://*@}"
  export pw_url work
  check "backup gives pg_dump the password by environment, not on its command line" bash -c 'PATH="$work/bin:$PATH" SHUNIU_DB="$pw_url" build/shuniu backup "$work/pw.bak" >/dev/null && head -c 5 "$work/pw.bak" | grep -q PGDMP && [ "$(cat "$work/pg_dump.env")" = "p@ss:w/d 1" ] && grep -q "dbname=postgresql://shuniu_pw@" "$work/pg_dump.args" && ! grep -q "p%40ss" "$work/pg_dump.args"'
  check "a wrong password in the URL is refused" bash -c '! SHUNIU_DB="postgresql://shuniu_pw:wrong@${url#postgresql://*@}" build/shuniu db check >/dev/null 2>&1'
  check "db copy refuses a target that is not empty" bash -c 'out=$(build/shuniu db copy --to "$url" 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "not empty.*(to)"'
fi
if [[ $url == sqlite://* ]]; then
  check "restore refuses while a server holds the database" bash -c 'SHUNIU_PORT=18086 build/shuniu serve >/dev/null 2>&1 & p=$!; for _ in $(seq 50); do curl -sf http://127.0.0.1:18086/healthz >/dev/null && break; sleep 0.1; done; out=$(build/shuniu restore --force '"$work"'/audited.bak 2>&1); rc=$?; kill $p; wait $p; [ $rc -ne 0 ] && echo "$out" | grep -q "a shuniu server is using"'
  check "backup writes a consistent copy" bash -c 'build/shuniu backup '"$work"'/b.db && sqlite3 '"$work"'/b.db "PRAGMA integrity_check" | grep -q ok && [ "$(sqlite3 '"$work"'/b.db "SELECT COUNT(*) FROM users")" -ge 8 ]'
  sql "DROP TRIGGER audit_events_no_update" >/dev/null
else
  sql "DROP TRIGGER audit_events_no_update ON audit_events" >/dev/null
fi
sql "UPDATE audit_events SET action = 'user.tampered' WHERE seq = 3" >/dev/null
check "audit verify exits 1 naming the tampered event" bash -c 'out=$(build/shuniu audit verify); rc=$?; [ $rc -eq 1 ] && echo "$out" | grep -q "broken at event 3"'
printf 'password_policy = "dengbao3"\nport = 18999\n' >"$work/ok.toml"
printf 'prot = 8080\n' >"$work/typo.toml"
check "a TOML config file is read (dengbao3 accepts an 8-character 3-class password)" bash -c 'echo "Ab#12345" | SHUNIU_CONFIG='"$work"'/ok.toml build/shuniu user create --username cli_db3 --role staff --region 440705000000 | grep -q "created user cli_db3"'
check "an unknown TOML key is refused naming it" bash -c 'SHUNIU_CONFIG='"$work"'/typo.toml build/shuniu db check 2>&1 | grep -q "(prot)"'
check "SHUNIU_ROOT_REGION must be 12 digits" bash -c 'SHUNIU_ROOT_REGION=4407 build/shuniu db check 2>&1 | grep -q "(root_region)"'
for c in "serve" "db migrate" "region import" "user create" "demo load" "audit verify" "backup" "restore" "db copy" "db checksum"; do
  check "$c --help" bash -c "build/shuniu $c --help | grep -qi usage"
done
rm -rf "$work"
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
