"""After `make run`, the README's management commands work as written: `make run` writes
var/local.env, manage.py reads it, and a real environment variable still wins over it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import load_local_env

ROOT = Path(__file__).resolve().parents[1]
SETUP = (
    "from banso.orgs.models import Membership, Organization, User;"
    "org = Organization.objects.create(name='みなと地域銀行', slug='minato-bank', kind='bank');"
    "Membership.objects.create(user=User.objects.create_user('advisor', password='x-Passw0rd-2026'),"
    " organization=org, role='supporter')"
)


def _make_run_writes_local_env(cwd: Path) -> Path:
    """Run the Makefile's own line that writes var/local.env (the rest of `make run` serves the app)."""
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "> var/local.env" in line)
    (cwd / "var").mkdir()
    subprocess.run(["bash", "-c", line.strip().lstrip("@")], cwd=cwd, check=True)
    return cwd / "var"


def _manage(var_dir: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("BANSO_")
        and key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL"}
    }
    env.update(BANSO_VAR_DIR=str(var_dir), **extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_readme_commands_work_as_written_after_make_run(tmp_path):
    var_dir = _make_run_writes_local_env(tmp_path)
    assert "BANSO_DEBUG=true" in (var_dir / "local.env").read_text()
    migrated = _manage(var_dir, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    created = _manage(var_dir, "shell", "-c", SETUP)
    assert created.returncode == 0, created.stderr
    token = _manage(var_dir, "create_api_token", "advisor")
    assert token.returncode == 0, token.stderr
    lines = token.stdout.splitlines()
    assert len(lines) == 1 and len(lines[0]) >= 32
    # The real environment wins over the file: production settings without a SECRET_KEY stop.
    production = _manage(var_dir, "create_api_token", "advisor", BANSO_DEBUG="false")
    assert production.returncode != 0 and "SECRET_KEY" in production.stderr


def test_local_env_never_overrides_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "local.env"
    path.write_text("# comment\n\nBANSO_DEBUG=true\nexport BANSO_TEST_ONE='一'\nBANSO_TEST_TWO=2\n", "utf-8")
    monkeypatch.setenv("BANSO_TEST_TWO", "from the environment")
    monkeypatch.delenv("BANSO_TEST_ONE", raising=False)
    monkeypatch.delenv("BANSO_DEBUG", raising=False)
    applied = load_local_env(path)
    assert applied == {"BANSO_DEBUG": "true", "BANSO_TEST_ONE": "一"}
    assert os.environ["BANSO_TEST_TWO"] == "from the environment"
    assert load_local_env(tmp_path / "missing.env") == {}


def test_a_malformed_local_env_line_stops_with_its_place(tmp_path, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    path = tmp_path / "local.env"
    path.write_text("BANSO_DEBUG true\n", "utf-8")
    with pytest.raises(ImproperlyConfigured, match=r"local\.env:1"):
        load_local_env(path)
