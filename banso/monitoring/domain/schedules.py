"""Public programmes (早期経営改善計画 / 405事業, docs/domain.md §5.1): an engagement's monitoring schedule
(an editable rule per engagement), its due points, each recorded as done with its issued report and
fee, and the organization's list of what is due soon or overdue.

Engagements are reached through banso.core.engagement_links (no import of the engagements area); the
due dates and fee caps come from banso/monitoring/engines/schedule.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core import engagement_links
from banso.core.access import MembershipLike
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.engines import schedule as engine
from banso.monitoring.models import MonitoringDue, MonitoringReport, MonitoringSchedule

PROGRAMMES = (engine.EARLY_PLAN, engine.PLAN_405)
KIND_OF_POINT = {
    engine.CLOSING: MonitoringDue.Kind.FISCAL_YEAR_END,
    engine.INTERIM: MonitoringDue.Kind.INTERIM,
}
POINT_OF_KIND = {value: key for key, value in KIND_OF_POINT.items()}
DUE_SOON_DAYS = 30
NOT_A_PROGRAMME_MESSAGE = (
    "モニタリング予定を作れるのは、早期経営改善計画または経営改善計画（405事業）の伴走支援案件だけです。"
)


def _date_label(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def programme_engagements(company) -> list[engagement_links.EngagementRef]:
    """The company's engagements of kind early_plan / plan_405 (newest first)."""
    return [ref for ref in engagement_links.engagements_of(company) if ref.kind in PROGRAMMES]


def engagements_without_schedule(company) -> list[engagement_links.EngagementRef]:
    scheduled = set(
        MonitoringSchedule.objects.filter(company=company).values_list("engagement_id", flat=True)
    )
    return [ref for ref in programme_engagements(company) if ref.id not in scheduled]


def rule_of(schedule: MonitoringSchedule) -> engine.ScheduleRule:
    return engine.ScheduleRule(
        programme=schedule.programme,
        first_fiscal_year=schedule.plan_fiscal_year_end.year,
        fiscal_year_end_month=schedule.plan_fiscal_year_end.month,
        years=schedule.years,
        interim_months=tuple(sorted(set(schedule.interim_months or ()))),
    )


def fee_caps_of(schedule: MonitoringSchedule) -> engine.FeeCaps:
    return engine.FEE_CAPS[schedule.programme]


def _rule_or_error(schedule: MonitoringSchedule) -> engine.ScheduleRule:
    try:
        return rule_of(schedule)
    except ValueError as exc:
        raise ValidationError({"interim_months": str(exc)}) from exc


def _sync_dues(schedule: MonitoringSchedule, rule: engine.ScheduleRule, *, by) -> None:
    """Make the open due points match the rule; points already done stay as they are."""
    wanted = {(p.due_on, KIND_OF_POINT[p.kind]) for p in engine.due_points(rule)}
    existing = {(d.due_on, d.kind): d for d in schedule.dues.select_for_update()}
    for key, due in existing.items():
        if key not in wanted and due.done_on is None:
            due._history_user = by
            due.delete()
    for due_on, kind in sorted(wanted):
        if (due_on, kind) not in existing:
            save_audited(MonitoringDue(schedule=schedule, due_on=due_on, kind=kind), by=by)


def create_schedule(
    company,
    *,
    by,
    engagement_id: int,
    plan_fiscal_year_end: dt.date,
    interim_months: Iterable[int] = (),
    years: int | None = None,
) -> MonitoringSchedule:
    """The monitoring schedule of an early_plan / plan_405 engagement of this company, with its due
    points. `years` defaults to the programme's (early_plan 1, plan_405 3). Side effects: the
    schedule and its dues (+ history), activity `monitoring.schedule.created`. ValidationError on
    `engagement_id` for another company's, unknown or non-programme engagement, or a second schedule."""
    ref = engagement_links.engagement_ref(company, engagement_id)
    if ref is None:
        raise ValidationError({"engagement_id": engagement_links.ENGAGEMENT_NOT_FOUND_MESSAGE})
    if ref.kind not in PROGRAMMES:
        raise ValidationError({"engagement_id": NOT_A_PROGRAMME_MESSAGE})
    if MonitoringSchedule.objects.filter(engagement_id=engagement_id).exists():
        raise ValidationError({"engagement_id": "この案件のモニタリング予定はすでにあります。"})
    schedule = MonitoringSchedule(
        company=company,
        engagement_id=engagement_id,
        programme=ref.kind,
        plan_fiscal_year_end=plan_fiscal_year_end,
        interim_months=sorted(set(interim_months)),
        years=years or (1 if ref.kind == engine.EARLY_PLAN else 3),
        fee_caps=dataclasses.asdict(engine.FEE_CAPS[ref.kind]),
    )
    rule = _rule_or_error(schedule)
    with transaction.atomic():
        save_audited(schedule, by=by)
        _sync_dues(schedule, rule, by=by)
        log_company_event(
            company,
            code="monitoring.schedule.created",
            message=f"「{ref.title}」のモニタリング予定を作成しました。",
            by=by,
            data={"schedule_id": schedule.pk, "engagement_id": engagement_id},
        )
    return schedule


def update_schedule(
    schedule: MonitoringSchedule,
    *,
    by,
    version: int | None,
    plan_fiscal_year_end: dt.date,
    interim_months: Iterable[int],
    years: int,
) -> MonitoringSchedule:
    """Change the rule; open due points follow it, done ones stay. Side effects: schedule and dues
    (+ history), activity `monitoring.schedule.changed`. ConflictError when `version` is stale."""
    with transaction.atomic():
        current = locked(MonitoringSchedule, schedule.pk, version)
        current.plan_fiscal_year_end = plan_fiscal_year_end
        current.interim_months = sorted(set(interim_months))
        current.years = years
        rule = _rule_or_error(current)
        save_audited(current, by=by, bump_version=True)
        _sync_dues(current, rule, by=by)
        log_company_event(
            current.company,
            code="monitoring.schedule.changed",
            message="モニタリング予定のルールを変更しました。",
            by=by,
            data={"schedule_id": current.pk},
        )
    return current


def issued_reports(company):
    return MonitoringReport.objects.filter(company=company, status=MonitoringReport.Status.ISSUED).order_by(
        "-to_month", "-id"
    )


def record_done(
    due: MonitoringDue,
    *,
    by,
    version: int | None,
    done_on: dt.date,
    report_id: int | None,
    fee_yen: int | None,
) -> MonitoringDue:
    """Record a monitoring as done on `done_on`, with the issued report that went to the lenders and
    the fee. The report must be an issued report of the same company; the fee must respect the
    programme's caps (per monitoring and, for 405, all monitoring fees together). Side effects: the
    due row (+ history), activity `monitoring.schedule.done`."""
    schedule = due.schedule
    report = None
    if report_id is not None:
        report = issued_reports(schedule.company).filter(pk=report_id).first()
        if report is None:
            raise ValidationError({"report": "発行済みのこの事業者のモニタリング報告書から選んでください。"})
    if fee_yen is not None:
        others = schedule.dues.exclude(pk=due.pk).filter(done_on__isnull=False, fee_yen__isnull=False)
        fees = [(POINT_OF_KIND[d.kind], d.fee_yen) for d in others] + [(POINT_OF_KIND[due.kind], fee_yen)]
        problems = engine.fee_cap_problems(schedule.programme, fees)
        if problems:
            raise ValidationError({"fee_yen": problems})
    with transaction.atomic():
        current = locked(MonitoringDue, due.pk, version)
        current.done_on = done_on
        current.report = report
        current.fee_yen = fee_yen
        save_audited(current, by=by, bump_version=True)
        log_company_event(
            schedule.company,
            code="monitoring.schedule.done",
            message=f"{_date_label(current.due_on)}期限のモニタリングを実施済みにしました。",
            by=by,
            data={"due_id": current.pk, "report_id": report.pk if report else None, "fee_yen": fee_yen},
        )
    return current


def next_due(schedule: MonitoringSchedule) -> MonitoringDue | None:
    return next((d for d in schedule.dues.all() if d.done_on is None), None)


def organization_dues(
    membership: MembershipLike | None, *, today: dt.date, days: int = DUE_SOON_DAYS
) -> tuple[list[MonitoringDue], list[MonitoringDue]]:
    """(due within `days` from today, overdue) across the companies the member may see, soonest /
    oldest first; each due has its schedule and company loaded."""
    open_dues = list(
        MonitoringDue.objects.visible_to(membership)
        .filter(done_on__isnull=True, due_on__lte=today + dt.timedelta(days=days))
        .select_related("schedule__company")
    )
    return engine.due_within(open_dues, days, today), engine.overdue(open_dues, today)


def all_open_dues(
    *, today: dt.date, days: int = DUE_SOON_DAYS, organization_slug: str | None = None
) -> tuple[list[MonitoringDue], list[MonitoringDue]]:
    """(due within `days`, overdue) across every organization (or one, by slug): for the operator's
    periodic command, not for pages (pages use organization_dues and the access rule)."""
    open_dues = MonitoringDue.objects.filter(
        done_on__isnull=True, due_on__lte=today + dt.timedelta(days=days)
    ).select_related("schedule__company__organization")
    if organization_slug:
        open_dues = open_dues.filter(schedule__company__organization__slug=organization_slug)
    open_dues = list(open_dues)
    return engine.due_within(open_dues, days, today), engine.overdue(open_dues, today)


@dataclasses.dataclass(frozen=True)
class ScheduleSummary:
    """Where an engagement's monitoring schedule stands on `today`."""

    schedule: MonitoringSchedule
    next_due: MonitoringDue | None  # the first open due point from today on
    overdue: tuple[MonitoringDue, ...]  # open due points whose date has passed, oldest first
    done: int
    total: int


def schedule_summary_for_engagement(company, engagement_id: int, *, today: dt.date) -> ScheduleSummary | None:
    """The summary of the company's schedule for `engagement_id`, None when it has none."""
    schedule = (
        MonitoringSchedule.objects.filter(company=company, engagement_id=engagement_id)
        .prefetch_related("dues")
        .first()
    )
    if schedule is None:
        return None
    dues = list(schedule.dues.all())
    upcoming = sorted((d for d in dues if d.done_on is None and d.due_on >= today), key=lambda d: d.due_on)
    return ScheduleSummary(
        schedule=schedule,
        next_due=upcoming[0] if upcoming else None,
        overdue=tuple(engine.overdue(dues, today)),
        done=sum(1 for d in dues if d.done_on is not None),
        total=len(dues),
    )
