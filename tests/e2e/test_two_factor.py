"""Two-factor sign-in in a real browser: a bank that requires it; its supporter sets up an authenticator
from the QR page (typing the key shown as text), keeps the recovery codes, signs out and back in with a
code from the app."""

import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from banso.core.roles import Role
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret_text: str, *, steps_ahead: int = 0) -> str:
    from base64 import b32decode

    totp = TOTP(b32decode(re.sub(r"\s", "", secret_text)), 30, 0, 6, 0)
    totp.time = time.time() + steps_ahead * 30
    return f"{totp.token():06d}"


@pytest.fixture
def bank(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato", require_two_factor=True)
    advisor = UserFactory(username="advisor", full_name="田中 美咲")
    MembershipFactory(user=advisor, organization=org, role=Role.SUPPORTER)
    CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[advisor])
    return org


def test_a_supporter_sets_up_two_factor_and_signs_in_with_a_code(bank, live_server, sign_in, page):
    sign_in("advisor")
    expect(page.get_by_role("heading", name="二段階認証の設定")).to_be_visible()
    expect(page.get_by_text("ご所属の支援機関では、ログインに二段階認証が必須です。")).to_be_visible()
    expect(page.get_by_alt_text("認証アプリに登録する QR コード")).to_be_visible()
    secret = page.get_by_test_id("secret").inner_text()

    page.get_by_label("確認コード").fill(_code(secret))
    page.get_by_role("button", name="設定する").click()
    expect(page.get_by_role("heading", name="二段階認証を設定しました")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="保管しました。続ける").click()
    expect(page.get_by_role("heading", name="今日やること")).to_be_visible()

    page.context.clear_cookies()
    sign_in("advisor")
    expect(page.get_by_role("heading", name="確認コードの入力")).to_be_visible()
    page.get_by_label("確認コード").fill("000000")
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("alert")).to_contain_text("コードが正しくありません")
    page.get_by_label("確認コード").fill(_code(secret, steps_ahead=1))
    page.get_by_role("button", name="確認する").click()
    expect(page.get_by_role("heading", name="今日やること")).to_be_visible()
    page.get_by_role("navigation", name="メインメニュー").get_by_role("link", name="事業者一覧").click()
    expect(page.get_by_role("link", name="有限会社丸山精工")).to_be_visible()
