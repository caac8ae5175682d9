"""What every monitoring page needs: the company (through the access rule) and the page context.

Who may change what is in banso/monitoring/permissions.py; the loaders are in banso/monitoring/queries.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render

from banso.companies.models import Company
from banso.core.errors import ConflictError, DomainError
from banso.core.forms import posted_version
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.monitoring import queries
from banso.monitoring.permissions import ensure_may_edit


def company_for(request, company_pk: int) -> Company:
    """The company if the signed-in member may see it (else 404), with what the header shows."""
    return queries.company_or_404(request.membership, company_pk)


def page_context(company: Company, section: str, **extra) -> dict:
    return {"company": company, "tab": "monitoring", "section": section, **extra}


# ---- 取り込む / 取りやめる of a waiting import (会計データ and 売上構成表 alike) ---------------------


@dataclass(frozen=True)
class WaitingImportPages:
    """One kind of waiting import as its confirm/discard views see it: the loader (queries.*_or_404),
    the model (for may_edit), the domain's commit and discard, the preview page (template, section,
    context builder) and the page a discard goes back to."""

    load: Callable
    model: type
    commit: Callable
    discard: Callable
    preview_template: str
    preview_context: Callable
    section: str
    back: str


def _waiting_import(request, company_pk: int, pk: int, pages: WaitingImportPages):
    """(company, import, refusal): 404 for an import the member may not see, 403 without the right
    to change it, and a refusal response for anything but POST."""
    company = company_for(request, company_pk)
    import_ = pages.load(request.membership, company, pk)
    ensure_may_edit(request.membership, company, pages.model)
    import_.company = company
    return company, import_, refuse_unless_post(request)


def confirm_import(request, company_pk: int, pk: int, pages: WaitingImportPages, *, done, **commit_args):
    """POST 取り込む: the domain's commit with the posted version (and `commit_args`); on success
    `done(company, outcome)` is the response, on a refusal the preview again with the message
    (409 when the import changed meanwhile, else 400)."""
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
    return done(company, outcome)


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
