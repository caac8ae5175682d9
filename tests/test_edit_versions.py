"""Every page that edits an existing record sends the version it started from, and a save without
it writes nothing (the form comes back with a Japanese message); creating needs no version.

Each edit page is opened as its supporter, its form is filled with what the browser would send, and
posted once without the version (refused, nothing written) and once as the browser sends it (saved),
which proves the refusal is about the version and nothing else."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from banso.core.forms import MISSING_VERSION_MESSAGE
from banso.core.models import ActivityLog
from tests.conftest import client_for
from tests.test_permissions import PAGES, world  # noqa: F401  (the fixture of the URL matrix)

pytestmark = pytest.mark.django_db


class _Forms(HTMLParser):
    """The POST forms of a page as lists of (name, value) pairs, the way a browser submits them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form = None
        self._select = None  # [name, multiple, options, selected]
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = [] if (a.get("method") or "").lower() == "post" else None
        if self._form is None:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], "multiple" in a, [], []]
        elif tag == "option" and self._select is not None:
            value = a.get("value")
            self._option = value
            self._select[2].append(value)
            if "selected" in a:
                self._select[3].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None and self._select and self._select[2][-1] is None:
            self._select[2][-1] = data.strip()

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._form.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options, selected = self._select
            if not selected and not multiple and options:
                selected = options[:1]
            self._form.extend((name, value or "") for value in selected)
            self._select = None
        elif tag == "form":
            self.forms.append(self._form)
            self._form = None


def _edit_form(html: str) -> list[tuple[str, str]]:
    parser = _Forms()
    parser.feed(html)
    forms = [f for f in parser.forms if any(n.endswith("version") for n, _ in f)]
    assert forms, "the edit page has no form carrying the version"
    return max(forms, key=len)


def _baseline(w):
    return w.exec_engagement.baseline


# Every page that edits an existing record, and that record.
EDIT_PAGES = {
    "companies:edit": lambda w: w.company,
    "diagnosis:statement_edit": lambda w: w.statement,
    "diagnosis:sheet_edit": lambda w: w.sheet,
    "diagnosis:design_edit": lambda w: w.design_sheet,
    "engagements:edit": lambda w: w.engagement,
    "engagements:dialogue_edit": lambda w: w.dialogue,
    "engagements:issue_edit": lambda w: w.issue_node,
    "engagements:issue_root": lambda w: w.issue_node,
    "engagements:issue_move": lambda w: w.issue_node,
    "engagements:wall_edit": lambda w: w.wall_assessment,
    "engagements:stakeholder_edit": lambda w: w.stakeholder,
    "engagements:action_edit": lambda w: w.exec_action,
    "engagements:action_detail": lambda w: w.exec_action,
    "engagements:action_monthly_review": lambda w: w.exec_action,
    "engagements:referral_edit": lambda w: w.exec_referral,
    "engagements:followup_edit": lambda w: w.exec_follow_up,
    "engagements:baseline_edit": _baseline,
    "engagements:worklog_edit": lambda w: w.exec_work_log,
    "support_bodies:edit": lambda w: w.exec_body,
}


def _current_version(record) -> int:
    return type(record).objects.get(pk=record.pk).version


@pytest.mark.parametrize("name", sorted(EDIT_PAGES))
def test_edit_without_version_writes_nothing(world, name):  # noqa: F811
    page = PAGES[name]
    url = reverse(name, kwargs={**page.kwargs(world), "org": world.org.slug})
    client = client_for(world.users["supporter"])
    record = EDIT_PAGES[name](world)
    # A review must say something: type a result, as the advisor would.
    data = [
        (n, "朝礼で前日の不良件数を共有できた" if n.endswith("result") else v)
        for n, v in _edit_form(client.get(url).content.decode())
    ]
    version_before, log_before = _current_version(record), ActivityLog.objects.count()

    without = [(n, v) for n, v in data if not n.endswith("version")]
    response = client.post(url, _as_dict(without))

    assert response.status_code == 200
    assert MISSING_VERSION_MESSAGE in response.content.decode()
    assert _current_version(record) == version_before
    assert ActivityLog.objects.count() == log_before

    response = client.post(url, _as_dict(data))
    assert response.status_code == 302, f"{name}: the browser's own form was refused: " + _errors(response)


def _as_dict(pairs) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def _errors(response) -> str:
    import re

    return " / ".join(re.findall(r'role="alert">(?:<p>)?([^<]+)', response.content.decode()))


CREATE_PAGES = [
    "companies:create",
    "diagnosis:statement_create",
    "diagnosis:sheet_create",
    "diagnosis:design_create",
    "engagements:dialogue_create",
    "engagements:stakeholder_create",
    "engagements:action_create",
    "engagements:referral_create",
]


@pytest.mark.parametrize("name", CREATE_PAGES)
def test_creating_asks_for_no_version(world, name):  # noqa: F811
    page = PAGES[name]
    url = reverse(name, kwargs={**page.kwargs(world), "org": world.org.slug})
    html = client_for(world.users["supporter"]).get(url).content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="version"' not in html
