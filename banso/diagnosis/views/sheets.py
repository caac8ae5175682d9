"""4つの視点・商流 (non-financial sheet) and 経営デザインシート: dated versions of a sheet for a company.

Both kinds have the same pages: the latest version, one version, a new version (a copy of the
latest), edit, delete, two versions compared, PDF and Excel. One set of view functions serves both;
what differs between the kinds (model, loaders, form, templates, labels, domain functions, exporters)
is described once in a `SheetKind`, and `urls.py` passes the kind to each view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.charts import svg_data_uri
from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.exporters import Exporter
from banso.core.forms import add_domain_errors
from banso.core.issue_targets import issue_targets
from banso.core.urls import org_reverse
from banso.diagnosis import queries
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
from banso.diagnosis.permissions import ensure_may_edit, may_edit
from banso.diagnosis.views.common import company_for, page_context

# --- the editors: a kind's form(s), bound to the request data, and the domain calls that save them ----


class NonFinancialEditor:
    """The 4つの視点 answers plus the two row tables (業務フロー, 商流)."""

    def __init__(self, data, *, sheet=None, source=None):
        source = sheet or source
        steps = [
            {"name": s.name, "activity": s.activity, "differentiation": s.differentiation}
            for s in (source.steps.all() if source else [])
        ]
        parties = [
            {"kind": c.kind, "name": c.name, "reason": c.reason}
            for c in (source.counterparties.all() if source else [])
        ]
        # A new version is prefilled from the latest one and dated today; only an edit names a version.
        self.form = NonFinancialSheetForm(data, sheet=sheet, source=source)
        self.steps = step_formset(data, steps)
        self.parties = counterparty_formset(data, parties)

    def context(self) -> dict:
        return {"steps": self.steps, "parties": self.parties}

    def is_valid(self) -> bool:
        return self.form.is_valid() and self.steps.is_valid() and self.parties.is_valid()

    def _content(self) -> dict:
        return {
            "as_of": self.form.cleaned_data["as_of"],
            "answers": self.form.answers(),
            "steps": formset_rows(self.steps),
            "counterparties": formset_rows(self.parties),
        }

    def create(self, company, *, by):
        return domain.create_non_financial_sheet(company, by=by, **self._content())

    def update(self, sheet, *, by):
        return domain.update_non_financial_sheet(
            sheet, by=by, expected_version=self.form.cleaned_data["version"], **self._content()
        )


class DesignEditor:
    """The twelve boxes A–D and a title, one model form."""

    def __init__(self, data, *, sheet=None, source=None):
        data = data or None  # an empty POST shows the form as a GET does
        if sheet is not None:
            self.form = DesignSheetForm(data, instance=sheet)
        else:
            initial = {}
            if source is not None:
                fields = DesignSheetForm.Meta.fields
                initial = {name: getattr(source, name) for name in fields if name != "as_of"}
            self.form = DesignSheetForm(data, initial=initial)

    def context(self) -> dict:
        return {}

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def create(self, company, *, by):
        return domain.create_design_sheet(
            company, by=by, as_of=self.form.cleaned_data["as_of"], **self.form.domain_fields()
        )

    def update(self, sheet, *, by):
        return domain.update_design_sheet(
            sheet,
            by=by,
            expected_version=self.form.cleaned_data["version"],
            as_of=self.form.cleaned_data["as_of"],
            **self.form.domain_fields(),
        )


# --- what a version's page shows beyond the common head ---------------------------------------------


def _non_financial_details(request, company, sheet) -> dict:
    if sheet is None:
        return {}
    return {
        "flow": svg_data_uri(sheet_flow_drawing(sheet)),
        "sections": [
            (section, [(item, sheet.answer(item.key)) for item in section.items])
            for section in VIEWPOINT_SECTIONS
        ],
        "summary": [(item, sheet.answer(item.key)) for item in SUMMARY_SECTION.items],
        "surface_issues": domain.surface_issues(sheet),
        "issue_targets": issue_targets(request, company),
    }


def _design_details(request, company, sheet) -> dict:
    if sheet is None:
        return {"boxes": []}
    return {
        "boxes": [(box, [(item, getattr(sheet, item.key)) for item in box.fields]) for box in DESIGN_BOXES]
    }


# --- the kinds --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetKind:
    """Everything that differs between two kinds of dated sheet; the views below read nothing else."""

    model: type
    label: str  # in messages and titles: 「…付けの{label}を削除しました。」
    section: str  # the diagnosis sub-navigation entry
    list_url: str  # URL name of the latest version's page
    url_prefix: str  # other URL names are f"{url_prefix}_detail", "_edit", "_create", …
    export_kind: str  # download audit kinds: f"{export_kind}.pdf" / ".xlsx"
    detail_template: str
    form_template: str
    version_fields: tuple[str, ...]  # what the version list shows
    versions: Callable[[Any], Any]  # company -> its versions, newest first (diagnosis.queries)
    loader: Callable[..., Any]  # (membership, company, pk) -> one version or 404 (diagnosis.queries)
    details: Callable[[Any, Any, Any], dict]  # (request, company, sheet or None) -> extra context
    editor: Callable[..., Any]  # (data, *, sheet=None, source=None) -> NonFinancialEditor-like
    delete: Callable[..., None]  # domain function (sheet, *, by)
    compare: Callable[[Any, Any], list]  # engine: (older, newer) -> rows
    pdf: type[Exporter]
    xlsx: type[Exporter]

    @property
    def url_names(self) -> dict[str, str]:
        """The kind's URL names by action, for views and templates (`kind.url_names.edit`)."""
        actions = ("detail", "create", "edit", "delete", "compare", "pdf", "xlsx")
        return {"list": f"diagnosis:{self.list_url}"} | {
            a: f"diagnosis:{self.url_prefix}_{a}" for a in actions
        }

    def url(self, request, action: str, company, **kwargs) -> str:
        return org_reverse(request, self.url_names[action], company_pk=company.pk, **kwargs)

    def load(self, request, company, pk):
        """The version `pk` of this company if the member may see it, else 404."""
        return self.loader(request.membership, company, pk)


NON_FINANCIAL = SheetKind(
    model=NonFinancialSheet,
    label="非財務シート",
    section="sheets",
    list_url="sheets",
    url_prefix="sheet",
    export_kind="diagnosis.non_financial_sheet",
    detail_template="diagnosis/sheet_detail.html",
    form_template="diagnosis/sheet_form.html",
    version_fields=("pk", "as_of", "company_id"),
    versions=queries.non_financial_sheets,
    loader=queries.non_financial_sheet_or_404,
    details=_non_financial_details,
    editor=NonFinancialEditor,
    delete=domain.delete_non_financial_sheet,
    compare=compare_non_financial,
    pdf=NonFinancialSheetPdf,
    xlsx=NonFinancialSheetXlsx,
)

DESIGN = SheetKind(
    model=DesignSheet,
    label="経営デザインシート",
    section="design",
    list_url="designs",
    url_prefix="design",
    export_kind="diagnosis.design_sheet",
    detail_template="diagnosis/design_detail.html",
    form_template="diagnosis/design_form.html",
    version_fields=("pk", "as_of", "title", "company_id"),
    versions=queries.design_sheets,
    loader=queries.design_sheet_or_404,
    details=_design_details,
    editor=DesignEditor,
    delete=domain.delete_design_sheet,
    compare=compare_design,
    pdf=DesignSheetPdf,
    xlsx=DesignSheetXlsx,
)


# --- the views (urls.py passes `kind`) --------------------------------------------------------------


def _version_page(request, company, kind: SheetKind, sheet):
    versions = list(kind.versions(company).prefetch_related(None).only(*kind.version_fields))
    context = page_context(
        company,
        kind.section,
        kind=kind,
        sheet=sheet,
        versions=versions,
        can_edit=may_edit(request.membership, company, kind.model),
        **kind.details(request, company, sheet),
    )
    return render(request, kind.detail_template, context)


def latest(request, company_pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    return _version_page(request, company, kind, kind.versions(company).first())


def detail(request, company_pk, pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    return _version_page(request, company, kind, kind.load(request, company, pk))


def _form_page(request, company, kind: SheetKind, *, sheet=None, source=None):
    data = request.POST if request.method == "POST" else None
    editor = kind.editor(data, sheet=sheet, source=source)
    if data is not None and editor.is_valid():
        try:
            if sheet is None:
                saved = editor.create(company, by=request.user)
            else:
                saved = editor.update(sheet, by=request.user)
        except (ValidationError, DomainError) as exc:
            add_domain_errors(editor.form, exc)
        else:
            done = "の新しい版を作成しました。" if sheet is None else "を保存しました。"
            messages.success(request, f"{kind.label}{done}")
            return redirect(kind.url(request, "detail", company, pk=saved.pk))
    context = page_context(
        company,
        kind.section,
        kind=kind,
        form=editor.form,
        sheet=sheet,
        copied_from=source,
        **editor.context(),
    )
    return render(request, kind.form_template, context)


@require_http_methods(["GET", "POST"])
def create(request, company_pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, kind.model)
    return _form_page(request, company, kind, source=kind.versions(company).first())


@require_http_methods(["GET", "POST"])
def edit(request, company_pk, pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    sheet = kind.load(request, company, pk)
    ensure_may_edit(request.membership, company, kind.model)
    return _form_page(request, company, kind, sheet=sheet)


@require_http_methods(["GET", "POST"])
def delete(request, company_pk, pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    sheet = kind.load(request, company, pk)
    ensure_may_edit(request.membership, company, kind.model)
    title = f"{sheet.as_of:%Y/%m/%d}付けの{kind.label}"
    if request.method == "POST":
        kind.delete(sheet, by=request.user)
        messages.success(request, f"{title}を削除しました。")
        return redirect(kind.url(request, "list", company))
    return render(
        request,
        "diagnosis/confirm_delete.html",
        page_context(
            company, kind.section, title=title, cancel=kind.url(request, "detail", company, pk=sheet.pk)
        ),
    )


def pdf(request, company_pk, pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    sheet = kind.load(request, company, pk)
    export = kind.pdf().render(sheet=sheet, organization_name=request.organization.name)
    return serve_export(
        request,
        export,
        kind=f"{kind.export_kind}.pdf",
        company=company,
        obj=sheet,
        inline=request.GET.get("inline") == "1",
    )


def xlsx(request, company_pk, pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    sheet = kind.load(request, company, pk)
    return serve_export(
        request, kind.xlsx().render(sheet=sheet), kind=f"{kind.export_kind}.xlsx", company=company, obj=sheet
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


def compare(request, company_pk, *, kind: SheetKind):
    company = company_for(request, company_pk)
    versions, pair = _pair(request, kind.versions(company))
    return render(
        request,
        "diagnosis/compare.html",
        page_context(
            company,
            kind.section,
            title=f"{kind.label}の比較",
            versions=versions,
            pair=pair,
            rows=kind.compare(*pair) if pair else [],
            back=kind.url(request, "list", company),
        ),
    )
