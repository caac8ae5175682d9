"""The engagement's timeline: every kind of event in date order, filters, paging, bounded queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from banso.engagements import domain
from banso.engagements.domain import actions as action_domain
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.domain.timeline import timeline
from tests.engagements.factories import TOKYO, DialogueFactory, StakeholderFactory, SupportBodyFactory

pytestmark = pytest.mark.django_db

RATINGS = {"unseen": 3, "unfaced": 3, "unexecuted": 2, "unfollowed": 2, "under_resourced": 1}


@pytest.fixture
def story(active_engagement, supporter, org):
    """An engagement with one of everything, on known days."""
    e = active_engagement
    leader = StakeholderFactory(engagement=e, name="佐藤 健", role="field_leader")
    DialogueFactory(engagement=e, title="第1回 社長面談", held_at=dt.datetime(2026, 4, 10, 10, tzinfo=TOKYO))
    surface = domain.add_issue_node(e, by=supporter, text="利益が出ない")
    why = domain.add_issue_node(e, by=supporter, parent=surface, text="値決めが勘")
    domain.mark_root_issue(why, by=supporter, agreed_on=dt.date(2026, 5, 20))
    domain.record_wall_assessment(e, by=supporter, assessed_on=dt.date(2026, 4, 15), ratings=RATINGS)
    domain.record_wall_assessment(
        e, by=supporter, assessed_on=dt.date(2026, 7, 15), ratings={**RATINGS, "unfaced": 1}
    )
    action = domain.create_action(
        e, by=supporter, owner=leader, what="原価表を作る", due_on=dt.date(2026, 6, 30)
    )
    action_domain.review_action(
        action,
        by=supporter,
        reviewed_on=dt.date(2026, 7, 1),
        status="done",
        result="10品目",
        small_success=True,
    )
    body = SupportBodyFactory(organization=org, name="静岡県よろず支援拠点")
    referral = referral_domain.refer(
        e, by=supporter, support_body=body, reason="販路", referred_on=dt.date(2026, 6, 5)
    )
    referral_domain.update_referral(
        referral, by=supporter, status="completed", closed_on=dt.date(2026, 8, 1), outcome="展示会に出展"
    )
    follow_up_domain.add_follow_up(
        e, by=supporter, scheduled_on=dt.date(2026, 9, 1), done_on=dt.date(2026, 9, 2), runs_own_pdca=3
    )
    return e


def test_every_kind_appears_newest_first(story):
    page = timeline(story)
    titles = [(e.day, e.kind, e.title) for e in page.entries if e.day != dt.date.today()]
    assert titles[:6] == [
        (dt.date(2026, 9, 2), "follow_up", "フォローアップを実施しました"),
        (dt.date(2026, 8, 1), "referral", "「静岡県よろず支援拠点」への橋渡しが完了になりました"),
        (dt.date(2026, 7, 15), "walls", "5つの壁を評価しました"),
        (dt.date(2026, 7, 1), "action", "アクションを振り返りました: 原価表を作る"),
        (dt.date(2026, 6, 5), "referral", "「静岡県よろず支援拠点」へ橋渡ししました"),
        (dt.date(2026, 5, 20), "issue", "経営者が裏課題に腹落ちしました"),
    ]
    kinds = {e.kind for e in page.entries}
    assert kinds == {"dialogue", "step", "walls", "issue", "action", "referral", "follow_up"}
    walls = [e for e in page.entries if e.kind == "walls"]
    assert "向き合えない 3→1" in walls[0].detail and "向き合えない 3" in walls[1].detail
    review = next(e for e in page.entries if e.title.startswith("アクションを振り返りました"))
    assert review.mark == "小さな成功体験"
    issue_titles = sorted(e.title for e in page.entries if e.kind == "issue")
    assert issue_titles == [
        "経営者が裏課題に腹落ちしました",
        "裏課題（本質的課題）にしました",
        "課題ツリーに「なぜ」（原因）を追加しました",
        "課題ツリーに表課題を追加しました",
    ]
    steps = [e.title for e in page.entries if e.kind == "step"]
    assert steps[-1] == "① 支援対象の見極めで案件を開始しました"


def test_filter_by_kind(story):
    page = timeline(story, kinds=["action", "referral"])
    assert {e.kind for e in page.entries} == {"action", "referral"}
    assert len(page.entries) == 4
    assert timeline(story, kinds=["unknown"]).kinds == timeline(story).kinds


def test_paging_splits_the_story_without_losing_entries(story):
    everything = timeline(story, page_size=100).entries
    first = timeline(story, page_size=5)
    second = timeline(story, page=2, page_size=5)
    assert first.has_next and not first.has_previous and second.has_previous
    assert first.entries + second.entries == everything[:10]


def _queries(engagement) -> int:
    with CaptureQueriesContext(connection) as context:
        timeline(engagement)
    return len(context)


def test_query_count_does_not_grow_with_the_story(active_engagement, supporter):
    leader = StakeholderFactory(engagement=active_engagement, name="佐藤 健", role="field_leader")
    counts = []
    for size in (2, 20):
        for n in range(size):
            DialogueFactory(engagement=active_engagement, held_at=dt.datetime(2026, 5, 1, 9, n, tzinfo=TOKYO))
            action = domain.create_action(
                active_engagement,
                by=supporter,
                owner=leader,
                what=f"取組{size}-{n}",
                due_on=dt.date(2026, 6, 1),
            )
            action_domain.review_action(action, by=supporter, status="in_progress", result="着手")
            domain.add_issue_node(active_engagement, by=supporter, text=f"課題{size}-{n}")
        counts.append(_queries(active_engagement))
    assert counts[0] == counts[1]
