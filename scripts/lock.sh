#!/usr/bin/env bash
# Regenerate requirements.lock from pyproject.toml: every package, direct or not, pinned with the
# hashes of its files, so `make install` on a fresh machine installs exactly what CI tested.
# pip-tools runs from its own throwaway venv so it never lands in the project's environment.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
TOOLS=.venv-tools
test -x "$TOOLS/bin/pip-compile" || { "$PYTHON" -m venv "$TOOLS" && "$TOOLS/bin/pip" install --quiet "pip-tools>=7.4,<8"; }
input=$(mktemp --suffix=.in)
trap 'rm -f "$input"' EXIT
"$PYTHON" scripts/requirements_from_pyproject.py dev > "$input"
# Index locations are the machine's pip configuration, not the project's: keep them out of the file.
"$TOOLS/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
  --no-emit-index-url --no-emit-find-links --no-header --annotation-style=line \
  --output-file requirements.lock "$input" 2> >(grep -v "is ignored" >&2)
sed -i "s|-r $input|pyproject.toml|g" requirements.lock
echo "requirements.lock: $(grep -c '==' requirements.lock) packages pinned"
