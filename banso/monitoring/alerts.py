"""The monitoring area's alerts for the supporter's home (registered in core.alerts by
MonitoringConfig.ready): monitorings due or overdue (public programmes' schedules), gaps repeating on
one line, projected cash shortfalls (the 資金繰り表's warning) and recent months without actuals.
Every provider runs a constant number of queries whatever the number of companies."""

from __future__ import annotations

from banso.core.alerts import HIGH, MEDIUM, Alert, AlertContext, AlertKind, days_phrase, ymd
from banso.core.urls import org_reverse
from banso.monitoring.domain.cashflow import cash_warnings
from banso.monitoring.engines import lines, repeating
from banso.monitoring.engines.months import Month, months_between
from banso.monitoring.models import Gap, MonitoringDue, MonthlyActual, PlanVersion

MONITORING_DUE = AlertKind(
    "monitoring_due",
    "モニタリングの期日",
    40,
    "早期経営改善計画・405事業のモニタリング期日が近い（または過ぎた）未実施のものが表示されます。",
)
GAP_REPEATING = AlertKind(
    "gap_repeating",
    "繰り返す乖離",
    50,
    "同じ科目で2か月以上続けて乖離を記録した事業者が表示されます。",
)
CASH_SHORTFALL = AlertKind(
    "cash_shortfall",
    "資金ショートの見込み",
    5,
    "資金繰り表の予測で、残高が最低限必要な額を下回る月がある事業者が表示されます。",
)
ACTUALS_MISSING = AlertKind(
    "actuals_missing",
    "実績の未入力",
    45,
    "経営改善計画の期間中で、前月までの月次実績が入っていない事業者が表示されます。",
)
KINDS = (MONITORING_DUE, GAP_REPEATING, CASH_SHORTFALL, ACTUALS_MISSING)

# A repeating gap is shown while its last month is at most this many months before this month.
GAP_RECENT_MONTHS = 3
# Months without actuals are looked for this far back (a plan's older holes are the table's business).
ACTUALS_LOOKBACK_MONTHS = 6


def monitoring_dues(companies, context: AlertContext) -> list[Alert]:
    rows = (
        MonitoringDue.objects.filter(
            schedule__company__in=companies, done_on__isnull=True, due_on__lte=context.soon_until
        )
        .values("pk", "due_on", "kind", "schedule__company_id", "schedule__company__name")
        .order_by("due_on", "pk")
    )
    kind_labels = dict(MonitoringDue.Kind.choices)
    alerts = []
    for row in rows:
        day, overdue = row["due_on"], row["due_on"] < context.today
        alerts.append(
            Alert(
                kind=MONITORING_DUE.code,
                company_id=row["schedule__company_id"],
                company_name=row["schedule__company__name"],
                text=f"{kind_labels.get(row['kind'], '')}モニタリングの期日 {ymd(day)}"
                f"（{days_phrase(day, context.today)}）"
                + ("— 実施したら記録してください" if overdue else ""),
                on=day,
                severity=HIGH if overdue else MEDIUM,
                url=org_reverse(
                    context.org_slug, "monitoring:schedules", company_pk=row["schedule__company_id"]
                ),
            )
        )
    return alerts


def repeating_gaps(companies, context: AlertContext) -> list[Alert]:
    this_month = Month.of(context.today)
    since = (this_month - (GAP_RECENT_MONTHS + 12)).first_day
    rows = Gap.objects.filter(company__in=companies, month__gte=since).values_list(
        "company_id", "company__name", "line", "month"
    )
    by_company: dict[int, tuple[str, list]] = {}
    for company_id, name, line, month in rows:
        by_company.setdefault(company_id, (name, []))[1].append((line, month))
    alerts = []
    for company_id, (name, pairs) in by_company.items():
        for run in repeating.runs(pairs):
            if not run.repeating or run.last_month < this_month - GAP_RECENT_MONTHS:
                continue
            alerts.append(
                Alert(
                    kind=GAP_REPEATING.code,
                    company_id=company_id,
                    company_name=name,
                    text=f"「{lines.label(run.line)}」の乖離が{run.length}か月続いています"
                    f"（{run.first_month.label}〜{run.last_month.label}）",
                    on=run.last_month.first_day,
                    severity=MEDIUM,
                    url=org_reverse(
                        context.org_slug, "monitoring:gap_history", company_pk=company_id, line=run.line
                    ),
                )
            )
    return alerts


def cash_shortfalls(companies, context: AlertContext) -> list[Alert]:
    warnings = cash_warnings(companies, today=context.today)
    if not warnings:
        return []
    names = dict(companies.filter(pk__in=list(warnings)).values_list("pk", "name"))
    return [
        Alert(
            kind=CASH_SHORTFALL.code,
            company_id=company_id,
            company_name=names.get(company_id, ""),
            text=warning.message,
            on=warning.month,
            severity=HIGH,
            url=org_reverse(context.org_slug, "monitoring:cashflow", company_pk=company_id),
        )
        for company_id, warning in warnings.items()
        if company_id in names
    ]


def missing_actuals(companies, context: AlertContext) -> list[Alert]:
    """Companies with a current plan whose months from the plan's start (at most six months back) to
    last month have no actual at all."""
    last = Month.of(context.today) - 1
    earliest = last - (ACTUALS_LOOKBACK_MONTHS - 1)
    versions = PlanVersion.objects.filter(
        plan__company__in=companies, is_current=True, start_month__lte=last.first_day
    ).values_list("plan__company_id", "plan__company__name", "start_month", "years")
    expected: dict[int, tuple[str, set[Month]]] = {}
    for company_id, name, start, years in versions:
        first = Month.of(start)
        end = min(last, first + (12 * years - 1))
        begin = max(first, earliest)
        if begin > end:
            continue
        months = expected.setdefault(company_id, (name, set()))[1]
        months.update(months_between(begin, end))
    if not expected:
        return []
    entered = set(
        MonthlyActual.objects.filter(
            company_id__in=list(expected), month__gte=earliest.first_day, month__lte=last.first_day
        )
        .values_list("company_id", "month")
        .distinct()
    )
    alerts = []
    for company_id, (name, months) in expected.items():
        missing = sorted(m for m in months if (company_id, m.first_day) not in entered)
        if not missing:
            continue
        span = (
            missing[0].label
            if len(missing) == 1
            else f"{missing[0].label}〜{missing[-1].label}のうち{len(missing)}か月分"
        )
        alerts.append(
            Alert(
                kind=ACTUALS_MISSING.code,
                company_id=company_id,
                company_name=name,
                text=f"{span}の月次実績が未入力です",
                on=missing[0].first_day,
                severity=MEDIUM,
                url=org_reverse(context.org_slug, "monitoring:actuals", company_pk=company_id),
            )
        )
    return alerts


def monitoring_alerts(companies, context: AlertContext) -> list[Alert]:
    return [
        *cash_shortfalls(companies, context),
        *monitoring_dues(companies, context),
        *missing_actuals(companies, context),
        *repeating_gaps(companies, context),
    ]
