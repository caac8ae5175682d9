"""What needs a supporter today (今日やること): a registry of alert kinds and their providers.

The home page (banso/home) lists alerts from every area without importing the areas: each area
registers its kinds and a provider here in its AppConfig.ready() (engagements: overdue actions,
follow-ups and dialogues due, companies without dialogue; monitoring: monitoring dues, repeating gaps,
projected cash shortfalls, months without actuals). Removing an area removes its alerts; the home
keeps working.

A provider receives the companies the user may see (a queryset already narrowed by the access rule,
core.access `visible_to`) and an AlertContext, and returns Alerts. It must use a constant number of
queries whatever the number of companies: filter with `company__in=companies` (a subquery), never
loop over companies with a query each.

The portfolio only counts alerts (per kind, per supporter, for every company of the organization), so
an area also registers a *counter* per kind: a function of the same arguments returning AlertRows — a
queryset with one row per alert and the path from a row to its company. The portfolio counts those rows
in SQL (grouped by the company's supporters) and never builds an Alert. The provider and the counter of
a kind must agree: the area derives both from one queryset (one condition per alert, never two copies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Severities, most urgent first (the home sorts by them; the words are shown beside the colour).
HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY_LABELS = {HIGH: "要対応", MEDIUM: "注意", LOW: "確認"}
SEVERITY_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}

DEFAULT_DUE_SOON_DAYS = 7
DEFAULT_NO_DIALOGUE_DAYS = 30


@dataclass(frozen=True)
class AlertKind:
    code: str  # e.g. "action_overdue"
    label: str  # 期限切れのアクション
    order: int  # position on the home page
    empty: str  # what would appear here (the home's empty state names it)


@dataclass(frozen=True)
class Alert:
    kind: str  # an AlertKind code
    company_id: int
    company_name: str
    text: str  # short Japanese sentence
    on: dt.date  # the due or as-of date
    severity: str  # HIGH / MEDIUM / LOW
    url: str  # where to act

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, "")


@dataclass(frozen=True)
class AlertContext:
    """What every provider needs besides the companies: the organization's URL name, today (Asia/Tokyo)
    and the organization's thresholds (home.AlertSettings)."""

    org_slug: str
    today: dt.date
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    no_dialogue_days: int = DEFAULT_NO_DIALOGUE_DAYS
    extra: dict = field(default_factory=dict)

    @property
    def soon_until(self) -> dt.date:
        return self.today + dt.timedelta(days=self.due_soon_days)


@dataclass(frozen=True)
class AlertRows:
    """One row per alert of a kind: `rows` is a queryset (no aggregate at its top level), `company` the
    lookup path from a row to its company ("engagement__company", "schedule__company"; "" when the rows
    are companies)."""

    rows: object  # QuerySet
    company: str = "company"

    def lookup(self, field_name: str) -> str:
        """The path from a row to a field of its company ("engagement__company__supporters")."""
        return f"{self.company}__{field_name}" if self.company else field_name


# A provider: (companies queryset, context) -> alerts.
AlertProvider = Callable[[object, AlertContext], Iterable[Alert]]
# A counter: (companies queryset, context) -> the rows of one kind's alerts, for counting in SQL.
AlertCounter = Callable[[object, AlertContext], AlertRows]

_kinds: dict[str, AlertKind] = {}
_providers: list[AlertProvider] = []
_counters: dict[str, AlertCounter] = {}


def register_alert_kind(kind: AlertKind) -> AlertKind:
    _kinds[kind.code] = kind
    return kind


def register_alert_provider(provider: AlertProvider) -> AlertProvider:
    """Add a provider once (safe to call again, e.g. when apps are reloaded in tests)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def register_alert_counter(kind_code: str, counter: AlertCounter) -> AlertCounter:
    """The counter of one kind (replaces an earlier one of the same kind)."""
    _counters[kind_code] = counter
    return counter


def alert_counters() -> dict[str, AlertCounter]:
    """{kind code: counter} of every registered kind that has one."""
    return {code: counter for code, counter in _counters.items() if code in _kinds}


def alert_kinds() -> list[AlertKind]:
    """Every registered kind, in the home page's order."""
    return sorted(_kinds.values(), key=lambda k: (k.order, k.code))


def kind_label(code: str) -> str:
    kind = _kinds.get(code)
    return kind.label if kind else code


def sort_key(alert: Alert):
    return (SEVERITY_ORDER.get(alert.severity, 9), alert.on, alert.company_name, alert.text)


def collect_alerts(companies, context: AlertContext, *, kinds: Iterable[str] | None = None) -> list[Alert]:
    """Every provider's alerts for these companies, most urgent first. `kinds` keeps only those codes."""
    wanted = set(kinds) if kinds else None
    alerts: list[Alert] = []
    for provider in _providers:
        alerts.extend(a for a in provider(companies, context) if wanted is None or a.kind in wanted)
    alerts.sort(key=sort_key)
    return alerts


def ymd(day: dt.date) -> str:
    """2026/11/05 (ux.md: dates on screens)."""
    return f"{day:%Y/%m/%d}"


def days_phrase(day: dt.date, today: dt.date) -> str:
    """「3日超過」「今日」「あと2日」."""
    delta = (day - today).days
    if delta < 0:
        return f"{-delta}日超過"
    if delta == 0:
        return "今日"
    return f"あと{delta}日"
