"""従事時間管理表: logged work (bounds, future days, versions, audit), the time sheet adding the dialogues'
durations per advisor, the engagement's page, its Excel in the 405事業 layout (escaped text, real
numbers), one supporter's month, and the company side never seeing any of it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import ConflictError
from banso.core.models import ActivityLog
from banso.engagements.domain.worklogs import (
    add_work_log,
    delete_work_log,
    engagement_entries,
    supporter_entries,
    update_work_log,
)
from banso.engagements.engines import timesheet
from banso.engagements.models import WorkLog
from banso.orgs.models import Membership
from tests.conftest import client_for
from tests.engagements.factories import TOKYO, DialogueFactory, EngagementFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 12)


@pytest.fixture
def engagement(company):
    return EngagementFactory(company=company, status="active", step=3)


def page_url(org, engagement, name="worklogs", **extra):
    return reverse(
        f"engagements:{name}",
        kwargs={
            "org": org.slug,
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            **extra,
        },
    )


# --- engine ---


def test_engine_totals_per_month_and_kind_and_duration_words():
    entries = [
        timesheet.Entry(day=dt.date(2026, 5, 1), worker="A", kind="dialogue", content="", minutes=90),
        timesheet.Entry(day=dt.date(2026, 5, 2), worker="A", kind="travel", content="", minutes=45),
        timesheet.Entry(day=dt.date(2026, 6, 1), worker="B", kind="report", content="", minutes=120),
    ]
    sums = timesheet.totals(entries)
    assert sums.total == 255
    assert sums.by_month == {"2026-05": 135, "2026-06": 120}
    assert sums.month_rows()[0]["kinds"] == [90, 0, 45, 0, 0]
    assert sums.kind_totals() == [90, 0, 45, 120, 0]
    assert [timesheet.duration_text(m) for m in (90, 45, 120, 0)] == ["1時間30分", "45分", "2時間", "0分"]
    assert timesheet.hours(90) == Decimal("1.50") and timesheet.hours(20) == Decimal("0.33")


# --- domain ---


def test_logged_work_is_saved_with_history_and_an_activity_entry(engagement, supporter):
    entry = add_work_log(
        engagement, by=supporter, worked_on=DAY, kind="preparation", minutes=90, note="資料準備"
    )
    assert (entry.worker, entry.recorded_by, entry.version) == (supporter, supporter, 1)
    assert entry.history.latest().history_user == supporter
    log = ActivityLog.objects.get(code="engagement.work_log.added")
    assert log.data["minutes"] == 90 and "1時間30分" in log.message


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"minutes": -30}, "minutes", "1分以上"),
        ({"minutes": 0}, "minutes", "1分以上"),
        ({"minutes": 24 * 60 + 1}, "minutes", "24時間"),
        ({"worked_on": None}, "worked_on", "日付"),
        ({"kind": "dinner"}, "kind", "区分"),
        ({"note": "あ" * 501}, "note", "500文字"),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_is_saved(engagement, supporter, changes, field, words):
    values = {"worked_on": DAY, "kind": "travel", "minutes": 60, "note": ""} | changes
    with pytest.raises(ValidationError) as refused:
        add_work_log(engagement, by=supporter, **values)
    assert words in " ".join(refused.value.message_dict[field])
    assert not WorkLog.objects.exists()


def test_a_day_in_the_future_or_before_the_engagement_is_refused(engagement, supporter):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        add_work_log(engagement, by=supporter, worked_on=tomorrow, kind="travel", minutes=30)
    assert "未来の日付" in future.value.message_dict["worked_on"][0]
    with pytest.raises(ValidationError) as early:
        add_work_log(engagement, by=supporter, worked_on=dt.date(2026, 3, 31), kind="travel", minutes=30)
    assert "開始日" in early.value.message_dict["worked_on"][0]
    assert not WorkLog.objects.exists()


def test_the_worker_must_be_on_the_companys_team(engagement, supporter, colleague):
    with pytest.raises(ValidationError) as refused:
        add_work_log(engagement, by=supporter, worked_on=DAY, kind="travel", minutes=30, worker=colleague)
    assert "支援者" in refused.value.message_dict["worker"][0]


def test_a_stale_change_or_delete_is_refused(engagement, supporter):
    entry = add_work_log(engagement, by=supporter, worked_on=DAY, kind="travel", minutes=30)
    update_work_log(entry, by=supporter, expected_version=1, minutes=40)
    with pytest.raises(ConflictError):
        update_work_log(entry, by=supporter, expected_version=1, minutes=50)
    with pytest.raises(ConflictError):
        delete_work_log(entry, by=supporter, expected_version=1)
    entry.refresh_from_db()
    assert (entry.minutes, entry.version) == (40, 2)
    delete_work_log(entry, by=supporter, expected_version=2)
    assert not WorkLog.objects.exists()


def test_dialogues_count_once_per_advisor_and_without_a_duration_not_at_all(
    engagement, supporter, admin_user
):
    with_two = DialogueFactory(engagement=engagement, duration_minutes=60, title="月次面談")
    with_two.advisors.set([supporter, admin_user])
    DialogueFactory(engagement=engagement, duration_minutes=30, recorded_by=supporter, title="電話")
    DialogueFactory(engagement=engagement, duration_minutes=None, title="立ち話")
    DialogueFactory(  # planned, not yet held: not counted
        engagement=engagement,
        duration_minutes=90,
        title="次回",
        held_at=timezone.localtime() + dt.timedelta(days=3),
    )
    add_work_log(engagement, by=supporter, worked_on=DAY, kind="report", minutes=120)
    entries = engagement_entries(engagement)
    assert sorted((e.kind, e.minutes, e.worker) for e in entries) == sorted(
        [
            ("dialogue", 60, supporter.display_name),
            ("dialogue", 60, admin_user.display_name),
            ("dialogue", 30, supporter.display_name),
            ("report", 120, supporter.display_name),
        ]
    )
    assert timesheet.totals(entries).total == 270
    mine = supporter_entries(
        Membership.objects.get(user=supporter), supporter, first=dt.date(2026, 4, 1), last=DAY
    )
    assert sorted(e.minutes for e in mine) == [30, 60, 120]


# --- pages ---


def test_the_page_lists_totals_and_a_bad_form_changes_nothing(org, engagement, supporter):
    DialogueFactory(
        engagement=engagement, duration_minutes=90, held_at=dt.datetime(2026, 5, 1, 10, tzinfo=TOKYO)
    )
    client = client_for(supporter)
    response = client.post(
        page_url(org, engagement),
        {"worked_on": "2026/5/12", "kind": "travel", "minutes": "－３０", "note": "", "worker": supporter.pk},
    )
    assert response.status_code == 400
    assert "1分以上" in response.content.decode()
    assert not WorkLog.objects.exists()
    response = client.post(
        page_url(org, engagement),
        {
            "worked_on": "2026/5/12",
            "kind": "travel",
            "minutes": "４５",
            "note": "訪問の移動",
            "worker": supporter.pk,
        },
    )
    assert response.status_code == 302
    page = client.get(page_url(org, engagement) + "?month=2026-05")
    text = page.content.decode()
    assert page.context["total"] == 135
    assert "2時間15分" in text and "訪問の移動" in text and "面談・対話" in text


def test_a_viewer_reads_and_cannot_log(org, engagement, viewer):
    client = client_for(viewer)
    assert client.get(page_url(org, engagement)).status_code == 200
    response = client.post(
        page_url(org, engagement), {"worked_on": "2026/5/12", "kind": "travel", "minutes": "5"}
    )
    assert response.status_code == 403
    assert not WorkLog.objects.exists()


def test_the_excel_has_the_405_layout_real_numbers_and_escaped_text(org, engagement, supporter):
    from openpyxl import load_workbook

    add_work_log(engagement, by=supporter, worked_on=DAY, kind="report", minutes=90, note='=HYPERLINK("x")')
    response = client_for(supporter).get(page_url(org, engagement, "worklog_xlsx") + "?month=2026-05")
    assert response.status_code == 200
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    sheet = book["従事時間"]
    assert [c.value for c in sheet[4]] == ["No.", "年月日", "支援者", "区分", "業務内容", "時間", "時間数"]
    row = [c.value for c in sheet[5]]
    assert row[0] == 1 and row[1].date() == DAY and row[3] == "報告書作成"
    assert row[4] == '=HYPERLINK("x")' and row[5] == "1時間30分" and row[6] == 1.5
    assert (sheet["E5"].data_type, sheet["E5"].quotePrefix) == ("s", True)  # shown as typed, never run
    assert "2026年5月" in sheet["A2"].value
    summary = book["月別・区分別"]
    assert summary["A5"].value == "2026年5月"


def test_the_supporters_month_across_engagements(org, company, engagement, supporter, admin_user):
    add_work_log(engagement, by=supporter, worked_on=DAY, kind="travel", minutes=30)
    add_work_log(engagement, by=admin_user, worked_on=DAY, kind="travel", minutes=500)
    client = client_for(supporter)
    response = client.get(reverse("timesheet:month", kwargs={"org": org.slug}) + "?month=2026-05")
    assert response.status_code == 200
    assert response.context["total"] == 30  # only their own
    # a supporter cannot open a colleague's month: it falls back to their own
    response = client.get(
        reverse("timesheet:month", kwargs={"org": org.slug}) + f"?month=2026-05&user={admin_user.pk}"
    )
    assert response.context["chosen"] == supporter
    admin = client_for(admin_user).get(
        reverse("timesheet:month", kwargs={"org": org.slug}) + f"?month=2026-05&user={admin_user.pk}"
    )
    assert admin.context["total"] == 500


def test_the_company_side_never_sees_work_logs(org, engagement, supporter, owner):
    entry = add_work_log(engagement, by=supporter, worked_on=DAY, kind="travel", minutes=30)
    owner_membership = Membership.objects.get(user=owner)
    assert not WorkLog.objects.visible_to(owner_membership).filter(pk=entry.pk).exists()
    assert client_for(owner).get(page_url(org, engagement)).status_code == 404


def test_the_time_sheet_pages_ask_the_database_the_same_number_of_times_for_more_rows(
    org, engagement, supporter, admin_user
):
    from tests.helpers import count_queries

    def grow(n):
        for i in range(n):
            add_work_log(engagement, by=supporter, worked_on=DAY, kind="travel", minutes=10 + i)
            dialogue = DialogueFactory(
                engagement=engagement,
                duration_minutes=30,
                held_at=dt.datetime(2026, 5, 3 + i, 10, tzinfo=TOKYO),
            )
            dialogue.advisors.set([supporter, admin_user])

    client = client_for(supporter)
    month_url = reverse("timesheet:month", kwargs={"org": org.slug})
    counts = []
    for size in (2, 8):
        grow(size)
        counts.append(
            (
                count_queries(client, page_url(org, engagement)),
                count_queries(client, month_url, month="2026-05"),
            )
        )
    assert counts[0] == counts[1]


# --- API ---


def test_the_api_logs_changes_and_deletes_work_with_versions(
    company, engagement, supporter, owner, colleague
):
    import json

    from tests.api.test_companies_api import Api, token_for

    api = Api(token_for(supporter))
    base = f"/api/v1/engagements/{engagement.pk}"
    bad = api.post(f"{base}/work-logs", {"worked_on": "2026-05-12", "kind": "travel", "minutes": -5})
    assert bad.status_code == 422 and "1分以上" in json.dumps(bad.json(), ensure_ascii=False)
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    assert (
        api.post(f"{base}/work-logs", {"worked_on": future, "kind": "travel", "minutes": 5}).status_code
        == 422
    )
    other = api.post(
        f"{base}/work-logs",
        {"worked_on": "2026-05-12", "kind": "travel", "minutes": 5, "worker": colleague.pk},
    )
    assert other.status_code == 422
    assert not WorkLog.objects.exists()
    created = api.post(f"{base}/work-logs", {"worked_on": "2026-05-12", "kind": "report", "minutes": 90})
    assert created.status_code == 201 and created.json()["worker"] == supporter.pk
    path = f"{base}/work-logs/{created.json()['id']}"
    assert api.patch(path, {"minutes": 60}).status_code == 428
    assert api.patch(path, {"minutes": 60, "version": 1}).json()["version"] == 2
    assert api.patch(path, {"minutes": 30, "version": 1}).status_code == 409
    sheet = api.get(f"{base}/time-sheet", month="2026-05").json()
    assert sheet["total_minutes"] == 60 and sheet["months"][0]["by_kind"]["report"] == 60
    assert api.client.delete(path + "?version=1", **api.headers).status_code == 409
    assert api.client.delete(path + "?version=2", **api.headers).status_code == 204
    assert not WorkLog.objects.exists()
    assert Api(token_for(owner)).get(f"{base}/work-logs").status_code == 404
