"""The 資金繰り表 page on a phone and on a desktop, in a real browser: the page itself never scrolls
sideways; the wide table scrolls inside its own box with the item column kept in view."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.monitoring.domain import cashflow as cash_domain
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.monitoring import report_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def company(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(
        organization=org, name="株式会社みなと水産加工", supporters=[advisor], fiscal_year_end_month=3
    )
    report_world.build(company, by=advisor)
    cash_domain.add_lender(company, by=advisor, name="日本政策金融公庫 国民生活事業")
    return company


_GEOMETRY_JS = """() => {
  const box = document.querySelector('[data-testid=cashflow-table]').parentElement;
  box.scrollLeft = box.scrollWidth;
  const item = document.querySelector('[data-testid=cashflow-table] tbody th');
  return {
    page: document.documentElement.scrollWidth - innerWidth,
    box: box.scrollWidth - box.clientWidth,
    scrolled: box.scrollLeft,
    itemLeft: Math.round(item.getBoundingClientRect().left - box.getBoundingClientRect().left),
  };
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_cash_table_scrolls_in_its_own_box(company, live_server, sign_in, page, width):
    sign_in("advisor")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/o/minato/companies/{company.pk}/monitoring/cashflow/")
    expect(page.get_by_role("heading", name="資金繰り表（千円）")).to_be_visible()
    geometry = page.evaluate(_GEOMETRY_JS)
    assert geometry["page"] <= 0, geometry  # the page never scrolls sideways
    if width == 390:
        assert geometry["box"] > 0 and geometry["scrolled"] > 0, geometry  # the table scrolls in its box
    assert geometry["itemLeft"] <= 1, geometry  # … and 前月繰越 stays at its left edge
    expect(page.locator("[data-testid=cashflow-table] tbody th").first).to_be_in_viewport()
