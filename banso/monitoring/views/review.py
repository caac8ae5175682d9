"""月次モニタリング表, 月次レビュー, 乖離分析 (gap record and per-line history), 月次ミーティング and the
organization's thresholds. Figures come from domain/table.py; the views only load and lay out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from banso.core import formatting
from banso.core.access import NOT_ALLOWED_MESSAGE, NamedNotFound
from banso.core.errors import DomainError
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import gaps as gap_domain
from banso.monitoring.domain import meetings as meeting_domain
from banso.monitoring.domain import review as review_domain
from banso.monitoring.domain import thresholds as threshold_domain
from banso.monitoring.domain.table import monitoring_table, plan_versions
from banso.monitoring.engines import lines
from banso.monitoring.engines.months import Month, MonthError
from banso.monitoring.forms.gaps import GapForm
from banso.monitoring.forms.meetings import MeetingForm
from banso.monitoring.forms.thresholds import ThresholdsForm
from banso.monitoring.models import (
    AccountingImport,
    Gap,
    Kpi,
    MonthlyMeeting,
    NextMonthAction,
    PlanVersion,
)
from banso.monitoring.permissions import (
    ensure_may_edit,
    may_change_thresholds,
    may_edit,
    may_issue_report,
)
from banso.monitoring.views import table_display as display
from banso.monitoring.views.common import company_for, page_context, run_domain
from banso.monitoring.views.panels import kpi_panel, next_month_actions_panel


def _query_month(request, name: str) -> Month | None:
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    try:
        return Month.parse(text)
    except MonthError as error:
        messages.error(request, str(error))
        return None


def _path_month(text: str) -> Month:
    try:
        return Month.parse(text)
    except MonthError as error:
        raise NamedNotFound(str(error)) from error


def _chosen_version(request, company) -> PlanVersion | None:
    raw = request.GET.get("version", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 15:
        raise NamedNotFound("指定された計画の版が見つかりません。")
    version = plan_versions(company).filter(pk=int(raw)).first()
    if version is None:
        raise NamedNotFound("指定された計画の版が見つかりません。")
    return version


def _build(request, company, *, plan_version=None, from_month=None, to_month=None):
    try:
        return monitoring_table(company, plan_version=plan_version, from_month=from_month, to_month=to_month)
    except DomainError as error:
        messages.error(request, error.message)
        return monitoring_table(company, plan_version=plan_version)


@login_required
@require_GET
def table(request, company_pk: int):
    company = company_for(request, company_pk)
    version = _chosen_version(request, company)
    built = _build(
        request,
        company,
        plan_version=version,
        from_month=_query_month(request, "from"),
        to_month=_query_month(request, "to"),
    )
    months = built.months
    gaps = gap_domain.gaps_by_cell(company, months[0], months[-1])
    runs = gap_domain.gap_runs(company)
    context = page_context(
        company,
        "table",
        built=built,
        months=months,
        blocks=display.grid_rows(request, company, built, gaps, runs),
        charts=display.trend_chart_images(built),
        versions=list(plan_versions(company)),
        amber_pct=formatting.percent(built.thresholds.amber, is_ratio=True),
        red_pct=formatting.percent(built.thresholds.red, is_ratio=True),
        can_edit=may_edit(request.membership, company, Gap),
        can_change_thresholds=may_change_thresholds(request.membership),
    )
    return render(request, "monitoring/table.html", context)


@login_required
@require_GET
def review(request, company_pk: int):
    company = company_for(request, company_pk)
    month = _query_month(request, "month") or queries.latest_actual_month(company)
    built = _build(request, company, to_month=month)
    month = built.months[-1]
    gaps = gap_domain.gaps_by_cell(company, month, month)
    runs = gap_domain.gap_runs(company)
    meeting = meeting_domain.meeting_of(company, month)
    context = page_context(
        company,
        "review",
        built=built,
        month=month,
        previous_month=month - 1,
        next_month=month + 1,
        rows=display.month_rows(request, company, built, month, gaps, runs),
        recorded_gaps=[
            gap for (key, _), gap in sorted(gaps.items(), key=lambda i: lines.LINE_KEYS.index(i[0][0]))
        ],
        charts=display.trend_chart_images(built),
        missing=review_domain.missing_items(company, month, built),
        warnings=review_domain.warnings(company, month),
        meeting=meeting,
        actions_panel=next_month_actions_panel(
            company, month, can_edit=may_edit(request.membership, company, NextMonthAction)
        ),
        kpi_panel=kpi_panel(company, month, can_edit=may_edit(request.membership, company, Kpi)),
        can_edit=may_edit(request.membership, company, Gap),
        can_edit_meeting=may_edit(request.membership, company, MonthlyMeeting),
        can_import=may_edit(request.membership, company, AccountingImport),
        can_edit_actions=may_edit(request.membership, company, NextMonthAction),
        can_report=may_issue_report(request.membership, company),
    )
    return render(request, "monitoring/review.html", context)


def _review_url(request, company, month: Month) -> str:
    return f"{org_reverse(request, 'monitoring:review', company_pk=company.pk)}?month={month}"


def _submit(request, form, call, *, done, page):
    result = run_domain(form, call)
    return page() if result is None else done(result)


def _gap_page(request, company, *, form, line, month, gap=None, cell=None):
    built = monitoring_table(
        company, plan_version=gap.plan_version if gap and gap.plan_version else None, to_month=month
    )
    row = display.cell_block(built.row(line).at(month).cell)
    runs = gap_domain.gap_runs(company)
    run = runs.get((line, month))
    context = page_context(
        company,
        "table",
        form=form,
        gap=gap,
        line=line,
        line_label=lines.label(line),
        month=month,
        figures=row,
        plan_label=built.plan_label,
        run=run if run and run.repeating else None,
    )
    return render(request, "monitoring/gap_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def gap_create(request, company_pk: int, line: str, month: str):
    company = company_for(request, company_pk)
    if line not in lines.LINES_BY_KEY:
        raise NamedNotFound("この科目はありません。")
    month = _path_month(month)
    ensure_may_edit(request.membership, company, Gap)
    existing = Gap.objects.filter(company=company, line=line, month=month.first_day).first()
    if existing is not None and request.method == "GET":
        return redirect(
            org_reverse(request, "monitoring:gap_edit", company_pk=company.pk, gap_pk=existing.pk)
        )
    form = GapForm(request.POST or None)
    return _submit(
        request,
        form,
        lambda data: gap_domain.record_gap(
            company,
            line=line,
            month=month,
            plan_version=monitoring_table(company, to_month=month).plan_version,
            by=request.user,
            **form.domain_fields(),
        ),
        done=lambda gap: _saved(
            request, "乖離の原因と対応を記録しました。", _review_url(request, company, month)
        ),
        page=lambda: _gap_page(request, company, form=form, line=line, month=month),
    )


@login_required
@require_http_methods(["GET", "POST"])
def gap_edit(request, company_pk: int, gap_pk: int):
    company = company_for(request, company_pk)
    gap = queries.gap_or_404(request.membership, company, gap_pk)
    ensure_may_edit(request.membership, company, Gap)
    month = Month.of(gap.month)
    form = GapForm(request.POST or None, gap=gap)
    return _submit(
        request,
        form,
        lambda data: gap_domain.update_gap(
            gap, by=request.user, expected_version=data["version"], **form.domain_fields()
        ),
        done=lambda _: _saved(request, "乖離の記録を更新しました。", _review_url(request, company, month)),
        page=lambda: _gap_page(request, company, form=form, line=gap.line, month=month, gap=gap),
    )


@login_required
@require_GET
def gap_history(request, company_pk: int, line: str):
    company = company_for(request, company_pk)
    if line not in lines.LINES_BY_KEY:
        raise NamedNotFound("この科目はありません。")
    history = gap_domain.gaps_of_line(company, line)
    runs = gap_domain.gap_runs(company)
    rows = [{"gap": gap, "run": runs.get((line, Month.of(gap.month)))} for gap in history]
    context = page_context(
        company,
        "table",
        line=line,
        line_label=lines.label(line),
        rows=rows,
        can_edit=may_edit(request.membership, company, Gap),
    )
    return render(request, "monitoring/gap_history.html", context)


def _saved(request, message: str, url: str):
    messages.success(request, message)
    return redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, company_pk: int, month: str):
    company = company_for(request, company_pk)
    month = _path_month(month)
    ensure_may_edit(request.membership, company, MonthlyMeeting)
    meeting = meeting_domain.meeting_of(company, month)
    form = MeetingForm(request.POST or None, meeting=meeting)
    return _submit(
        request,
        form,
        lambda data: meeting_domain.save_meeting(
            company, month, by=request.user, expected_version=data.get("version"), **form.domain_fields()
        ),
        done=lambda _: _saved(
            request, "月次ミーティングの記録を保存しました。", _review_url(request, company, month)
        ),
        page=lambda: render(
            request,
            "monitoring/meeting_form.html",
            page_context(company, "review", form=form, month=month, meeting=meeting),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request, company_pk: int):
    """The organization's thresholds (管理者 only), reached from a company's monitoring."""
    company = company_for(request, company_pk)
    if not may_change_thresholds(request.membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    organization = company.organization
    record = threshold_domain.thresholds_record(organization)
    current = monitoring_table(company).thresholds
    form = ThresholdsForm(request.POST or None, thresholds=record, amber=current.amber, red=current.red)
    return _submit(
        request,
        form,
        lambda data: threshold_domain.save_thresholds(
            organization,
            amber=data["amber"] / 100,
            red=data["red"] / 100,
            by=request.user,
            expected_version=data.get("version"),
        ),
        done=lambda _: _saved(
            request,
            "判定基準を保存しました。",
            org_reverse(request, "monitoring:table", company_pk=company.pk),
        ),
        page=lambda: render(
            request,
            "monitoring/thresholds.html",
            page_context(company, "table", form=form, record=record, current=current),
        ),
    )
