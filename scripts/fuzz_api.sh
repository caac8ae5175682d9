#!/usr/bin/env bash
# schemathesis over the whole OpenAPI as a supporter (the demo's `advisor`), against a throwaway
# SQLite demo database and a server on a free loopback port. Exits non-zero on any finding.
# FUZZ_MAX_EXAMPLES caps the test cases per operation (and with it the run time); FUZZ_TIME_LIMIT
# (seconds) stops a run that hangs.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
SCHEMATHESIS=${SCHEMATHESIS:-.venv/bin/schemathesis}
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-20}
# The coverage phase (every boundary value of every field) takes ~6 minutes on 2 busy cores:
# FUZZ_PHASES=examples,coverage,fuzzing,stateful runs it too.
PHASES=${FUZZ_PHASES:-examples,fuzzing,stateful}
TIME_LIMIT=${FUZZ_TIME_LIMIT:-600}

tmp=$(mktemp -d /tmp/banso-fuzz.XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

export BANSO_DEBUG=true BANSO_VAR_DIR="$tmp" DATABASE_URL="sqlite:///$tmp/banso.sqlite3"
"$PY" manage.py migrate --noinput >/dev/null
"$PY" manage.py seed_demo >/dev/null
token=$("$PY" manage.py create_api_token advisor | tail -n 1)
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

"$PY" manage.py runserver "127.0.0.1:$port" --noreload >"$tmp/server.log" 2>&1 &
server_pid=$!

status=0
# Run from the temporary folder: schemathesis keeps its caches in the working directory.
schemathesis_bin=$(realpath "$SCHEMATHESIS")
cd "$tmp"
timeout "$TIME_LIMIT" "$schemathesis_bin" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --wait-for-schema 60 \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,response_schema_conformance,ignored_auth \
  --max-examples "$MAX_EXAMPLES" \
  --phases "$PHASES" \
  --request-timeout 30 \
  --workers 2 \
  --seed "${FUZZ_SEED:-20261201}" \
  --generation-database none \
  --no-color || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis: 問題が見つかりました (exit $status)。サーバーのログ: 末尾 40 行" >&2
  tail -n 40 "$tmp/server.log" >&2
fi
exit "$status"
