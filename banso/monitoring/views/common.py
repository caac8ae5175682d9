"""What every monitoring page needs: the company (through the access rule) and the page context.

Who may change what is in banso/monitoring/permissions.py; the loaders are in banso/monitoring/queries.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from banso.companies.models import Company
from banso.core.errors import ConflictError, DomainError
from banso.core.forms import add_domain_errors, posted_version
from banso.core.job_views import follow_started_job
from banso.core.spreadsheets import UploadError
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.monitoring import queries
from banso.monitoring.domain.actuals import period_label
from banso.monitoring.engines.imports import ImportProblem
from banso.monitoring.forms.grids import sheet_version_of
from banso.monitoring.permissions import ensure_may_edit


def company_for(request, company_pk: int) -> Company:
    """The company if the signed-in member may see it (else 404), with what the header shows."""
    return queries.company_or_404(request.membership, company_pk)


def page_context(company: Company, section: str, **extra) -> dict:
    return {"company": company, "tab": "monitoring", "section": section, **extra}


def _attempt(form, call):
    """(result, refusal) of run_domain: the refusal is the domain's exception (None otherwise)."""
    if not form.is_valid():
        return None, None
    try:
        result = call(form.cleaned_data)
    except (ValidationError, DomainError) as exc:
        add_domain_errors(form, exc)
        return None, exc
    return (True if result is None else result), None


def run_domain(form, call):
    """Run the domain call `call(cleaned_data)` for a valid form and return what it returns (True for a
    call that returns nothing, e.g. a delete); None when the form is invalid or the domain refuses, with
    what it refuses on the form."""
    return _attempt(form, call)[0]


def run_domain_with_status(request, form, call) -> tuple[object | None, int]:
    """run_domain on POST, with the status of the page shown again: (result, 200) when the domain
    accepted (and (None, 200) on GET); (None, 400) for an invalid form or a refusal; (None, 409) when
    the record changed since the form was opened (ConflictError)."""
    if request.method != "POST":
        return None, 200
    result, refusal = _attempt(form, call)
    if result is not None:
        return result, 200
    return None, 409 if isinstance(refusal, ConflictError) else 400


# ---- a monthly sheet's rows and grid (KPI管理シート, 売上構成比・粗利管理表) --------------------------


@dataclass(frozen=True)
class SheetRowPages:
    """The add and edit pages of one kind of sheet row (a KPI, a 売上区分): what the messages call it
    (`word`), the model (for may_edit), the form (with domain_fields()), the loader (queries.*_or_404),
    the domain's create and update, the section (also the sheet's URL name), the form template and the
    name of the edited row in its context."""

    word: str
    model: type
    form: type
    load: Callable
    create: Callable
    update: Callable
    section: str
    template: str
    row_name: str


def _sheet_row_saved(request, company, pages: SheetRowPages, message: str):
    messages.success(request, message)
    return redirect(org_reverse(request, f"monitoring:{pages.section}", company_pk=company.pk))


def add_sheet_row(request, company_pk: int, pages: SheetRowPages):
    """GET the empty form; POST adds the row (last of the sheet) and goes back to the sheet."""
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, pages.model)
    form = pages.form(request.POST or None)
    if request.method == "POST":
        row = run_domain(form, lambda data: pages.create(company, by=request.user, **form.domain_fields()))
        if row is not None:
            return _sheet_row_saved(request, company, pages, f"{pages.word}「{row.name}」を追加しました。")
    return render(request, pages.template, page_context(company, pages.section, form=form))


def edit_sheet_row(request, company_pk: int, pk: int, pages: SheetRowPages):
    """GET the row's form; POST saves it against the version it was opened at."""
    company = company_for(request, company_pk)
    row = pages.load(request.membership, company, pk)
    ensure_may_edit(request.membership, company, pages.model)
    form = pages.form(request.POST or None, instance=row)
    if request.method == "POST":
        saved = run_domain(
            form,
            lambda data: pages.update(
                row, by=request.user, expected_version=data["version"], **form.domain_fields()
            ),
        )
        if saved is not None:
            return _sheet_row_saved(request, company, pages, f"{pages.word}「{saved.name}」を保存しました。")
    context = page_context(company, pages.section, form=form, **{pages.row_name: row})
    return render(request, pages.template, context)


SHEET_VERSION_MISSING = (
    "どの時点の表を編集したかが確認できないため、保存していません。表を開き直してください。"
)


def save_sheet(request, grid, save) -> tuple[int | None, list[str]]:
    """The POST of a sheet's grid: `save(values, expected_sheet_version)` (the domain's save) for a valid
    grid posted with the sheet version it was opened at. Returns (rows changed, []) when saved, else
    (None, the messages for the page: no version or the domain's refusal, then the grid's own)."""
    errors: list[str] = []
    expected = sheet_version_of(request.POST)
    if expected is None:
        errors.append(SHEET_VERSION_MISSING)
    elif grid.is_valid():
        try:
            return save(grid.values, expected), []
        except (ValidationError, DomainError) as exc:
            errors.extend(exc.messages if isinstance(exc, ValidationError) else [exc.message])
    errors.extend(grid.errors)
    return None, errors


# ---- the upload of an import file (会計データ and 売上構成表 alike) -----------------------------------


def start_import(request, form, start):
    """The upload form's page: on POST, `start(cleaned_data)` starts the job that reads the file in the
    background worker, and the response goes on to its job page (the progress, then the preview).
    Returns (response, problems, status): a response to return, or the upload page's problems and
    status (200 on GET; 400 for an invalid form, 413 for a file too large, the job's refusal)."""
    if request.method != "POST":
        return None, [], 200
    if not form.is_valid():
        return None, [], 400
    try:
        job = start(form.cleaned_data)
    except (UploadError, ImportProblem) as exc:
        return None, [exc.message], exc.status
    except DomainError as exc:
        return None, [exc.message], 400
    response, refusal = follow_started_job(request, job)
    if response is not None:
        return response, [], 200
    return None, [refusal[0]], refusal[1]


# ---- 取り込む / 取りやめる of a waiting import (会計データ and 売上構成表 alike) ---------------------


@dataclass(frozen=True)
class WaitingImportPages:
    """One kind of waiting import as its confirm/discard views see it: the loader (queries.*_or_404),
    the model (for may_edit), the domain's commit and discard, the preview page (template, section,
    context builder), the page a discard goes back to, and after a commit the message
    (`committed_message(outcome, period)`) and the page by fiscal year that shows what was written."""

    load: Callable
    model: type
    commit: Callable
    discard: Callable
    preview_template: str
    preview_context: Callable
    section: str
    back: str
    committed_message: Callable
    committed_page: str


def _waiting_import(request, company_pk: int, pk: int, pages: WaitingImportPages):
    """(company, import, refusal): 404 for an import the member may not see, 403 without the right
    to change it, and a refusal response for anything but POST."""
    company = company_for(request, company_pk)
    import_ = pages.load(request.membership, company, pk)
    ensure_may_edit(request.membership, company, pages.model)
    import_.company = company
    return company, import_, refuse_unless_post(request)


def confirm_import(request, company_pk: int, pk: int, pages: WaitingImportPages, **commit_args):
    """POST 取り込む: the domain's commit with the posted version (and `commit_args`); on success the
    message and the page of what was written (the fiscal year of the last month), on a refusal the
    preview again with the message (409 when the import changed meanwhile, else 400)."""
    company, import_, refusal = _waiting_import(request, company_pk, pk, pages)
    if refusal:
        return refusal
    try:
        outcome = pages.commit(
            import_,
            by=request.user,
            expected_version=posted_version(request.POST.get("version")),
            **commit_args,
        )
    except DomainError as exc:
        import_.refresh_from_db()
        import_.company = company
        context = page_context(
            company,
            pages.section,
            problems=[exc.message],
            can_edit=True,
            **pages.preview_context(company, import_),
        )
        status = 409 if isinstance(exc, ConflictError) else 400
        return render(request, pages.preview_template, context, status=status)
    months = outcome.months
    messages.success(request, pages.committed_message(outcome, period_label(months)))
    url = org_reverse(request, pages.committed_page, company_pk=company.pk)
    return redirect(f"{url}?fy={months[-1].fiscal_year(company.fiscal_year_end_month)}")


def discard_import(request, company_pk: int, pk: int, pages: WaitingImportPages):
    """POST 取りやめる: the import is set aside (nothing written) and the member goes back."""
    company, import_, refusal = _waiting_import(request, company_pk, pk, pages)
    if refusal:
        return refusal
    try:
        pages.discard(import_, by=request.user, expected_version=posted_version(request.POST.get("version")))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, f"「{import_.filename}」の取込を取りやめました（何も書き込んでいません）。")
    return redirect(org_reverse(request, pages.back, company_pk=company.pk))
