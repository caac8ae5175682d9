"""Columns other areas add to the company list (企業一覧): an advisor wants to see, per client, the
current step, the last dialogue, the next meeting, the overdue actions and the monitoring status.

The companies area cannot import the areas, so an area registers columns here in its
AppConfig.ready(). A column fills its cells for the companies of one page at once (`cells` receives
their ids and runs a constant number of queries), and may offer a sort: `sort_expression()` returns
a database expression over Company (e.g. a Subquery) that the list annotates and orders by.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    tone: str = ""  # "alert" (shown with a mark, never colour alone) or ""
    sort_value: object = None


@dataclass(frozen=True)
class CompanyColumn:
    key: str  # used in ?sort=<key> / -<key>
    label: str
    order: int
    # (request, company ids of the page) -> {company id: Cell}; missing ids show an empty cell.
    cells: Callable[[object, list[int]], dict[int, Cell]]
    sort_expression: Callable[[], object] | None = None
    # (GET parameters) -> [(Q over Company, Japanese label of the filter, parameter name)]: lets other
    # pages link to the list behind a number (?step=3, ?overdue=1).
    filters: Callable[[object], list[tuple[object, str, str]]] | None = None
    numeric: bool = False
    support_side_only: bool = True  # hidden from company-side users (経営者・従業員)


_columns: dict[str, CompanyColumn] = {}


def register_company_column(column: CompanyColumn) -> CompanyColumn:
    _columns[column.key] = column
    return column


def company_columns(membership=None) -> list[CompanyColumn]:
    company_side = getattr(membership, "is_company_side", False)
    return sorted(
        (c for c in _columns.values() if not (company_side and c.support_side_only)),
        key=lambda c: (c.order, c.key),
    )


def sortable_column(sort: str) -> CompanyColumn | None:
    """The registered column a ?sort= value names (with or without the leading '-'), if it sorts."""
    column = _columns.get(sort.removeprefix("-"))
    return column if column is not None and column.sort_expression is not None else None


def column_cells(request, columns: list[CompanyColumn], company_ids: list[int]) -> dict[str, dict[int, Cell]]:
    return {column.key: column.cells(request, company_ids) for column in columns}


def column_filters(membership, params) -> list[tuple[object, str, str]]:
    """Every registered column's filters the GET parameters ask for: (Q, label, parameter name)."""
    found = []
    for column in company_columns(membership):
        if column.filters is not None:
            found.extend(column.filters(params))
    found.extend(member_filters(membership, params))
    return found


# Filters that need the member (e.g. the portfolio's outcome buckets, computed over the companies the
# member may see): (membership, GET parameters) -> [(Q over Company, Japanese label, parameter name)].
_member_filters: list = []


def register_company_filter(provider) -> object:
    if provider not in _member_filters:
        _member_filters.append(provider)
    return provider


def member_filters(membership, params) -> list[tuple[object, str, str]]:
    found = []
    for provider in _member_filters:
        found.extend(provider(membership, params))
    return found
