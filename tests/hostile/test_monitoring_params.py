"""Hostile months and ids in the monitoring pages: every monitoring URL of the permission matrix,
walked with garbage in its query parameters (`?month=`, `?from=`, `?to=`, `?fy=`, `?version=` …) and
in its path (`<str:month>`, `<str:line>`, `<int:pk>`). Each answer is the page (the bad parameter
ignored or named in a Japanese message), a redirect, or a Japanese 400/404 — never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.test_permissions import PAGES, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


class _Failed:
    streaming = False

    def __init__(self, error):
        self.status_code, self.content = 500, error.encode()


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MONITORING = sorted(n for n in PAGES if n.startswith(("monitoring:", "monitoring_org:")))
QUERY_NAMES = ("month", "from", "to", "fy", "version", "plan_version", "unit", "engagement", "page", "line")
BAD_VALUES = [
    "2026-13",
    "2026-00",
    "0000-01",
    "1899-12",
    "1900-01",  # the first month the engines accept: a month before it does not exist
    "9999-12",  # the last: a month after it does not exist
    "10000-01",
    "99999999999999999999-01",
    "-2026-04",
    "2026-4",
    "２０２６-０４",
    "9223372036854775808",
    "-1",
    "NaN",
    "<script>alert(1)</script>",
    "2026-04\x00",
]


def _get(client, url, params=None, method="get"):
    try:
        response = getattr(client, method)(url, params or {})
    except Exception as error:  # a 500: the test client re-raises the view's exception
        return _Failed(repr(error))
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _answered(response, where) -> list:
    """[] when the answer is a page, a redirect or a Japanese 400/404; else what went wrong."""
    if response.status_code not in (200, 302, 400, 404, 405):
        return [(*where, response.status_code)]
    if response.status_code in (400, 404) and not JAPANESE.search(response.content.decode()):
        return [(*where, response.status_code, "not Japanese")]
    return []


def _url(name, w, **override):
    kwargs = {**PAGES[name].kwargs(w), **override}
    return reverse(name, kwargs={"org": w.org.slug, **kwargs})


def test_every_monitoring_page_takes_any_query_parameter(world):  # noqa: F811
    client = client_for(world.users["admin"])
    problems = []
    for value in BAD_VALUES:
        for name in MONITORING:
            url = _url(name, world)
            problems += _answered(_get(client, url, {key: value for key in QUERY_NAMES}), (name, value))
    assert problems == []


PATH_MONTHS = ["monitoring:meeting_edit", "monitoring:cashflow_month", "monitoring:gap_create"]


def test_a_bad_month_in_the_path_is_a_japanese_404(world):  # noqa: F811
    client = client_for(world.users["admin"])
    problems = []
    for value in [v for v in BAD_VALUES if "\x00" not in v and "/" not in v]:
        for name in PATH_MONTHS:
            url = _url(name, world, month=value)
            response = _get(client, url)
            problems += _answered(response, (name, value))
            if response.status_code not in (400, 404):
                problems.append((name, value, response.status_code))
            problems += _answered(_get(client, url, method="post"), (name, "POST", value))
    assert problems == []


def test_a_bad_line_in_the_path_is_a_japanese_404(world):  # noqa: F811
    client = client_for(world.users["admin"])
    problems = []
    for line in ["unknown", "gross_profit%", "<b>", "net_sales\u3000", "0" * 200]:
        for name in ("monitoring:gap_create", "monitoring:gap_history"):
            response = _get(client, _url(name, world, line=line))
            if response.status_code != 404 or not JAPANESE.search(response.content.decode()):
                problems.append((name, line, response.status_code))
    assert problems == []


def test_every_monitoring_id_out_of_range_is_a_japanese_404(world):  # noqa: F811
    client = client_for(world.users["admin"])
    problems = []
    for pk in (0, 2**31, 2**63, 10**25):
        for name in MONITORING:
            kwargs = PAGES[name].kwargs(world)
            ids = {k: pk for k in kwargs if k in ("pk", "gap_pk", "measure_pk", "number", "fiscal_year")}
            if not ids:
                continue
            response = _get(client, _url(name, world, **ids))
            if "fiscal_year" in ids or "number" in ids:
                problems += _answered(response, (name, pk))
            elif response.status_code != 404 or not JAPANESE.search(response.content.decode()):
                problems.append((name, pk, response.status_code))
    assert problems == []
