"""決算書: the list of years, the entry form, the Excel template and import, delete."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.downloads import serve_export
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.spreadsheets import UploadError, read_upload
from banso.core.urls import org_reverse
from banso.diagnosis import queries
from banso.diagnosis.domain import statements as domain
from banso.diagnosis.engines.statement_lines import LINES
from banso.diagnosis.forms import StatementForm, StatementImportForm
from banso.diagnosis.models import FinancialStatement
from banso.diagnosis.permissions import ensure_may_edit, may_edit
from banso.diagnosis.statement_xlsx import (
    TEMPLATE_MAX_BYTES,
    StatementImportError,
    build_template,
    read_statements,
)
from banso.diagnosis.views.common import company_for, page_context

# Lines shown in the list (千円), the ones the indicators lean on most.
LIST_LINES = ("net_sales", "operating_income", "depreciation", "total_assets", "net_assets")


def statement_list(request, company_pk):
    company = company_for(request, company_pk)
    statements = list(company.financial_statements.all())
    columns = [line for line in LINES if line.key in LIST_LINES]
    rows = [(s, [(line.label, getattr(s, line.key)) for line in columns]) for s in statements]
    return render(
        request,
        "diagnosis/statement_list.html",
        page_context(
            company,
            "statements",
            rows=rows,
            columns=columns,
            can_edit=may_edit(request.membership, company, FinancialStatement),
        ),
    )


def _final_or_draft(request) -> str:
    return domain.DRAFT if request.POST.get("action") == "draft" else domain.FINAL


def _after_save(request, company, outcome) -> None:
    statement = outcome.statement
    if statement.is_final:
        messages.success(
            request,
            f"{statement.fiscal_year_label}の決算書を確定しました。ローカルベンチマークに反映しています。",
        )
    else:
        problems = " ".join(outcome.check.messages())
        messages.warning(
            request,
            f"{statement.fiscal_year_label}の決算書を下書きとして保存しました。下書きは評価しません。"
            + (f"確認事項: {problems}" if problems else ""),
        )


def _form_page(request, company, statement=None):
    """The entry form of a new year (`statement` None) or of an existing one; a valid POST saves it
    as confirmed or, with action=draft, as a draft, and returns to the list."""
    form = StatementForm(request.POST or None, statement=statement)
    if request.method == "POST" and form.is_valid():
        if statement is None:
            target = {"fiscal_year": form.cleaned_data["fiscal_year"], "create_only": True}
        else:
            target = {
                "fiscal_year": statement.fiscal_year,
                "expected_version": form.cleaned_data.get("version"),
            }
        try:
            outcome = domain.save_statement(
                company,
                by=request.user,
                values=form.values(),
                employees=form.cleaned_data["employees"],
                status=_final_or_draft(request),
                source_note=form.cleaned_data["source_note"],
                **target,
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            _after_save(request, company, outcome)
            return redirect(org_reverse(request, "diagnosis:statements", company_pk=company.pk))
    return render(
        request,
        "diagnosis/statement_form.html",
        page_context(company, "statements", form=form, statement=statement),
    )


@require_http_methods(["GET", "POST"])
def statement_create(request, company_pk):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, FinancialStatement)
    return _form_page(request, company)


@require_http_methods(["GET", "POST"])
def statement_edit(request, company_pk, fiscal_year):
    company = company_for(request, company_pk)
    statement = queries.statement_or_404(company, fiscal_year)
    ensure_may_edit(request.membership, company, FinancialStatement)
    return _form_page(request, company, statement)


@require_http_methods(["GET", "POST"])
def statement_delete(request, company_pk, fiscal_year):
    company = company_for(request, company_pk)
    statement = queries.statement_or_404(company, fiscal_year)
    ensure_may_edit(request.membership, company, FinancialStatement)
    if request.method == "POST":
        label = statement.fiscal_year_label
        domain.delete_statement(statement, by=request.user)
        messages.success(request, f"{label}の決算書を削除しました。")
        return redirect(org_reverse(request, "diagnosis:statements", company_pk=company.pk))
    return render(
        request, "diagnosis/statement_delete.html", page_context(company, "statements", statement=statement)
    )


def statement_template(request, company_pk):
    company = company_for(request, company_pk)
    return serve_export(
        request,
        build_template(company, company.financial_statements.all()),
        kind="diagnosis.statement_template.xlsx",
        company=company,
    )


@require_http_methods(["GET", "POST"])
def statement_import(request, company_pk):
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, FinancialStatement)
    form = StatementImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200  # a POST that gets here was refused
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = min(settings.BANSO_MAX_UPLOAD_BYTES, TEMPLATE_MAX_BYTES)
        try:
            years = read_statements(read_upload(upload, max_bytes=limit), max_bytes=limit)
            outcomes = domain.import_statements(
                company,
                by=request.user,
                years=years,
                overwrite=form.cleaned_data["overwrite"],
                source=f"Excel「{upload.name}」"[:120],
            )
        except UploadError as exc:
            problems, status = [exc.message], exc.status
        except StatementImportError as exc:
            problems, status = exc.messages, exc.status
        except DomainError as exc:
            problems = [exc.message]
        else:
            finals = [o.statement.fiscal_year_label for o in outcomes if o.statement.is_final]
            drafts = [o for o in outcomes if not o.statement.is_final]
            if finals:
                messages.success(request, f"{'、'.join(finals)}の決算書を取り込み、確定しました。")
            for outcome in drafts:
                messages.warning(
                    request,
                    f"{outcome.statement.fiscal_year_label}は確認事項があるため下書きとして取り込みました"
                    f"（評価しません）: {' '.join(outcome.check.messages())}",
                )
            return redirect(org_reverse(request, "diagnosis:statements", company_pk=company.pk))
    return render(
        request,
        "diagnosis/statement_import.html",
        page_context(company, "statements", form=form, problems=problems),
        status=status,
    )
