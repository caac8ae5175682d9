"""Template filters for numbers and dates (loaded everywhere as a builtin)."""

import datetime as dt

from django import template
from django.utils import timezone

from banso.core import fiscal, formatting

register = template.Library()


@register.filter
def yen(value):
    return formatting.yen(value)


@register.filter
def kyen(value):
    return formatting.thousand_yen(value)


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
def fy_label(fiscal_year, end_month):
    return fiscal.fiscal_year_label(int(fiscal_year), int(end_month))
