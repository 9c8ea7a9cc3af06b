# Sourced by bench/load/run and bench/load/soak: a fresh database with the
# Jiangmen demo, four city staff accounts, a competition in its voting phase
# with VOTERS verified voters (bench/votes/seed.py), a server on PORT, and
# CONFIG (JSON for bench/load/drive.py) with a logged-in session per account.
# Expects: BIN, PORT, PGPORT, work, BENCH_PG, VOTERS. Sets: url, spid, CONFIG.
for t in sqlite3 python3 curl jq; do
  command -v "$t" >/dev/null || { echo "bench/load: $t is required" >&2; exit 1; }
done
[ -x "$BIN" ] || { echo "bench/load: build $BIN first" >&2; exit 1; }
# Thousands of client connections over capacity: the server and the driver need the descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "${BENCH_PG:-0}" = 1 ]; then
  url=$(scripts/pg start "$work/pg" "$PGPORT")
  psql -qX "${url%/shuniu}/postgres" -c 'CREATE DATABASE load'
  url="${url%/shuniu}/load"
else
  url="sqlite://$work/load.db"
fi
export SHUNIU_DB=$url SHUNIU_KEY_FILE="$work/key" SHUNIU_PORT=$PORT SHUNIU_ACCESS_LOG=0 \
  SHUNIU_LOG_LEVEL=warn SHUNIU_FILES_DIR="$work/files"
"$BIN" db migrate >/dev/null
"$BIN" demo load >/dev/null
for i in 1 2 3 4; do
  echo "Load-Bench-Pass-2026" | "$BIN" user create --username "load_staff$i" --role staff \
    --region 440700000000 >/dev/null
done
python3 bench/votes/seed.py "$VOTERS" 30 9777777 >"$work/seed.sql"
case "$url" in
  sqlite://*) sqlite3 "${url#sqlite://}" <"$work/seed.sql" >/dev/null ;;
  *) psql -qX "$url" -f "$work/seed.sql" >/dev/null ;;
esac
"$BIN" serve >"$work/serve.log" 2>&1 &
spid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
sessions="[]"
for i in 1 2 3 4; do
  resp=$(curl -s -D "$work/h$i" -H 'Content-Type: application/json' \
    -d "{\"username\":\"load_staff$i\",\"password\":\"Load-Bench-Pass-2026\"}" \
    "http://127.0.0.1:$PORT/api/v1/auth/login")
  csrf=$(echo "$resp" | jq -r .csrf_token)
  cookie=$(grep -i '^set-cookie: shuniu_session=' "$work/h$i" | sed 's/^[^:]*: //; s/;.*//' | tr -d '\r')
  [ -n "$cookie" ] && [ "$csrf" != null ] || { echo "bench/load: login failed: $resp" >&2; exit 1; }
  sessions=$(echo "$sessions" | jq -c --arg c "$cookie" --arg t "$csrf" '. + [{cookie: $c, csrf: $t}]')
done
CONFIG="$work/load.json"
# Regions: the city, its districts and a few towns (real codes of the demo).
jq -n --arg base "http://127.0.0.1:$PORT" --argjson s "$sessions" '{
  base: $base, sessions: $s, competition: 777001, entries: 30, voter_first: 0,
  regions: ["440700000000", "440703000000", "440704000000", "440705000000", "440781000000",
            "440783000000", "440784000000", "440785000000", "440705001000"],
  terms: ["妇女", "儿童", "家庭", "社工", "志愿", "江门", "新会", "之家", "服务中心", "协会"]}' >"$CONFIG"
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
# Descriptors other than sockets (database files, WAL, logs, pipes): what a
# leak of files would grow. Sockets come and go with the clients' connections.
files() { { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 -printf '%l\n' 2>/dev/null || true; } | grep -vc '^socket:' || true; }
