"""What a member may see of a company's diagnosis records, and the one loader per object.

Pages and the API load through these functions, so both answer a missing or foreign object the
same way (404, with the same Japanese message). The company itself is loaded first with
`banso.companies.queries.visible_company_or_404`; everything here is scoped to that company.
"""

from __future__ import annotations

from banso.core import fiscal
from banso.core.access import MembershipLike, NamedNotFound, get_visible_or_404
from banso.diagnosis.models import DesignSheet, FinancialStatement, NonFinancialSheet


def missing_statement_message(company, fiscal_year: int) -> str:
    label = fiscal.fiscal_year_label(fiscal_year, company.fiscal_year_end_month)
    return f"{label}の決算書は登録されていません。"


def statement_or_404(company, fiscal_year: int) -> FinancialStatement:
    """The company's statement of `fiscal_year` (the calendar year its 決算月 falls in), else 404."""
    statement = company.financial_statements.filter(fiscal_year=fiscal_year).first()
    if statement is None:
        raise NamedNotFound(missing_statement_message(company, fiscal_year))
    return statement


def non_financial_sheets(company):
    """The company's 4つの視点・商流 versions, newest first, with their rows."""
    return NonFinancialSheet.objects.filter(company=company).prefetch_related("steps", "counterparties")


def non_financial_sheet_or_404(membership: MembershipLike | None, company, pk: int) -> NonFinancialSheet:
    return get_visible_or_404(non_financial_sheets(company).select_related("company"), membership, pk=pk)


def design_sheets(company):
    """The company's 経営デザインシート versions, newest first."""
    return DesignSheet.objects.filter(company=company)


def design_sheet_or_404(membership: MembershipLike | None, company, pk: int) -> DesignSheet:
    return get_visible_or_404(design_sheets(company).select_related("company"), membership, pk=pk)
