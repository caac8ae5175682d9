"""The screens an advisor meets, in a real browser: a refused step decision puts its error where the
eye is; on the demo data, phones (390 px) and portrait tablets (768 px) never scroll sideways on the
pages with wide tables, the dialogue form's save bar never covers a focused field, and at 1366 px the
engagement's tab bar shows every tab (the demo is seeded once, in one test, because seeding is slow)."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from banso.companies.models import Company
from banso.core.roles import Role
from banso.demo.people import DEMO_PASSWORD
from banso.diagnosis.models import DesignSheet, FinancialStatement, NonFinancialSheet
from banso.engagements import domain
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NARROW_WIDTHS = (390, 768)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--force", stdout=io.StringIO())
    company = Company.objects.get(name="有限会社丸山精工")
    engagement = Engagement.objects.filter(company=company, step=6).get()
    return company, engagement


def _pages(live_server, company, engagement) -> dict[str, str]:
    org = f"{live_server.url}/o/{company.organization.slug}"
    c = f"{org}/companies/{company.pk}"
    e = f"{c}/engagements/{engagement.pk}"
    sheet = NonFinancialSheet.objects.filter(company=company).latest("as_of")
    design = DesignSheet.objects.filter(company=company).latest("as_of")
    year = FinancialStatement.objects.filter(company=company).latest("fiscal_year").fiscal_year
    return {
        "5つの壁": f"{e}/walls/",
        "案件の概要": f"{e}/",
        "橋渡し": f"{e}/referrals/",
        "決算書の一覧": f"{c}/diagnosis/statements/",
        "決算書の編集": f"{c}/diagnosis/statements/{year}/",
        "非財務シートの編集": f"{c}/diagnosis/sheets/{sheet.pk}/edit/",
        "経営デザインシートの編集": f"{c}/diagnosis/design/{design.pk}/edit/",
        "対話の記録": f"{e}/dialogues/new/",
        "アクションプラン": f"{e}/actions/",
        "事業者一覧": f"{org}/companies/",
    }


@pytest.fixture
def engagement_at_step_four(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    company = CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    engagement = domain.start_engagement(company, by=advisor)
    domain.advance_step(engagement, by=advisor, reason="事前の情報を把握しました。")
    for point in g.SUITABILITY_POINTS:
        domain.rate_suitability(engagement, by=advisor, point=point.key, rating=3, evidence="面談で確認")
    domain.decide_suitability(engagement, by=advisor, decision="go", reason="意欲・姿勢とも十分です。")
    domain.advance_step(engagement, by=advisor, reason="Go と判断しました。", to_step=4)
    return company, engagement


def test_step_decision_without_a_reason_shows_the_error_in_view_and_focuses_the_field(
    engagement_at_step_four, live_server, sign_in, page
):
    company, engagement = engagement_at_step_four
    sign_in("advisor")
    page.set_viewport_size({"width": 1366, "height": 800})
    page.goto(f"{live_server.url}/o/minato/companies/{company.pk}/engagements/{engagement.pk}/steps/4/")
    assert page.evaluate("window.scrollY") == 0  # a page without errors stays at the top
    page.locator("form.move-form").first.get_by_role("button", name="ステップを進める").click()
    page.wait_for_load_state("load")

    form = page.locator("form.move-form").first
    expect(form.get_by_label("判断の理由")).to_be_focused()
    expect(form.locator(".field--error .error")).to_be_in_viewport()
    expect(form.locator(".form-errors")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0  # the page moved down to the error
    form.get_by_label("判断の理由").fill("気づきを言葉にできました。")
    form.get_by_role("button", name="ステップを進める").click()
    expect(page.get_by_text("ステップを⑤")).to_be_visible()


_COVERED_FIELDS_JS = """() => {
  const bar = document.querySelector('.form-actions--sticky');
  const out = [];
  const fields = bar.closest('form').querySelectorAll('input:not([type=hidden]), select, textarea');
  for (const el of fields) {
    if (el.getBoundingClientRect().height === 0) continue;
    el.focus();
    const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
    if (r.bottom > b.top && r.top < b.bottom) out.push(el.name || el.id);
  }
  return out;
}"""


# Row editors that scroll inside their box, and (on a phone) inputs narrower than 70% of the screen.
_CRAMPED_ROW_INPUTS_JS = """() => {
  const out = [];
  for (const box of document.querySelectorAll(".table-wrap:has(.rows-table)")) {
    if (box.scrollWidth > box.clientWidth) out.push(`scrolls: ${box.scrollWidth} > ${box.clientWidth}`);
  }
  if (innerWidth < 720) {
    for (const input of document.querySelectorAll(".rows-table :is(input[type=text], select, textarea)")) {
      const width = input.getBoundingClientRect().width;
      if (width < innerWidth * 0.7) out.push(`${input.name}: ${Math.round(width)}px`);
    }
  }
  return out;
}"""


def test_layouts_at_phone_tablet_and_desktop_widths_on_the_demo_data(demo, live_server, sign_in, page):
    company, engagement = demo
    sign_in("advisor", DEMO_PASSWORD)
    pages = _pages(live_server, company, engagement)

    # Phones and portrait tablets never scroll sideways.
    too_wide, cramped = {}, {}
    for width in NARROW_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(url)
            page.wait_for_load_state("load")
            expect(page.locator("main :is(h1, h2)").first).to_be_visible()
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            if scroll_width > inner_width:
                too_wide[f"{name} {width}px"] = scroll_width
            if name == "非財務シートの編集":
                cramped[width] = page.evaluate(_CRAMPED_ROW_INPUTS_JS)
    assert too_wide == {}
    # The 業務フロー and 商流 editors stack their rows on a phone: nothing scrolls inside its box and
    # every input takes the card's width; on a tablet the table fits without scrolling.
    assert cramped == {390: [], 768: []}

    # The dialogue form's save bar never covers the field being typed in (focus each, as Tab would).
    for width in (*NARROW_WIDTHS, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(pages["対話の記録"])
        assert page.evaluate(_COVERED_FIELDS_JS) == [], width

    # At 1366 px the tab bar shows every tab, 「支援経過報告書」 included, without a hidden overflow.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(pages["案件の概要"])
    nav = page.get_by_role("navigation", name="伴走支援案件のメニュー")
    expect(nav.get_by_role("link", name="支援経過報告書（PDF）")).to_be_in_viewport(ratio=1)
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")
