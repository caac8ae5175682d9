"""The home (今日やること), the portfolio, the alert settings and the alerts API as users meet them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.home.models import AlertSettings
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.factories import CompanyFactory
from tests.home.world import ALL_KINDS, every_alert

pytestmark = pytest.mark.django_db


def url(name, org="minato", **kwargs):
    return reverse(name, kwargs={"org": org, **kwargs})


def test_support_side_lands_on_home_company_side_on_their_portal(login, supporter, owner, company):
    assert login(supporter).get(url("orgs:home"))["Location"] == url("home:today")
    assert login(owner).get(url("orgs:home"))["Location"] == url("portal:home")
    assert login(owner).get(url("home:today")).status_code == 404


def test_home_shows_every_kind_grouped_with_links(login, supporter, company):
    every_alert(company, by=supporter)
    response = login(supporter).get(url("home:today"))
    body = response.content.decode()
    for kind in ALL_KINDS:
        assert f'id="kind-{kind}"' in body
    assert "見積書の様式を統一する" in body
    assert url("monitoring:cashflow", company_pk=company.pk) in body
    assert "該当はありません" not in body


def test_empty_home_says_what_would_appear(login, colleague):
    body = login(colleague).get(url("home:today")).content.decode()
    assert "今日対応が必要なことはありません" in body
    assert "期限を過ぎたアクション" in body


def test_kind_filter_and_hostile_parameters(login, supporter, company):
    every_alert(company, by=supporter)
    client = login(supporter)
    body = client.get(url("home:today"), {"kind": "action_overdue"}).content.decode()
    assert 'id="kind-action_overdue"' in body and 'id="kind-cash_shortfall"' not in body
    for hostile in ({"kind": "<script>"}, {"supporter": "9" * 40}, {"supporter": "-1"}, {"kind": "x" * 5000}):
        assert client.get(url("home:today"), hostile).status_code == 200


def test_admin_narrows_home_to_one_supporter(login, admin_user, supporter, colleague, company, org):
    every_alert(company, by=supporter)
    every_alert(CompanyFactory(organization=org, supporters=[colleague]), by=colleague, what="在庫を数える")
    client = login(admin_user)
    body = client.get(url("home:today"), {"supporter": colleague.pk}).content.decode()
    assert "在庫を数える" in body and "見積書の様式を統一する" not in body
    # A supporter cannot look at a colleague's companies through the filter.
    body = login(supporter).get(url("home:today"), {"supporter": colleague.pk}).content.decode()
    assert "在庫を数える" not in body


def test_portfolio_counts_link_to_their_lists(login, viewer, supporter, company):
    every_alert(company, by=supporter)
    body = login(viewer).get(url("home:portfolio")).content.decode()
    assert f"?supporter={supporter.pk}&amp;kind=action_overdue" in body
    assert f"{url('companies:list')}?step=6&amp;engagement_status=active" in body
    assert f"?supporter={supporter.pk}&amp;overdue=1" in body
    assert "data:image/svg+xml;base64," in body


def test_company_list_filters_behind_portfolio_numbers(login, admin_user, supporter, company, other_company):
    every_alert(company, by=supporter)
    client = login(admin_user)
    body = client.get(url("companies:list"), {"step": "6", "engagement_status": "active"}).content.decode()
    assert company.name in body and other_company.name not in body
    body = client.get(url("companies:list"), {"overdue": "1"}).content.decode()
    assert company.name in body and other_company.name not in body
    assert "期限切れのアクションあり" in body
    # The advisor's columns.
    assert "⑥" in body and "1件" in body
    for sort in ("step", "-step", "last_dialogue", "-overdue"):
        assert client.get(url("companies:list"), {"sort": sort}).status_code == 200


def test_settings_change_thresholds_with_version_and_log(login, admin_user, org):
    client = login(admin_user)
    response = client.post(url("home:settings"), {"due_soon_days": "１４", "no_dialogue_days": "45"})
    assert response.status_code == 302
    record = AlertSettings.objects.get(organization=org)
    assert (record.due_soon_days, record.no_dialogue_days, record.version) == (14, 45, 1)
    assert ActivityLog.objects.filter(code="organization.alert_settings.changed").count() == 1
    # A stale form (started from the defaults) changes nothing.
    response = client.post(url("home:settings"), {"due_soon_days": "3", "no_dialogue_days": "45"})
    assert response.status_code == 200 and "他の方" in response.content.decode()
    response = client.post(
        url("home:settings"), {"due_soon_days": "abc", "no_dialogue_days": "999", "version": "1"}
    )
    assert response.status_code == 200
    record.refresh_from_db()
    assert (record.due_soon_days, record.version) == (14, 1)


def test_alerts_api(client, supporter, owner, company, foreign_company, outsider):
    every_alert(company, by=supporter)
    _, raw = create_api_token(Membership.objects.get(user=supporter), name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    data = client.get("/api/v1/alerts", **auth).json()
    assert data["count"] == len(ALL_KINDS)
    assert {r["kind"] for r in data["results"]} == ALL_KINDS
    only = client.get("/api/v1/alerts", {"kind": "gap_repeating", "company_id": company.pk}, **auth).json()
    assert [r["kind"] for r in only["results"]] == ["gap_repeating"]
    assert client.get("/api/v1/alerts", {"kind": "nope"}, **auth).status_code == 422
    assert client.get("/api/v1/alerts", {"company_id": foreign_company.pk}, **auth).status_code == 404
    _, owner_raw = create_api_token(Membership.objects.get(user=owner), name="t")
    owner_data = client.get("/api/v1/alerts", HTTP_AUTHORIZATION=f"Bearer {owner_raw}").json()
    assert owner_data["count"] == 0


def test_home_and_portfolio_queries_do_not_grow_with_companies(login, admin_user, supporter, org):
    from tests.helpers import count_queries

    client = login(admin_user)
    counts = []
    for add in (2, 4):
        for _ in range(add):
            every_alert(CompanyFactory(organization=org, supporters=[supporter]), by=supporter)
        counts.append(
            (count_queries(client, url("home:today")), count_queries(client, url("home:portfolio")))
        )
    assert counts[0] == counts[1], counts


def test_portfolio_names_alerts_of_unassigned_companies(login, admin_user, supporter, org):
    every_alert(CompanyFactory(organization=org, supporters=[]), by=supporter)
    body = login(admin_user).get(url("home:portfolio")).content.decode()
    assert f"担当の支援者がいない事業者の{len(ALL_KINDS)}件" in body


def test_portfolio_pages_its_supporters(login, admin_user, supporter, colleague, company, org, monkeypatch):
    """A bank's thousands of supporters: the per-supporter tables show one page; totals stay whole."""
    from banso.home import views

    monkeypatch.setattr(views, "SUPPORTERS_PER_PAGE", 2)
    every_alert(company, by=supporter)
    every_alert(CompanyFactory(organization=org, supporters=[colleague]), by=colleague, what="在庫を数える")
    client = login(admin_user)
    # admin さん, colleague さん | supporter さん (by name)
    first = client.get(url("home:portfolio")).content.decode()
    second = client.get(url("home:portfolio"), {"page": "2"}).content.decode()
    assert f"?supporter={colleague.pk}&amp;kind=action_overdue" in first
    assert f"?supporter={supporter.pk}&amp;kind=action_overdue" not in first
    assert f"?supporter={supporter.pk}&amp;kind=action_overdue" in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    for body in (first, second):
        assert f"今日やること {2 * len(ALL_KINDS)}件" in body
    assert client.get(url("home:portfolio"), {"page": "9" * 40}).status_code == 200
