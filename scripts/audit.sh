#!/usr/bin/env bash
# Check the pinned set in requirements.lock against a vulnerability database (pip-audit, from its own
# throwaway venv). It needs the network: on a machine without it, say so and stop with an error.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
TOOLS=.venv-tools
test -x "$TOOLS/bin/pip-audit" || { "$PYTHON" -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet "pip-audit>=2.7,<3"; }
if ! "$PYTHON" -c "import urllib.request; urllib.request.urlopen('https://pypi.org/pypi/pip/json', timeout=10)" 2>/dev/null; then
  echo "脆弱性データベース (pypi.org / osv.dev) に接続できません。ネットワークに出られる端末で make audit を実行してください。" >&2
  exit 2
fi
exec "$TOOLS/bin/pip-audit" --require-hashes --disable-pip --requirement requirements.lock "$@"
