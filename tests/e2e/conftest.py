"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium; no browser download works
here) against pytest-django's live server. Each test takes a screenshot when it fails."""

import contextlib
import os
from pathlib import Path

import pytest

from tests.e2e.live_server_gate import LiveServerGate

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "e2e"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url():
    """Overrides pytest-base-url's method-style session fixture, which pytest 9 reports with a
    deprecation warning (warnings are errors here). Tests use live_server.url."""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "ja-JP",
        "timezone_id": "Asia/Tokyo",
        "viewport": {"width": 1280, "height": 860},
    }


@pytest.fixture(autouse=True)
def _after_each_test(request, page):
    """After each test: a screenshot when it failed; then, before pytest-django empties the live
    server's database, close the server's gate, let the requests already running finish and leave
    the page. Requesting transactional_db here makes this teardown run before that fixture's flush."""
    gate = None
    if "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
        gate = LiveServerGate.of(request.getfixturevalue("live_server"))
        gate.open()
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    # A page that polls (a job's progress) never goes idle: wait a bounded time, then leave anyway.
    # A closed or crashed page has nothing left to send, hence the broad suppression.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=3000)
    if gate is not None:
        gate.close()
    with contextlib.suppress(Exception):
        page.goto("about:blank")
    if gate is not None:
        gate.wait_until_idle()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def sign_in(live_server, page):
    """Sign in through the real login form; returns the page on the user's organization home."""

    def _sign_in(username: str, password: str = "correct-horse-battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("ユーザー名").fill(username)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_load_state("networkidle")
        return page

    return _sign_in
