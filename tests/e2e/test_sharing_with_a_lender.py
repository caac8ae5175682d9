"""Consent-based sharing in a real browser: the owner grants a 信用金庫 the ローカルベンチマーク only; the
lender's staff see the company under 「共有を受けている事業者」 with exactly that scope, read-only, and a
404 for a scope not granted; the owner revokes with one click and the lender's next request is a 404;
the owner's access log shows every view and the refused attempts."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from banso.core.roles import Role
from banso.sharing.models import ConsentGrant, ShareAccessLog
from tests.diagnosis.factories import PREVIOUS_YEAR, make_statement
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery"


@pytest.fixture
def world(transactional_db):
    bank = OrganizationFactory(name="みなと地域銀行", slug="minato")
    OrganizationFactory(name="みなと信用金庫", slug="shinkin")
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=bank, role=Role.SUPPORTER)
    company = CompanyFactory(organization=bank, name="有限会社丸山精工", supporters=[advisor])
    make_statement(company, 2024, by=advisor, **PREVIOUS_YEAR)
    make_statement(company, 2025, by=advisor)
    owner = UserFactory(username="owner", full_name="丸山 浩二")
    MembershipFactory(user=owner, organization=bank, role=Role.OWNER, company=company)
    lender = UserFactory(username="lender", full_name="小林 亮")
    MembershipFactory(user=lender, organization=OrganizationFactory(slug="shinkin"), role=Role.SUPPORTER)
    return company


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ユーザー名").fill(username)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state("networkidle")


def test_grant_view_revoke_and_the_log(world, live_server, page, browser):
    company, base = world, live_server.url
    # The owner grants the 信用金庫 the ローカルベンチマーク until a date.
    _sign_in(page, base, "owner")
    page.goto(f"{base}/o/minato/companies/{company.pk}/")
    page.get_by_role("link", name="共有（同意）").click()
    form = page.get_by_test_id("grant-form")
    form.get_by_label("共有先の機関").select_option(label="みなと信用金庫（金融機関）")
    form.get_by_label("ローカルベンチマーク").check()
    expires = dt.date.today() + dt.timedelta(days=60)
    form.get_by_label("共有の期限").fill(expires.isoformat())
    form.get_by_role("button", name="共有する").click()
    expect(page.get_by_text("みなと信用金庫に共有しました")).to_be_visible()
    expect(page.get_by_test_id("grants").locator("tr[data-state=live]")).to_have_count(1)

    # The lender sees the company under 共有を受けている事業者, with exactly that scope.
    lender_context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 860})
    lender = lender_context.new_page()
    _sign_in(lender, base, "lender")
    lender.get_by_role("link", name="共有を受けている事業者").click()
    expect(lender.get_by_test_id("shared-list")).to_contain_text("有限会社丸山精工")
    expect(lender.get_by_test_id("shared-list")).to_contain_text("ローカルベンチマーク")
    lender.get_by_role("link", name="有限会社丸山精工").click()
    scopes = lender.get_by_test_id("shared-scopes")
    expect(scopes.get_by_role("link")).to_have_count(1)
    scopes.get_by_role("link", name="ローカルベンチマーク").click()
    expect(lender.get_by_test_id("shared-badge")).to_have_text("共有・閲覧のみ")
    expect(lender.get_by_test_id("shared-local-benchmark")).to_be_visible()
    content = lender.get_by_test_id("shared-content")
    expect(content.locator("form")).to_have_count(0)
    expect(lender.get_by_role("link", name="編集")).to_have_count(0)
    shared_url = lender.url
    # A scope not granted, and the company's own pages: 404.
    response = lender.goto(f"{base}/o/shinkin/shared/{company.pk}/monitoring_table/")
    assert response.status == 404
    response = lender.goto(f"{base}/o/minato/companies/{company.pk}/")
    assert response.status == 404

    # The owner revokes with one click and a confirmation naming the lender; cancelling changes
    # nothing, confirming takes effect at once: the lender's next request is a 404.
    page.reload()
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_test_id("grants").get_by_role("button", name="取り消す").click()
    expect(page.get_by_test_id("grants").locator("tr[data-state=revoked]")).to_have_count(0)
    assert ConsentGrant.objects.get().revoked_at is None
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_test_id("grants").get_by_role("button", name="取り消す").click()
    expect(page.get_by_text("共有を取り消しました")).to_be_visible()
    expect(page.get_by_test_id("grants").locator("tr[data-state=revoked]")).to_have_count(1)
    assert len(questions) == 2 and "取り消してよろしいですか" in questions[0]
    response = lender.goto(shared_url)
    assert response.status == 404
    lender.goto(f"{base}/o/shinkin/shared/")
    expect(lender.get_by_text("いま共有を受けている事業者はありません")).to_be_visible()
    lender_context.close()

    # The log shows the view and the refused attempts, with who and what.
    page.reload()
    log = page.get_by_test_id("share-log")
    expect(log.locator("tr[data-action=view]")).to_have_count(1)
    expect(log.locator("tr[data-action=view]")).to_contain_text("小林 亮")
    expect(log.locator("tr[data-action=view]")).to_contain_text("ローカルベンチマーク")
    expect(log.locator("tr[data-action=refused]")).to_have_count(2)
    assert ConsentGrant.objects.get().revoked_at is not None
    assert ShareAccessLog.objects.filter(action="view").count() == 1
