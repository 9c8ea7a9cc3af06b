# shellcheck shell=bash disable=SC2034,SC2154  # variables are the caller's (see below)
# Shell helpers shared by the test scripts that serve a real database
# (tests/crash/*.sh, tests/backup/drill.sh, tests/cluster/two-servers.sh).
# Source it from the repository root: `. tests/lib.sh`. Bash only.
#
# Variables the caller sets (the functions read them when called):
#   BIN   the shuniu binary          url   the database URL (sqlite://FILE or postgresql://…)
#   port  the port `serve` waits on  slog  the server's log file (appended to)
#   passed, failed                   counters for `check` (start them at 0)
#
# Functions:
#   check NAME STATUS       counts and prints "PASS NAME" (STATUS 0) or "FAIL NAME".
#   db_sql URL [QUERY]      runs QUERY, or standard input, on URL: sqlite3 or psql -qtAX
#                           (one row a line, columns separated by "|", no headers).
#   sql [QUERY]             db_sql on $url.
#   wait_healthy PORT       waits up to 10 s for GET /healthz on 127.0.0.1:PORT; 1 if it never answers.
#   serve                   starts `$BIN serve` in the background (log appended to $slog),
#                           sets spid to its PID and waits for it like wait_healthy.
#   demo_fixture PASSWORD   the writes fixture: migrates $url, loads the Jiangmen demo and
#                           creates staff accounts crash_staff and crash_fin of 江门市 with
#                           PASSWORD; on failure prints which step failed and returns 1.
#   votes_missing ACKED     prints how many votes of ACKED ("voter-NNNNNNNN ENTRY" lines, as
#                           tests/crash/vote_burst.py writes them) are not stored in the
#                           competition 777001 that bench/votes/seed.py seeds (0 when ACKED is empty).
#   votes_twice             prints how many (competition, entry, voter, day) hold more than one vote.
#   voters_over_limit       prints how many (voter, day) hold more than 3 votes (the seeded daily limit).
# The server's log: scripts honour SHUNIU_SERVER_LOG (or SHUNIU_LOG_DIR for several servers)
# so scripts/test keeps it in test-artifacts/, where tests/logs/pii-grep.sh scans it.

check() {
  if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi
}

db_sql() {
  local target=$1; shift
  case "$target" in
    sqlite://*) sqlite3 "${target#sqlite://}" "$@" ;;
    *) if [ $# -gt 0 ]; then psql -qtAX "$target" -c "$1"; else psql -qtAX "$target"; fi ;;
  esac
}

sql() { db_sql "$url" "$@"; }

wait_healthy() {
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.1; done
  return 1
}

serve() {
  "$BIN" serve >>"$slog" 2>&1 &
  spid=$!
  wait_healthy "$port"
}

demo_fixture() {
  "$BIN" db migrate >/dev/null || { echo "migrate failed"; return 1; }
  "$BIN" demo load >/dev/null || { echo "demo load failed"; return 1; }
  local u
  for u in crash_staff crash_fin; do
    echo "$1" | "$BIN" user create --username $u --role staff --region 440700000000 >/dev/null ||
      { echo "user create $u failed"; return 1; }
  done
}

votes_missing() {
  [ -s "$1" ] || { echo 0; return 0; }
  {
    echo "WITH a(v, e) AS (VALUES"
    awk 'NR > 1 {printf ",\n"} {printf "(%c%s%c, %d)", 39, $1, 39, $2}' "$1"
    echo ") SELECT COUNT(*) FROM a WHERE NOT EXISTS (SELECT 1 FROM competition_votes cv JOIN"
    echo "competition_applications ca ON ca.id = cv.application_id WHERE cv.voter_key = a.v AND"
    echo "ca.entry_no = a.e AND cv.competition_id = 777001);"
  } | sql
}

votes_twice() {
  sql "SELECT COUNT(*) FROM (SELECT 1 FROM competition_votes GROUP BY competition_id, application_id, voter_key, vote_day HAVING COUNT(*) > 1) d;"
}

voters_over_limit() {
  sql "SELECT COUNT(*) FROM (SELECT 1 FROM competition_votes GROUP BY voter_key, vote_day HAVING COUNT(*) > 3) d;"
}
