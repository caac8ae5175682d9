"""The sales-mix import through the pages: the drop zone on the sales-mix page, the preview (segments,
months, totals, the check against 売上高), commit → the grid, discard, bad files naming row and column,
hostile names escaped, read-only roles and tenancy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banso.monitoring.domain import segment_imports as domain
from banso.monitoring.models import MonthlyActual, SalesSegment, SegmentImport, SegmentMonth
from tests.monitoring.engines.imports.builders import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

APR = dt.date(2025, 4, 1)

ROWS = [
    ["区分", "計画/実績", "項目", "2025年4月", "2025年5月"],
    ["主力製品A", "実績", "売上高", "800,000", "900,000"],
    [None, None, "粗利", "240,000", "△10,000"],
    ["EC", "実績", "売上高", "200,000", ""],
]


def url(name, company, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


def upload(rows=ROWS, name="売上構成.csv", encoding="cp932"):
    return SimpleUploadedFile(name, csv_bytes(rows, encoding=encoding), content_type="text/csv")


def test_drop_preview_commit_through_the_pages(login, supporter, company):
    MonthlyActual.objects.create(company=company, month=APR, line="net_sales", amount=1_000_000)
    client = login(supporter)
    page = client.get(url("segments", company)).content.decode()
    assert 'data-testid="segment-import-form"' in page and "data-dropzone" in page
    response = client.post(
        url("segment_import", company), {"file": upload(), "side": "actual", "kind": "product"}
    )
    import_ = SegmentImport.objects.get()
    assert response.status_code == 302
    assert response.url == url("segment_import_preview", company, pk=import_.pk)
    assert SalesSegment.objects.count() == 0  # nothing written before the commit
    preview = client.get(response.url).content.decode()
    assert "2025年4月、2025年5月" in preview
    assert "新しい区分を作ります: 主力製品A、EC" in preview
    assert "CSV（cp932）" in preview
    assert 'data-testid="total-actual_sales">1,000,000<' in preview
    table = re.search(r'data-testid="segment-import-checks">(.*?)</section>', preview, re.S).group(1)
    assert "一致" in table and "不一致" not in table  # April 売上高 1,000,000 = 800,000 + 200,000
    committed = client.post(url("segment_import_commit", company, pk=import_.pk), {"version": "1"})
    assert committed.status_code == 302 and committed.url.endswith("?fy=2026")
    assert SegmentMonth.objects.get(segment__name="主力製品A", month=APR).actual_gross_profit == 240_000
    grid = client.get(committed.url).content.decode()
    assert "取り込みました（区分の追加2件、月次行の更新3件）" in grid
    assert 'data-testid="total-actual-sales">1,900<' in grid  # 千円 over the fiscal year
    again = client.post(url("segment_import_commit", company, pk=import_.pk), {"version": "2"})
    assert again.status_code == 400 and "すでに取込済み" in again.content.decode()


def test_a_mismatch_with_the_monthly_sales_is_named_but_does_not_block(login, supporter, company):
    MonthlyActual.objects.create(company=company, month=APR, line="net_sales", amount=1_200_000)
    client = login(supporter)
    client.post(url("segment_import", company), {"file": upload(), "side": "actual", "kind": "product"})
    import_ = SegmentImport.objects.get()
    preview = client.get(url("segment_import_preview", company, pk=import_.pk)).content.decode()
    assert "不一致 1件" in preview and "△200,000" in preview
    assert 'data-testid="segment-commit-form"' in preview


def test_a_stale_commit_is_a_409_and_writes_nothing(login, supporter, company):
    client = login(supporter)
    client.post(url("segment_import", company), {"file": upload(), "side": "actual", "kind": "product"})
    import_ = SegmentImport.objects.get()
    response = client.post(url("segment_import_commit", company, pk=import_.pk), {"version": "7"})
    assert response.status_code == 409
    assert SegmentMonth.objects.count() == 0


def test_a_bad_cell_names_row_and_column_and_keeps_nothing(login, supporter, company):
    rows = [*ROWS[:2], [None, None, "粗利", "abc", ""]]
    response = login(supporter).post(
        url("segment_import", company), {"file": upload(rows), "side": "actual", "kind": "product"}
    )
    assert response.status_code == 400
    problems = re.search(r'data-testid="import-problems">(.*?)</div>', response.content.decode(), re.S).group(
        1
    )
    assert "3行目 D列（2025年4月）の「abc」は数値として読めません" in problems
    assert SegmentImport.objects.count() == 0


def test_a_too_big_file_is_a_413(login, supporter, company, settings):
    settings.BANSO_MAX_UPLOAD_BYTES = 50
    response = login(supporter).post(
        url("segment_import", company), {"file": upload(), "side": "actual", "kind": "product"}
    )
    assert response.status_code == 413
    assert SegmentImport.objects.count() == 0


def test_an_xlsx_with_a_hostile_name_shows_it_as_text(login, supporter, company):
    content = xlsx_bytes([["区分", "2025/04"], ['=HYPERLINK("http://evil","<b>x</b>")', 100]])
    client = login(supporter)
    client.post(
        url("segment_import", company),
        {"file": SimpleUploadedFile("mix.xlsx", content), "side": "plan", "kind": "channel"},
    )
    import_ = SegmentImport.objects.get()
    preview = client.get(url("segment_import_preview", company, pk=import_.pk)).content.decode()
    assert "<b>x</b>" not in preview and "&lt;b&gt;x&lt;/b&gt;" in preview
    assert "数式としては扱いません" in preview
    client.post(url("segment_import_commit", company, pk=import_.pk), {"version": "1"})
    segment = SalesSegment.objects.get()
    assert segment.name == '=HYPERLINK("http://evil","<b>x</b>")' and segment.kind == "channel"
    assert SegmentMonth.objects.get().plan_sales == 100


def test_discard_writes_nothing(login, supporter, company):
    client = login(supporter)
    client.post(url("segment_import", company), {"file": upload(), "side": "actual", "kind": "product"})
    import_ = SegmentImport.objects.get()
    response = client.post(url("segment_import_discard", company, pk=import_.pk), {"version": "1"})
    assert response.status_code == 302
    import_.refresh_from_db()
    assert import_.status == "discarded" and SegmentMonth.objects.count() == 0


def test_read_only_roles_see_no_drop_zone_and_cannot_import(login, supporter, viewer, company):
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    client = login(viewer)
    assert 'data-testid="segment-import-form"' not in client.get(url("segments", company)).content.decode()
    preview = client.get(url("segment_import_preview", company, pk=import_.pk))
    assert preview.status_code == 200 and 'data-testid="segment-commit-form"' not in preview.content.decode()
    assert (
        client.post(url("segment_import_commit", company, pk=import_.pk), {"version": "1"}).status_code == 403
    )
    assert client.post(url("segment_import", company), {"file": upload()}).status_code == 403


def test_another_organizations_import_is_404(login, outsider, supporter, company):
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload())
    client = login(outsider)
    assert client.get(url("segment_import_preview", company, pk=import_.pk)).status_code == 404
    assert (
        client.post(url("segment_import_commit", company, pk=import_.pk), {"version": "1"}).status_code == 404
    )


def test_imported_formula_like_names_never_become_formulas_in_the_excel(login, supporter, company):
    import io

    from openpyxl import load_workbook

    hostile = '=HYPERLINK("http://evil","x")'
    rows = [
        ["区分", "項目", "2025年4月"],
        [hostile, "売上高", "1,000"],
        [None, "粗利", "△300"],
        ["@SUM(A1:A9)", "売上高", "500"],
    ]
    import_ = domain.upload_segment_import(company, by=supporter, upload=upload(rows))
    domain.commit_segment_import(import_, by=supporter, expected_version=import_.version)
    client = login(supporter)
    assert 'data-testid="mix-xlsx"' in client.get(url("segments", company) + "?fy=2026").content.decode()
    response = client.get(url("segments_xlsx", company) + "?fy=2026")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["月別"]
    names = {}
    for row in sheet.iter_rows(min_row=7):
        if row[0].value and row[2].value == "実績売上高":
            names[row[0].value] = row
    assert set(names) == {hostile, "@SUM(A1:A9)", "合計"}
    for name in (hostile, "@SUM(A1:A9)"):
        cell = names[name][0]
        assert cell.data_type == "s" and cell.quotePrefix  # text shown as typed, never a formula
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    april = 3  # 区分, 種類, 項目, then 2025年4月
    assert names[hostile][april].value == 1000 and names["合計"][april].value == 1500
    summary = workbook["年間の構成比と粗利率"]
    shares = {row[0].value: row[6].value for row in summary.iter_rows(min_row=2)}
    assert shares[hostile] == pytest.approx(1000 / 1500) and shares["合計"] == 1
