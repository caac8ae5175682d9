"""Follow-up (step ⑦): scheduling after the support period, recording what each found, the baseline."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements import domain
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.models import FollowUp, OutcomeBaseline
from tests.engagements.factories import START

pytestmark = pytest.mark.django_db


def test_follow_ups_are_proposed_3_6_12_months_after_the_planned_end(engagement, supporter):
    # START 2026-04-01 + 12 months planned → support ends 2027-04-01.
    created = follow_up_domain.schedule_follow_ups(engagement, by=supporter)
    assert [f.scheduled_on for f in created] == [
        dt.date(2027, 7, 1),
        dt.date(2027, 10, 1),
        dt.date(2028, 4, 1),
    ]
    assert follow_up_domain.months_after_support(engagement, dt.date(2027, 10, 1)) == 6
    assert follow_up_domain.months_after_support(engagement, dt.date(2027, 10, 2)) is None
    log = ActivityLog.objects.get(code="engagement.follow_up.scheduled")
    assert log.message == "フォローアップを予定しました（2027年7月1日、2027年10月1日、2028年4月1日）。"
    with pytest.raises(DomainError, match="すでに予定されています"):
        follow_up_domain.schedule_follow_ups(engagement, by=supporter)
    assert FollowUp.objects.count() == 3


def test_recording_a_follow_up_keeps_ratings_figures_and_who(engagement, supporter):
    follow_up = follow_up_domain.add_follow_up(engagement, by=supporter, scheduled_on=dt.date(2026, 10, 1))
    recorded = follow_up_domain.update_follow_up(
        follow_up,
        by=supporter,
        expected_version=1,
        done_on=dt.date(2026, 10, 5),
        sets_own_issues=3,
        runs_own_pdca=4,
        staff_ownership=2,
        evidence=" 月次会議を社長抜きで開いている ",
        net_sales=510_000_000,
        wage_increase_rate=Decimal("3.2"),
    )
    assert (recorded.conducted_by, recorded.evidence, recorded.version) == (
        supporter,
        "月次会議を社長抜きで開いている",
        2,
    )
    assert recorded.self_propulsion == {"sets_own_issues": 3, "runs_own_pdca": 4, "staff_ownership": 2}
    log = ActivityLog.objects.get(code="engagement.follow_up.recorded")
    assert log.message == (
        "2026年10月5日のフォローアップを記録しました"
        "（自ら課題を設定している3、自らPDCAを回している4、社員が当事者意識を持っている2）。"
    )


def test_results_need_the_day_it_took_place_and_a_rating_of_1_to_4(engagement, supporter):
    follow_up = follow_up_domain.add_follow_up(engagement, by=supporter, scheduled_on=dt.date(2026, 10, 1))
    with pytest.raises(ValidationError) as exc:
        follow_up_domain.update_follow_up(follow_up, by=supporter, runs_own_pdca=3)
    assert exc.value.message_dict == {"done_on": [follow_up_domain.NEEDS_DONE_MESSAGE]}
    with pytest.raises(ValidationError) as exc:
        follow_up_domain.update_follow_up(
            follow_up, by=supporter, done_on=dt.date(2026, 10, 1), runs_own_pdca=7
        )
    assert exc.value.message_dict["runs_own_pdca"][0].startswith("「自らPDCAを回している」の評価は1〜4の範囲")
    with pytest.raises(ValidationError) as exc:
        follow_up_domain.update_follow_up(
            follow_up, by=supporter, done_on=timezone.localdate() + dt.timedelta(days=1)
        )
    assert exc.value.message_dict == {
        "done_on": ["未来の日付は入力できません。実際に行った日を入力してください。"]
    }
    with pytest.raises(ValidationError) as exc:
        follow_up_domain.update_follow_up(follow_up, by=supporter, done_on=START - dt.timedelta(days=1))
    assert "done_on" in exc.value.message_dict
    follow_up.refresh_from_db()
    assert (follow_up.done_on, follow_up.runs_own_pdca, follow_up.version) == (None, None, 1)


def test_a_duplicate_day_and_a_stale_edit_are_refused(engagement, supporter, admin_user):
    follow_up = follow_up_domain.add_follow_up(engagement, by=supporter, scheduled_on=dt.date(2026, 10, 1))
    with pytest.raises(ValidationError) as exc:
        follow_up_domain.add_follow_up(engagement, by=supporter, scheduled_on=dt.date(2026, 10, 1))
    assert exc.value.message_dict == {
        "scheduled_on": ["2026年10月1日のフォローアップはすでに予定されています。"]
    }
    follow_up_domain.update_follow_up(follow_up, by=supporter, expected_version=1, note="社長と専務の二人で")
    with pytest.raises(ConflictError):
        follow_up_domain.update_follow_up(follow_up, by=admin_user, expected_version=1, note="上書き")
    assert FollowUp.objects.get(pk=follow_up.pk).note == "社長と専務の二人で"


def test_the_baseline_is_one_per_engagement_and_versioned(engagement, supporter, admin_user):
    baseline = follow_up_domain.set_baseline(
        engagement,
        by=supporter,
        fiscal_year=2026,
        net_sales=480_000_000,
        employees=32,
        source="2026年3月期 決算書",
    )
    assert (baseline.version, baseline.recorded_by, baseline.net_sales) == (1, supporter, 480_000_000)
    updated = follow_up_domain.set_baseline(engagement, by=admin_user, expected_version=1, employees=31)
    assert (updated.pk, updated.employees, updated.version) == (baseline.pk, 31, 2)
    with pytest.raises(ConflictError):
        follow_up_domain.set_baseline(engagement, by=supporter, expected_version=1, employees=40)
    with pytest.raises(ValidationError) as exc:
        follow_up_domain.set_baseline(engagement, by=supporter, net_sales=-1)
    assert "net_sales" in exc.value.message_dict
    assert OutcomeBaseline.objects.get().employees == 31
    assert list(
        ActivityLog.objects.filter(code__startswith="engagement.baseline").values_list("code", flat=True)
    ) == ["engagement.baseline.updated", "engagement.baseline.recorded"]


def test_comparison_uses_done_follow_ups_with_figures(engagement, supporter):
    follow_up_domain.set_baseline(engagement, by=supporter, net_sales=480_000_000)
    early = follow_up_domain.add_follow_up(
        engagement,
        by=supporter,
        scheduled_on=dt.date(2026, 7, 1),
        done_on=dt.date(2026, 7, 3),
        net_sales=490_000_000,
    )
    follow_up_domain.add_follow_up(engagement, by=supporter, scheduled_on=dt.date(2026, 8, 1))
    follow_up_domain.add_follow_up(
        engagement,
        by=supporter,
        scheduled_on=dt.date(2026, 9, 1),
        done_on=dt.date(2026, 9, 1),
        evidence="数値なし",
    )
    baseline, done, rows = follow_up_domain.comparison(engagement)
    assert baseline.net_sales == 480_000_000
    assert done == [early]
    sales = next(r for r in rows if r.metric.key == "net_sales")
    assert (sales.before, sales.latest, sales.difference) == (480_000_000, 490_000_000, 10_000_000)


def test_an_ended_engagement_takes_no_follow_ups(engagement, supporter):
    domain.change_status(engagement, by=supporter, status="cancelled", reason="先方都合")
    with pytest.raises(DomainError):
        follow_up_domain.schedule_follow_ups(engagement, by=supporter)
    with pytest.raises(DomainError):
        follow_up_domain.set_baseline(engagement, by=supporter, employees=3)
