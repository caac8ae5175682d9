"""The organization's portfolio figures computed once and kept (PortfolioSnapshot), the way a bank
runs such dashboards: a scheduled job (`enqueue_scheduled portfolio_snapshots`) and the page's
「最新の状態に更新」 compute them in the worker; the page reads them.

`compute_figures` is the one computation: it calls the same counters the page used to call
(queries.alert_counts, queries.supporters_of, core.portfolio's tables and supporter figures) for the
whole organization and turns them into JSON. The live page of a small organization uses it too, so
the live and the kept figures cannot differ.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from banso.companies.models import Company
from banso.core.portfolio import portfolio_tables, supporter_figures
from banso.core.roles import Role
from banso.home import queries
from banso.home.models import PortfolioSnapshot

DEFAULT_MAX_AGE_MINUTES = 60
DEFAULT_LIVE_LIMIT = 2000


def _setting(name: str, default: int) -> int:
    """The setting (config/settings.py reads it from the environment), bounded at 0."""
    value = getattr(settings, name, default)
    return max(0, value) if isinstance(value, int) else default


def max_age_minutes() -> int:
    """A snapshot older than this is refreshed (BANSO_PORTFOLIO_MAX_AGE_MINUTES)."""
    return _setting("BANSO_PORTFOLIO_MAX_AGE_MINUTES", DEFAULT_MAX_AGE_MINUTES)


def live_limit() -> int:
    """Below this many companies the page computes its figures in the request
    (BANSO_PORTFOLIO_LIVE_LIMIT); from it on, only the worker does."""
    return _setting("BANSO_PORTFOLIO_LIVE_LIMIT", DEFAULT_LIVE_LIMIT)


@dataclass(frozen=True)
class OrganizationView:
    """Who the computation runs as: the organization seen as a 閲覧者 sees it (every company of the
    organization, core.access), without being anyone. Satisfies core.access.MembershipLike."""

    organization: object
    user_id: int = 0
    role: str = Role.VIEWER
    company_id: int | None = None
    is_active: bool = True

    @property
    def organization_id(self) -> int:
        return self.organization.pk


@dataclass(frozen=True)
class _UrlContext:
    """What core.portfolio's providers need of a request: the organization (for its URLs)."""

    organization: object


def _count(c) -> dict:
    return {"value": c.value, "url": c.url} if c is not None else {"value": 0, "url": ""}


def compute_figures(organization, *, today=None) -> dict:
    """Everything the portfolio page draws, for the whole organization, as JSON."""
    viewer = OrganizationView(organization)
    request = _UrlContext(organization)
    companies = queries.alert_companies(viewer)
    counts = queries.alert_counts(viewer, today=today)
    supporters = list(queries.supporters_of(organization))
    figures = supporter_figures(request, companies, [s.pk for s in supporters])
    tables = portfolio_tables(request, companies)
    return {
        "company_total": companies.count(),
        "by_kind": counts.by_kind,
        "unassigned": counts.unassigned,
        "figure_labels": [f.label for f in figures],
        "supporters": [
            {
                "id": s.pk,
                "name": s.display_name,
                "companies": s.company_count,
                "alerts": counts.of(s.pk),
                "figures": [_count(f.counts.get(s.pk)) for f in figures],
            }
            for s in supporters
        ],
        "tables": [
            {
                "key": t.key,
                "title": t.title,
                "columns": list(t.columns),
                "note": t.note,
                "rows": [{"label": r.label, "counts": [_count(c) for c in r.counts]} for r in t.rows],
            }
            for t in tables
        ],
    }


def refresh(organization) -> PortfolioSnapshot:
    """Compute the organization's figures and keep them (one row per organization, replaced)."""
    started = time.monotonic()
    figures = compute_figures(organization)
    duration_ms = int((time.monotonic() - started) * 1000)
    with transaction.atomic():
        snapshot, _created = PortfolioSnapshot.objects.update_or_create(
            organization=organization,
            defaults={
                "figures": figures,
                "company_count": figures["company_total"],
                "computed_at": timezone.now(),
                "duration_ms": duration_ms,
            },
        )
    return snapshot


def refresh_all() -> dict:
    """The scheduled job: every organization's snapshot, one after another."""
    from banso.orgs.models import Organization

    done = 0
    for organization in Organization.objects.order_by("pk").iterator():
        refresh(organization)
        done += 1
    return {"organizations": done}


def is_fresh(snapshot, *, now=None) -> bool:
    now = now or timezone.now()
    return snapshot is not None and snapshot.computed_at >= now - dt.timedelta(minutes=max_age_minutes())


@dataclass(frozen=True)
class PageFigures:
    """What the page shows: the figures (None while the first computation of a large organization
    runs), when they were computed, and whether they are older than the bound."""

    figures: dict | None
    computed_at: object
    stale: bool
    live: bool
    refresh_started: bool


def for_page(organization, *, user, now=None) -> PageFigures:
    """The figures the portfolio page shows. A small organization (fewer companies than live_limit())
    is computed now, as before snapshots existed, and kept: its page is always current. A large one
    reads its snapshot; when there is none or it is older than max_age_minutes(), the page shows the
    last one (if any) and one refresh job is enqueued (not one per request: a queued or running
    refresh of the organization is reused). No request of a large organization scans it."""
    now = now or timezone.now()
    if Company.objects.filter(organization=organization).count() < live_limit():
        snapshot = refresh(organization)
        return PageFigures(snapshot.figures, snapshot.computed_at, False, True, False)
    snapshot = PortfolioSnapshot.objects.filter(organization=organization).first()
    if is_fresh(snapshot, now=now):
        return PageFigures(snapshot.figures, snapshot.computed_at, False, False, False)
    from banso.home.jobs import ensure_refresh

    started = ensure_refresh(organization, user=user)
    if snapshot is None:
        return PageFigures(None, None, True, False, started)
    return PageFigures(snapshot.figures, snapshot.computed_at, True, False, started)
