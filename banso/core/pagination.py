"""Bounded numbers from the query string: page numbers and ids, for every list (pages and API).

A number a user can type is never trusted to fit the database's integer: a page beyond MAX_PAGE
and an id beyond MAX_ID are treated as "no such page / no such object", never passed to a query.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

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


class CappedPaginator(Paginator):
    """A paginator that counts at most `max_count` rows: `SELECT COUNT(*)` over a LIMIT subquery, so a
    log of millions of rows costs the same as one of `max_count`, and OFFSET never goes past it.
    `capped` says there are more rows than the pages reach (the page shows "200+ ページ")."""

    def __init__(self, object_list, per_page, *, max_count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_count = max_count

    @cached_property
    def _counted(self) -> int:
        return self.object_list[: self.max_count + 1].count()

    @cached_property
    def count(self) -> int:
        """The rows the pages reach: at most `max_count`."""
        return min(self._counted, self.max_count)

    @cached_property
    def capped(self) -> bool:
        return self._counted > self.max_count


class BoundedPaginator(Paginator):
    """A paginator for a list whose total the page states (the company list's 「N件」): it counts every
    row, but only the first `max_rows` are reachable page by page (OFFSET never goes past them; the
    rest are found with the list's search and filters), and a page reads its rows in two steps: the
    ids of the page (`SELECT id … ORDER BY … LIMIT … OFFSET …`, which an index holding the sort
    columns answers without reading the rows it skips), then those rows. A deep page then costs about
    what the first one does instead of reading every row before it. `capped` says there are rows past
    the reachable pages. The queryset must be ordered (unique order: the list's sorts end with id)."""

    def __init__(self, object_list, per_page, *, max_rows: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_rows = max_rows

    @cached_property
    def num_pages(self) -> int:
        reachable = min(self.count, self.max_rows)
        if reachable == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, -(-max(0, reachable - self.orphans) // self.per_page))

    @cached_property
    def capped(self) -> bool:
        return self.count > self.max_rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.max_rows)
        if top + self.orphans >= min(self.count, self.max_rows):
            top = min(self.count, self.max_rows)
        return self._get_page(self._rows(self.object_list.values("pk")[bottom:top]), number, self)

    def _rows(self, ids):
        """The rows of the page's ids, in the list's order. A list ordered by its own columns reads
        them by id alone (its filters, e.g. a '%…%' search, are not evaluated twice); a list ordered
        by an annotation keeps its query and adds the ids."""
        listed = self.object_list
        order = listed.query.order_by
        if listed.query.annotations or not all(isinstance(field, str) for field in order):
            return listed.filter(pk__in=ids)
        rows = listed.model._base_manager.filter(pk__in=ids).order_by(*order)
        rows.query.select_related = listed.query.select_related
        return rows.prefetch_related(*listed._prefetch_related_lookups)


def paginate(request, queryset, per_page: int = PAGE_SIZE, *, max_count: int | None = None):
    """The requested page; a page number that is out of range or not a number shows the nearest page.
    With `max_count` (lists that grow without end, like the activity log) at most that many rows are
    counted and reachable; the newest come first, older ones through the list's filters."""
    if max_count is not None:
        paginator = CappedPaginator(queryset, per_page, max_count=max_count)
    else:
        paginator = Paginator(queryset, per_page)
    return paginator.get_page(page_number(request.GET.get("page")))
