"""法人番号 (13 digits): the first digit is a check digit over the other twelve.

国税庁's rule: check = 9 − (Σ Pn × Qn mod 9), where Pn is the n-th digit of the 12-digit base
counted from the right and Qn is 1 for odd n and 2 for even n.
"""

from banso.core.text import nfkc


def check_digit(base12: str) -> int:
    total = sum(int(digit) * (1 if n % 2 else 2) for n, digit in enumerate(reversed(base12), start=1))
    return 9 - total % 9


def normalize(text: str | None) -> str:
    """Full-width digits, spaces and hyphens are accepted and removed: '７０００-０１２…' → '7000012…'."""
    return "".join(ch for ch in nfkc(text or "") if ch not in " -")


def validation_error(number: str) -> str | None:
    """A Japanese message when the (normalised) number is not a valid 法人番号, else None."""
    if not number.isdigit() or len(number) != 13:
        return "法人番号は13桁の数字で入力してください。"
    if check_digit(number[1:]) != int(number[0]):
        return "法人番号のチェックディジット（先頭の1桁）が一致しません。番号をご確認ください。"
    return None
