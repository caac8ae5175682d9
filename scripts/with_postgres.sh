#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: initdb in a temporary folder,
# pg_ctl on a free loopback port, DATABASE_URL exported, cluster stopped and removed afterwards.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL 15 が見つかりません ($PGBIN)。"; exit 1; }
tmp=$(mktemp -d /tmp/banso-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$tmp/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${as_pg[@]}" "$PGBIN/initdb" -D "$tmp/data" -E UTF8 --locale=C.UTF-8 -U banso --auth=trust >/dev/null
"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$tmp/data" -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" \
  -l "$tmp/postgres.log" -w start >/dev/null
"${as_pg[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U banso banso
export DATABASE_URL="postgres://banso@127.0.0.1:$port/banso"
echo "PostgreSQL 15 on 127.0.0.1:$port"
"$@"
