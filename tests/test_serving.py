"""`make serve` runs the production shape: production settings (DEBUG off, WhiteNoise, a real secret
key) under gunicorn on loopback. Started here as the README says, on an empty database."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BANSO_", "DJANGO_", "SECRET_KEY", "DATABASE_URL"))
    }
    env |= {"BANSO_VAR_DIR": str(tmp_path), "PORT": str(port), "BANSO_WEB_WORKERS": "1"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make serve stopped: {log.read_text()}")
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer its health check within 300 s")
        yield base, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_make_serve_runs_the_production_settings_under_gunicorn(served):
    base, var_dir = served
    status, headers, body = _get(f"{base}/healthz")
    assert body == '{"status": "ok", "database": "ok"}'
    assert (status, headers["Server"]) == (200, "gunicorn")

    status, headers, page = _get(f"{base}/accounts/login/")
    assert status == 200 and "ログイン" in page
    assert "Secure" not in headers.get("Set-Cookie", "")  # loopback has no TLS (README)

    stylesheet = page.split('href="/static/', 1)[1].split('"', 1)[0]
    assert stylesheet.count(".") >= 2  # the hashed name of the collected manifest
    status, headers, _ = _get(f"{base}/static/{stylesheet}")
    assert status == 200 and "immutable" in headers["Cache-Control"]

    status, _, page = _get(f"{base}/no-such-page/")
    assert status == 404 and "ページが見つかりません" in page and "Traceback" not in page
    assert (var_dir / "secret_key").stat().st_mode & 0o077 == 0
