"""The monitoring area's alerts for the supporter's home (registered in core.alerts by
MonitoringConfig.ready): monitorings due or overdue (public programmes' schedules), gaps repeating on
one line, projected cash shortfalls (the 資金繰り表's warning) and recent months without actuals.
Every provider runs a constant number of queries whatever the number of companies.

Each kind's condition is one queryset (`*_rows`, one row per alert); the provider turns its rows into
Alerts for the home and the counter hands the same queryset to the portfolio, which counts it in SQL.
The projected cash shortfall is the engine's projection: its rows are the companies it warns about."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least

from banso.companies.models import Company
from banso.core.alerts import HIGH, MEDIUM, Alert, AlertContext, AlertKind, AlertRows, days_phrase, ymd
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


def _month_index(field: str):
    """Month.index of a month column in SQL (year × 12 + month − 1)."""
    return ExtractYear(field) * 12 + ExtractMonth(field) - 1


def due_rows(companies, context: AlertContext):
    """Monitoring dues not done, due up to N days ahead (or past)."""
    return MonitoringDue.objects.filter(
        schedule__company__in=companies, done_on__isnull=True, due_on__lte=context.soon_until
    )


def monitoring_dues(companies, context: AlertContext) -> list[Alert]:
    rows = (
        due_rows(companies, context)
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


def repeating_gap_rows(companies, context: AlertContext):
    """The last month of every repeating run (a gap on the same line the month before, none the month
    after) ending at most GAP_RECENT_MONTHS before this month: one row per run (a company has one gap
    per line and month)."""
    recent = (Month.of(context.today) - GAP_RECENT_MONTHS).first_day
    same_line = Gap.objects.annotate(index=_month_index("month")).filter(
        company_id=OuterRef("company_id"), line=OuterRef("line")
    )
    return (
        Gap.objects.filter(company__in=companies, month__gte=recent)
        .annotate(index=_month_index("month"))
        .filter(Exists(same_line.filter(index=OuterRef("index") - 1)))
        .exclude(Exists(same_line.filter(index=OuterRef("index") + 1)))
    )


def repeating_gaps(companies, context: AlertContext) -> list[Alert]:
    ends = list(
        repeating_gap_rows(companies, context).values_list("company_id", "company__name", "line", "month")
    )
    if not ends:
        return []
    # The runs' first months (for the text): the gaps of the companies with a run, from 15 months back.
    since = (Month.of(context.today) - (GAP_RECENT_MONTHS + 12)).first_day
    pairs: dict[int, list] = {}
    for company_id, line, month in Gap.objects.filter(
        company__in=companies, company_id__in={row[0] for row in ends}, month__gte=since
    ).values_list("company_id", "line", "month"):
        pairs.setdefault(company_id, []).append((line, month))
    alerts = []
    for company_id, name, line, month in ends:
        last = Month.of(month)
        run = repeating.run_of(pairs.get(company_id, [])).get((line, last))
        first = run.first_month if run else last - 1
        length = last - first + 1
        alerts.append(
            Alert(
                kind=GAP_REPEATING.code,
                company_id=company_id,
                company_name=name,
                text=f"「{lines.label(line)}」の乖離が{length}か月続いています（{first.label}〜{last.label}）",
                on=last.first_day,
                severity=MEDIUM,
                url=org_reverse(context.org_slug, "monitoring:gap_history", company_pk=company_id, line=line),
            )
        )
    return alerts


def cash_shortfall_rows(companies, context: AlertContext):
    """The companies whose 資金繰り表 projects a shortfall (the projection runs in Python)."""
    return Company.objects.filter(pk__in=list(cash_warnings(companies, today=context.today)))


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


def missing_actuals_rows(companies, context: AlertContext):
    """Companies with a current plan whose months from the plan's start (at most six months back) to
    last month — within the plan's years — have no actual at all: one row per company."""
    last = Month.of(context.today) - 1
    earliest = last - (ACTUALS_LOOKBACK_MONTHS - 1)
    entered = (
        MonthlyActual.objects.filter(
            company_id=OuterRef("plan__company_id"),
            month__gte=earliest.first_day,
            month__lte=last.first_day,
        )
        .annotate(index=_month_index("month"))
        .filter(index__gte=OuterRef("begin"), index__lte=OuterRef("end"))
        .order_by()
        .values("company_id")
        .annotate(n=Count("month", distinct=True))
        .values("n")
    )
    short = (
        PlanVersion.objects.filter(
            plan__company_id=OuterRef("pk"), is_current=True, start_month__lte=last.first_day
        )
        .annotate(
            begin=Greatest(_month_index("start_month"), Value(earliest.index), output_field=IntegerField()),
            end=Least(
                _month_index("start_month") + 12 * F("years") - 1,
                Value(last.index),
                output_field=IntegerField(),
            ),
        )
        .filter(begin__lte=F("end"))
        .annotate(entered=Coalesce(Subquery(entered, output_field=IntegerField()), 0))
        .filter(entered__lt=F("end") - F("begin") + 1)
    )
    return Company.objects.filter(pk__in=companies.values("pk")).filter(Exists(short))


def missing_actuals(companies, context: AlertContext) -> list[Alert]:
    """One alert per company of missing_actuals_rows, naming the months without an actual."""
    rows = dict(missing_actuals_rows(companies, context).values_list("pk", "name"))
    if not rows:
        return []
    last = Month.of(context.today) - 1
    earliest = last - (ACTUALS_LOOKBACK_MONTHS - 1)
    versions = PlanVersion.objects.filter(
        plan__company_id__in=list(rows), is_current=True, start_month__lte=last.first_day
    ).values_list("plan__company_id", "start_month", "years")
    expected: dict[int, set[Month]] = {}
    for company_id, start, years in versions:
        first = Month.of(start)
        begin, end = max(first, earliest), min(last, first + (12 * years - 1))
        expected.setdefault(company_id, set()).update(months_between(begin, end) if begin <= end else [])
    entered = set(
        MonthlyActual.objects.filter(
            company_id__in=list(rows), month__gte=earliest.first_day, month__lte=last.first_day
        )
        .values_list("company_id", "month")
        .distinct()
    )
    alerts = []
    for company_id, name in rows.items():
        missing = sorted(m for m in expected.get(company_id, ()) if (company_id, m.first_day) not in entered)
        span = (
            missing[0].label
            if len(missing) == 1
            else f"{missing[0].label}〜{missing[-1].label}のうち{len(missing)}か月分"
            if missing
            else f"{earliest.label}〜{last.label}"
        )
        alerts.append(
            Alert(
                kind=ACTUALS_MISSING.code,
                company_id=company_id,
                company_name=name,
                text=f"{span}の月次実績が未入力です",
                on=missing[0].first_day if missing else earliest.first_day,
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


# The portfolio's counters: the same querysets, counted in SQL (core.alerts.AlertRows).
COUNTERS = {
    MONITORING_DUE.code: lambda companies, context: AlertRows(
        due_rows(companies, context), "schedule__company"
    ),
    GAP_REPEATING.code: lambda companies, context: AlertRows(repeating_gap_rows(companies, context)),
    CASH_SHORTFALL.code: lambda companies, context: AlertRows(cash_shortfall_rows(companies, context), ""),
    ACTUALS_MISSING.code: lambda companies, context: AlertRows(missing_actuals_rows(companies, context), ""),
}
