"""A job's result file (core/jobs.py `JobOutcome.file`, core/job_views.job_download): kept privately,
offered only to the member who started the job and only while the kind's `result_access` allows it;
a file that is gone is a Japanese message, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from banso.core import jobs
from banso.core.exporters import ExportFile
from banso.core.models import ActivityLog, Job

pytestmark = pytest.mark.django_db

KIND = "tests.result_file"


@pytest.fixture
def kind(org):
    """A job kind that makes a small text file; the file is for members of `org` only."""

    def handler(job, progress):
        return jobs.JobOutcome(
            url="",
            label="",
            file=ExportFile(filename="結果.txt", content_type="text/plain", content=b"done"),
            file_kind="tests.result",
            file_key="the-one",
        )

    def access(membership, job):
        return (None, None) if membership.organization_id == org.pk else None

    jobs.register_job_kind(KIND, label="テスト", handler=handler, result_access=access)
    yield
    jobs._KINDS.pop(KIND, None)


def _run(user, org):
    job = jobs.enqueue_job(KIND, organization_id=org.pk, user=user, title="結果のある処理")
    job.refresh_from_db()
    assert job.status == "succeeded"
    return job


def _url(org, job):
    return reverse("jobs:download", kwargs={"org": org.slug, "pk": job.pk})


def test_the_member_who_started_the_job_downloads_its_file_logged(kind, login, supporter, org):
    job = _run(supporter, org)
    response = login(supporter).get(_url(org, job))
    assert response.status_code == 200 and response.content == b"done"
    assert "%E7%B5%90%E6%9E%9C.txt" in response["Content-Disposition"]  # 結果.txt
    row = ActivityLog.objects.get(code="download.tests.result")
    assert (row.actor_id, row.organization_id, row.data["filename"]) == (supporter.pk, org.pk, "結果.txt")


def test_another_users_job_and_another_organizations_user_get_404(
    kind, login, supporter, colleague, outsider, org, foreign_org
):
    job = _run(supporter, org)
    assert login(colleague).get(_url(org, job)).status_code == 404
    assert login(outsider).get(_url(org, job)).status_code == 404
    assert login(outsider).get(_url(foreign_org, job)).status_code == 404
    assert not ActivityLog.objects.filter(code__startswith="download.").exists()


def test_a_missing_file_is_a_japanese_message(kind, login, supporter, org, settings):
    job = _run(supporter, org)
    for path in (settings.PRIVATE_FILES_ROOT / "jobs" / "results").iterdir():
        path.unlink()
    response = login(supporter).get(_url(org, job))
    assert response.status_code == 410 and jobs.RESULT_GONE in response.content.decode()


def test_a_newer_result_of_the_same_key_removes_the_older_file(kind, supporter, org, settings):
    first = _run(supporter, org)
    second = _run(supporter, org)
    assert jobs.result_file(first) is None and jobs.result_file(second).content == b"done"
    assert len(list((settings.PRIVATE_FILES_ROOT / "jobs" / "results").iterdir())) == 1


def test_a_kind_without_an_access_rule_gives_nobody_the_file(kind, login, supporter, org):
    job = _run(supporter, org)
    jobs.register_job_kind(KIND, label="テスト", handler=lambda job, progress: None)
    assert login(supporter).get(_url(org, job)).status_code == 404


def test_a_job_without_a_file_has_no_download(login, supporter, org):
    job = Job.objects.create(
        organization_id=org.pk,
        user=supporter,
        kind="monitoring.accounting_import",
        title="x",
        status="succeeded",
    )
    assert not jobs.has_result_file(job)
    assert login(supporter).get(_url(org, job)).status_code == 404


def test_a_failed_write_keeps_no_file_and_the_job_can_be_retried(kind, supporter, org, settings, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jobs.os, "fsync", full)
    jobs.enqueue_job(KIND, organization_id=org.pk, user=supporter, title="結果のある処理")
    job = Job.objects.get(kind=KIND)
    assert (job.status, job.retryable, job.error_message) == ("failed", True, jobs.RESULT_SAVE_FAILED)
    assert not list((settings.PRIVATE_FILES_ROOT / "jobs" / "results").iterdir())


def test_the_scheduled_purge_removes_expired_files_keeps_fresh_ones(kind, login, supporter, org, settings):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    assert "purge_job_results" in jobs.scheduled()
    settings.BANSO_JOB_RESULT_SECONDS = 24 * 3600
    stale = _run(supporter, org)
    Job.objects.filter(pk=stale.pk).update(finished_at=timezone.now() - dt.timedelta(days=2))
    call_command("enqueue_scheduled", "purge_job_results")  # the immediate backend runs it at once
    stale.refresh_from_db()
    assert jobs.result_removed(stale)
    assert not list((settings.PRIVATE_FILES_ROOT / "jobs" / "results").glob("*"))
    assert login(supporter).get(_url(org, stale)).status_code == 410

    fresh = _run(supporter, org)  # made now: the next sweep keeps it
    call_command("enqueue_scheduled", "purge_job_results")
    fresh.refresh_from_db()
    assert not jobs.result_removed(fresh)
    assert login(supporter).get(_url(org, fresh)).status_code == 200
