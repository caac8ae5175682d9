"""The sales-mix import through the API: upload (201 preview, nothing written), read, commit with the
import's version (428 without), discard; a bad cell is a 400 naming row and column; tenancy."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from banso.monitoring.models import SalesSegment, SegmentImport, SegmentMonth
from tests.api.test_companies_api import Api, token_for
from tests.monitoring.engines.imports.builders import csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [
    ["売上構成表"],
    ["単位：千円"],
    ["得意先", "計画/実績", "2025年4月", "2025年5月"],
    ["A社", "計画", "1,000", "1,100"],
    ["A社", "実績", "900", "△50"],
    ["B社", "実績", "300", ""],
]


def upload(api, company, rows=ROWS, **form):
    data = {"file": SimpleUploadedFile("構成.csv", csv_bytes(rows, encoding="cp932")), **form}
    return api.client.post(f"/api/v1/companies/{company.pk}/sales-mix/imports", data, **api.headers)


def test_upload_preview_commit(company, supporter):
    api = Api(token_for(supporter))
    response = upload(api, company)
    assert response.status_code == 201, response.json()
    preview = response.json()
    assert preview["status"] == "preview" and preview["months"] == ["2025-04", "2025-05"]
    assert preview["fields"] == ["plan_sales", "actual_sales"]
    assert [(s["name"], s["kind"], s["is_new"]) for s in preview["segments"]] == [
        ("A社", "customer", True),
        ("B社", "customer", True),
    ]
    assert preview["segments"][0]["months"]["2025-05"] == {"plan_sales": 1_100_000, "actual_sales": -50_000}
    assert preview["totals"]["2025-04"] == {"plan_sales": 1_000_000, "actual_sales": 1_200_000}
    assert any("千円" in w for w in preview["warnings"])
    assert SalesSegment.objects.count() == 0  # nothing written before the commit
    url = f"/api/v1/sales-mix-imports/{preview['id']}"
    assert api.get(url).json()["segments"] == preview["segments"]
    assert api.post(url + "/commit", {}).status_code == 428
    committed = api.post(url + "/commit", {"version": preview["version"]})
    assert committed.status_code == 200, committed.json()
    body = committed.json()
    assert body["months"] == ["2025-04", "2025-05"] and body["created_segments"] == 2 and body["changed"] == 3
    assert body["sales_mix_import"]["status"] == "committed"
    assert SegmentMonth.objects.get(segment__name="A社", month="2025-05-01").actual_sales == -50_000
    again = api.post(url + "/commit", {"version": body["sales_mix_import"]["version"]})
    assert again.status_code == 400 and "取込済み" in again.json()["detail"]


def test_a_bad_cell_is_a_400_naming_row_and_column_and_keeps_nothing(company, supporter):
    api = Api(token_for(supporter))
    response = upload(api, company, [*ROWS[:4], ["A社", "実績", "九百", ""]])
    assert response.status_code == 400
    assert "5行目 C列" in response.json()["detail"]
    assert SegmentImport.objects.count() == 0


def test_discard_and_tenancy(company, supporter, viewer, outsider):
    api = Api(token_for(supporter))
    preview = upload(api, company).json()
    url = f"/api/v1/sales-mix-imports/{preview['id']}"
    assert Api(token_for(outsider)).get(url).status_code == 404
    assert Api(token_for(outsider)).post(url + "/commit", {"version": 1}).status_code == 404
    assert Api(token_for(viewer)).get(url).status_code == 200
    assert Api(token_for(viewer)).post(url + "/commit", {"version": 1}).status_code == 403
    assert upload(Api(token_for(viewer)), company).status_code == 403
    discarded = api.post(url + "/discard", {"version": preview["version"]})
    assert discarded.status_code == 200 and discarded.json()["status"] == "discarded"
    assert SegmentMonth.objects.count() == 0


def test_the_accounting_import_api_also_names_the_bad_cell(company, supporter):
    api = Api(token_for(supporter))
    rows = [["勘定科目", "2025/04"], ["売上高", "abc"]]
    data = {"file": SimpleUploadedFile("推移表.csv", csv_bytes(rows))}
    response = api.client.post(f"/api/v1/companies/{company.pk}/imports", data, **api.headers)
    assert response.status_code == 400
    assert "2行目 B列" in response.json()["detail"] and "abc" in response.json()["detail"]
