"""Referral pages and the organization's directory of support bodies, as users use them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.engagements.domain import referrals as referral_domain
from banso.engagements.models import Referral, SupportBody
from tests.engagements.factories import IssueNodeFactory, ReferralFactory, SupportBodyFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def directory_url(name, org="minato", **kwargs):
    return reverse(f"support_bodies:{name}", kwargs={"org": org, **kwargs})


@pytest.fixture
def yorozu(org):
    return SupportBodyFactory(organization=org, name="静岡県よろず支援拠点")


class TestReferrals:
    def test_supporter_records_a_referral_linked_to_an_issue(self, login, supporter, step6, yorozu, page_url):
        issue = IssueNodeFactory(engagement=step6, text="販路が一社に偏っている")
        data = {
            "support_body": str(yorozu.pk),
            "contact_name": "販路開拓コーディネーター",
            "issue": str(issue.pk),
            "reason": "展示会出展の進め方を相談するため",
            "referred_on": "2026/6/1",
            "status": "requested",
            "outcome": "",
            "closed_on": "",
        }
        response = login(supporter).post(page_url("referral_create", step6), data)
        assert response.status_code == 302
        referral = Referral.objects.get()
        assert (referral.support_body, referral.issue, referral.status, referral.referred_by) == (
            yorozu,
            issue,
            "requested",
            supporter,
        )
        body = login(supporter).get(page_url("referral_list", step6)).content.decode()
        assert (
            "静岡県よろず支援拠点" in body and "課題: 販路が一社に偏っている" in body and "依頼済み" in body
        )

    def test_completing_without_a_day_takes_today_and_a_stale_edit_is_refused(
        self, login, supporter, admin_user, step6, yorozu, page_url
    ):
        referral = referral_domain.refer(
            step6, by=supporter, support_body=yorozu, reason="販路", referred_on=dt.date(2026, 6, 1)
        )
        data = {
            "support_body": str(yorozu.pk),
            "reason": "販路",
            "referred_on": "2026-06-01",
            "status": "completed",
            "outcome": "展示会に出展した",
            "closed_on": "",
            "version": "1",
        }
        client = login(supporter)
        response = client.post(page_url("referral_edit", step6, pk=referral.pk), data)
        assert response.status_code == 302, response.context["form"].errors
        referral.refresh_from_db()
        assert (referral.status, referral.closed_on, referral.outcome) == (
            "completed",
            timezone.localdate(),
            "展示会に出展した",
        )
        stale = client.post(page_url("referral_edit", step6, pk=referral.pk), data | {"outcome": "上書き"})
        assert "他の方が更新しました" in stale.content.decode()
        referral.refresh_from_db()
        assert referral.outcome == "展示会に出展した"

    def test_only_active_bodies_of_the_own_directory_are_offered(
        self, login, supporter, step6, yorozu, org, foreign_org, page_url
    ):
        SupportBodyFactory(organization=org, name="使わなくなった先", is_active=False)
        SupportBodyFactory(organization=foreign_org, name="他機関の先")
        form = login(supporter).get(page_url("referral_create", step6)).context["form"]
        assert [b.name for b in form.fields["support_body"].queryset] == ["静岡県よろず支援拠点"]

    def test_without_a_directory_the_page_says_where_to_start(self, login, supporter, step6, page_url):
        body = login(supporter).get(page_url("referral_list", step6)).content.decode()
        assert "よく使う支援機関を追加" in body and "＋ 橋渡しを記録" not in body

    def test_three_actors(self, login, owner, colleague, outsider, step6, yorozu, page_url):
        ReferralFactory(engagement=step6, support_body=yorozu)
        assert login(owner).get(page_url("referral_list", step6)).status_code == 404
        assert login(owner).get(page_url("referral_create", step6)).status_code == 404
        assert login(colleague).get(page_url("referral_list", step6)).status_code == 404
        assert login(outsider).get(page_url("referral_list", step6, org="sakura")).status_code == 404

    def test_query_count_does_not_grow_with_referrals(self, login, supporter, step6, org, page_url):
        client = login(supporter)
        counts = []
        for size in (2, 20):
            for n in range(size):
                body = SupportBodyFactory(organization=org)
                ReferralFactory(
                    engagement=step6,
                    support_body=body,
                    issue=IssueNodeFactory(engagement=step6, text=f"課題{size}-{n}"),
                )
            counts.append(count_queries(client, page_url("referral_list", step6)))
        assert counts[0] == counts[1]


class TestDirectory:
    def test_standard_bodies_are_added_for_a_prefecture(self, login, supporter):
        response = login(supporter).post(
            directory_url("add_standard"),
            {"prefecture": "静岡県", "body_types": ["yorozu", "succession_center"]},
        )
        assert response.status_code == 302
        assert set(SupportBody.objects.values_list("name", flat=True)) == {
            "静岡県事業承継・引継ぎ支援センター",
            "静岡県よろず支援拠点",
        }
        again = login(supporter).post(
            directory_url("add_standard"), {"prefecture": "静岡県", "body_types": ["yorozu"]}, follow=True
        )
        assert "すべて登録済みです" in again.content.decode()

    def test_a_professional_is_registered_and_edited_with_the_version_check(
        self, login, supporter, admin_user
    ):
        data = {
            "name": "税理士法人みなと会計",
            "body_type": "professional",
            "profession": "tax_accountant",
            "region": "浜松市",
            "url": "https://example.jp",
            "specialties": "原価計算",
        }
        assert login(supporter).post(directory_url("create"), data).status_code == 302
        body = SupportBody.objects.get()
        assert (body.type_label, body.url) == ("士業（税理士）", "https://example.jp")
        referral_domain.update_support_body(body, by=admin_user, phone="053-000-0000")
        stale = login(supporter).post(
            directory_url("edit", pk=body.pk), data | {"is_active": "", "version": "1"}
        )
        assert "他の方が更新しました" in stale.content.decode()
        body.refresh_from_db()
        assert body.is_active is True

    def test_duplicate_names_and_professions_on_other_types_are_explained(self, login, supporter, org):
        SupportBodyFactory(organization=org, name="浜松商工会議所", body_type="chamber")
        response = login(supporter).post(
            directory_url("create"),
            {"name": "浜松商工会議所", "body_type": "chamber", "profession": "lawyer"},
        )
        errors = response.context["form"].errors
        assert "士業の資格は、種別が「士業」のときだけ選べます。" in str(errors)

    def test_search_and_type_filters(self, login, supporter, org):
        SupportBodyFactory(organization=org, name="静岡県よろず支援拠点", specialties="販路開拓")
        SupportBodyFactory(organization=org, name="浜松商工会議所", body_type="chamber", region="浜松市")
        SupportBodyFactory(organization=org, name="閉じた先", body_type="chamber", is_active=False)
        client = login(supporter)
        assert [b.name for b in client.get(directory_url("list"), {"q": "はんろ"}).context["bodies"]] == []
        assert [b.name for b in client.get(directory_url("list"), {"q": "販路"}).context["bodies"]] == [
            "静岡県よろず支援拠点"
        ]
        assert [b.name for b in client.get(directory_url("list"), {"type": "chamber"}).context["bodies"]] == [
            "浜松商工会議所"
        ]
        shown = client.get(directory_url("list"), {"type": "chamber", "inactive": "1"}).context["bodies"]
        assert sorted(b.name for b in shown) == ["浜松商工会議所", "閉じた先"]

    def test_who_sees_and_changes_the_directory(self, login, viewer, owner, colleague, outsider, org):
        body = SupportBodyFactory(organization=org)
        assert login(colleague).get(directory_url("list")).status_code == 200
        viewer_page = login(viewer).get(directory_url("list"))
        assert viewer_page.status_code == 200 and "＋ 橋渡し先を登録" not in viewer_page.content.decode()
        assert login(viewer).post(directory_url("edit", pk=body.pk), {"name": "x"}).status_code == 403
        assert login(owner).get(directory_url("list")).status_code == 404
        assert login(outsider).get(directory_url("edit", org="sakura", pk=body.pk)).status_code == 404

    def test_query_count_does_not_grow_with_the_directory(self, login, supporter, org):
        client = login(supporter)
        counts = []
        for size in (3, 30):
            SupportBodyFactory.create_batch(size, organization=org)
            counts.append(count_queries(client, directory_url("list")))
        assert counts[0] == counts[1]
