"""What a user may see of companies, and the list search (built on the core access rule)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import F, Q

from banso.companies.models import Company
from banso.core.access import get_changeable_or_404, get_visible_or_404
from banso.core.company_columns import sortable_column
from banso.core.roles import Role
from banso.core.text import search_key

SORTS = {
    "kana": ("name_kana", "name", "id"),
    "-kana": ("-name_kana", "-name", "-id"),
    "industry": ("industry_code", "name_kana", "id"),
    "-industry": ("-industry_code", "name_kana", "id"),
    "fye": ("fiscal_year_end_month", "name_kana", "id"),
    "-fye": ("-fiscal_year_end_month", "name_kana", "id"),
    "employees": ("employees", "name_kana", "id"),
    "-employees": ("-employees", "name_kana", "id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
DEFAULT_SORT = "kana"


def companies_for(membership):
    return Company.objects.visible_to(membership)


def search_companies(
    queryset,
    *,
    text: str = "",
    industries=(),
    supporter_id: int | None = None,
    supporter_name: str = "",
    sort: str = "",
):
    """Partial match on 商号 / フリガナ, tolerant of kana, full/half width and the spelling of the legal
    form (㈲ = (有) = 有限会社), and of a フリガナ typed in romaji ("maruyama"): one `contains` on the
    stored Company.search_text (core.text.search_key for the query, search_index for the row)."""
    key = search_key(text)
    if key:
        queryset = queryset.filter(search_text__contains=key)
    if industries:
        queryset = queryset.filter(industry_code__in=list(industries))
    if supporter_id:
        queryset = queryset.filter(pk__in=Company.objects.filter(supporters=supporter_id).values("pk"))
    name = supporter_name.strip()[:SUPPORTER_NAME_MAX]
    if name:
        people = get_user_model().objects.filter(Q(full_name__contains=name) | Q(username__contains=name))
        queryset = queryset.filter(pk__in=Company.objects.filter(supporters__in=people).values("pk"))
    column = sortable_column(sort) if sort not in SORTS else None
    if column is not None:
        # A column of another area (core.company_columns): annotate its expression, empty cells last.
        queryset = queryset.annotate(column_sort=column.sort_expression())
        order = (
            F("column_sort").desc(nulls_last=True)
            if sort.startswith("-")
            else F("column_sort").asc(nulls_last=True)
        )
        return queryset.order_by(order, "name_kana", "id")
    return queryset.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


# The company list's supporter filter is a <select> up to this many people; a bank with more (2,000
# supporters rendered ~45 % of the page, issue 10) gets a name search instead.
SUPPORTER_OPTIONS_MAX = 100
SUPPORTER_NAME_MAX = 50


def supporter_filter_options(organization) -> list | None:
    """The supporters to offer as options of the list's filter, or None when there are more than
    SUPPORTER_OPTIONS_MAX (the page then offers a name search): one query of bounded size."""
    # Only what an option shows (the name): a bank past the bound reads 101 people for nothing.
    people = list(
        assignable_supporters(organization).only("pk", "full_name", "username")[: SUPPORTER_OPTIONS_MAX + 1]
    )
    return people if len(people) <= SUPPORTER_OPTIONS_MAX else None


def assignable_supporters(organization):
    """Users who may be assigned to the organization's companies: its active admins and supporters."""
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__organization=organization)
            & Q(memberships__is_active=True)
            & Q(memberships__role__in=[Role.ORG_ADMIN, Role.SUPPORTER]),
            is_active=True,
        )
        .order_by("full_name", "username")
        .distinct()
    )


def visible_company_or_404(membership, pk) -> Company:
    """The company if the member may see it (else 404), with the supporters the header shows.
    Every area's pages and API routes load their company through this."""
    return get_visible_or_404(Company.objects.prefetch_related("supporters"), membership, pk=pk)


def changeable_company_or_404(membership, pk) -> Company:
    """The company if the member may change it: 404 when they may not see it, 403 when read-only.
    The edit page and the API's PATCH load through this."""
    return get_changeable_or_404(Company.objects.prefetch_related("supporters"), membership, pk=pk)
