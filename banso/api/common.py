"""Pieces every API router shares: paged list responses and the version-check help text."""

from ninja import Schema

MAX_PAGE_SIZE = 500
VERSION_HELP = "取得時の version。指定すると、他者が先に更新していた場合 409 になります。"


class Page(Schema):
    """A page of a list: subclasses add `results: list[<Out>]`."""

    count: int
    page: int
    page_size: int


def paginate(queryset, page: int, page_size: int, to_out, *, max_page_size: int = MAX_PAGE_SIZE) -> dict:
    """One page of `queryset` as {count, page, page_size, results}; out-of-range sizes are clamped."""
    page_size = max(1, min(page_size, max_page_size))
    page = max(page, 1)
    count = queryset.count()
    rows = queryset[(page - 1) * page_size : page * page_size]
    return {"count": count, "page": page, "page_size": page_size, "results": [to_out(r) for r in rows]}
