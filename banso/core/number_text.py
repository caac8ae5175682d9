"""Numbers as Japanese business text, without Django: thousands separators, △ for negatives, 千円.

`banso.core.formatting` (which reads the negative style from the settings) builds on these; engines,
which may not import Django, call them directly and pass the negative mark they were given.
"""

from decimal import ROUND_HALF_UP, Decimal

TRIANGLE = "△"
MINUS = "-"


def group(number: Decimal | int, places: int = 0, *, negative: str = TRIANGLE) -> str:
    """Thousands separators, rounded half up: 1234567 → '1,234,567', -5 → '△5', -0.4 → '0'."""
    value = Decimal(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(value):,.{places}f}"
    return f"{negative}{text}" if value < 0 else text


def thousand_yen(amount: Decimal | int, *, negative: str = TRIANGLE) -> str:
    """An amount in 円 as 千円 text, rounded half up, without the unit: 1,234,567 → '1,235'."""
    return group(Decimal(amount) / 1000, negative=negative)
