"""The 支援経過報告書 of a large engagement is made by the worker (banso/engagements/jobs.py): the
report link leads to the job page, the job renders the PDF with the same exporter and keeps it, the
page offers 「ダウンロード」 to the member who started it while they may still see the engagement.
The bound is domain/reports.report_in_background. Tests run the immediate task backend: the job is
done when the link answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core import jobs
from banso.core.models import ActivityLog, Job
from banso.engagements import jobs as engagement_jobs
from banso.engagements.domain import reports
from banso.engagements.exports import progress_report
from tests.engagements.factories import (
    ActionFactory,
    ActionReviewFactory,
    DialogueFactory,
    FollowUpFactory,
    IssueNodeFactory,
    ReferralFactory,
    SupportBodyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """Every engagement counts as large (the bound is exercised on its own below)."""
    monkeypatch.setattr(reports, "LARGE_REPORT_ITEMS", -1)


def _download_url(org, job):
    return reverse("jobs:download", kwargs={"org": org.slug, "pk": job.pk})


def _start(client, page_url, engagement):
    response = client.get(page_url("report_pdf", engagement))
    assert response.status_code == 302
    job = Job.objects.get(kind=engagement_jobs.PROGRESS_REPORT)
    assert response["Location"] == reverse("jobs:detail", kwargs={"org": "minato", "pk": job.pk})
    return job


# --- the bound ---------------------------------------------------------------------------------------------


def test_the_size_counts_what_the_report_lays_out(step6, org):
    for n in range(2):
        action = ActionFactory(engagement=step6, what=f"取組{n}")
        for day in range(5):  # five reviews, of which the report shows three
            ActionReviewFactory(action=action, reviewed_on=dt.date(2026, 5, 1 + day))
    for n in range(3):
        DialogueFactory(engagement=step6, held_at=dt.datetime(2026, 5, 1 + n, 10, tzinfo=dt.UTC))
    IssueNodeFactory(engagement=step6)
    ReferralFactory(engagement=step6, support_body=SupportBodyFactory(organization=org))
    FollowUpFactory(engagement=step6)
    assert reports.report_items(step6) == 2 + 2 * 3 + 3 + 1 + 1 + 1
    assert not reports.report_in_background(step6)


def test_the_bound_decides_where_the_report_is_made(step6, monkeypatch):
    ActionFactory.create_batch(3, engagement=step6)
    monkeypatch.setattr(reports, "LARGE_REPORT_ITEMS", 3)
    assert not reports.report_in_background(step6)
    ActionFactory(engagement=step6)
    assert reports.report_in_background(step6)


def test_the_bound_uses_the_reports_own_limits():
    assert reports.MAX_DIALOGUES == progress_report.MAX_DIALOGUES
    assert reports.MAX_REVIEWS_PER_ACTION == progress_report.MAX_REVIEWS_PER_ACTION


def test_a_small_engagement_keeps_the_direct_download(login, supporter, step6, page_url):
    response = login(supporter).get(page_url("report_pdf", step6))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not Job.objects.exists()


# --- the job, end to end -----------------------------------------------------------------------------------


def test_a_large_report_is_made_by_the_worker_and_downloaded_from_the_job_page(
    large, login, supporter, step6, page_url, org
):
    ActionFactory(engagement=step6, what="主要10品目の原価を計算する")
    client = login(supporter)
    job = _start(client, page_url, step6)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.company_id == step6.company_id
    page = client.get(reverse("jobs:detail", kwargs={"org": org.slug, "pk": job.pk})).content.decode()
    assert "ダウンロード" in page and _download_url(org, job) in page and "支援経過報告書_" in page
    # The polled fragment shows the button and does not send the browser away.
    status = client.get(
        reverse("jobs:status", kwargs={"org": org.slug, "pk": job.pk}), HTTP_HX_REQUEST="true"
    )
    assert "HX-Redirect" not in status and "job-download" in status.content.decode()
    response = client.get(_download_url(org, job))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and b"/FontFile2" in response.content
    assert (
        "%E6%94%AF%E6%8F%B4%E7%B5%8C%E9%81%8E%E5%A0%B1%E5%91%8A%E6%9B%B8_" in response["Content-Disposition"]
    )
    log = ActivityLog.objects.get(code="download.engagements.progress_report.pdf")
    assert (log.actor_id, log.company_id) == (supporter.pk, step6.company_id)
    assert log.data["object"] == {"type": "engagements.engagement", "id": step6.pk}


def test_a_second_click_while_the_report_is_made_leads_to_the_same_job(large, supporter, step6):
    from banso.orgs.models import Membership

    membership = Membership.objects.get(user=supporter)
    waiting = Job.objects.create(
        organization_id=step6.company.organization_id,
        user=supporter,
        company_id=step6.company_id,
        kind=engagement_jobs.PROGRESS_REPORT,
        title="支援経過報告書の作成",
        status="running",
        params={"engagement": step6.pk},
    )
    assert engagement_jobs.start_progress_report(step6, membership=membership) == waiting
    assert Job.objects.count() == 1


def test_a_newer_report_replaces_the_older_file(large, login, supporter, step6, page_url, org):
    client = login(supporter)
    first = _start(client, page_url, step6)
    client.get(page_url("report_pdf", step6))
    second = Job.objects.exclude(pk=first.pk).get()
    assert client.get(_download_url(org, second)).status_code == 200
    gone = client.get(_download_url(org, first))
    assert gone.status_code == 410 and jobs.RESULT_GONE in gone.content.decode()


def test_the_file_is_removed_after_its_lifetime(large, login, supporter, step6, page_url, org, settings):
    client = login(supporter)
    job = _start(client, page_url, step6)
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - dt.timedelta(days=2))
    assert jobs.purge_expired_results() == 1
    assert jobs.purge_expired_results() == 0  # the next sweep moves on
    assert not list((settings.PRIVATE_FILES_ROOT / "jobs" / "results").iterdir())
    assert (
        jobs.RESULT_GONE
        in client.get(reverse("jobs:detail", kwargs={"org": org.slug, "pk": job.pk})).content.decode()
    )
    assert client.get(_download_url(org, job)).status_code == 410


# --- access ---------------------------------------------------------------------------------------------


def test_only_the_member_who_may_see_the_engagement_takes_the_file(
    large, login, supporter, colleague, admin_user, outsider, step6, page_url, org
):
    job = _start(login(supporter), page_url, step6)
    url = _download_url(org, job)
    for other in (colleague, admin_user):  # not their job
        assert login(other).get(url).status_code == 404
    assert login(outsider).get(url).status_code == 404
    assert login(outsider).get(_download_url(org, job).replace("/minato/", "/sakura/")).status_code == 404
    # The supporter loses the company: the job page remains theirs, the file does not.
    step6.company.supporters.remove(supporter)
    assert login(supporter).get(url).status_code == 404
    assert not ActivityLog.objects.filter(code__startswith="download.").exists()


def test_the_job_refuses_an_engagement_the_user_no_longer_sees(large, supporter, step6):
    from banso.orgs.models import Membership

    membership = Membership.objects.get(user=supporter)
    step6.company.supporters.remove(supporter)
    job = engagement_jobs.start_progress_report(step6, membership=membership)
    job.refresh_from_db()
    assert job.status == "failed" and job.error_message == engagement_jobs.REFUSED
    assert not jobs.has_result_file(job)


# --- the action-plan Excel -------------------------------------------------------------------------------


def test_the_action_plan_bound_counts_the_cells_the_excel_writes(step6, monkeypatch):
    action = ActionFactory(engagement=step6)
    ActionReviewFactory.create_batch(2, action=action)
    assert reports.action_plan_cells(step6) == 1 * 17 + 2 * 9
    assert not reports.action_plan_in_background(step6)
    monkeypatch.setattr(reports, "LARGE_ACTION_PLAN_CELLS", 34)
    assert reports.action_plan_in_background(step6)


def test_the_bound_uses_the_excels_own_columns():
    from banso.engagements.exports import action_plan

    assert len(action_plan.ACTION_COLUMNS) == reports.ACTION_COLUMNS
    assert len(action_plan.REVIEW_COLUMNS) == reports.REVIEW_COLUMNS


def test_a_small_action_plan_keeps_the_direct_download(login, supporter, step6, page_url):
    ActionFactory(engagement=step6)
    response = login(supporter).get(page_url("action_export", step6))
    assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not Job.objects.exists()


def test_a_large_action_plan_is_made_by_the_worker_and_downloaded(
    login, supporter, colleague, step6, page_url, org, monkeypatch
):
    monkeypatch.setattr(reports, "LARGE_ACTION_PLAN_CELLS", -1)
    ActionFactory(engagement=step6, what="主要10品目の原価を計算する")
    client = login(supporter)
    response = client.get(page_url("action_export", step6))
    job = Job.objects.get(kind=engagement_jobs.ACTION_PLAN)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", kwargs={"org": org.slug, "pk": job.pk})
    job.refresh_from_db()
    assert job.status == "succeeded"
    page = client.get(response["Location"]).content.decode()
    assert "ダウンロード" in page and "アクションプランに戻る" in page
    download = client.get(_download_url(org, job))
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert "spreadsheetml" in download["Content-Type"]
    assert ActivityLog.objects.filter(code="download.engagements.action_plan.xlsx", actor=supporter).exists()
    assert login(colleague).get(_download_url(org, job)).status_code == 404
    # The progress report's file of the same engagement is another document: both stay.
    monkeypatch.setattr(reports, "LARGE_REPORT_ITEMS", -1)
    report = _start(client, page_url, step6)
    assert client.get(_download_url(org, job)).status_code == 200
    assert client.get(_download_url(org, report)).status_code == 200
