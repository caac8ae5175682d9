"""Background jobs (banso/core/jobs.py) on the real path: the database task backend and its worker,
run here in the test's thread (`run_worker`). Includes the fault drills of issue 10:
- the worker dies in the middle of an import → nothing half-written, the job can be retried and then
  succeeds, and a retry after the work was already kept does not keep it twice;
- two commits of the same month at once → one wins, no duplicate month;
- a job for another organization's data → refused, nothing written;
- the private files' disk is full when the upload is staged → a Japanese error, nothing kept.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import threading
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from banso.core import jobs
from banso.core.errors import DomainError
from banso.core.models import Job
from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring.domain import imports as import_domain
from banso.monitoring.models import AccountingImport, MonitoringReport, MonthlyActual
from tests.monitoring.engines.imports import builders as b

pytestmark = pytest.mark.django_db(transaction=True)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def background(settings):
    """The database backend, as in production: nothing runs until the worker does."""
    settings.TASKS = DB_TASKS


def run_worker() -> None:
    """`manage.py db_worker --batch`: run every waiting task, then return."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    ).run()


def imports_url(company):
    return reverse("monitoring:imports", kwargs={"org": company.organization.slug, "company_pk": company.pk})


def job_url(company, job, name="detail"):
    return reverse(f"jobs:{name}", kwargs={"org": company.organization.slug, "pk": job.pk})


def upload(content=None, name="freee.csv"):
    return SimpleUploadedFile(name, content or b.freee_trial(), content_type="text/csv")


def _private_files(settings) -> list[str]:
    root = settings.PRIVATE_FILES_ROOT
    return sorted(os.path.relpath(os.path.join(p, n), root) for p, _, names in os.walk(root) for n in names)


# --- the main path -----------------------------------------------------------------------------------


def test_an_upload_waits_for_the_worker_then_the_page_goes_on_to_the_preview(login, supporter, company):
    client = login(supporter)
    response = client.post(imports_url(company), {"file": upload()})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job_url(company, job)
    assert (job.status, job.user, job.company_id, job.input_name) == (
        "queued",
        supporter,
        company.pk,
        "freee.csv",
    )
    assert AccountingImport.objects.count() == 0  # nothing read inside the request
    page = client.get(response.url).content.decode()
    assert 'hx-trigger="every 1s"' in page and 'data-testid="job-progress"' in page
    assert "処理の順番を待っています（0%）" in page

    run_worker()

    job.refresh_from_db()
    import_ = AccountingImport.objects.get()
    preview = reverse(
        "monitoring:import_preview", kwargs={"org": "minato", "company_pk": company.pk, "pk": import_.pk}
    )
    assert (job.status, job.progress, job.result_url, job.attempts) == ("succeeded", 100, preview, 1)
    assert (import_.uploaded_by, import_.filename, import_.status) == (supporter, "freee.csv", "preview")
    polled = client.get(job_url(company, job, "status"), HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == preview
    fragment = polled.content.decode()
    assert "every 1s" not in fragment and f'href="{preview}"' in fragment
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert _private_files_without_imports(company) == []  # the staged copy is gone once done


def _private_files_without_imports(company):
    from django.conf import settings

    return [f for f in _private_files(settings) if f.startswith("jobs")]


def test_the_api_reports_status_progress_and_result_to_the_one_who_started_it(supporter, colleague, company):
    from banso.orgs.domain import create_api_token
    from banso.orgs.models import Membership

    job = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    _, token = create_api_token(Membership.objects.get(user=supporter), name="t")
    _, other = create_api_token(Membership.objects.get(user=colleague), name="t")
    from django.test import Client

    path = f"/api/v1/jobs/{job.pk}"
    waiting = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert (waiting["status"], waiting["progress"], waiting["result_url"]) == ("queued", 0, None)
    assert Client().get(path, HTTP_AUTHORIZATION=f"Bearer {other}").status_code == 404
    run_worker()
    done = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert done["status"] == "succeeded" and done["progress"] == 100
    assert done["result_url"].endswith(f"/imports/{AccountingImport.objects.get().pk}/")


def test_a_bad_file_fails_the_job_in_japanese_and_keeps_nothing(login, supporter, company, settings):
    client = login(supporter)
    text = b.freee_trial(encoding="utf-8").decode("utf-8-sig").replace("1,350,000", "abc", 1)
    client.post(imports_url(company), {"file": upload(text.encode("cp932"))})
    run_worker()
    job = Job.objects.get()
    assert job.status == "failed" and not job.retryable
    assert "行目" in job.error_message and "abc" in job.error_message
    page = client.get(job_url(company, job)).content.decode()
    assert 'data-testid="job-error"' in page and "もう一度実行する" not in page
    assert "元の画面に戻る" in page
    assert AccountingImport.objects.count() == 0 and _private_files(settings) == []


# --- drill: the worker dies in the middle of an import -------------------------------------------------


def test_drill_worker_dies_mid_import_nothing_half_written_then_retry_succeeds(
    login, supporter, company, settings
):
    job = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    # The worker dies after the import row and its file were written, inside the transaction.
    with mock.patch.object(import_domain, "log_company_event", side_effect=RuntimeError("killed")):
        run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and job.retryable and job.error_message == jobs.GENERIC_FAILURE
    assert AccountingImport.objects.count() == 0
    assert [f for f in _private_files(settings) if not f.startswith("jobs/")] == []  # no orphan file
    assert DBTaskResult.objects.get().status == "FAILED"
    # The page offers to run it again; the staged upload is still there.
    client = login(supporter)
    assert "もう一度実行する" in client.get(job_url(company, job)).content.decode()
    assert client.post(job_url(company, job, "retry")).status_code == 302
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("succeeded", 2)
    assert AccountingImport.objects.count() == 1


def test_drill_worker_killed_outright_the_job_is_abandoned_and_a_retry_does_not_read_twice(
    supporter, company
):
    job = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    # SIGKILL after the import was kept but before the job was marked: run the handler by hand, leave
    # the job running and silent for longer than BANSO_JOB_STALE_SECONDS.
    Job.objects.filter(pk=job.pk).update(status="running", attempts=1)
    job.refresh_from_db()
    monitoring_jobs.read_upload_job(job, jobs.Progress(job))
    DBTaskResult.objects.update(status="RUNNING")  # what a killed worker leaves behind
    long_ago = timezone.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(updated_at=long_ago)
    job.refresh_from_db()
    assert jobs.is_stale(job) and jobs.may_retry(job)
    jobs.retry_job(job, by=supporter)
    run_worker()
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert AccountingImport.objects.count() == 1  # the same bytes, same user, since the job began


def test_a_worker_stopped_by_a_signal_marks_the_job_interrupted(supporter, company):
    job = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    with mock.patch.object(import_domain, "parse_import", side_effect=SystemExit(1)):
        run_worker()
    job.refresh_from_db()
    assert (job.status, job.retryable, job.error_message) == ("failed", True, jobs.INTERRUPTED)
    assert AccountingImport.objects.count() == 0


def test_a_finished_job_is_not_run_again(supporter, company):
    job = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    run_worker()
    assert jobs.run_job.call(job.pk) == "skipped"
    with pytest.raises(DomainError):
        jobs.retry_job(job, by=supporter)
    assert AccountingImport.objects.count() == 1


# --- drill: two imports of the same month at once ------------------------------------------------------


def _two_waiting_imports(company, supporter):
    first = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    second = monitoring_jobs.start_accounting_import(
        company, by=supporter, upload=upload(b.freee_trial(encoding="cp932"), "freee-2.csv")
    )
    run_worker()
    return [AccountingImport.objects.get(pk=_result_pk(j)) for j in (first, second)]


def _result_pk(job) -> int:
    job.refresh_from_db()
    return int(job.result_url.rstrip("/").split("/")[-1])


def _months_written(company):
    rows = MonthlyActual.objects.filter(company=company).values_list("month", "line")
    return len(rows), len(set(rows))


def test_drill_the_same_import_committed_twice_one_after_the_other_second_is_refused(supporter, company):
    a, _ = _two_waiting_imports(company, supporter)
    import_domain.commit_import(a, by=supporter, expected_version=1)
    written = _months_written(company)
    with pytest.raises(DomainError):
        import_domain.commit_import(a, by=supporter, expected_version=1)
    assert _months_written(company) == written and written[0] == written[1] > 0


@pytest.mark.postgresql_only  # a real SQLite file serialises the two writes: the test above
def test_drill_the_same_import_committed_twice_at_once_one_wins(supporter, company):
    a, _ = _two_waiting_imports(company, supporter)
    results: list[object] = []

    def commit():
        try:
            results.append(import_domain.commit_import(a, by=supporter, expected_version=1))
        except DomainError as exc:
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, DomainError)]
    assert len(wins) == 1 and len(losses) == 1, results
    total, distinct = _months_written(company)
    assert total == distinct > 0


def test_drill_two_files_of_the_same_months_never_duplicate_a_month(supporter, company):
    a, b_ = _two_waiting_imports(company, supporter)
    import_domain.commit_import(a, by=supporter, expected_version=1)
    written = _months_written(company)
    import_domain.commit_import(b_, by=supporter, expected_version=1)
    assert _months_written(company) == written  # in place, one row per month and line
    b_.refresh_from_db()
    assert b_.status == "committed" and written[0] == written[1] > 0


# --- drill: a job for another organization's data --------------------------------------------------------


def test_drill_a_job_naming_another_organizations_company_is_refused(supporter, foreign_company, settings):
    job = jobs.enqueue_job(
        monitoring_jobs.ACCOUNTING_IMPORT,
        organization_id=supporter.memberships.get().organization_id,
        user=supporter,
        company_id=foreign_company.pk,
        title="会計データの読み取り",
        input_name="freee.csv",
        input_content=b.freee_trial(),
    )
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.error_message) == ("failed", monitoring_jobs.REFUSED)
    assert AccountingImport.objects.count() == 0 and _private_files(settings) == []


def test_a_supporter_taken_off_the_company_before_the_job_runs_is_refused(supporter, company):
    job = monitoring_jobs.start_accounting_import(company, by=supporter, upload=upload())
    company.supporters.remove(supporter)
    run_worker()
    job.refresh_from_db()
    assert (job.status, job.error_message) == ("failed", monitoring_jobs.REFUSED)
    assert AccountingImport.objects.count() == 0


# --- drill: the private files' disk is full ------------------------------------------------------------


def test_drill_disk_full_when_staging_the_upload_keeps_nothing(login, supporter, company, settings):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch("banso.core.jobs.os.fsync", side_effect=full):
        response = login(supporter).post(imports_url(company), {"file": upload()})
    assert response.status_code == 400
    assert "保存できませんでした（保存領域の不足など）" in response.content.decode()
    assert Job.objects.count() == 0 and DBTaskResult.objects.count() == 0
    assert _private_files(settings) == []


# --- 今月のモニタリング報告書を一括作成 -------------------------------------------------------------


def test_the_report_batch_drafts_each_due_report_once(login, admin_user, supporter, company, other_company):
    from banso.monitoring.domain.report_batch import batch_month
    from banso.monitoring.engines.months import fiscal_year_start
    from tests.monitoring.factories import make_plan

    month = batch_month(timezone.localdate())
    for c in (company, other_company):
        end = c.fiscal_year_end_month
        make_plan(c, by=supporter, start=fiscal_year_start(month.fiscal_year(end), end).first_day, years=3)
    MonthlyActual.objects.create(company=company, month=month.first_day, line="net_sales", amount=1_000_000)
    client = login(admin_user)
    due = reverse("monitoring_org:due_list", kwargs={"org": "minato"})
    assert "今月のモニタリング報告書を一括作成" in client.get(due).content.decode()
    response = client.post(reverse("monitoring_org:report_batch", kwargs={"org": "minato"}))
    job = Job.objects.get()
    assert response.url == job_url(company, job)
    run_worker()
    job.refresh_from_db()
    report = MonitoringReport.objects.get()
    assert (report.company, report.to_month, report.status) == (company, month.first_day, "draft")
    labels = [item["label"] for item in job.result_items]
    assert labels == [
        "有限会社丸山精工: 下書きを作成しました",
        f"株式会社まるや商店: {month.label}の月次実績がまだありません。",
    ] or sorted(labels) == sorted(
        [
            "有限会社丸山精工: 下書きを作成しました",
            f"株式会社まるや商店: {month.label}の月次実績がまだありません。",
        ]
    )
    # Again: nothing twice.
    client.post(reverse("monitoring_org:report_batch", kwargs={"org": "minato"}))
    run_worker()
    assert MonitoringReport.objects.count() == 1
    assert (
        login(supporter).post(reverse("monitoring_org:report_batch", kwargs={"org": "minato"})).status_code
        == 403
    )


# --- scheduled work -------------------------------------------------------------------------------------


def test_enqueue_scheduled_puts_monitoring_due_on_the_queue_for_the_worker(capsys):
    call_command("enqueue_scheduled", "monitoring_due")
    assert "monitoring_due を待ち行列に入れました" in capsys.readouterr().out
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and task.task_path.endswith("monitoring_due_task")
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and task.return_value == {"overdue": 0, "due_soon": 0}
