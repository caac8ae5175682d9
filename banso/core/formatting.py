"""Number display in the Japanese business style: 千円 by default, 円 where exactness matters,
negatives as △1,234 or -1,234 (one setting, BANSO_NEGATIVE_STYLE), percentages to one decimal."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def _negative_prefix() -> str:
    return "△" if getattr(settings, "BANSO_NEGATIVE_STYLE", "triangle") == "triangle" else "-"


def group(number: Decimal | int, places: int = 0) -> str:
    """Thousands separators with the house negative sign: 1234567 → '1,234,567', -5 → '△5'."""
    value = Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(value):,.{places}f}"
    return f"{_negative_prefix()}{text}" if value < 0 else text


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
