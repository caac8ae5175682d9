"""今月のモニタリング報告書を一括作成 (管理者): one POST from the 報告予定 page starts the background job
(banso/monitoring/jobs.py) and opens its page; the rules are in domain/report_batch.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from banso.core.access import NOT_ALLOWED_MESSAGE
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring.permissions import may_change_thresholds


def may_run_report_batch(membership) -> bool:
    """The organization-wide batch: 管理者 only (the same people who set the thresholds)."""
    return may_change_thresholds(membership)


@login_required
def report_batch(request):
    if not may_run_report_batch(request.membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    if refusal := refuse_unless_post(request):
        return refusal
    job = monitoring_jobs.start_report_batch(request.organization, by=request.user)
    return redirect(org_reverse(request, "jobs:detail", pk=job.pk))
