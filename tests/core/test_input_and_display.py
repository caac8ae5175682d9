"""Japanese input normalisation, number parsing, fiscal years, 和暦 and number display."""

import datetime as dt
from decimal import Decimal

import pytest

from banso.core import fiscal, formatting
from banso.core.numbers import NumberFormatError, parse_decimal, parse_integer
from banso.core.text import clean_line, search_key


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("１２３，４５６", Decimal(123456)),
        ("1,234円", Decimal(1234)),
        ("△1,234", Decimal(-1234)),
        ("▲500", Decimal(-500)),
        ("－１２", Decimal(-12)),
        ("(1,000)", Decimal(-1000)),
        ("¥ 2,000", Decimal(2000)),
        ("12.5", Decimal("12.5")),
        ("", None),
        (None, None),
    ],
)
def test_parse_decimal_accepts_japanese_styles(typed, expected):
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize("typed", ["abc", "十二", "1,2,3a", "nan", "inf", "1e30", "1_000"])
def test_parse_decimal_refuses_text_with_a_japanese_message(typed):
    with pytest.raises(NumberFormatError, match="数値として読み取れません"):
        parse_decimal(typed)


def test_parse_integer_refuses_fractions():
    with pytest.raises(NumberFormatError, match="整数"):
        parse_integer("1.5")
    assert parse_integer("１，０００") == 1000


@pytest.mark.parametrize(
    ("a", "b"),
    [("やまだ", "ヤマダ"), ("ﾔﾏﾀﾞ", "ヤマダ"), ("ＡＢＣ商事", "abc商事"), ("丸山 精工", "丸山精工")],
)
def test_search_key_is_kana_width_and_space_tolerant(a, b):
    assert search_key(a) == search_key(b)


def test_clean_line_trims_but_keeps_what_was_typed():
    assert clean_line("　㈱ＡＢＣ　丸山  ") == "㈱ＡＢＣ　丸山"
    assert clean_line("　 　") == ""


@pytest.mark.parametrize(
    ("day", "end_month", "expected"),
    [
        (dt.date(2026, 3, 31), 3, 2026),
        (dt.date(2026, 4, 1), 3, 2027),
        (dt.date(2026, 12, 31), 12, 2026),
        (dt.date(2026, 1, 1), 12, 2026),
        (dt.date(2026, 9, 30), 9, 2026),
        (dt.date(2026, 10, 1), 9, 2027),
    ],
)
def test_fiscal_year_is_named_by_the_year_it_ends(day, end_month, expected):
    assert fiscal.fiscal_year_of(day, end_month) == expected


def test_fiscal_year_months_and_end():
    months = fiscal.fiscal_year_months(2026, 3)
    assert months[0] == (2025, 4) and months[-1] == (2026, 3) and len(months) == 12
    assert fiscal.fiscal_year_end(2026, 2) == dt.date(2026, 2, 28)
    assert fiscal.fiscal_year_end(2028, 2) == dt.date(2028, 2, 29)
    assert fiscal.fiscal_year_label(2026, 3) == "2026年3月期"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 4, 1), "令和8年4月1日"),
        (dt.date(2019, 5, 1), "令和元年5月1日"),
        (dt.date(2019, 4, 30), "平成31年4月30日"),
        (dt.date(1989, 1, 7), "昭和64年1月7日"),
    ],
)
def test_wareki(day, expected):
    assert fiscal.wareki(day) == expected


def test_amounts_in_thousand_yen_with_triangle_negatives(settings):
    settings.BANSO_NEGATIVE_STYLE = "triangle"
    assert formatting.thousand_yen(1_234_567) == "1,235"
    assert formatting.thousand_yen(-1_234_499) == "△1,234"
    assert formatting.yen(-5) == "△5円"
    assert formatting.percent(Decimal("12.345")) == "12.3%"
    settings.BANSO_NEGATIVE_STYLE = "minus"
    assert formatting.thousand_yen(-1_500) == "-2"
    assert formatting.thousand_yen(None) == "—"


@pytest.mark.parametrize(
    ("day", "end_month", "expected"),
    [(dt.date(2026, 3, 31), 3, 2025), (dt.date(2026, 4, 1), 3, 2026), (dt.date(2026, 11, 23), 12, 2025)],
)
def test_last_closed_fiscal_year_is_the_one_before_the_year_in_progress(day, end_month, expected):
    assert fiscal.last_closed_fiscal_year(day, end_month) == expected
