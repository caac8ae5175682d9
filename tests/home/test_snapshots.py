"""The portfolio's figures kept per organization (home.snapshots): computed by the worker, read by the
page; a small organization is computed live; a large one never scans itself in the request."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from banso.core.models import Job
from banso.home import queries, snapshots
from banso.home.jobs import PORTFOLIO_SNAPSHOT
from banso.home.models import PortfolioSnapshot
from tests.factories import CompanyFactory
from tests.helpers import count_queries
from tests.home.world import ALL_KINDS, every_alert

pytestmark = pytest.mark.django_db


def url(name, org="minato", **kwargs):
    return reverse(name, kwargs={"org": org, **kwargs})


def _numbers(body: str) -> str:
    """The page without what differs between a live and a kept rendering: the CSRF token, and the
    computing time and refresh button a kept snapshot shows."""
    body = re.sub(r"[A-Za-z0-9]{64}", "", body)
    body = re.sub(r'<form method="post" action="[^"]*/portfolio/refresh/".*?</form>', "", body, flags=re.S)
    return re.sub(r'<p class="muted small" data-testid="computed-at">.*?</p>', "", body)


@pytest.fixture
def mixed(org, supporter, colleague):
    """Alerts of every kind for companies of one supporter, of two, of the other and of none."""
    every_alert(CompanyFactory(organization=org, supporters=[supporter]), by=supporter)
    every_alert(CompanyFactory(organization=org, supporters=[supporter, colleague]), by=colleague)
    every_alert(CompanyFactory(organization=org, supporters=[colleague]), by=colleague, what="在庫を数える")
    every_alert(CompanyFactory(organization=org, supporters=[]), by=supporter)
    CompanyFactory(organization=org, supporters=[supporter])  # nothing to do
    return org


@pytest.fixture
def large(settings):
    """Every organization counts as large: the page reads the snapshot."""
    settings.BANSO_PORTFOLIO_LIVE_LIMIT = 0


def test_snapshot_equals_the_live_computation(mixed, viewer, supporter, colleague, login, settings):
    snapshot = snapshots.refresh(mixed)
    figures = snapshot.figures
    membership = viewer.memberships.get(organization=mixed)
    live = queries.alert_counts(membership)
    assert figures["by_kind"] == live.by_kind and set(live.by_kind) == ALL_KINDS
    assert figures["unassigned"] == live.unassigned
    by_id = {s["id"]: s for s in figures["supporters"]}
    assert by_id[supporter.pk]["alerts"] == live.of(supporter.pk)
    assert by_id[colleague.pk]["alerts"] == live.of(colleague.pk)
    assert by_id[supporter.pk]["companies"] == 3 and by_id[colleague.pk]["companies"] == 2
    assert figures["company_total"] == snapshot.company_count == 5
    assert snapshot.duration_ms >= 0
    # The page drawn live (small organization) and from the kept snapshot (large) say the same.
    client = login(viewer)
    live_body = client.get(url("home:portfolio")).content.decode()
    settings.BANSO_PORTFOLIO_LIVE_LIMIT = 0
    kept_body = client.get(url("home:portfolio")).content.decode()
    assert "集計日時: " in kept_body
    assert _numbers(live_body) == _numbers(kept_body)
    assert f"今日やること {4 * len(ALL_KINDS)}件" in kept_body
    assert f"?supporter={supporter.pk}&amp;overdue=1" in kept_body


def test_small_organization_is_live_and_kept(login, admin_user, supporter, company, org):
    client = login(admin_user)
    body = client.get(url("home:portfolio")).content.decode()
    # Always current: no computing time to show and nothing to refresh.
    assert "今日やること 0件" in body and "集計日時: " not in body and "最新の状態に更新" not in body
    every_alert(company, by=supporter)
    # No waiting for the next computation: the small organization's page is current.
    body = client.get(url("home:portfolio")).content.decode()
    assert f"今日やること {len(ALL_KINDS)}件" in body
    assert PortfolioSnapshot.objects.get(organization=org).figures["by_kind"]["action_overdue"] == 1
    assert not Job.objects.exists()


def test_page_with_a_snapshot_runs_constant_queries(login, admin_user, supporter, org, large):
    client = login(admin_user)
    counts = []
    for add in (2, 6):
        for _ in range(add):
            every_alert(CompanyFactory(organization=org, supporters=[supporter]), by=supporter)
        snapshots.refresh(org)
        counts.append(count_queries(client, url("home:portfolio")))
    assert counts[0] == counts[1], counts
    assert PortfolioSnapshot.objects.get(organization=org).company_count == 8


def test_stale_snapshot_of_a_large_org_enqueues_one_job(
    login, admin_user, viewer, supporter, company, org, large, monkeypatch
):
    from banso.core import jobs

    every_alert(company, by=supporter)
    snapshots.refresh(org)
    every_alert(CompanyFactory(organization=org, supporters=[supporter]), by=supporter)
    old = timezone.now() - dt.timedelta(minutes=snapshots.max_age_minutes() + 5)
    PortfolioSnapshot.objects.filter(organization=org).update(computed_at=old)
    monkeypatch.setattr(jobs, "_enqueue", lambda job: None)  # the worker has not picked it up yet
    for user in (admin_user, viewer, admin_user):
        body = login(user).get(url("home:portfolio")).content.decode()
        # the last figures, said to be old; never computed in the request
        assert f"今日やること {len(ALL_KINDS)}件" in body
        assert "集計したものです" in body
    assert Job.objects.filter(kind=PORTFOLIO_SNAPSHOT, organization_id=org.pk).count() == 1
    assert PortfolioSnapshot.objects.get(organization=org).computed_at == old


def test_large_org_without_snapshot_says_it_is_computing(login, admin_user, org, large, monkeypatch):
    from banso.core import jobs

    monkeypatch.setattr(jobs, "_enqueue", lambda job: None)
    response = login(admin_user).get(url("home:portfolio"))
    assert response.status_code == 200
    assert "ポートフォリオを集計しています" in response.content.decode()
    assert not PortfolioSnapshot.objects.exists()
    assert Job.objects.filter(kind=PORTFOLIO_SNAPSHOT).count() == 1


def test_stale_snapshot_is_refreshed_by_the_worker(login, admin_user, supporter, company, org, large):
    """With the tests' immediate backend the job runs at once: the next view is current."""
    snapshots.refresh(org)
    every_alert(company, by=supporter)
    PortfolioSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(days=1))
    client = login(admin_user)
    assert "今日やること 0件" in client.get(url("home:portfolio")).content.decode()
    assert f"今日やること {len(ALL_KINDS)}件" in client.get(url("home:portfolio")).content.decode()


def test_another_orgs_snapshot_never_shows(login, admin_user, org, foreign_org, outsider, large):
    snapshots.refresh(org)
    snapshots.refresh(foreign_org)
    PortfolioSnapshot.objects.filter(organization=foreign_org).update(
        figures={**PortfolioSnapshot.objects.get(organization=foreign_org).figures, "company_total": 777}
    )
    body = login(admin_user).get(url("home:portfolio")).content.decode()
    assert "事業者 0社" in body and "777" not in body
    assert login(outsider).get(url("home:portfolio")).status_code == 404
    assert login(admin_user).get(url("home:portfolio", org=foreign_org.slug)).status_code == 404


def test_refresh_button_for_admin_and_viewer_only(
    login, admin_user, viewer, supporter, company, org, foreign_org, large
):
    every_alert(company, by=supporter)
    snapshots.refresh(org)
    PortfolioSnapshot.objects.update(figures={**PortfolioSnapshot.objects.get().figures, "by_kind": {}})
    page = login(viewer).get(url("home:portfolio")).content.decode()
    assert f'action="{url("home:portfolio_refresh")}"' in page and "最新の状態に更新" in page
    assert login(supporter).post(url("home:portfolio_refresh")).status_code == 403
    assert not Job.objects.exists()
    for user in (viewer, admin_user):
        client = login(user)
        # an organization named in the form is ignored: the job is the URL's organization's
        response = client.post(url("home:portfolio_refresh"), {"organization": foreign_org.pk, "org": "x"})
        job = Job.objects.filter(user=user).get()
        assert response.status_code == 302 and response["Location"] == url("jobs:detail", pk=job.pk)
        assert (job.kind, job.organization_id, job.status) == (PORTFOLIO_SNAPSHOT, org.pk, "succeeded")
        assert job.result_url == url("home:portfolio")
        progress = client.get(response["Location"]).content.decode()
        assert url("home:portfolio") in progress and foreign_org.slug not in progress
    assert not PortfolioSnapshot.objects.filter(organization=foreign_org).exists()
    kept = PortfolioSnapshot.objects.get(organization=org)
    assert kept.figures["by_kind"]["action_overdue"] == 1
    assert login(viewer).get(url("home:portfolio_refresh")).status_code == 405


def test_refresh_job_refused_once_the_user_lost_the_role(viewer, org):
    from banso.core import jobs
    from banso.home.jobs import start_refresh

    membership = viewer.memberships.get(organization=org)
    membership.role = "supporter"
    membership.save()
    job = start_refresh(org, user=viewer)
    job.refresh_from_db()
    assert job.status == "failed" and "管理者と閲覧者" in job.error_message
    assert not PortfolioSnapshot.objects.exists()
    assert jobs.job_kinds()[PORTFOLIO_SNAPSHOT].label == "ポートフォリオの集計"


def test_scheduled_snapshots_listed_and_run(org, foreign_org, company, capsys):
    call_command("enqueue_scheduled", "--list")
    assert "portfolio_snapshots\t" in capsys.readouterr().out
    call_command("enqueue_scheduled", "portfolio_snapshots")
    kept = set(PortfolioSnapshot.objects.values_list("organization_id", flat=True))
    assert kept == {org.pk, foreign_org.pk}
    assert PortfolioSnapshot.objects.get(organization=org).company_count == 1
