"""Monitoring pages on a phone and on a desktop, in a real browser: the page itself never scrolls
sideways. The 資金繰り表's wide table scrolls inside its own box with the item column kept in view; an
issued report's SHA-256 lines wrap instead of pushing the page wider."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.monitoring.domain import cashflow as cash_domain
from banso.monitoring.domain import reports as report_domain
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


_HASH_JS = """() => ({
  page: document.documentElement.scrollWidth - innerWidth,
  hashes: [...document.querySelectorAll('code.hash')]
    .map(e => Math.round(e.getBoundingClientRect().right - innerWidth)),
})"""


@pytest.mark.parametrize("width", [390, 768])
def test_an_issued_reports_hashes_wrap_on_a_phone(company, live_server, sign_in, page, width):
    advisor = company.supporters.get()
    draft = report_domain.draft_report(company, by=advisor, from_month="2025-04", to_month="2025-06")
    report = report_domain.issue_report(draft, by=advisor, expected_version=draft.version)
    sign_in("advisor")
    page.set_viewport_size({"width": width, "height": 900})
    base = f"{live_server.url}/o/minato/companies/{company.pk}/monitoring/reports/"
    for url in (f"{base}{report.pk}/", base):
        page.goto(url)
        expect(page.locator("code.hash").first).to_contain_text(report.pdf_sha256)
        geometry = page.evaluate(_HASH_JS)
        assert geometry["page"] <= 0, (url, geometry)
        assert len(geometry["hashes"]) == 2 and max(geometry["hashes"]) <= 0, (url, geometry)
