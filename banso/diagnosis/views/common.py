"""What every diagnosis page needs: the company (through the access rule) and the write check."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from banso.companies.models import Company
from banso.companies.queries import visible_company_or_404
from banso.core.access import NOT_ALLOWED_MESSAGE, may_change, may_write


def company_for(request, company_pk: int) -> Company:
    """The company if the signed-in member may see it (else 404), with what the header shows."""
    return visible_company_or_404(request.membership, company_pk)


def may_edit(request, company: Company, model) -> bool:
    """Whether the member may change this company's records of `model` (role and assignment)."""
    return may_write(request.membership, model) and may_change(request.membership, company)


def ensure_may_edit(request, company: Company, model) -> None:
    if not may_edit(request, company, model):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)


def page_context(company: Company, section: str, **extra) -> dict:
    return {"company": company, "tab": "diagnosis", "section": section, **extra}
