"""Before / after arithmetic of the follow-up figures (pure, no database)."""

from decimal import Decimal

from banso.engagements.engines.outcomes import compare, has_figures

BEFORE = {
    "net_sales": 480_000_000,
    "operating_income": -3_000_000,
    "employees": 32,
    "average_salary": 4_100_000,
    "wage_increase_rate": Decimal("1.50"),
}


def _row(rows, key):
    return next(r for r in rows if r.metric.key == key)


def test_difference_and_percent_against_the_latest_follow_up():
    rows = compare(BEFORE, [{"net_sales": 500_000_000, "employees": 33}, {"net_sales": 516_000_000}])
    sales = _row(rows, "net_sales")
    assert (sales.before, sales.afters, sales.latest) == (
        480_000_000,
        (500_000_000, 516_000_000),
        516_000_000,
    )
    assert (sales.difference, sales.change_pct, sales.improved) == (36_000_000, Decimal("7.5"), True)
    staff = _row(rows, "employees")
    assert (staff.latest, staff.difference, staff.change_pct) == (33, 1, Decimal("3.1"))


def test_no_percent_from_a_loss_and_points_for_the_wage_rise():
    rows = compare(BEFORE, [{"operating_income": 2_000_000, "wage_increase_rate": Decimal("3.20")}])
    profit = _row(rows, "operating_income")
    assert (profit.difference, profit.change_pct) == (5_000_000, None)
    wage = _row(rows, "wage_increase_rate")
    assert (wage.difference, wage.change_pct) == (Decimal("1.70"), None)


def test_missing_sides_give_no_difference():
    rows = compare(None, [{"net_sales": 1}])
    assert _row(rows, "net_sales").difference is None
    rows = compare(BEFORE, [])
    assert _row(rows, "net_sales").latest is None and _row(rows, "net_sales").improved is None
    assert has_figures({"fiscal_year": 2026}) is False
    assert has_figures({"employees": 0}) is True
