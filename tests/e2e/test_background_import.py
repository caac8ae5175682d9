"""An accounting import read by the background worker, in a real browser: upload a freee export, see
the job page with its progress bar (nothing read yet), run the worker, and the page — polling with
htmx every second — moves on to the import's preview by itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from banso.core.models import Job
from banso.core.roles import Role
from banso.monitoring.models import AccountingImport
from tests.core.test_jobs import DB_TASKS, run_worker
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.monitoring.engines.imports import builders as b

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def company(transactional_db, settings):
    settings.TASKS = DB_TASKS  # the real path: nothing runs until the worker does
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    return CompanyFactory(
        organization=org, name="有限会社丸山精工", supporters=[advisor], fiscal_year_end_month=3
    )


def test_upload_shows_progress_then_lands_on_the_preview_when_the_worker_is_done(
    company, live_server, sign_in, page, tmp_path
):
    sign_in("advisor")
    page.goto(f"{live_server.url}/o/minato/companies/{company.pk}/monitoring/imports/")
    path = tmp_path / "freee_推移表.csv"
    path.write_bytes(b.freee_trial())
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="読み取って確認する").click()

    # The job page: a progress bar that the page polls; nothing has been read yet.
    expect(page.get_by_role("heading", name="会計データの読み取り（有限会社丸山精工）")).to_be_visible()
    progress = page.get_by_test_id("job-progress")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("max", "100")
    expect(page.get_by_text("処理の順番を待っています（0%）")).to_be_visible()
    expect(page.get_by_test_id("job-status")).to_have_attribute("hx-trigger", "every 1s")
    assert AccountingImport.objects.count() == 0
    job = Job.objects.get()
    assert job.status == "queued"

    run_worker()

    # The next poll sees the job done and the browser goes on to the preview.
    expect(page.get_by_role("heading", name="取込の確認: freee_推移表.csv")).to_be_visible(timeout=15_000)
    import_ = AccountingImport.objects.get()
    assert page.url.endswith(f"/monitoring/imports/{import_.pk}/")
    expect(page.get_by_test_id("import-months")).to_have_text("2025年4月、2025年5月、2025年6月")
    # The job page, opened again, keeps the link to the result.
    page.goto(f"{live_server.url}/o/minato/jobs/{job.pk}/")
    expect(page.get_by_test_id("job-result")).to_have_text("取込のプレビューを開く")
