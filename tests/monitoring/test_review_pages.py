"""月次モニタリング表, 月次レビュー, 乖離分析, 月次ミーティング and the thresholds page, end to end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.monitoring.models import (
    Gap,
    MonitoringThresholds,
    MonthlyActual,
    MonthlyMeeting,
    NextMonthAction,
)
from tests.monitoring.factories import make_plan
from tests.monitoring.table_data import add_actuals, add_plan

pytestmark = pytest.mark.django_db


def url(company, name, **kwargs):
    return reverse(
        f"monitoring:{name}", kwargs={"org": company.organization.slug, "company_pk": company.pk, **kwargs}
    )


@pytest.fixture
def version(company):
    version = make_plan(company, start=dt.date(2025, 4, 1), years=3)
    add_plan(
        version,
        {
            "net_sales": {"2025-04": 10_000_000, "2025-05": 10_000_000},
            "cost_of_sales": {"2025-04": 6_000_000, "2025-05": 6_000_000},
            "sga": {"2025-04": 3_000_000, "2025-05": 3_000_000},
        },
    )
    add_actuals(
        company,
        {
            "net_sales": {"2024-05": 9_100_000, "2025-04": 9_500_000, "2025-05": 7_900_001},
            "cost_of_sales": {"2025-04": 5_800_000, "2025-05": 5_000_000},
            "sga": {"2025-04": 3_100_000, "2025-05": 2_950_000},
        },
    )
    return version


def _line_block(page: str, key: str) -> str:
    start = page.index(f'data-line="{key}"')
    return page[start : page.index("</tbody>", start)]


def test_table_page_shows_figures_in_thousand_yen_with_marks(login, viewer, company, version):
    page = login(viewer).get(url(company, "table") + "?from=2025-04&to=2025-05").content.decode()
    assert "経営改善計画 第1版" in page
    sales = _line_block(page, "net_sales")
    assert "10,000" in sales  # plan 10,000,000 yen in 千円
    assert "7,900" in sales  # actual 7,900,001
    assert "△2,100" in sales  # variance −2,099,999 yen
    assert "79.0%" in sales
    assert "9,100" in sales  # prior year 2024-05
    assert "17,400" in sales  # year to date actual
    assert '<span class="mon-mark" data-testid="mark">未達</span>' in sales
    assert "要注意" in sales  # the year to date: 87.0 %
    # a viewer sees no link to record a gap
    assert "原因を記録" not in page
    assert page.count('<img src="data:image/svg+xml') == 6


def test_supporter_records_a_gap_from_the_highlighted_cell(login, supporter, company, version):
    client = login(supporter)
    page = client.get(url(company, "table") + "?from=2025-04&to=2025-05").content.decode()
    create = url(company, "gap_create", line="net_sales", month="2025-05")
    assert f'href="{create}"' in page
    response = client.post(
        create,
        {
            "cause": "orders_down",
            "why_chain": "大口の受注が延期",
            "response": "新規訪問を増やす",
            "owner": "営業部長",
            "due_on": "2025/07/31",
            "status": "in_progress",
            "effect": "not_assessed",
            "effect_note": "",
        },
    )
    assert response.status_code == 302
    gap = Gap.objects.get(company=company, line="net_sales", month=dt.date(2025, 5, 1))
    assert (gap.cause, gap.owner, gap.due_on, gap.plan_version) == (
        "orders_down",
        "営業部長",
        dt.date(2025, 7, 31),
        version,
    )
    assert ActivityLog.objects.filter(code="monitoring.gap.recorded", company_id=company.pk).count() == 1
    page = client.get(url(company, "table") + "?from=2025-04&to=2025-05").content.decode()
    assert "受注・客数減" in _line_block(page, "net_sales")
    # the form again redirects to the record
    assert client.get(create)["Location"] == url(company, "gap_edit", gap_pk=gap.pk)


def test_gap_form_starts_without_a_cause_and_refuses_an_empty_gap(login, supporter, company, version):
    client = login(supporter)
    create = url(company, "gap_create", line="net_sales", month="2025-05")
    page = client.get(create).content.decode()
    assert '<option value="" selected>選んでください</option>' in page
    assert '<option value="orders_down" selected' not in page
    empty = {"cause": "", "why_chain": "", "response": "", "status": "open", "effect": "not_assessed"}
    response = client.post(create, empty)
    assert response.status_code == 200
    body = response.content.decode()
    assert "原因の分類を選んでください。" in body
    assert "なぜなぜ（原因の掘り下げ）か対応（実施済み・予定）のどちらかを書いてください。" in body
    only_cause = client.post(create, empty | {"cause": "orders_down", "why_chain": "  "})
    assert only_cause.status_code == 200
    assert "どちらかを書いてください" in only_cause.content.decode()
    assert not Gap.objects.filter(company=company).exists()
    assert client.post(create, empty | {"cause": "orders_down", "response": "再訪問"}).status_code == 302
    assert Gap.objects.get(company=company).response == "再訪問"


def test_gap_edit_with_a_stale_version_is_refused(login, supporter, company, version):
    gap = Gap.objects.create(company=company, line="net_sales", month=dt.date(2025, 5, 1), cause="price_down")
    client = login(supporter)
    data = {
        "cause": "orders_down",
        "why_chain": "値引き要請",
        "status": "open",
        "effect": "not_assessed",
        "version": gap.version,
    }
    assert client.post(url(company, "gap_edit", gap_pk=gap.pk), data).status_code == 302
    data["response"] = "上書き"
    response = client.post(url(company, "gap_edit", gap_pk=gap.pk), data)
    assert response.status_code == 200
    assert "他の方が更新しました" in response.content.decode()
    gap.refresh_from_db()
    assert (gap.cause, gap.response, gap.version) == ("orders_down", "", 2)


def test_another_organizations_gap_is_404(login, outsider, supporter, company, foreign_company, version):
    gap = Gap.objects.create(company=company, line="net_sales", month=dt.date(2025, 5, 1), cause="price_down")
    foreign = Gap.objects.create(company=foreign_company, line="net_sales", month=dt.date(2025, 5, 1))
    assert login(outsider).get(url(company, "gap_edit", gap_pk=gap.pk)).status_code == 404
    # a foreign gap under one's own company is 404 too
    assert login(supporter).get(url(company, "gap_edit", gap_pk=foreign.pk)).status_code == 404


def test_repeating_gap_is_flagged_on_history_and_review(login, supporter, company, version):
    for month in (dt.date(2025, 4, 1), dt.date(2025, 5, 1)):
        Gap.objects.create(
            company=company, line="net_sales", month=month, cause="orders_down", response="対応"
        )
    client = login(supporter)
    history = client.get(url(company, "gap_history", line="net_sales")).content.decode()
    assert 'data-testid="repeating">連続2か月' in history
    review = client.get(url(company, "review") + "?month=2025-05").content.decode()
    assert "売上高の乖離が2か月続いています（2025年4月から）" in review
    assert "（連続）" in review


def test_missing_items_of_the_month_and_after_recording_them(login, supporter, company, version):
    NextMonthAction.objects.create(company=company, month=dt.date(2025, 5, 1), title="営業訪問20件")
    client = login(supporter)
    page = client.get(url(company, "review") + "?month=2025-05").content.decode()
    assert '<span data-testid="review-month">2025年5月</span>' in page
    assert "乖離の原因が未記録の科目があります: 売上高、売上総利益、営業利益、経常利益、当期純利益。" in page
    assert "2025年5月の重点アクションのうち1件が未評価です" in page
    assert "2025年5月の月次ミーティングの記録がまだありません" in page
    assert "実績がまだ入力されていません" not in page
    page = client.get(url(company, "review") + "?month=2025-06").content.decode()
    assert "2025年6月の実績がまだ入力されていません" in page
    response = client.post(
        url(company, "meeting_edit", month="2025-05"),
        {
            "held_on": "2025/06/10",
            "attendees": "社長、支援者",
            "discussion": "受注減",
            "decisions": "訪問強化",
        },
    )
    assert response.status_code == 302
    meeting = MonthlyMeeting.objects.get(company=company, month=dt.date(2025, 5, 1))
    assert meeting.decisions == "訪問強化"
    page = client.get(url(company, "review") + "?month=2025-05").content.decode()
    assert "月次ミーティングの記録がまだありません" not in page
    assert "訪問強化" in page


def test_review_defaults_to_the_latest_month_with_actuals(login, viewer, company, version):
    page = login(viewer).get(url(company, "review")).content.decode()
    assert '<span data-testid="review-month">2025年5月</span>' in page


def test_thresholds_page_changes_the_highlight(login, admin_user, supporter, company, version):
    assert login(supporter).get(url(company, "thresholds")).status_code == 403
    client = login(admin_user)
    page = client.get(url(company, "table") + "?from=2025-04&to=2025-04").content.decode()
    assert "未達" not in _line_block(page, "net_sales")  # 95 % is fine by default
    response = client.post(url(company, "thresholds"), {"amber": "98", "red": "96"})
    assert response.status_code == 302
    record = MonitoringThresholds.objects.get(organization=company.organization)
    assert (record.amber, record.red) == (Decimal("0.980"), Decimal("0.960"))
    page = client.get(url(company, "table") + "?from=2025-04&to=2025-04").content.decode()
    assert "未達" in _line_block(page, "net_sales")
    # a stale second save is refused
    response = client.post(url(company, "thresholds"), {"amber": "90", "red": "80"})
    assert response.status_code == 200
    assert ActivityLog.objects.filter(code="monitoring.thresholds.changed").count() == 1


def test_bad_month_in_the_query_is_a_message_not_an_error(login, viewer, company, version):
    response = login(viewer).get(url(company, "table") + "?from=2025-13&to=abc")
    assert response.status_code == 200
    assert "月は01〜12で入力してください" in response.content.decode()


def test_pages_without_plan_or_actuals_render(login, supporter, company):
    client = login(supporter)
    for name in ("table", "review"):
        response = client.get(url(company, name))
        assert response.status_code == 200
        assert "グラフを表示できません" in response.content.decode()


def test_review_charts_are_drawn_once_per_content(login, viewer, company, version, monkeypatch):
    """The six trend charts come from the cache while their figures are unchanged; a changed actual
    draws the charts of its series again (the key is the data)."""
    from django.core.cache import cache

    from banso.monitoring.engines import charts

    cache.clear()
    drawn = []
    real = charts.trend_chart
    monkeypatch.setattr(charts, "trend_chart", lambda *a, **kw: drawn.append(kw["label"]) or real(*a, **kw))
    client = login(viewer)
    first = client.get(url(company, "review") + "?month=2025-05")
    assert len(first.context["charts"]) == 6 and len(drawn) == 6
    again = client.get(url(company, "review") + "?month=2025-05")
    assert len(drawn) == 6  # nothing drawn again
    assert [c["src"] for c in again.context["charts"]] == [c["src"] for c in first.context["charts"]]
    MonthlyActual.objects.filter(company=company, line="sga", month=dt.date(2025, 5, 1)).update(
        amount=3_500_000
    )
    changed = client.get(url(company, "review") + "?month=2025-05")
    assert len(drawn) == 8  # 営業利益 月次 and 累計 only
    assert drawn[-2:] == ["営業利益", "営業利益"]
    assert changed.context["charts"][4]["src"] != first.context["charts"][4]["src"]
