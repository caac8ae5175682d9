"""The accounting import preview warns before the commit: months of the file that already have actuals
(overwritten by the commit; corrections where a report was issued) and the very same file (same SHA-256)
already committed for this company — on the page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banso.monitoring.domain import imports as domain
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.models import MonitoringReport
from tests.api.test_companies_api import Api, token_for
from tests.factories import CompanyFactory
from tests.monitoring.engines.imports import builders as b
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db

APR, MAY = dt.date(2025, 4, 1), dt.date(2025, 5, 1)


def upload(content: bytes, name="推移表.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def preview_url(company, import_):
    return reverse(
        "monitoring:import_preview",
        kwargs={"org": company.organization.slug, "company_pk": company.pk, "pk": import_.pk},
    )


def test_a_fresh_company_and_a_new_file_get_no_notice(company, supporter):
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    notices = domain.preview_notices(import_)
    assert notices.messages == [] and notices.existing_months == [] and notices.same_file is None


def test_months_that_already_have_actuals_are_named_and_the_overwrite_said(company, supporter):
    save_actuals(company, by=supporter, amounts={MAY: {"net_sales": 1}}, expected_versions={})
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    notices = domain.preview_notices(import_)
    assert [str(m) for m in notices.existing_months] == ["2025-05"]
    assert notices.reported_months == []
    (message,) = notices.messages
    assert "2025年5月にはすでに月次実績があります" in message and "上書き" in message
    assert "2025年4月" not in message and "2025年6月" not in message


def test_a_month_behind_an_issued_report_says_the_commit_is_a_correction(company, supporter):
    save_actuals(company, by=supporter, amounts={APR: {"net_sales": 1}}, expected_versions={})
    MonitoringReport.objects.create(
        company=company,
        from_month=APR,
        to_month=MAY,
        plan_version=make_plan(company, by=supporter),
        status="issued",
        issued_at=timezone.now(),
        issued_by=supporter,
    )
    import_ = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial()))
    notices = domain.preview_notices(import_)
    assert [str(m) for m in notices.reported_months] == ["2025-04", "2025-05"]
    reported = "2025年4月、2025年5月は発行済みのモニタリング報告書"
    assert any(reported in m and "修正" in m for m in notices.messages)


def test_the_same_file_committed_before_is_named_with_when_and_who(company, supporter, admin_user):
    content = b.freee_trial(encoding="cp932")
    first = domain.upload_import(company, by=admin_user, upload=upload(content, "4月分.csv"))
    domain.commit_import(first, by=admin_user, expected_version=first.version)
    first.refresh_from_db()
    second = domain.upload_import(company, by=supporter, upload=upload(content, "もう一度.csv"))
    notices = domain.preview_notices(second)
    assert notices.same_file == first
    local = timezone.localtime(first.committed_at)
    same = next(m for m in notices.messages if "SHA-256" in m)
    assert f"{local:%Y/%m/%d %H:%M}に取り込み済み" in same
    assert admin_user.display_name in same and "4月分.csv" in same
    # the committed months are now also months with actuals
    assert [str(m) for m in notices.existing_months] == ["2025-04", "2025-05", "2025-06"]
    # a different file, a discarded one or another company's same bytes do not count
    other = domain.upload_import(company, by=supporter, upload=upload(b.freee_trial(encoding="utf-8")))
    assert domain.preview_notices(other).same_file is None
    elsewhere = CompanyFactory(organization=company.organization, supporters=[supporter])
    there = domain.upload_import(elsewhere, by=supporter, upload=upload(content))
    assert domain.preview_notices(there).same_file is None
    # once committed, the import itself shows no notice
    assert domain.preview_notices(first).messages == []


def test_the_preview_page_shows_the_notices_before_the_commit(login, company, supporter):
    content = b.freee_trial()
    first = domain.upload_import(company, by=supporter, upload=upload(content))
    client = login(supporter)
    page = client.get(preview_url(company, first)).content.decode()
    assert 'data-testid="import-notices"' not in page
    domain.commit_import(first, by=supporter, expected_version=first.version)
    second = domain.upload_import(company, by=supporter, upload=upload(content))
    page = client.get(preview_url(company, second)).content.decode()
    assert 'data-testid="import-notices"' in page
    assert "2025年4月、2025年5月、2025年6月にはすでに月次実績があります" in page
    assert "同じファイル（SHA-256 が一致）は" in page


def test_the_api_preview_carries_the_notices(company, supporter):
    api = Api(token_for(supporter))
    content = b.freee_trial()
    url = f"/api/v1/companies/{company.pk}/imports"
    first = api.client.post(url, {"file": upload(content)}, **api.headers).json()
    assert first["notices"] == {
        "messages": [],
        "months_with_actuals": [],
        "reported_months": [],
        "same_file": None,
    }
    committed = api.post(f"/api/v1/imports/{first['id']}/commit", {"version": first["version"]})
    assert committed.status_code == 200
    second = api.client.post(url, {"file": upload(content)}, **api.headers).json()
    notices = second["notices"]
    assert notices["months_with_actuals"] == ["2025-04", "2025-05", "2025-06"]
    assert notices["same_file"]["id"] == first["id"]
    assert notices["same_file"]["committed_by"] == supporter.pk
    assert len(notices["messages"]) == 2
    assert api.get(f"/api/v1/imports/{second['id']}").json()["notices"] == notices
    listed = api.get(url).json()["results"]
    assert all(row["notices"] is None for row in listed)
