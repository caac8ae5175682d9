"""Browser tests: Debian's Chromium driven by pytest-playwright against pytest-django's live server.

(Placeholder until the lead engineer's tests/e2e/conftest.py lands on main; the merge reconciles them.)
"""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url():
    """Overrides pytest-playwright's fallback fixture, a method-style session fixture that pytest 9
    reports with a deprecation warning (warnings are errors here). Tests use live_server.url."""
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item so fixtures can tell a failure (screenshots)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
