"""The 支援経過報告書 of a large engagement in a real browser: the PDF link leads to the job page with
its progress bar (nothing made yet), the worker renders the report, the polling page offers
「ダウンロード」 and the download is the PDF."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from banso.core.models import Job
from banso.core.roles import Role
from banso.engagements.domain import reports
from tests.core.test_jobs import DB_TASKS, run_worker
from tests.engagements.factories import ActionFactory, EngagementFactory
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def engagement(transactional_db, settings, monkeypatch):
    settings.TASKS = DB_TASKS  # the real path: nothing runs until the worker does
    monkeypatch.setattr(reports, "LARGE_REPORT_ITEMS", 1)  # two actions make it "large"
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    engagement = EngagementFactory(company=company, lead_supporter=advisor, status="active", step=4)
    ActionFactory(engagement=engagement, what="主要10品目の原価を計算する")
    ActionFactory(engagement=engagement, what="値上げの提案書を作る")
    return engagement


def test_a_large_report_is_made_in_the_background_and_downloaded(
    engagement, live_server, sign_in, page, tmp_path
):
    sign_in("advisor")
    base = f"{live_server.url}/o/minato/companies/{engagement.company_id}/engagements/{engagement.pk}"
    page.goto(f"{base}/timeline/")
    page.get_by_role("link", name="支援経過報告書（PDF）").first.click()

    expect(page.get_by_role("heading", name="支援経過報告書の作成（有限会社丸山精工）")).to_be_visible()
    expect(page.get_by_test_id("job-progress")).to_be_visible()
    expect(page.get_by_test_id("job-status")).to_have_attribute("hx-trigger", "every 1s")
    job = Job.objects.get()
    assert job.status == "queued"

    run_worker()

    download_button = page.get_by_test_id("job-download")
    expect(download_button).to_be_visible(timeout=15_000)
    expect(download_button).to_have_text("ダウンロード")
    page.screenshot(path=str(tmp_path / "job.png"))
    with page.expect_download() as pdf_download:
        download_button.click()
    assert pdf_download.value.suggested_filename.startswith("支援経過報告書_有限会社丸山精工_")
    path = tmp_path / "report.pdf"
    pdf_download.value.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "主要10品目の原価を計算する" in text
