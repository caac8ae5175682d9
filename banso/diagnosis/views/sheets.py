"""4つの視点・商流 (non-financial sheet) and 経営デザインシート: dated versions, edit, compare, PDF, Excel."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.access import get_visible_or_404
from banso.core.charts import svg_data_uri
from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.issue_targets import issue_targets
from banso.core.urls import org_reverse
from banso.diagnosis.domain import sheets as domain
from banso.diagnosis.engines.compare import compare_design, compare_non_financial, ordered_pair
from banso.diagnosis.engines.flow_diagram import sheet_flow_drawing
from banso.diagnosis.engines.sheet_items import DESIGN_BOXES, SUMMARY_SECTION, VIEWPOINT_SECTIONS
from banso.diagnosis.exports.sheets import (
    DesignSheetPdf,
    DesignSheetXlsx,
    NonFinancialSheetPdf,
    NonFinancialSheetXlsx,
)
from banso.diagnosis.forms import (
    DesignSheetForm,
    NonFinancialSheetForm,
    counterparty_formset,
    formset_rows,
    step_formset,
)
from banso.diagnosis.models import DesignSheet, NonFinancialSheet
from banso.diagnosis.views.common import company_for, ensure_may_edit, may_edit, page_context

# --- 4つの視点・商流 ------------------------------------------------------------------------------------


def _sheets(company):
    return NonFinancialSheet.objects.filter(company=company).prefetch_related("steps", "counterparties")


def _sheet(request, company, pk) -> NonFinancialSheet:
    return get_visible_or_404(_sheets(company).select_related("company"), request.membership, pk=pk)


def _viewpoint_sections(sheet):
    return [
        (section, [(item, sheet.answer(item.key)) for item in section.items])
        for section in VIEWPOINT_SECTIONS
    ]


def _sheet_page(request, company, sheet):
    versions = list(NonFinancialSheet.objects.filter(company=company).only("pk", "as_of", "company_id"))
    context = page_context(
        company,
        "sheets",
        sheet=sheet,
        versions=versions,
        can_edit=may_edit(request, company, NonFinancialSheet),
    )
    if sheet is not None:
        context.update(
            flow=svg_data_uri(sheet_flow_drawing(sheet)),
            sections=_viewpoint_sections(sheet),
            summary=[(item, sheet.answer(item.key)) for item in SUMMARY_SECTION.items],
            surface_issues=domain.surface_issues(sheet),
            issue_targets=issue_targets(request, company),
        )
    return render(request, "diagnosis/sheet_detail.html", context)


def sheet_home(request, company_pk):
    company = company_for(request, company_pk)
    return _sheet_page(request, company, _sheets(company).first())


def sheet_detail(request, company_pk, pk):
    company = company_for(request, company_pk)
    return _sheet_page(request, company, _sheet(request, company, pk))


def _sheet_form_page(request, company, *, sheet=None, initial_source=None):
    source = sheet or initial_source
    steps_initial = (
        [
            {"name": s.name, "activity": s.activity, "differentiation": s.differentiation}
            for s in source.steps.all()
        ]
        if source
        else []
    )
    parties_initial = (
        [{"kind": c.kind, "name": c.name, "reason": c.reason} for c in source.counterparties.all()]
        if source
        else []
    )
    data = request.POST if request.method == "POST" else None
    form = NonFinancialSheetForm(data, sheet=sheet, source=source)
    steps = step_formset(data, steps_initial)
    parties = counterparty_formset(data, parties_initial)
    if data is not None and form.is_valid() and steps.is_valid() and parties.is_valid():
        try:
            if sheet is None:
                saved = domain.create_non_financial_sheet(
                    company,
                    by=request.user,
                    as_of=form.cleaned_data["as_of"],
                    answers=form.answers(),
                    steps=formset_rows(steps),
                    counterparties=formset_rows(parties),
                )
                messages.success(request, "非財務シートの新しい版を作成しました。")
            else:
                saved = domain.update_non_financial_sheet(
                    sheet,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    as_of=form.cleaned_data["as_of"],
                    answers=form.answers(),
                    steps=formset_rows(steps),
                    counterparties=formset_rows(parties),
                )
                messages.success(request, "非財務シートを保存しました。")
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            return redirect(
                org_reverse(request, "diagnosis:sheet_detail", company_pk=company.pk, pk=saved.pk)
            )
    return render(
        request,
        "diagnosis/sheet_form.html",
        page_context(
            company,
            "sheets",
            form=form,
            steps=steps,
            parties=parties,
            sheet=sheet,
            copied_from=initial_source,
        ),
    )


@require_http_methods(["GET", "POST"])
def sheet_create(request, company_pk):
    company = company_for(request, company_pk)
    ensure_may_edit(request, company, NonFinancialSheet)
    return _sheet_form_page(request, company, initial_source=_sheets(company).first())


@require_http_methods(["GET", "POST"])
def sheet_edit(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _sheet(request, company, pk)
    ensure_may_edit(request, company, NonFinancialSheet)
    return _sheet_form_page(request, company, sheet=sheet)


@require_http_methods(["GET", "POST"])
def sheet_delete(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _sheet(request, company, pk)
    ensure_may_edit(request, company, NonFinancialSheet)
    if request.method == "POST":
        domain.delete_non_financial_sheet(sheet, by=request.user)
        messages.success(request, f"{sheet.as_of:%Y/%m/%d}付けの非財務シートを削除しました。")
        return redirect(org_reverse(request, "diagnosis:sheets", company_pk=company.pk))
    return render(
        request,
        "diagnosis/confirm_delete.html",
        page_context(
            company,
            "sheets",
            title=f"{sheet.as_of:%Y/%m/%d}付けの非財務シート",
            cancel=org_reverse(request, "diagnosis:sheet_detail", company_pk=company.pk, pk=sheet.pk),
        ),
    )


def sheet_pdf(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _sheet(request, company, pk)
    export = NonFinancialSheetPdf().render(sheet=sheet, organization_name=request.organization.name)
    return serve_export(
        request,
        export,
        kind="diagnosis.non_financial_sheet.pdf",
        company=company,
        obj=sheet,
        inline=request.GET.get("inline") == "1",
    )


def sheet_xlsx(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _sheet(request, company, pk)
    return serve_export(
        request,
        NonFinancialSheetXlsx().render(sheet=sheet),
        kind="diagnosis.non_financial_sheet.xlsx",
        company=company,
        obj=sheet,
    )


def _pair(request, queryset):
    """The two versions named by ?a=&b= (default: the two newest), oldest first; None when < 2 exist."""
    versions = list(queryset)
    if len(versions) < 2:
        return versions, None
    by_pk = {v.pk: v for v in versions}

    def pick(name, default):
        raw = request.GET.get(name, "")
        return by_pk.get(int(raw)) if raw.isdigit() and int(raw) in by_pk else default

    first, second = pick("a", versions[1]), pick("b", versions[0])
    return versions, ordered_pair(first, second)


def sheet_compare(request, company_pk):
    company = company_for(request, company_pk)
    versions, pair = _pair(request, _sheets(company))
    rows = compare_non_financial(*pair) if pair else []
    return render(
        request,
        "diagnosis/compare.html",
        page_context(
            company,
            "sheets",
            title="非財務シートの比較",
            versions=versions,
            pair=pair,
            rows=rows,
            back=org_reverse(request, "diagnosis:sheets", company_pk=company.pk),
        ),
    )


# --- 経営デザインシート ----------------------------------------------------------------------------------


def _designs(company):
    return DesignSheet.objects.filter(company=company)


def _design(request, company, pk) -> DesignSheet:
    return get_visible_or_404(_designs(company).select_related("company"), request.membership, pk=pk)


def _design_page(request, company, sheet):
    versions = list(_designs(company).only("pk", "as_of", "title", "company_id"))
    boxes = []
    if sheet is not None:
        boxes = [(box, [(item, getattr(sheet, item.key)) for item in box.fields]) for box in DESIGN_BOXES]
    return render(
        request,
        "diagnosis/design_detail.html",
        page_context(
            company,
            "design",
            sheet=sheet,
            versions=versions,
            boxes=boxes,
            can_edit=may_edit(request, company, DesignSheet),
        ),
    )


def design_home(request, company_pk):
    company = company_for(request, company_pk)
    return _design_page(request, company, _designs(company).first())


def design_detail(request, company_pk, pk):
    company = company_for(request, company_pk)
    return _design_page(request, company, _design(request, company, pk))


@require_http_methods(["GET", "POST"])
def design_create(request, company_pk):
    company = company_for(request, company_pk)
    ensure_may_edit(request, company, DesignSheet)
    latest = _designs(company).first()
    initial = {}
    if latest is not None:
        initial = {name: getattr(latest, name) for name in DesignSheetForm.Meta.fields if name != "as_of"}
    form = DesignSheetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = domain.create_design_sheet(
                company, by=request.user, as_of=form.cleaned_data["as_of"], **form.domain_fields()
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "経営デザインシートの新しい版を作成しました。")
            return redirect(
                org_reverse(request, "diagnosis:design_detail", company_pk=company.pk, pk=sheet.pk)
            )
    return render(
        request,
        "diagnosis/design_form.html",
        page_context(company, "design", form=form, sheet=None, copied_from=latest),
    )


@require_http_methods(["GET", "POST"])
def design_edit(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _design(request, company, pk)
    ensure_may_edit(request, company, DesignSheet)
    form = DesignSheetForm(request.POST or None, instance=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_design_sheet(
                sheet,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                as_of=form.cleaned_data["as_of"],
                **form.domain_fields(),
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "経営デザインシートを保存しました。")
            return redirect(
                org_reverse(request, "diagnosis:design_detail", company_pk=company.pk, pk=sheet.pk)
            )
    return render(
        request, "diagnosis/design_form.html", page_context(company, "design", form=form, sheet=sheet)
    )


@require_http_methods(["GET", "POST"])
def design_delete(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _design(request, company, pk)
    ensure_may_edit(request, company, DesignSheet)
    if request.method == "POST":
        domain.delete_design_sheet(sheet, by=request.user)
        messages.success(request, f"{sheet.as_of:%Y/%m/%d}付けの経営デザインシートを削除しました。")
        return redirect(org_reverse(request, "diagnosis:designs", company_pk=company.pk))
    return render(
        request,
        "diagnosis/confirm_delete.html",
        page_context(
            company,
            "design",
            title=f"{sheet.as_of:%Y/%m/%d}付けの経営デザインシート",
            cancel=org_reverse(request, "diagnosis:design_detail", company_pk=company.pk, pk=sheet.pk),
        ),
    )


def design_pdf(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _design(request, company, pk)
    export = DesignSheetPdf().render(sheet=sheet, organization_name=request.organization.name)
    return serve_export(
        request,
        export,
        kind="diagnosis.design_sheet.pdf",
        company=company,
        obj=sheet,
        inline=request.GET.get("inline") == "1",
    )


def design_xlsx(request, company_pk, pk):
    company = company_for(request, company_pk)
    sheet = _design(request, company, pk)
    return serve_export(
        request,
        DesignSheetXlsx().render(sheet=sheet),
        kind="diagnosis.design_sheet.xlsx",
        company=company,
        obj=sheet,
    )


def design_compare(request, company_pk):
    company = company_for(request, company_pk)
    versions, pair = _pair(request, _designs(company))
    rows = compare_design(*pair) if pair else []
    return render(
        request,
        "diagnosis/compare.html",
        page_context(
            company,
            "design",
            title="経営デザインシートの比較",
            versions=versions,
            pair=pair,
            rows=rows,
            back=org_reverse(request, "diagnosis:designs", company_pk=company.pk),
        ),
    )
