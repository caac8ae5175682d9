"""次月重点アクション: set, review (実施 / 一部実施 / 未実施 with why), versions, history on one page,
links to engagement actions, tenancy and read-only roles; the panel the month's review includes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.monitoring.domain import next_month_actions as domain
from banso.monitoring.models import NextMonthAction
from banso.monitoring.views.panels import next_month_actions_panel

pytestmark = pytest.mark.django_db

MAY = dt.date(2026, 5, 1)


def url(company, name="monitoring:next_actions", **kwargs):
    return reverse(name, kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs})


def test_create_stores_first_of_month_in_order_and_logs(company, supporter):
    first = domain.create_next_month_action(
        company, by=supporter, month=dt.date(2026, 5, 17), title=" 営業訪問を増やす ", measure="訪問20件"
    )
    second = domain.create_next_month_action(company, by=supporter, month=MAY, title="在庫の圧縮")
    assert (first.month, first.title, first.measure, first.order) == (MAY, "営業訪問を増やす", "訪問20件", 0)
    assert second.order == 1
    log = ActivityLog.objects.filter(code="monitoring.next_action.created").order_by("id").first()
    assert log.message == "2026年5月の重点アクション「営業訪問を増やす」を設定しました。"


def test_create_refuses_empty_title_and_too_many(company, supporter):
    with pytest.raises(ValidationError) as info:
        domain.create_next_month_action(company, by=supporter, month=MAY, title="  ")
    assert info.value.message_dict == {"title": [domain.TITLE_REQUIRED_MESSAGE]}
    for i in range(domain.MAX_ACTIONS_PER_MONTH):
        domain.create_next_month_action(company, by=supporter, month=MAY, title=f"行動{i}")
    with pytest.raises(DomainError):
        domain.create_next_month_action(company, by=supporter, month=MAY, title="多すぎ")
    assert NextMonthAction.objects.filter(company=company).count() == domain.MAX_ACTIONS_PER_MONTH


def test_review_needs_why_unless_done_and_bumps_version(company, supporter):
    action = domain.create_next_month_action(company, by=supporter, month=MAY, title="訪問")
    with pytest.raises(ValidationError) as info:
        domain.review_next_month_action(action, by=supporter, expected_version=1, review="partly")
    assert info.value.message_dict == {"review_note": [domain.REASON_REQUIRED_MESSAGE]}
    reviewed = domain.review_next_month_action(
        action, by=supporter, expected_version=1, review="partly", review_note="繁忙期で12件のみ"
    )
    assert (reviewed.review, reviewed.review_note, reviewed.version) == ("partly", "繁忙期で12件のみ", 2)
    # the earlier review stays in the history when it is corrected
    domain.review_next_month_action(action, by=supporter, expected_version=2, review="done")
    assert list(action.history.order_by("history_id").values_list("review", flat=True)) == [
        "not_reviewed",
        "partly",
        "done",
    ]


def test_stale_review_is_refused(company, supporter):
    action = domain.create_next_month_action(company, by=supporter, month=MAY, title="訪問")
    domain.update_next_month_action(action, by=supporter, expected_version=1, owner="山田")
    with pytest.raises(ConflictError):
        domain.review_next_month_action(action, by=supporter, expected_version=1, review="done")
    action.refresh_from_db()
    assert action.review == "not_reviewed"


def test_reviewed_action_cannot_be_deleted(company, supporter):
    action = domain.create_next_month_action(company, by=supporter, month=MAY, title="訪問")
    domain.review_next_month_action(action, by=supporter, expected_version=1, review="done")
    with pytest.raises(DomainError):
        domain.delete_next_month_action(action, by=supporter, expected_version=2)
    assert NextMonthAction.objects.filter(pk=action.pk).exists()


def _engagement_action(company, lead):
    from tests.engagements.factories import ActionFactory, EngagementFactory, StakeholderFactory

    engagement = EngagementFactory(company=company, lead_supporter=lead, status="active", step=4)
    owner = StakeholderFactory(engagement=engagement, name="丸山 浩二", role="owner")
    return ActionFactory(engagement=engagement, owner=owner)


def test_link_to_engagement_action_of_the_company_only(company, supporter, foreign_company, outsider):
    own = _engagement_action(company, supporter)
    foreign = _engagement_action(foreign_company, outsider)
    linked = domain.create_next_month_action(
        company, by=supporter, month=MAY, title="訪問", engagement_action_id=own.pk
    )
    assert linked.engagement_action_id == own.pk
    with pytest.raises(ValidationError) as info:
        domain.create_next_month_action(
            company, by=supporter, month=MAY, title="他社", engagement_action_id=foreign.pk
        )
    assert "engagement_action_id" in info.value.message_dict


def test_page_shows_review_month_next_month_and_history(login, supporter, company):
    april = domain.create_next_month_action(
        company, by=supporter, month=dt.date(2026, 4, 1), title="四月の訪問"
    )
    domain.review_next_month_action(
        april, by=supporter, expected_version=1, review="not_done", review_note="担当者が病欠"
    )
    domain.create_next_month_action(company, by=supporter, month=MAY, title="五月の見積")
    page = login(supporter).get(url(company) + "?month=2026-04").content.decode()
    assert '<strong data-testid="review-month">2026年4月</strong>' in page
    assert "2026年5月の重点アクション" in page and "五月の見積" in page
    assert "担当者が病欠" in page and "未実施" in page
    # the history keeps April visible when looking at a later month
    later = login(supporter).get(url(company) + "?month=2026-07").content.decode()
    assert "四月の訪問" in later and "担当者が病欠" in later


def test_set_and_review_through_the_pages(login, supporter, company):
    client = login(supporter)
    response = client.post(
        url(company, "monitoring:next_action_create") + "?month=2026-05",
        {"title": "営業訪問", "owner": "山田", "measure": "訪問20件", "engagement_action_id": ""},
    )
    assert response.status_code == 302
    action = NextMonthAction.objects.get(company=company)
    assert (action.month, action.owner, action.measure) == (MAY, "山田", "訪問20件")
    review_url = url(company, "monitoring:next_action_review", pk=action.pk)
    missing_why = client.post(review_url, {"review": "not_done", "review_note": "", "version": 1})
    assert missing_why.status_code == 200
    assert domain.REASON_REQUIRED_MESSAGE in missing_why.content.decode()
    assert (
        client.post(review_url, {"review": "partly", "review_note": "14件", "version": 1}).status_code == 302
    )
    stale = client.post(review_url, {"review": "done", "review_note": "", "version": 1})
    assert "他の方が更新しました" in stale.content.decode()
    action.refresh_from_db()
    assert (action.review, action.review_note, action.version) == ("partly", "14件", 2)


def test_viewer_reads_but_cannot_set(login, viewer, supporter, company):
    domain.create_next_month_action(company, by=supporter, month=MAY, title="訪問")
    client = login(viewer)
    page = client.get(url(company) + "?month=2026-04").content.decode()
    assert "訪問" in page and "振り返る" not in page and "追加する" not in page
    response = client.post(url(company, "monitoring:next_action_create") + "?month=2026-05", {"title": "x"})
    assert response.status_code == 403
    assert NextMonthAction.objects.count() == 1


def test_another_organization_gets_404_for_an_action(login, outsider, supporter, company):
    action = domain.create_next_month_action(company, by=supporter, month=MAY, title="秘密")
    response = login(outsider).get(url(company, "monitoring:next_action_review", pk=action.pk))
    assert response.status_code == 404
    assert "秘密" not in response.content.decode()


def test_panel_counts_unreviewed_and_lists_next_month(company, supporter):
    a = domain.create_next_month_action(company, by=supporter, month=dt.date(2026, 4, 1), title="A")
    domain.create_next_month_action(company, by=supporter, month=dt.date(2026, 4, 1), title="B")
    domain.review_next_month_action(a, by=supporter, expected_version=1, review="done")
    domain.create_next_month_action(company, by=supporter, month=MAY, title="C")
    panel = next_month_actions_panel(company, "2026-04")
    assert [x.title for x in panel["to_review"]] == ["A", "B"]
    assert panel["unreviewed"] == 1
    assert [x.title for x in panel["next_actions"]] == ["C"]
    assert str(panel["next_month"]) == "2026-05"
