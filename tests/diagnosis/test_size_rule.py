"""Which benchmark row applies: the size rule of docs/domain.md §3.2, as the companies area decides it with
Banso's settings (BANSO_SMALL_COMPANY_MAX_EMPLOYEES, BANSO_SMALL_COMMERCE_MAX_EMPLOYEES,
BANSO_COMMERCE_SERVICE_INDUSTRIES). The local benchmark uses exactly this rule; it has none of its own.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from banso.companies.engines.industries import INDUSTRIES
from banso.companies.engines.size import MEDIUM, SMALL, size_for
from banso.diagnosis.engines.localbenchmark import Size


def size(code: str, employees: int, **overrides) -> str:
    params = {
        "commerce_service_industries": settings.BANSO_COMMERCE_SERVICE_INDUSTRIES,
        "small_max": settings.BANSO_SMALL_COMPANY_MAX_EMPLOYEES,
        "small_commerce_max": settings.BANSO_SMALL_COMMERCE_MAX_EMPLOYEES,
    }
    params.update(overrides)
    return size_for(industry_code=code, employees=employees, **params)


@pytest.mark.parametrize(
    ("code", "employees", "expected"),
    [
        ("0501", 5, SMALL),  # 小売: ≤ 5
        ("0501", 6, MEDIUM),
        ("0401", 5, SMALL),  # 卸売
        ("0404", 6, MEDIUM),
        ("0601", 5, SMALL),  # 飲食
        ("0601", 6, MEDIUM),
        ("1004", 5, SMALL),  # 事業サービス
        ("1004", 6, MEDIUM),
        ("1101", 6, MEDIUM),  # 医療 counts as サービス
        ("1201", 6, MEDIUM),
        ("0304", 20, SMALL),  # 製造: ≤ 20
        ("0304", 21, MEDIUM),
        ("0201", 0, SMALL),
        ("0701", 20, SMALL),  # 不動産: ≤ 20
        ("0701", 21, MEDIUM),
        ("1002", 20, SMALL),  # 娯楽業: the 政令 sets 20
        ("1002", 21, MEDIUM),
        ("1301", 6, SMALL),  # 観光業 (宿泊業・娯楽業): 20
        ("1301", 21, MEDIUM),
    ],
)
def test_size_rule_with_default_settings(code, employees, expected):
    assert size(code, employees) == expected


def test_override_wins():
    assert size("0501", 3, override=MEDIUM) == MEDIUM
    assert size("0304", 300, override=SMALL) == SMALL


def test_thresholds_and_industry_list_are_parameters():
    # Treat 0701 不動産 as commerce: 6 employees then makes it 中規模.
    commerce = [*settings.BANSO_COMMERCE_SERVICE_INDUSTRIES, "0701"]
    assert size("0701", 6, commerce_service_industries=commerce) == MEDIUM
    assert size("0304", 30, small_max=50) == SMALL


def test_default_commerce_service_industries_are_the_documented_ones():
    assert set(settings.BANSO_COMMERCE_SERVICE_INDUSTRIES) == {
        "0401",
        "0402",
        "0403",
        "0404",
        "0501",
        "0601",
        "1001",
        "1003",
        "1004",
        "1005",
        "1006",
        "1101",
        "1201",
    }
    assert set(INDUSTRIES) >= set(settings.BANSO_COMMERCE_SERVICE_INDUSTRIES)


def test_engine_size_values_are_the_companies_values():
    assert [s.value for s in Size] == [MEDIUM, SMALL]
    assert [s.label_ja for s in Size] == ["中規模事業者", "小規模事業者"]
    assert Size.from_label_ja("小規模事業者") is Size.SMALL
