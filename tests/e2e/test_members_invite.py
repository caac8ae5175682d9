"""Members in a real browser: the 管理者 invites a supporter by e-mail; the invited person opens the
link from the mail, sets a password and signs in; the used link no longer works."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from banso.core.roles import Role
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def bank(transactional_db):
    org = OrganizationFactory(name="みなと地域銀行", slug="minato")
    boss = UserFactory(username="orgadmin", full_name="支店長 山本")
    MembershipFactory(user=boss, organization=org, role=Role.ORG_ADMIN)
    CompanyFactory(organization=org, name="有限会社丸山精工", supporters=[boss])
    return org


def test_invite_open_the_link_set_a_password_and_sign_in(bank, live_server, sign_in, page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    sign_in("orgadmin")
    page.goto(f"{live_server.url}/o/minato/members/invite/")
    page.get_by_label("メールアドレス").fill("not-an-address")
    page.get_by_label("役割").select_option("supporter")
    page.get_by_role("button", name="招待メールを送る").click()
    expect(page.get_by_text("メールアドレスの形式が正しくありません")).to_be_visible()

    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("氏名").fill("新人 花子")
    page.get_by_role("button", name="招待メールを送る").click()
    expect(page.get_by_text("hanako@example.jp に招待メールを送りました")).to_be_visible()
    expect(page.get_by_role("link", name="新人 花子")).to_be_visible()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/invitation/\S+/", mail.outbox[0].body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_role("heading", name="パスワードの設定")).to_be_visible()
    page.locator("#id_password1").fill("minato-hanako-2026")
    page.locator("#id_password2").fill("minato-hanako-2026")
    page.get_by_role("button", name="パスワードを設定する").click()
    expect(page.get_by_text("パスワードを設定しました")).to_be_visible()

    sign_in("hanako@example.jp", "minato-hanako-2026")
    expect(page).to_have_url(re.compile(r"/o/minato/"))  # signed in, on their organization's landing page
    expect(page.locator(".user-menu summary")).to_contain_text("新人 花子")

    page.goto(link)
    expect(page.get_by_role("heading", name="この招待リンクは使えません")).to_be_visible()
