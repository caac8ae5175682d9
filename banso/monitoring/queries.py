"""What a member may see of a company's monitoring records, and the one loader per object.

Pages and the API load through these functions, so both answer a missing or foreign object the
same way (404, with the same Japanese message). The company itself is loaded first with
`banso.companies.queries.visible_company_or_404` (see `company_or_404`); everything here is scoped
to that company and, again, to the access rule.
"""

from __future__ import annotations

from django.db.models import Max, Prefetch

from banso.companies.queries import visible_company_or_404
from banso.core.access import MembershipLike, NamedNotFound, get_visible_or_404
from banso.monitoring.engines.months import Month
from banso.monitoring.models import (
    AccountingImport,
    Gap,
    ImprovementPlan,
    Kpi,
    Lender,
    Measure,
    MonitoringDue,
    MonitoringReport,
    MonitoringSchedule,
    MonthlyActual,
    MonthlyMeeting,
    NextMonthAction,
    PlanVersion,
    SalesSegment,
    SegmentImport,
)


def company_or_404(membership: MembershipLike | None, company_pk: int):
    return visible_company_or_404(membership, company_pk)


# --- plans ---


def plans(company):
    """The company's improvement plans, newest first, with their versions (newest first)."""
    return ImprovementPlan.objects.filter(company=company).prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.order_by("-number"))
    )


def plan_or_404(membership: MembershipLike | None, company, pk: int) -> ImprovementPlan:
    return get_visible_or_404(plans(company).select_related("company"), membership, pk=pk)


def version_or_404(plan: ImprovementPlan, number: int) -> PlanVersion:
    """A version of a plan already loaded through plan_or_404, by its number (第n版)."""
    version = plan.versions.filter(number=number).select_related("plan__company").first()
    if version is None:
        raise NamedNotFound(f"この計画に第{number}版はありません。")
    return version


def current_version(plan: ImprovementPlan) -> PlanVersion | None:
    return plan.current_version


def measure_or_404(membership: MembershipLike | None, version: PlanVersion, pk: int) -> Measure:
    return get_visible_or_404(Measure.objects.filter(plan_version=version), membership, pk=pk)


# --- actuals, imports ---


def latest_actual_month(company) -> Month | None:
    """The latest month with any actual, None when there is none."""
    latest = MonthlyActual.objects.filter(company=company).aggregate(latest=Max("month"))["latest"]
    return Month.of(latest) if latest else None


def import_or_404(membership: MembershipLike | None, company, pk: int) -> AccountingImport:
    return get_visible_or_404(AccountingImport.objects.filter(company=company), membership, pk=pk)


# --- gaps, actions, KPIs, meetings ---


def gap_or_404(membership: MembershipLike | None, company, pk: int) -> Gap:
    return get_visible_or_404(Gap.objects.filter(company=company), membership, pk=pk)


def next_month_action_or_404(membership: MembershipLike | None, company, pk: int) -> NextMonthAction:
    return get_visible_or_404(NextMonthAction.objects.filter(company=company), membership, pk=pk)


def kpi_or_404(membership: MembershipLike | None, company, pk: int) -> Kpi:
    return get_visible_or_404(Kpi.objects.filter(company=company), membership, pk=pk)


def meeting_or_404(membership: MembershipLike | None, company, month: Month) -> MonthlyMeeting:
    return get_visible_or_404(
        MonthlyMeeting.objects.filter(company=company), membership, month=month.first_day
    )


def segment_or_404(membership: MembershipLike | None, company, pk: int) -> SalesSegment:
    return get_visible_or_404(SalesSegment.objects.filter(company=company), membership, pk=pk)


def segment_import_or_404(membership: MembershipLike | None, company, pk: int) -> SegmentImport:
    return get_visible_or_404(
        SegmentImport.objects.filter(company=company).select_related("uploaded_by"), membership, pk=pk
    )


# --- cash flow ---


def lender_or_404(membership: MembershipLike | None, company, pk: int) -> Lender:
    return get_visible_or_404(Lender.objects.filter(company=company), membership, pk=pk)


# --- reports, schedules ---


def report_or_404(membership: MembershipLike | None, company, pk: int) -> MonitoringReport:
    return get_visible_or_404(
        MonitoringReport.objects.filter(company=company).select_related("plan_version__plan"),
        membership,
        pk=pk,
    )


def schedule_or_404(membership: MembershipLike | None, company, pk: int) -> MonitoringSchedule:
    return get_visible_or_404(MonitoringSchedule.objects.filter(company=company), membership, pk=pk)


def lenders(company) -> list[Lender]:
    """The company's 借入先 in their order."""
    return list(Lender.objects.filter(company=company))


def schedules(company):
    """The company's monitoring schedules with their due points (date order)."""
    return MonitoringSchedule.objects.filter(company=company).prefetch_related("dues__report")


def due_or_404(membership: MembershipLike | None, company, pk: int) -> MonitoringDue:
    return get_visible_or_404(
        MonitoringDue.objects.filter(schedule__company=company).select_related("schedule__company"),
        membership,
        pk=pk,
    )
