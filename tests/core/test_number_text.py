from decimal import Decimal

from banso.core import number_text


def test_group_rounds_half_up_and_marks_negatives_with_the_given_sign():
    assert number_text.group(1234567) == "1,234,567"
    assert number_text.group(Decimal("-1234.5")) == "△1,235"
    assert number_text.group(Decimal("-1234.5"), negative="-") == "-1,235"
    assert number_text.group(Decimal("12.345"), 1) == "12.3"
    assert number_text.group(Decimal("-0.4")) == "0"


def test_thousand_yen_rounds_half_up_to_whole_thousands():
    assert number_text.thousand_yen(1_234_567) == "1,235"
    assert number_text.thousand_yen(-1_234_499) == "△1,234"
    assert number_text.thousand_yen(500) == "1"
    assert number_text.thousand_yen(-499) == "0"
