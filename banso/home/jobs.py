"""Scheduled and on-demand work of the home area, run by the worker (core.jobs):
- the daily digest: cron runs `manage.py enqueue_scheduled send_digests` and the worker sends the
  mails (digests.send_digests is the whole job; running it twice sends nothing twice);
- the portfolio's figures: cron runs `manage.py enqueue_scheduled portfolio_snapshots` (every
  organization), the page's 「最新の状態に更新」 enqueues the job kind `portfolio_snapshot` for its
  organization (home.snapshots.refresh; running it twice only computes twice)."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from banso.core import jobs
from banso.core.models import Job, JobStatus

PORTFOLIO_SNAPSHOT = "portfolio_snapshot"
PORTFOLIO_REFUSED = "ポートフォリオを集計できるのは、この組織の管理者と閲覧者です。"


@task()
def send_digests_task() -> dict:
    from banso.home.digests import send_digests

    return asdict(send_digests())


@task()
def portfolio_snapshots_task() -> dict:
    from banso.home.snapshots import refresh_all

    return refresh_all()


def _portfolio_snapshot(job, progress) -> jobs.JobOutcome:
    from banso.home.permissions import sees_portfolio
    from banso.home.snapshots import refresh
    from banso.orgs.queries import job_membership

    membership = job_membership(job)
    if not sees_portfolio(membership):
        raise jobs.JobRefused(PORTFOLIO_REFUSED)
    progress(10, "ポートフォリオを集計しています")
    refresh(membership.organization)
    return jobs.JobOutcome(
        url=reverse("home:portfolio", kwargs={"org": membership.organization.slug}),
        label="ポートフォリオを開く",
    )


def start_refresh(organization, *, user) -> Job:
    """「最新の状態に更新」: one job computing the organization's portfolio figures."""
    return jobs.enqueue_job(
        PORTFOLIO_SNAPSHOT,
        organization_id=organization.pk,
        user=user,
        title="ポートフォリオの集計",
        back_url=reverse("home:portfolio", kwargs={"org": organization.slug}),
    )


def ensure_refresh(organization, *, user) -> bool:
    """A refresh of the organization's figures unless one is already waiting or running (the page
    of a large organization with old figures asks on every view). True when this call started one."""
    from banso.orgs.models import Organization

    with transaction.atomic():
        # Two requests at once: the second waits for the first's job row, then sees it.
        list(Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk"))
        pending = Job.objects.filter(
            organization_id=organization.pk,
            kind=PORTFOLIO_SNAPSHOT,
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        )
        if any(not jobs.is_stale(job) for job in pending.only("status", "updated_at")[:5]):
            return False
        start_refresh(organization, user=user)
    return True


def register() -> None:
    jobs.register_scheduled(
        "send_digests",
        label="毎日のお知らせメール（未読の通知と今日やること）",
        enqueue=lambda: send_digests_task.enqueue(),
    )
    jobs.register_scheduled(
        "portfolio_snapshots",
        label="ポートフォリオの集計（すべての組織）",
        enqueue=lambda: portfolio_snapshots_task.enqueue(),
    )
    jobs.register_job_kind(PORTFOLIO_SNAPSHOT, label="ポートフォリオの集計", handler=_portfolio_snapshot)
