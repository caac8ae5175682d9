"""Reading numbers the way Japanese users type them: １２３，４５６ / △1,234 / ▲500 / (1,000) / 1,234円,
and amounts with units: 1000万 / 1.5億 / 3億2000万 / 500千円."""

import re
from decimal import Decimal, InvalidOperation

from banso.core.text import nfkc

_NEGATIVE_MARKS = ("△", "▲", "-", "−", "－", "ー", "‐")


class NumberFormatError(ValueError):
    """The text is not a number; the message is Japanese and says what was typed."""


def parse_decimal(text) -> Decimal | None:
    """Parse a typed amount. Blank → None. Raises NumberFormatError with a Japanese message."""
    if text is None:
        return None
    if isinstance(text, int | Decimal):
        return Decimal(text)
    raw = str(text).strip()
    if raw == "":
        return None
    value = nfkc(raw).replace(",", "").replace("¥", "").replace("円", "").replace(" ", "")
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    for mark in _NEGATIVE_MARKS:
        if value.startswith(mark):
            negative, value = not negative, value[len(mark) :]
            break
    if not value or any(ch not in "0123456789." for ch in value):
        raise NumberFormatError(f"「{raw}」は数値として読み取れません。半角・全角の数字で入力してください。")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise NumberFormatError(
            f"「{raw}」は数値として読み取れません。半角・全角の数字で入力してください。"
        ) from exc
    if not number.is_finite():
        raise NumberFormatError(f"「{raw}」は数値として読み取れません。")
    return -number if negative else number


def parse_integer(text) -> int | None:
    number = parse_decimal(text)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise NumberFormatError(f"「{text}」は整数で入力してください。")
    return int(number)


# Units an amount may carry, in yen. 千 only as 千円 (a bare 千 is too easily a typo).
_AMOUNT_UNITS = {
    "兆": Decimal(10) ** 12,
    "億": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千円": Decimal(1000),
}
_UNIT_PART = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)(兆|億|万|千円)")
AMOUNT_UNIT_MESSAGE = "金額は 1,234、△1,234 や 1000万、1.5億、3億2000万 の形で入力してください。"


def has_amount_unit(text) -> bool:
    """Whether a typed amount names its unit (万, 億, 兆, 千円), so it is in yen whatever the field's unit."""
    return isinstance(text, str) and any(unit in nfkc(text) for unit in _AMOUNT_UNITS)


def parse_amount(text, *, field_unit: int = 1) -> Decimal | None:
    """Parse a typed amount into yen. Blank → None.

    A plain number is in the field's unit (`field_unit`=1000 for a 千円 field); an amount with units
    is in yen whatever the field: '1000万' → 10,000,000, '1.5億' → 150,000,000, '3億2000万' →
    320,000,000, '△1,200万' → -12,000,000, '500千円' → 500,000. Raises NumberFormatError (Japanese).
    """
    if not has_amount_unit(text):
        number = parse_decimal(text)
        return None if number is None else number * field_unit
    raw = str(text).strip()
    value = nfkc(raw).replace(" ", "").replace("¥", "")
    if value.endswith("円") and not value.endswith("千円"):
        value = value[:-1]
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    for mark in _NEGATIVE_MARKS:
        if value.startswith(mark):
            negative, value = not negative, value[len(mark) :]
            break
    total = Decimal(0)
    position = 0
    last_scale = None
    for match in _UNIT_PART.finditer(value):
        scale = _AMOUNT_UNITS[match.group(2)]
        if match.start() != position or (last_scale is not None and scale >= last_scale):
            raise NumberFormatError(f"「{raw}」は金額として読み取れません。{AMOUNT_UNIT_MESSAGE}")
        total += Decimal(match.group(1).replace(",", "")) * scale
        position, last_scale = match.end(), scale
    rest = value[position:]
    if position == 0 or (rest and not re.fullmatch(r"[0-9][0-9,]*", rest)):
        raise NumberFormatError(f"「{raw}」は金額として読み取れません。{AMOUNT_UNIT_MESSAGE}")
    if rest:
        total += Decimal(rest.replace(",", ""))
    return -total if negative else total
