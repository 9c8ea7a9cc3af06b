#!/usr/bin/env bash
# Two Shuniu servers on one PostgreSQL behind nginx (round robin, loopback):
# sessions, account lockout, the per-address login throttle and vote daily
# limits hold across both servers (their state lives in the database); kill -9
# of one server in the middle of a vote burst loses no acknowledged vote, counts
# none twice, and the other server keeps answering through nginx.
# Usage: tests/cluster/two-servers.sh [DBURL] [PORT]
#   DBURL: a fresh, empty PostgreSQL database; without it a throw-away server is
#   started with scripts/pg on PGPORT (default 55619). PORT: nginx listens on
#   PORT, the servers on PORT+1 and PORT+2 (default 18690).
# Logs (both servers, nginx) go to $SHUNIU_LOG_DIR (default: a temp dir, shown).
# Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
url=${1:-}; port=${2:-18690}
BIN=${SHUNIU_BIN:-$root/build/shuniu}
work=$(mktemp -d /tmp/shuniu-cluster.XXXXXX)
chmod 755 "$work"
logs=${SHUNIU_LOG_DIR:-$work/logs}
mkdir -p "$logs"
pa=$((port + 1)); pb=$((port + 2))
pida=""; pidb=""; nginx_pid=""; own_pg=""
cleanup() {
  for p in $pida $pidb; do kill "$p" 2>/dev/null; done
  for p in $pida $pidb; do wait "$p" 2>/dev/null; done
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  cp "$work/nginx/error.log" "$logs/cluster-nginx-error.log" 2>/dev/null
  [ -n "$own_pg" ] && scripts/pg stop "$work/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
passed=0; failed=0
. tests/lib.sh
finish() { echo "$passed passed, $failed failed"; [ "$failed" = 0 ]; exit $?; }

NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || { echo "nginx is not installed (scripts/install-deps)"; failed=1; finish; }
if [ -z "$url" ]; then
  url=$(scripts/pg start "$work/pg" "${PGPORT:-55619}") || { echo "PostgreSQL did not start"; failed=1; finish; }
  own_pg=1
fi
export SHUNIU_DB=$url SHUNIU_KEY_FILE="$work/key" SHUNIU_DATA_DIR="$root/data" \
  SHUNIU_TRUSTED_PROXIES=127.0.0.1 SHUNIU_LOGIN_IP_MAX_FAILURES=12 SHUNIU_WEB_ROOT=""
"$BIN" db migrate >/dev/null || { echo "migrate failed"; failed=1; finish; }
"$BIN" region import data/regions/jiangmen >/dev/null || { echo "region import failed"; failed=1; finish; }
python3 bench/votes/seed.py 4000 30 | sql >/dev/null
echo "Cluster-Admin-Pass-2026" | "$BIN" user create --username cluster_admin --role admin \
  --region 440700000000 >/dev/null || { echo "user create failed"; failed=1; finish; }
echo "Cluster-Staff-Pass-2026" | "$BIN" user create --username cluster_staff --role staff \
  --region 440700000000 >/dev/null

SHUNIU_PORT=$pa "$BIN" serve >>"$logs/cluster-a.log" 2>&1 &
pida=$!
SHUNIU_PORT=$pb "$BIN" serve >>"$logs/cluster-b.log" 2>&1 &
pidb=$!
wait_healthy "$pa"; wait_healthy "$pb"

# nginx as a non-root user with a private prefix, on loopback.
ng="$work/nginx"; mkdir -p "$ng/tmp"
cat >"$ng/nginx.conf" <<CONF
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $ng/tmp/body; proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fcgi; uwsgi_temp_path $ng/tmp/uwsgi; scgi_temp_path $ng/tmp/scgi;
  upstream shuniu {
    server 127.0.0.1:$pa max_fails=1 fail_timeout=10s;
    server 127.0.0.1:$pb max_fails=1 fail_timeout=10s;
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    client_max_body_size 32m;
    location / {
      proxy_pass http://shuniu;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_next_upstream error timeout;
    }
  }
}
CONF
chmod -R 777 "$ng"
run_nginx=("$NGINX" -p "$ng" -c "$ng/nginx.conf" -g "daemon off;")
if [ "$(id -u)" = 0 ]; then
  runuser -u nobody -- "${run_nginx[@]}" 2>>"$logs/cluster-nginx-stderr.log" &
else
  "${run_nginx[@]}" 2>>"$logs/cluster-nginx-stderr.log" &
fi
nginx_pid=$!
N="http://127.0.0.1:$port"; A="http://127.0.0.1:$pa"; B="http://127.0.0.1:$pb"
for _ in $(seq 50); do curl -sf "$N/healthz" >/dev/null && break; sleep 0.1; done
[ -n "$pida" ] && [ -n "$pidb" ] && curl -sf "$A/healthz" >/dev/null && curl -sf "$B/healthz" >/dev/null
check "two servers answer on :$pa and :$pb" $?
curl -sf "$N/healthz" | grep -q '"db":"postgresql"'; check "nginx on :$port proxies to them" $?
# Request ids carry a per-process prefix: two prefixes through nginx = round robin.
prefixes=$(for _ in $(seq 6); do curl -s -D - -o /dev/null "$N/healthz" | tr -d '\r' | \
  sed -n 's/^X-Request-Id: \([^-]*\)-.*/\1/ip'; done | sort -u | wc -l)
[ "$prefixes" = 2 ]; check "nginx spreads requests over both servers (round robin)" $?

# ---- sessions: log in through A, work through B, log out through B ---------
login() {  # login BASE USER PASS [XFF] → HTTP status; cookie in $work/cookies, CSRF in $work/csrf
  local xff=()
  [ -n "${4:-}" ] && xff=(-H "X-Forwarded-For: $4")
  curl -s -o "$work/login.json" -w '%{http_code}' -c "$work/cookies" "${xff[@]}" \
    -H 'Content-Type: application/json' -X POST "$1/api/v1/auth/login" \
    --data "{\"username\":\"$2\",\"password\":\"$3\"}"
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("csrf_token",""))' \
    "$work/login.json" >"$work/csrf" 2>/dev/null
}
code=$(login "$A" cluster_admin Cluster-Admin-Pass-2026)
[ "$code" = 200 ]; check "login through server A" $?
me=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/cookies" "$B/api/v1/auth/me")
[ "$me" = 200 ]; check "the session works on server B" $?
csrf=$(cat "$work/csrf")
org=$(curl -s -o "$work/org.json" -w '%{http_code}' -b "$work/cookies" -H "X-CSRF-Token: $csrf" \
  -H 'Content-Type: application/json' -X POST "$B/api/v1/orgs" \
  --data '{"name":"集群测试妇女之家","kind":"micro_org","region_code":"440705001001"}')
[ "$org" = 201 ]; check "a write through B with the CSRF token from A's login ($org)" $?
lo=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/cookies" -H "X-CSRF-Token: $csrf" -X POST "$B/api/v1/auth/logout")
sleep 2.5  # each server caches a resolved session for at most 2 s (auth/session_cache.h)
after=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/cookies" "$A/api/v1/auth/me")
[ "$lo" = 204 ] || [ "$lo" = 200 ]; s1=$?; [ "$after" = 401 ]; s2=$?
check "logout through B ends the session on A too (logout $lo, then $after)" $((s1 + s2))

# ---- account lockout: 5 failures spread over both servers lock the account ----
for i in 1 2 3 4 5; do
  if [ $((i % 2)) = 1 ]; then base=$A; else base=$B; fi
  login "$base" cluster_staff "Wrong-Password-$i" 198.51.100.1 >/dev/null
done
locked=$(login "$B" cluster_staff Cluster-Staff-Pass-2026 198.51.100.1)
lockedA=$(login "$A" cluster_staff Cluster-Staff-Pass-2026 198.51.100.1)
[ "$locked" = 429 ] && [ "$lockedA" = 429 ]
check "5 failed logins over A and B lock the account on both ($locked, $lockedA)" $?

# ---- per-address throttle: 12 failures from one client address, over both ----
codes=""
for i in $(seq 13); do
  if [ $((i % 2)) = 1 ]; then base=$A; else base=$B; fi
  codes+="$(login "$base" "nobody_$i" "Wrong-Password-$i" 198.51.100.2) "
done
[ "$codes" = "$(printf '401 %.0s' $(seq 12))429 " ]
check "the login throttle counts one address across both servers (13th refused: $codes)" $?
thr=$(login "$N" cluster_admin Cluster-Admin-Pass-2026)
[ "$thr" = 200 ]; check "another address still logs in through nginx" $?

# ---- vote daily limit (3 entries a day) across both servers ------------------
vote() {  # vote BASE VOTER ENTRY → HTTP status
  curl -s -o /dev/null -w '%{http_code}' -X POST "$1/api/v1/public/competitions/777001/votes" \
    -H 'Content-Type: application/json' -H "Authorization: Bearer bench-$2" --data "{\"entries\":[$3]}"
}
v="$(vote "$A" 3999 1) $(vote "$B" 3999 2) $(vote "$A" 3999 3) $(vote "$B" 3999 4)"
n=$(sql "SELECT COUNT(*) FROM competition_votes WHERE voter_key = 'voter-00003999'")
[ "${v% *}" = "200 200 200" ] && [ "${v##* }" != 200 ] && [ "$n" = 3 ]
check "the daily vote limit holds across both servers ($v; $n stored)" $?

# ---- kill -9 of server A in the middle of a vote burst through nginx ---------
python3 tests/crash/vote_burst.py "$N" "$work/acked" 6 150 0 &
bpid=$!
sleep 1.5
kill -9 "$pida"; wait "$pida" 2>/dev/null; pida=""
wait "$bpid"
acked=$(wc -l <"$work/acked")
ok=0
for _ in $(seq 10); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$N/healthz")" = 200 ] && ok=$((ok + 1)); done
[ "$ok" = 10 ]; check "after kill -9 of A, nginx keeps answering through B ($ok/10)" $?
missing=$(votes_missing "$work/acked")
[ "$acked" -gt 0 ] && [ "$missing" = 0 ]
check "every acknowledged vote is stored ($acked acknowledged, $missing missing)" $?
dups=$(votes_twice)
over=$(voters_over_limit)
[ "$dups" = 0 ] && [ "$over" = 0 ]; check "no vote stored twice, no voter over the limit" $?
after=$(vote "$N" 3998 5)
[ "$after" = 200 ]; check "votes still go through nginx after the kill ($after)" $?
kill "$pidb"; wait "$pidb"; rc=$?; pidb=""
[ "$rc" = 0 ]; check "server B stops cleanly on SIGTERM (exit $rc)" $?
"$BIN" audit verify >"$work/verify.log" 2>&1; check "audit chain verifies" $?
echo "logs: $logs"
finish
