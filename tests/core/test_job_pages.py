"""The job page and its polled fragment (core/job_views.py), with jobs in each state; the worker path
itself is in test_jobs.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core import jobs
from banso.core.models import Job

pytestmark = pytest.mark.django_db


def _job(user, org, **fields):
    defaults = {"kind": "monitoring.accounting_import", "title": "会計データの読み取り（有限会社丸山精工）"}
    return Job.objects.create(organization_id=org.pk, user=user, **(defaults | fields))


def _url(org, job, name="detail"):
    return reverse(f"jobs:{name}", kwargs={"org": org.slug, "pk": job.pk})


def test_a_running_job_shows_its_stage_and_progress_and_keeps_polling(login, supporter, org):
    job = _job(supporter, org, status="running", progress=40, stage="ファイルを読み取っています")
    page = login(supporter).get(_url(org, job, "status")).content.decode()
    assert "ファイルを読み取っています（40%）" in page
    assert 'value="40"' in page and 'hx-trigger="every 1s"' in page


def test_a_job_abandoned_by_a_dead_worker_stops_polling_and_offers_a_retry(login, supporter, org):
    job = _job(supporter, org, status="running", progress=30)
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(hours=2))
    client = login(supporter)
    page = client.get(_url(org, job)).content.decode()
    assert "every 1s" not in page and jobs.ABANDONED in page and "もう一度実行する" in page
    # With the immediate backend the retry runs at once (here refused at run time: this job names no
    # company), and a refusal is final.
    assert client.post(_url(org, job, "retry")).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.retryable) == ("failed", 1, False)
    assert "もう一度実行する" not in client.get(_url(org, job)).content.decode()


def test_a_refused_job_cannot_be_retried(login, supporter, org):
    job = _job(supporter, org, status="failed", error_message="対応していないファイル形式です。")
    client = login(supporter)
    page = client.get(_url(org, job)).content.decode()
    assert "対応していないファイル形式です。" in page and "もう一度実行する" not in page
    response = client.post(_url(org, job, "retry"), follow=True)
    assert "失敗していないため" in response.content.decode() or "やり直せません" in response.content.decode()
    job.refresh_from_db()
    assert job.attempts == 0 and job.status == "failed"


def test_a_finished_job_sends_htmx_on_to_the_result_but_a_plain_request_shows_the_link(login, supporter, org):
    job = _job(supporter, org, status="succeeded", progress=100, result_url="/o/minato/", result_label="開く")
    client = login(supporter)
    assert client.get(_url(org, job, "status"), HTTP_HX_REQUEST="true")["HX-Redirect"] == "/o/minato/"
    plain = client.get(_url(org, job, "status"))
    assert "HX-Redirect" not in plain and 'href="/o/minato/"' in plain.content.decode()


def test_another_members_job_is_404_even_for_the_organizations_admin(login, supporter, admin_user, org):
    job = _job(supporter, org)
    for name in ("detail", "status"):
        assert login(admin_user).get(_url(org, job, name)).status_code == 404
    assert login(admin_user).post(_url(org, job, "retry")).status_code == 404
