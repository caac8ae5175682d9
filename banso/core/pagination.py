"""Bounded numbers from the query string: page numbers and ids, for every list (pages and API).

A number a user can type is never trusted to fit the database's integer: a page beyond MAX_PAGE
and an id beyond MAX_ID are treated as "no such page / no such object", never passed to a query.
"""

from django.core.paginator import Paginator

PAGE_SIZE = 25
MAX_PAGE = 100_000
# Ids fit in a JavaScript number and in every database's 64-bit integer.
MAX_ID = 2**53


def page_number(value, *, max_page: int = MAX_PAGE) -> int:
    """The requested page as 1..max_page; anything that is not a positive number is page 1."""
    text = str(value if value is not None else "").strip()
    if not text.isdecimal() or not text.isascii():
        return 1
    return max(1, min(int(text[:12]), max_page))


def parse_id(value) -> int | None:
    """An id from the query string, or None when it is not a positive number within MAX_ID."""
    text = str(value if value is not None else "").strip()
    if not text.isdecimal() or not text.isascii() or len(text) > 16:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """The requested page; a page number that is out of range or not a number shows the nearest page."""
    return Paginator(queryset, per_page).get_page(page_number(request.GET.get("page")))
