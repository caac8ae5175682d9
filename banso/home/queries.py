"""What the home and the portfolio show: the alert context of an organization, the companies a
user's alerts come from, and the alerts (core.alerts, filled by the areas). Shared by the pages and
the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from banso.companies.models import Company
from banso.companies.queries import assignable_supporters
from banso.core.alerts import (
    DEFAULT_DUE_SOON_DAYS,
    DEFAULT_NO_DIALOGUE_DAYS,
    Alert,
    AlertContext,
    alert_counters,
    alert_kinds,
    collect_alerts,
)
from banso.home.models import AlertSettings
from banso.home.permissions import sees_everyone, sees_home


def alert_context(organization, *, today=None) -> AlertContext:
    row = (
        AlertSettings.objects.filter(organization=organization)
        .values_list("due_soon_days", "no_dialogue_days")
        .first()
    )
    due_soon, no_dialogue = row or (DEFAULT_DUE_SOON_DAYS, DEFAULT_NO_DIALOGUE_DAYS)
    return AlertContext(
        org_slug=organization.slug,
        today=today or timezone.localdate(),
        due_soon_days=due_soon,
        no_dialogue_days=no_dialogue,
    )


def _assigned_to(user_id: int):
    return Company.supporters.through.objects.filter(user_id=user_id).values("company_id")


def alert_companies(membership, *, supporter_id: int | None = None, company_id: int | None = None):
    """The companies whose alerts the member sees: what the access rule lets them see (none for the
    company side), narrowed to one supporter's companies (管理者・閲覧者 only) or to one company."""
    if not sees_home(membership):
        return Company.objects.none()
    companies = Company.objects.visible_to(membership)
    if not sees_everyone(membership):
        # A supporter sees their assigned companies: the same set, named so that every provider's
        # `company__in` subquery starts from the supporter's assignments (a few rows by user id), not
        # from the organization's companies checked one by one.
        companies = companies.filter(pk__in=_assigned_to(membership.user_id))
    if supporter_id and sees_everyone(membership):
        companies = companies.filter(pk__in=_assigned_to(supporter_id))
    if company_id:
        companies = companies.filter(pk=company_id)
    return companies


def alerts_for(
    membership, *, kinds=None, supporter_id: int | None = None, company_id: int | None = None, today=None
) -> list[Alert]:
    companies = alert_companies(membership, supporter_id=supporter_id, company_id=company_id)
    if not sees_home(membership):
        return []
    return collect_alerts(companies, alert_context(membership.organization, today=today), kinds=kinds)


def known_kind(code: str) -> bool:
    return any(kind.code == code for kind in alert_kinds())


@dataclass
class KindGroup:
    kind: object  # core.alerts.AlertKind
    alerts: list


def grouped(alerts: list[Alert], *, only: str = "") -> list[KindGroup]:
    """Alerts by kind in the home's order; every kind appears (an empty group says what would)."""
    groups = {kind.code: KindGroup(kind, []) for kind in alert_kinds() if not only or kind.code == only}
    for alert in alerts:
        if alert.kind in groups:
            groups[alert.kind].alerts.append(alert)
    return list(groups.values())


def supporters_of(organization):
    """Active 管理者・支援者 of the organization with the number of companies assigned to each."""
    return assignable_supporters(organization).annotate(
        company_count=Count(
            "assigned_companies",
            filter=Q(assigned_companies__organization=organization),
            distinct=True,
        )
    )


def company_supporters(companies) -> dict[int, set[int]]:
    """{company id: ids of its supporters} in one query."""
    mapping: dict[int, set[int]] = {}
    through = Company.supporters.through
    for company_id, user_id in through.objects.filter(company__in=companies).values_list(
        "company_id", "user_id"
    ):
        mapping.setdefault(company_id, set()).add(user_id)
    return mapping


@dataclass
class AlertCounts:
    """The portfolio's alert figures: per kind, per supporter and kind (an alert counts for every
    supporter of its company) and per kind for companies without a supporter."""

    by_kind: dict[str, int]
    by_supporter: dict[int, dict[str, int]]
    unassigned: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def of(self, user_id: int) -> dict[str, int]:
        return self.by_supporter.get(user_id, {})


def alert_counts(membership, *, today=None) -> AlertCounts:
    """Every alert of the companies the member sees, counted in SQL through the kinds' counters
    (core.alerts): two queries per kind whatever the number of companies; no Alert is built. A kind
    whose area registered no counter is counted from its provider's alerts."""
    counts = AlertCounts({}, {}, {})
    if not sees_home(membership):
        return counts
    companies = alert_companies(membership)
    context = alert_context(membership.organization, today=today)
    counters = alert_counters()
    for code, counter in counters.items():
        found = counter(companies, context)
        rows = found.rows.order_by()
        counts.by_kind[code] = rows.count()
        supporter = found.lookup("supporters")
        per_supporter = (
            rows.values(supporter).annotate(n=Count("pk", distinct=True)).values_list(supporter, "n")
        )
        for user_id, n in per_supporter:
            if user_id is None:
                counts.unassigned[code] = n
            else:
                counts.by_supporter.setdefault(user_id, {})[code] = n
    others = [kind.code for kind in alert_kinds() if kind.code not in counters]
    if others:
        alerts = collect_alerts(companies, context, kinds=others)
        assigned = company_supporters(companies)
        for alert in alerts:
            counts.by_kind[alert.kind] = counts.by_kind.get(alert.kind, 0) + 1
            owners = assigned.get(alert.company_id) or set()
            for user_id in owners:
                by_kind = counts.by_supporter.setdefault(user_id, {})
                by_kind[alert.kind] = by_kind.get(alert.kind, 0) + 1
            if not owners:
                counts.unassigned[alert.kind] = counts.unassigned.get(alert.kind, 0) + 1
    return counts


def user_name(organization, user_id: int | None) -> str | None:
    if not user_id:
        return None
    user = assignable_supporters(organization).filter(pk=user_id).first()
    return user.display_name if user else None
