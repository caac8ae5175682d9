"""モニタリング報告書 pages: the company's reports (drafts and issued, with SHA-256), a new report
(period + plan version), the draft editor (one textarea per sentence, the lenders' request), 最新の数値に
更新, プレビュー (PDF inline), 発行する (one confirm), and the issued files' downloads (logged)."""

from __future__ import annotations

from contextlib import suppress

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from banso.core.access import not_found_message
from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.monitoring import queries
from banso.monitoring.domain import reports as domain
from banso.monitoring.engines.months import Month, MonthError, fiscal_year_start
from banso.monitoring.forms.reports import ReportCreateForm, ReportEditForm
from banso.monitoring.issued_files import issued_file, serve_issued_file
from banso.monitoring.models import MonitoringReport, PlanVersion
from banso.monitoring.permissions import ensure_may_issue_report, may_issue_report
from banso.monitoring.views.common import company_for, page_context

DRAFTED_MESSAGE = "報告書の下書きを作成しました。文章を確認・編集してから発行してください。"
NO_VERSION_MESSAGE = "どの時点の内容か確認できないため、実行していません。画面を開き直してください。"
ISSUED_MESSAGE = "報告書を発行しました。PDF と Excel をダウンロードできます。"


def _subnav_plan(company, report=None):
    """The plan the 経営改善計画 tab links to (monitoring/_subnav.html): the report's plan, else the
    company's only plan (as on the monitoring home), else None (the tab then links to the plan list)."""
    if report is not None:
        return report.plan_version.plan
    plans = list(queries.plans(company)[:2])
    return plans[0] if len(plans) == 1 else None


def _detail_url(request, report):
    return org_reverse(request, "monitoring:report_detail", company_pk=report.company_id, pk=report.pk)


@login_required
@require_GET
def report_list(request, company_pk: int):
    company = company_for(request, company_pk)
    reports = (
        MonitoringReport.objects.filter(company=company)
        .select_related("plan_version__plan", "issued_by")
        .order_by("-to_month", "-id")
    )
    rows = [{"report": r, "period": domain.period_label(r)} for r in reports]
    context = page_context(
        company,
        "reports",
        rows=rows,
        can_issue=may_issue_report(request.membership, company),
        plan=_subnav_plan(company),
    )
    return render(request, "monitoring/report_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, company_pk: int):
    company = company_for(request, company_pk)
    ensure_may_issue_report(request.membership, company)
    versions = list(
        PlanVersion.objects.filter(plan__company=company)
        .select_related("plan")
        .order_by("plan_id", "-number")
    )
    initial = {}
    default = domain.default_plan_version(company)
    if default is not None:
        initial["plan_version"] = default.pk
    latest = queries.latest_actual_month(company)
    with suppress(MonthError):  # from the month's review: ?to=YYYY-MM (the month reviewed)
        latest = Month.parse(request.GET["to"]) if request.GET.get("to") else latest
    if latest is not None:
        end_month = company.fiscal_year_end_month
        initial["to_month"] = str(latest)
        initial["from_month"] = str(fiscal_year_start(latest.fiscal_year(end_month), end_month))
    form = ReportCreateForm(request.POST or None, versions=versions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = domain.draft_report(
                company,
                by=request.user,
                from_month=form.cleaned_data["from_month"],
                to_month=form.cleaned_data["to_month"],
                plan_version=form.cleaned_data["plan_version"],
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request, "報告書の下書きを作成しました。文章を確認・編集してから発行してください。"
            )
            return redirect(_detail_url(request, report))
    context = page_context(
        company, "reports", form=form, has_versions=bool(versions), plan=_subnav_plan(company)
    )
    return render(request, "monitoring/report_create.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, company_pk: int, pk: int):
    company = company_for(request, company_pk)
    report = queries.report_or_404(request.membership, company, pk)
    can_issue = may_issue_report(request.membership, company)
    form = None
    if not report.is_issued and can_issue:
        form = ReportEditForm(
            request.POST if request.method == "POST" else None,
            report=report,
            items=domain.sentence_items(report),
        )
    if request.method == "POST":
        ensure_may_issue_report(request.membership, company)
        if form is None:
            messages.error(request, domain.ISSUED_MESSAGE)
            return redirect(_detail_url(request, report))
        if form.is_valid():
            try:
                domain.edit_report(
                    report,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    sentences=form.sentences(),
                    lender_request=form.cleaned_data["lender_request"],
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, "報告書の文章を保存しました。")
                return redirect(_detail_url(request, report))
    context = page_context(
        company,
        "reports",
        report=report,
        plan=_subnav_plan(company, report),
        form=form,
        can_issue=can_issue,
        period=domain.period_label(report),
        items=domain.sentence_items(report),
    )
    return render(request, "monitoring/report_detail.html", context)


def _post_action(request, company_pk: int, pk: int, action, success: str):
    """A POST-only action on a draft: access first (404 / 403), then the method (405)."""
    company = company_for(request, company_pk)
    report = queries.report_or_404(request.membership, company, pk)
    ensure_may_issue_report(request.membership, company)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(
            request, "どの時点の内容か確認できないため、実行していません。画面を開き直してください。"
        )
        return redirect(_detail_url(request, report))
    try:
        action(report, by=request.user, expected_version=version)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(_detail_url(request, report))


@login_required
def report_refresh(request, company_pk: int, pk: int):
    return _post_action(
        request, company_pk, pk, domain.refresh_report, "最新の計画と実績で数値と文章を作り直しました。"
    )


@login_required
def report_issue(request, company_pk: int, pk: int):
    return _post_action(
        request,
        company_pk,
        pk,
        domain.issue_report,
        "報告書を発行しました。PDF と Excel をダウンロードできます。",
    )


@login_required
@require_GET
def report_preview(request, company_pk: int, pk: int):
    """The PDF as it stands, shown inline: a draft from its stored figures; an issued report's stored
    file."""
    company = company_for(request, company_pk)
    report = queries.report_or_404(request.membership, company, pk)
    if report.is_issued:
        return _serve_stored(request, company, report, "pdf", inline=True)
    export = domain.preview_pdf(report)
    return serve_export(
        request, export, kind="monitoring.report.preview", company=company, obj=report, inline=True
    )


def _serve_stored(request, company, report, kind: str, *, inline: bool = False):
    file = issued_file(report, kind)
    if file is None:
        raise Http404(not_found_message("報告書のファイル"))
    return serve_issued_file(request, company, file, report, inline=inline)


def _issued_file(request, company_pk: int, pk: int, kind: str):
    company = company_for(request, company_pk)
    report = queries.report_or_404(request.membership, company, pk)
    if not report.is_issued:
        messages.warning(request, "発行前の報告書はダウンロードできません。プレビューで確認してください。")
        return redirect(_detail_url(request, report))
    return _serve_stored(request, company, report, kind)


@login_required
@require_GET
def report_pdf(request, company_pk: int, pk: int):
    return _issued_file(request, company_pk, pk, "pdf")


@login_required
@require_GET
def report_xlsx(request, company_pk: int, pk: int):
    return _issued_file(request, company_pk, pk, "xlsx")
