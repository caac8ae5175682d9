"""Template filters for numbers and dates (loaded everywhere as a builtin)."""

import datetime as dt

from django import template
from django.utils import timezone

from banso.core import fiscal, formatting

register = template.Library()

# Filters that only hand their value to one formatter (core.formatting), registered under their names.
for _name, _formatter in {
    "yen": formatting.yen,  # 1,234,567円 (— without a value)
    "kyen": formatting.thousand_yen,  # in 千円: 1,235
    "ymd": formatting.screen_date,  # screens: 2026/11/05
    "ymd_hm": formatting.screen_datetime,  # screens: 2026/11/05 21:15
    "recent": formatting.recent_datetime,  # recent times: 11月5日 21:15
}.items():
    register.filter(_name, _formatter)


@register.filter
def number(value, places=0):
    if value is None or value == "":
        return "—"
    return formatting.group(value, int(places))


@register.filter
def pct(value, places=1):
    return formatting.percent(value, places=int(places))


@register.filter
def wareki(value):
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return fiscal.wareki(value)


@register.filter
def doc_date(value, organization=None):
    """Documents and dialogue titles: 2026年11月5日 (令和8年11月5日 when the organization chose 和暦)."""
    return formatting.document_date(value, era=formatting.document_era(organization))


@register.filter
def fy_label(fiscal_year, end_month):
    return fiscal.fiscal_year_label(int(fiscal_year), int(end_month))
