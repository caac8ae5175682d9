"""What every monitoring page needs: the company (through the access rule) and the page context.

Who may change what is in banso/monitoring/permissions.py; the loaders are in banso/monitoring/queries.py."""

from __future__ import annotations

from banso.companies.models import Company
from banso.monitoring import queries


def company_for(request, company_pk: int) -> Company:
    """The company if the signed-in member may see it (else 404), with what the header shows."""
    return queries.company_or_404(request.membership, company_pk)


def page_context(company: Company, section: str, **extra) -> dict:
    return {"company": company, "tab": "monitoring", "section": section, **extra}
