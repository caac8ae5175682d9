"""The two dated sheet kinds (非財務シート, 経営デザインシート) share one set of views and export bases:
each shared rule is checked here once per kind, with the values a user sees."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse
from openpyxl import load_workbook

from banso.core.errors import STALE_EDIT_MESSAGE
from banso.core.models import ActivityLog
from banso.diagnosis.views import sheets
from tests.conftest import client_for
from tests.diagnosis.factories import make_design_sheet, make_non_financial_sheet

pytestmark = pytest.mark.django_db

# kind, factory, URL name prefix, list URL name, Japanese label, activity-log code prefix
KINDS = [
    (
        sheets.NON_FINANCIAL,
        make_non_financial_sheet,
        "sheet",
        "sheets",
        "非財務シート",
        "non_financial_sheet",
    ),
    (sheets.DESIGN, make_design_sheet, "design", "designs", "経営デザインシート", "design_sheet"),
]


def url(name, company, **kwargs):
    return reverse(
        f"diagnosis:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


@pytest.mark.parametrize(("kind", "make", "prefix", "list_name", "label", "code"), KINDS)
def test_every_url_of_a_kind_reaches_the_shared_view_with_that_kind(
    company, kind, make, prefix, list_name, label, code
):
    sheet = make(company)
    views = {
        list_name: ({}, sheets.latest),
        f"{prefix}_create": ({}, sheets.create),
        f"{prefix}_compare": ({}, sheets.compare),
        f"{prefix}_detail": ({"pk": sheet.pk}, sheets.detail),
        f"{prefix}_edit": ({"pk": sheet.pk}, sheets.edit),
        f"{prefix}_delete": ({"pk": sheet.pk}, sheets.delete),
        f"{prefix}_pdf": ({"pk": sheet.pk}, sheets.pdf),
        f"{prefix}_xlsx": ({"pk": sheet.pk}, sheets.xlsx),
    }
    for name, (kwargs, view) in views.items():
        match = resolve(url(name, company, **kwargs))
        assert (match.func, match.kwargs["kind"]) == (view, kind), name
    assert set(kind.url_names) == {"list", "create", "compare", "detail", "edit", "delete", "pdf", "xlsx"}


@pytest.mark.parametrize(("kind", "make", "prefix", "list_name", "label", "code"), KINDS)
def test_a_new_version_starts_from_the_latest_and_saving_names_the_kind(
    company, supporter, kind, make, prefix, list_name, label, code
):
    make(company, as_of=dt.date(2025, 4, 1))
    latest = make(company, as_of=dt.date(2026, 4, 1))
    client = client_for(supporter)

    page = client.get(url(f"{prefix}_create", company))
    assert page.context["copied_from"] == latest
    assert page.context["kind"] is kind
    assert "2026/04/01付けの版の内容から始めます" in page.content.decode()
    assert f"<h2>{label}の新しい版</h2>" in page.content.decode()

    edit = client.get(url(f"{prefix}_edit", company, pk=latest.pk))
    assert f"<h2>2026/04/01付けの{label}を編集</h2>" in edit.content.decode()
    data = {key: value for key, value in edit.context["form"].initial.items() if isinstance(value, str | int)}
    data |= {"as_of": "2026/04/02", "version": "999"}
    if prefix == "sheet":
        data |= {f"{p}-{k}": "0" for p in ("steps", "parties") for k in ("TOTAL_FORMS", "INITIAL_FORMS")}
    stale = client.post(url(f"{prefix}_edit", company, pk=latest.pk), data)
    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors() == [STALE_EDIT_MESSAGE]

    data["version"] = str(latest.version)
    saved = client.post(url(f"{prefix}_edit", company, pk=latest.pk), data)
    assert saved["Location"] == url(f"{prefix}_detail", company, pk=latest.pk)
    assert [str(m) for m in saved.wsgi_request._messages] == [f"{label}を保存しました。"]
    latest.refresh_from_db()
    assert latest.as_of == dt.date(2026, 4, 2)

    deleted = client.post(url(f"{prefix}_delete", company, pk=latest.pk))
    assert deleted["Location"] == url(list_name, company)
    assert [str(m) for m in deleted.wsgi_request._messages][-1] == f"2026/04/02付けの{label}を削除しました。"
    assert ActivityLog.objects.filter(code=f"diagnosis.{code}.deleted").count() == 1


@pytest.mark.parametrize(("kind", "make", "prefix", "list_name", "label", "code"), KINDS)
def test_version_page_compare_and_exports_of_each_kind(
    company, supporter, viewer, kind, make, prefix, list_name, label, code
):
    older = make(company, as_of=dt.date(2025, 4, 1))
    newer = make(company, as_of=dt.date(2026, 4, 1))

    page = client_for(viewer).get(url(list_name, company))
    html = page.content.decode()
    assert page.context["sheet"] == newer
    assert [v.pk for v in page.context["versions"]] == [newer.pk, older.pk]
    assert url(f"{prefix}_pdf", company, pk=newer.pk) in html
    assert url(f"{prefix}_compare", company) in html
    assert url(f"{prefix}_edit", company, pk=newer.pk) not in html  # 閲覧者 may not edit

    compare = client_for(viewer).get(url(f"{prefix}_compare", company))
    assert compare.context["title"] == f"{label}の比較"
    assert compare.context["pair"] == (older, newer)

    xlsx = client_for(supporter).get(url(f"{prefix}_xlsx", company, pk=newer.pk))
    assert unquote(xlsx["Content-Disposition"]).endswith(f"''{label}_{company.name}_20260401.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    first = workbook.worksheets[0]
    assert (first["B1"].value, first["C1"].value.date(), first["C1"].number_format) == (
        company.name,
        dt.date(2026, 4, 1),
        "yyyy/mm/dd",
    )
    for ws in workbook.worksheets:
        assert (ws.page_setup.orientation, ws.page_setup.fitToHeight) == ("landscape", 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title

    pdf = client_for(supporter).get(url(f"{prefix}_pdf", company, pk=newer.pk) + "?inline=1")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")
    assert pdf.content.startswith(b"%PDF")
