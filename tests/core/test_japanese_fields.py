"""One Japanese date field, one year field and one amount field (core.forms), and the pure parsers
behind them (core.fiscal, core.numbers): 和暦, full-width digits, △ and 万/億 units."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from banso.companies.models import Company
from banso.core.fiscal import DateFormatError, parse_japanese_date, parse_japanese_year
from banso.core.forms import AmountField, JapaneseDateField, JapaneseYearField
from banso.core.numbers import NumberFormatError, parse_amount
from tests.factories import valid_corporate_number

NOV_5 = dt.date(2026, 11, 5)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026/11/05", NOV_5),
        ("2026-11-05", NOV_5),
        ("2026.11.5", NOV_5),
        ("2026年11月5日", NOV_5),
        ("２０２６年１１月５日", NOV_5),
        ("２０２６／１１／０５", NOV_5),
        ("令和8年11月5日", NOV_5),
        ("令和８年１１月５日", NOV_5),
        ("R8.11.5", NOV_5),
        ("R8/11/5", NOV_5),
        ("r8-11-5", NOV_5),
        ("平成31年4月30日", dt.date(2019, 4, 30)),
        ("H31.4.30", dt.date(2019, 4, 30)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("昭和64年1月7日", dt.date(1989, 1, 7)),
        ("", None),
        (None, None),
    ],
)
def test_parse_japanese_date_reads_western_and_wareki(typed, expected):
    assert parse_japanese_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("令和0年1月1日", "「令和0年1月1日」: 令和は元年（1年）から始まります。"),
        ("平成32年1月1日", "「平成32年1月1日」: 平成は31年（2019年）までです。年号をご確認ください。"),
        (
            "平成31年5月1日",
            "「平成31年5月1日」: 平成は1989年1月8日から2019年4月30日までです。年号をご確認ください。",
        ),
        ("令和元年4月30日", "「令和元年4月30日」: 令和は2019年5月1日からです。年号をご確認ください。"),
        ("2026年2月30日", "「2026年2月30日」: 2月30日は存在しない日付です。日付をご確認ください。"),
        ("2026/13/1", "「2026/13/1」: 月は1〜12で入力してください。"),
    ],
)
def test_parse_japanese_date_says_why_a_date_is_refused(typed, message):
    with pytest.raises(DateFormatError) as caught:
        parse_japanese_date(typed)
    assert str(caught.value) == message


def test_parse_japanese_date_refuses_text_with_the_accepted_forms():
    with pytest.raises(DateFormatError, match=r"日付として読み取れません。.*令和8年11月5日"):
        parse_japanese_date("来週の月曜")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1985", 1985),
        ("１９８５年", 1985),
        ("昭和60", 1985),
        ("S60", 1985),
        ("ｓ６０", 1985),
        ("昭和60年", 1985),
        ("平成元年", 1989),
        ("令和元年", 2019),
        ("R8", 2026),
        ("大正10年", 1921),
        ("", None),
    ],
)
def test_parse_japanese_year_reads_western_and_wareki(typed, expected):
    assert parse_japanese_year(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("昭和65", "昭和は64年（1989年）まで"),
        ("令和0年", "令和は元年（1年）から"),
        ("昭和", "年として読み取れません"),
    ],
)
def test_parse_japanese_year_refuses_impossible_years(typed, message):
    with pytest.raises(DateFormatError, match=message):
        parse_japanese_year(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,234", Decimal(1234)),
        ("△1,234", Decimal(-1234)),
        ("-1,234", Decimal(-1234)),
        ("１，２３４", Decimal(1234)),
        ("1000万", Decimal(10_000_000)),
        ("１０００万円", Decimal(10_000_000)),
        ("1.5億", Decimal(150_000_000)),
        ("3億2000万", Decimal(320_000_000)),
        ("3億2000万5000", Decimal(320_005_000)),
        ("△1,200万", Decimal(-12_000_000)),
        ("500千円", Decimal(500_000)),
        ("", None),
    ],
)
def test_parse_amount_reads_units_in_yen(typed, expected):
    assert parse_amount(typed) == expected


def test_parse_amount_in_a_thousands_field_scales_plain_numbers_only():
    assert parse_amount("1,234", field_unit=1000) == Decimal(1_234_000)
    assert parse_amount("1000万", field_unit=1000) == Decimal(10_000_000)


@pytest.mark.parametrize("typed", ["万", "2000万3億", "1000万億", "abc万", "1万x"])
def test_parse_amount_refuses_malformed_units(typed):
    with pytest.raises(NumberFormatError, match=r"金額として読み取れません。.*3億2000万"):
        parse_amount(typed)


class _Form(forms.Form):
    day = JapaneseDateField(label="日付")
    year = JapaneseYearField(label="設立年", required=False)
    capital = AmountField(label="資本金", required=False)
    sales = AmountField(label="売上高", in_thousands=True, required=False)


def test_core_fields_clean_to_python_values():
    form = _Form({"day": "R8.11.5", "year": "昭和60", "capital": "1000万", "sales": "1.5億"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": NOV_5, "year": 1985, "capital": 10_000_000, "sales": 150_000_000}


def test_core_fields_show_the_japanese_reason_on_the_field():
    form = _Form({"day": "平成32年1月1日", "year": "令和0", "capital": "1.23456万"})
    assert not form.is_valid()
    assert form.errors["day"] == ["「平成32年1月1日」: 平成は31年（2019年）までです。年号をご確認ください。"]
    assert form.errors["year"] == ["「令和0」: 令和は元年（1年）から始まります。"]
    assert form.errors["capital"] == ["円未満の端数は入力できません。"]


def test_every_form_uses_the_one_date_field():
    """No form keeps a date field of its own: every DateField in the app's forms is core's."""
    from banso.diagnosis import forms as diagnosis_forms
    from banso.engagements.forms import actions, engagement, followups, issues, referrals, steps, walls

    found = []
    for module in (diagnosis_forms, actions, referrals, followups, engagement, issues, steps, walls):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                for name, field in value.base_fields.items():
                    if isinstance(field, forms.DateField):
                        found.append((value.__name__, name, type(field) is JapaneseDateField))
    assert found and all(is_core for _, _, is_core in found), found


@pytest.mark.django_db
def test_company_form_takes_capital_in_man_and_founded_year_in_wareki(login, supporter):
    data = {
        "name": "株式会社さくら食品",
        "name_kana": "サクラショクヒン",
        "corporate_number": valid_corporate_number(556),
        "industry_code": "0301",
        "fiscal_year_end_month": "3",
        "employees": "24",
        "capital": "1000万",
        "representative": "桜井 花子",
        "address": "静岡県静岡市葵区1-2-3",
        "founded_year": "昭和60",
        "size_override": "",
    }
    response = login(supporter).post(reverse("companies:create", kwargs={"org": "minato"}), data)
    assert response.status_code == 302
    company = Company.objects.get(name="株式会社さくら食品")
    assert (company.capital, company.founded_year) == (10_000_000, 1985)


def _app_form_classes():
    import importlib
    import pkgutil

    import banso

    classes = set()
    for info in pkgutil.walk_packages(banso.__path__, "banso."):
        if ".forms" not in info.name:
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__.startswith("banso.")
            ):
                classes.add(value)
    return classes


def test_every_app_form_says_choose_in_japanese():
    from banso.core.forms import JapaneseChoicesMixin

    classes = _app_form_classes()
    assert len(classes) > 25
    missing = sorted(c.__qualname__ for c in classes if not issubclass(c, JapaneseChoicesMixin))
    assert missing == []


@pytest.mark.django_db
def test_company_form_selects_say_choose_instead_of_dashes(login, supporter):
    body = login(supporter).get(reverse("companies:create", kwargs={"org": "minato"})).content.decode()
    assert "---------" not in body
    assert '<option value="" selected>選んでください</option>' in body
