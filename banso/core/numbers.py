"""Reading numbers the way Japanese users type them: １２３，４５６ / △1,234 / ▲500 / (1,000) / 1,234円."""

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
