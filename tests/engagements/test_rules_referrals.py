"""The organization's directory of support bodies and the referral lifecycle (橋渡し)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.engines import directory
from banso.engagements.models import Referral, SupportBody
from tests.engagements.factories import START, IssueNodeFactory, SupportBodyFactory

pytestmark = pytest.mark.django_db


# --- Directory ------------------------------------------------------------------------------------


def test_a_support_body_is_added_to_the_organizations_directory(org, supporter):
    body = referral_domain.create_support_body(
        org,
        by=supporter,
        name=" 税理士法人みなと会計 ",
        body_type="professional",
        profession="tax_accountant",
        specialties="原価計算・月次決算の早期化",
    )
    assert (body.name, body.type_label, body.organization) == ("税理士法人みなと会計", "士業（税理士）", org)
    assert body.history.latest().history_organization_id == org.pk
    log = ActivityLog.objects.get(code="engagement.support_body.created")
    assert (log.organization_id, log.company_id) == (org.pk, None)
    assert log.message == "橋渡し先「税理士法人みなと会計」（士業（税理士））を登録しました。"


def test_directory_rules_name_unique_and_profession_only_for_professionals(org, supporter):
    referral_domain.create_support_body(org, by=supporter, name="浜松商工会議所", body_type="chamber")
    with pytest.raises(ValidationError) as exc:
        referral_domain.create_support_body(org, by=supporter, name="浜松商工会議所", body_type="chamber")
    assert exc.value.messages == ["同じ名称の橋渡し先がすでに登録されています。"]
    with pytest.raises(ValidationError) as exc:
        referral_domain.create_support_body(
            org, by=supporter, name="よろず", body_type="yorozu", profession="lawyer"
        )
    assert exc.value.messages == ["士業の資格は、種別が「士業」のときだけ選べます。"]
    assert SupportBody.objects.count() == 1


def test_standard_bodies_of_a_prefecture_are_added_once(org, foreign_org, supporter):
    added = referral_domain.add_standard_support_bodies(org, by=supporter, prefecture="静岡県")
    assert [b.name for b in added] == [
        "静岡県よろず支援拠点",
        "静岡県中小企業活性化協議会",
        "静岡県事業承継・引継ぎ支援センター",
        "中小企業基盤整備機構 中部本部",
    ]
    assert {b.region for b in added} == {"静岡県"}
    assert referral_domain.add_standard_support_bodies(org, by=supporter, prefecture="静岡県") == []
    only_yorozu = referral_domain.add_standard_support_bodies(
        foreign_org, by=supporter, prefecture="北海道", body_types=("yorozu",)
    )
    assert [b.name for b in only_yorozu] == ["北海道よろず支援拠点"]
    with pytest.raises(DomainError):
        referral_domain.add_standard_support_bodies(org, by=supporter, prefecture="東京")


def test_every_prefecture_has_a_regional_office_of_smrj():
    assert set(directory.SMRJ_OFFICE_BY_PREFECTURE) == set(directory.PREFECTURES)
    assert len(directory.PREFECTURES) == 47


def test_updating_a_support_body_checks_the_version(org, supporter, admin_user):
    body = referral_domain.create_support_body(org, by=supporter, name="浜松商工会議所", body_type="chamber")
    referral_domain.update_support_body(
        body, by=supporter, expected_version=1, is_active=False, phone="053-000-0000"
    )
    with pytest.raises(ConflictError):
        referral_domain.update_support_body(body, by=admin_user, expected_version=1, name="別名")
    body.refresh_from_db()
    assert (body.is_active, body.phone, body.version, body.name) == (
        False,
        "053-000-0000",
        2,
        "浜松商工会議所",
    )


# --- Referrals -----------------------------------------------------------------------------------


@pytest.fixture
def yorozu(org):
    return SupportBodyFactory(organization=org, name="静岡県よろず支援拠点")


def test_a_referral_records_to_whom_why_when_and_logs(engagement, supporter, yorozu):
    issue = IssueNodeFactory(engagement=engagement, kind="surface", text="値決めが勘")
    referral = referral_domain.refer(
        engagement,
        by=supporter,
        support_body=yorozu,
        reason=" 原価計算の仕組みづくりに専門家の知見が必要 ",
        referred_on=dt.date(2026, 6, 1),
        issue=issue,
        contact_name="販路開拓コーディネーター 鈴木氏",
    )
    assert (referral.status, referral.reason, referral.issue, referral.closed_on, referral.referred_by) == (
        "planned",
        "原価計算の仕組みづくりに専門家の知見が必要",
        issue,
        None,
        supporter,
    )
    log = ActivityLog.objects.get(code="engagement.referral.created")
    assert log.message == "「静岡県よろず支援拠点」への橋渡しを記録しました（検討中）。"
    assert log.data["engagement_id"] == engagement.pk


def test_a_referral_refuses_foreign_inactive_bodies_and_foreign_issues(
    engagement, supporter, foreign_org, org
):
    foreign_body = SupportBodyFactory(organization=foreign_org)
    with pytest.raises(DomainError, match="自分の支援機関の一覧から"):
        referral_domain.refer(engagement, by=supporter, support_body=foreign_body, reason="x")
    retired = SupportBodyFactory(organization=org, name="旧センター", is_active=False)
    with pytest.raises(DomainError, match="「旧センター」は利用中ではないため"):
        referral_domain.refer(engagement, by=supporter, support_body=retired, reason="x")
    body = SupportBodyFactory(organization=org)
    with pytest.raises(DomainError, match="この案件の課題ツリーから"):
        referral_domain.refer(
            engagement, by=supporter, support_body=body, reason="x", issue=IssueNodeFactory()
        )
    with pytest.raises(ValidationError) as exc:
        referral_domain.refer(
            engagement, by=supporter, support_body=body, reason=" ", referred_on=START - dt.timedelta(days=1)
        )
    assert set(exc.value.message_dict) == {"reason", "referred_on"}
    assert not Referral.objects.exists()


def test_completing_sets_the_closing_day_and_reopening_clears_it(engagement, supporter, yorozu):
    referral = referral_domain.refer(
        engagement, by=supporter, support_body=yorozu, reason="原価計算", referred_on=dt.date(2026, 6, 1)
    )
    referral_domain.update_referral(referral, by=supporter, expected_version=1, status="in_progress")
    done = referral_domain.update_referral(
        referral, by=supporter, expected_version=2, status="completed", outcome="主要品目の原価表ができた"
    )
    assert (done.closed_on, done.outcome, done.version) == (
        timezone.localdate(),
        "主要品目の原価表ができた",
        3,
    )
    reopened = referral_domain.update_referral(referral, by=supporter, status="in_progress")
    assert reopened.closed_on is None
    codes = list(
        ActivityLog.objects.filter(code__startswith="engagement.referral").values_list("code", flat=True)
    )
    assert sorted(codes) == [
        "engagement.referral.created",
        "engagement.referral.status_changed",
        "engagement.referral.status_changed",
        "engagement.referral.status_changed",
        "engagement.referral.updated",
    ]


def test_a_closing_day_before_the_referral_or_in_the_future_is_refused(engagement, supporter, yorozu):
    referral = referral_domain.refer(
        engagement, by=supporter, support_body=yorozu, reason="原価計算", referred_on=dt.date(2026, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        referral_domain.update_referral(
            referral, by=supporter, status="not_used", closed_on=dt.date(2026, 5, 1)
        )
    assert exc.value.messages == ["完了・見送りの日は、橋渡しした日以降の日付を入力してください。"]
    with pytest.raises(ValidationError) as exc:
        referral_domain.update_referral(
            referral, by=supporter, status="completed", closed_on=timezone.localdate() + dt.timedelta(days=1)
        )
    assert exc.value.message_dict == {"closed_on": ["完了・見送りの日に未来の日付は入力できません。"]}
    referral.refresh_from_db()
    assert (referral.status, referral.closed_on, referral.version) == ("planned", None, 1)


def test_stale_referral_edits_are_refused(engagement, supporter, admin_user, yorozu):
    referral = referral_domain.refer(engagement, by=supporter, support_body=yorozu, reason="原価計算")
    referral_domain.update_referral(referral, by=supporter, expected_version=1, outcome="面談予約済み")
    with pytest.raises(ConflictError):
        referral_domain.update_referral(referral, by=admin_user, expected_version=1, outcome="上書き")
    with pytest.raises(DomainError):
        referral_domain.update_referral(referral, by=admin_user, referred_by=admin_user)
    assert Referral.objects.get(pk=referral.pk).outcome == "面談予約済み"


def test_an_ended_engagement_takes_no_referrals(engagement, supporter, yorozu):
    domain.change_status(engagement, by=supporter, status="cancelled", reason="先方都合")
    with pytest.raises(DomainError, match="終了または中止した案件は変更できません"):
        referral_domain.refer(engagement, by=supporter, support_body=yorozu, reason="x")
