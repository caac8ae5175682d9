"""Charts drawn once per content: a rendered chart (an SVG data URI) is kept in the cache under a key
made of exactly the values it is drawn from, so any change to them (a new, edited or deleted record)
makes a new key and the chart is drawn again, and two charts of equal data share one entry. Drawing
with reportlab was most of a page like the walls (issue 10); an unchanged chart costs one cache read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache

TIMEOUT = 24 * 60 * 60


def chart_key(kind: str, values: Iterable[tuple]) -> str:
    text = repr([tuple(str(v) for v in row) for row in values])
    return f"chart:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def cached_chart(kind: str, values: Iterable[tuple], draw: Callable[[], str]) -> str:
    """`draw()` (an SVG data URI) for these values (every input of the drawing), from the cache when
    it was drawn before."""
    key = chart_key(kind, values)
    chart = cache.get(key)
    if chart is None:
        chart = draw()
        cache.set(key, chart, TIMEOUT)
    return chart
