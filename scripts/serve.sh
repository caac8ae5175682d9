#!/usr/bin/env bash
# `make serve`: the production shape on one machine. The production settings (DEBUG off, static files
# collected and served by WhiteNoise, a real SECRET_KEY) under gunicorn on loopback, against the same
# database as `make run` (var/banso.sqlite3, or DATABASE_URL). Only the TLS-related settings are relaxed,
# because loopback has no TLS proxy in front: no https redirect, no HSTS, cookies without the Secure flag.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}
VAR_DIR=${BANSO_VAR_DIR:-var}
mkdir -p "$VAR_DIR"

# SECRET_KEY from the environment, else var/secret_key (the file `make run` uses; created once, 0600).
if [ -z "${SECRET_KEY:-}" ]; then
  key_file="$VAR_DIR/secret_key"
  if [ ! -s "$key_file" ]; then
    (umask 077 && "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' > "$key_file")
  fi
  SECRET_KEY=$(cat "$key_file")
  export SECRET_KEY
fi

export BANSO_DEBUG=false
export BANSO_ALLOWED_HOSTS=${BANSO_ALLOWED_HOSTS:-127.0.0.1,localhost}
export BANSO_SECURE_SSL_REDIRECT=false BANSO_HSTS_SECONDS=0 BANSO_SECURE_COOKIES=false
export BANSO_BIND=${BANSO_BIND:-127.0.0.1:$PORT}

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0
echo ""
echo "Banso (本番設定・gunicorn): http://$BANSO_BIND/   ヘルスチェック: http://$BANSO_BIND/healthz"
echo "データベースが空なら、先に make run でデモデータを作ってください（本番設定ではデモ利用者を作りません）。"
echo "ファイルの読み取りや報告書の一括作成はバックグラウンド処理です。別の端末で make worker を動かしてください。"
echo ""
# The console script, not `python -m gunicorn`: a binary upgrade (USR2) re-executes the command line, and
# `-m gunicorn` would come back as a path inside the gunicorn package, whose `http` shadows the standard
# library's and the new master dies on start (seen in the restart drill, README: Upgrades).
exec "$(dirname "$PY")/gunicorn" -c config/gunicorn.conf.py --pid "$VAR_DIR/gunicorn.pid" config.wsgi
