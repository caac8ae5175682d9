"""Display of numbers and dates in the Japanese business style. Numbers: 千円 by default, 円 where
exactness matters, negatives as △1,234 or -1,234 (one setting, BANSO_NEGATIVE_STYLE), percentages to
one decimal. Dates: see the section below."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from banso.core import fiscal, number_text


def _negative_prefix() -> str:
    return "△" if getattr(settings, "BANSO_NEGATIVE_STYLE", "triangle") == "triangle" else "-"


def group(number: Decimal | int, places: int = 0) -> str:
    """Thousands separators with the house negative sign: 1234567 → '1,234,567', -5 → '△5'."""
    return number_text.group(number, places, negative=_negative_prefix())


def yen(amount) -> str:
    if amount is None or amount == "":
        return "—"
    return f"{group(amount)}円"


def thousand_yen(amount, *, unit: bool = False) -> str:
    """Amount in 円 shown in 千円, rounded half up: 1,234,567 → '1,235'."""
    if amount is None or amount == "":
        return "—"
    text = group(Decimal(amount) / 1000)
    return f"{text}千円" if unit else text


def percent(ratio_or_pct, *, is_ratio: bool = False, places: int = 1) -> str:
    if ratio_or_pct is None or ratio_or_pct == "":
        return "—"
    value = Decimal(ratio_or_pct) * (100 if is_ratio else 1)
    return f"{group(value, places)}%"


# ---- Dates: one format per use ------------------------------------------------------------------
# Screens: 2026/11/05 (zero-padded) and 2026/11/05 21:15; recent times: 11月5日 21:15.
# Documents (PDF/Excel headers and text) and dialogue titles: 2026年11月5日, or 令和8年11月5日 when the
# organization chose 和暦 for its documents (Organization.document_era).

ERA_WESTERN = "western"
ERA_JAPANESE = "japanese"


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _as_local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def screen_date(value) -> str:
    """'2026/11/05'; '' without a value."""
    if not value:
        return ""
    day = _as_date(value)
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def screen_datetime(value) -> str:
    """'2026/11/05 21:15' (local time); a plain date gives the date alone."""
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return screen_date(value)
    moment = _as_local(value)
    return f"{screen_date(moment.date())} {moment:%H:%M}"


def recent_datetime(value) -> str:
    """'11月5日 21:15' for times of the last days (autosaves, 'updated at')."""
    if not value:
        return ""
    moment = _as_local(value)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


def document_era(organization) -> str:
    """The era an organization's documents use: ERA_WESTERN unless it chose 和暦."""
    return getattr(organization, "document_era", None) or ERA_WESTERN


def document_date(value, *, era: str = ERA_WESTERN) -> str:
    """'2026年11月5日', or '令和8年11月5日' with era=ERA_JAPANESE; '' without a value."""
    if not value:
        return ""
    day = _as_date(value)
    if era == ERA_JAPANESE:
        return fiscal.wareki(day)
    return f"{day.year}年{day.month}月{day.day}日"


def document_month(value, *, era: str = ERA_WESTERN) -> str:
    """'2026年11月', or '令和8年11月' with era=ERA_JAPANESE."""
    if not value:
        return ""
    day = _as_date(value)
    year = fiscal.wareki_year(day) if era == ERA_JAPANESE else f"{day.year}年"
    return f"{year}{day.month}月"


def document_datetime(value, *, era: str = ERA_WESTERN) -> str:
    """'2026年11月5日 21:15' (local time)."""
    if not value:
        return ""
    if not isinstance(value, dt.datetime):
        return document_date(value, era=era)
    moment = _as_local(value)
    return f"{document_date(moment.date(), era=era)} {moment:%H:%M}"
