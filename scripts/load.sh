#!/usr/bin/env bash
# `make load`: a bounded load run against `make serve` (gunicorn, production settings) on loopback,
# with the bank seed_scale built in the same database (var/banso.sqlite3, or DATABASE_URL /
# BANSO_VAR_DIR as for make serve). For each user count in LOAD_USERS (default "10 50"), locust runs
# headless for LOAD_SECONDS (default 60) with the weighted mix of bench/locustfile.py and this prints
# requests/s, p50/p95/p99 and errors. The server is started on a free port and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
LOAD_SECONDS=${LOAD_SECONDS:-60}
LOAD_USERS=${LOAD_USERS:-10 50}
VAR_DIR=${BANSO_VAR_DIR:-var}
"$PY" -c 'import locust' 2>/dev/null || { echo "locust が入っていません（make install で dev 依存を入れてください）。"; exit 1; }
work=$(mktemp -d /tmp/banso-load.XXXXXX)
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
server=""
cleanup() {
  # The server runs in its own process group (setsid): stop it with everything it started.
  if [ -n "$server" ]; then kill -- -"$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The same SECRET_KEY as the server (scripts/serve.sh reads var/secret_key): sessions must verify.
if [ -z "${SECRET_KEY:-}" ]; then
  mkdir -p "$VAR_DIR"
  key_file="$VAR_DIR/secret_key"
  [ -s "$key_file" ] || (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file")
  SECRET_KEY=$(cat "$key_file"); export SECRET_KEY
fi
export BANSO_DEBUG=false BANSO_ALLOWED_HOSTS=127.0.0.1,localhost
"$PY" manage.py migrate --noinput -v 0
"$PY" bench/load_prepare.py "$work/load.json"

echo "Starting make serve on 127.0.0.1:$port (workers: ${BANSO_WEB_WORKERS:-default}) …"
PORT=$port BANSO_LOG_LEVEL=WARNING setsid scripts/serve.sh > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do  # collectstatic first: a minute or more on a busy machine
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { echo "サーバーが起動しませんでした:"; tail -20 "$work/server.log"; exit 1; }

for users in $LOAD_USERS; do
  echo ""
  echo "== $users concurrent users, ${LOAD_SECONDS}s =="
  LOAD_DATA="$work/load.json" "$PY" -m locust -f bench/locustfile.py --headless --only-summary \
    -u "$users" -r "$users" -t "${LOAD_SECONDS}s" --host "http://127.0.0.1:$port" \
    --csv "$work/u$users" --loglevel WARNING > "$work/locust-$users.log" 2>&1 || true
  "$PY" - "$work/u${users}_stats.csv" "$users" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(f"{'page':<28} {'reqs':>6} {'fails':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
for r in rows:
    print(f"{r['Name'][:28]:<28} {r['Request Count']:>6} {r['Failure Count']:>5} {float(r['Requests/s']):7.1f}"
          f" {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}")
total = next(r for r in rows if r["Name"] == "Aggregated")
print(f"→ {sys.argv[2]} users: {float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, "
      f"p95 {total['95%']} ms, p99 {total['99%']} ms, errors {total['Failure Count']} of {total['Request Count']}")
PYEOF
done
