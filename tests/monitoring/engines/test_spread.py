from decimal import Decimal as D

from banso.monitoring.engines import spread as s


def test_even_spread_adds_up_to_the_yen():
    months = s.spread_even(1_000_003)
    assert sum(months) == 1_000_003
    assert months[:7] == [83_334] * 7 and months[7:] == [83_333] * 5
    assert s.spread_even(120) == [10] * 12
    negative = s.spread_even(-13)
    assert sum(negative) == -13 and negative[0] == -2 and negative[-1] == -1
    assert s.spread_even(0) == [0] * 12


def test_seasonal_spread_follows_last_year_and_adds_up():
    weights = [D(100)] * 6 + [D(300)] * 6  # the second half is three times the first
    months = s.spread_seasonal(2_400_001, weights)
    assert sum(months) == 2_400_001
    assert months[:6] == [100_000] * 6 and months[6:] == [300_001] + [300_000] * 5
    amounts, method = s.spread(1_200, s.SEASONAL, [1] * 11 + [13])
    assert method == s.SEASONAL and amounts == [50] * 11 + [650]


def test_seasonal_falls_back_to_even_when_last_year_is_unusable():
    for weights in (None, [1] * 11, [1] * 11 + [None], [0] * 12, [5] * 11 + [-1]):
        amounts, method = s.spread(1_200, s.SEASONAL, weights)
        assert method == s.EVEN and amounts == [100] * 12
    assert s.spread(1_200, s.MANUAL) == ([100] * 12, s.EVEN)


def test_manual_months_must_add_up_with_a_message_naming_line_year_and_difference():
    assert s.check_manual([100] * 12, 1_200, line_label="売上高", year_label="2026年3月期") is None
    message = s.check_manual([100] * 11 + [None], 1_200, line_label="売上高", year_label="2026年3月期")
    assert message.startswith("売上高（2026年3月期）: 月の合計 1,100円 が年間 1,200円 より 100円 少なく")
    assert s.manual_difference([200] + [100] * 11, 1_200) == 100
