"""seed_demo's engagements: every step ①–⑦ across both organizations, a rich one for 丸山精工 (the
demo owner's company), believable records built through the domain, and idempotent."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banso.core.models import ActivityLog
from banso.demo.engagements import records
from banso.demo.management.commands.seed_demo import BUILDERS
from banso.demo.people import DEMO_PASSWORD
from banso.diagnosis.domain.sheets import surface_issues
from banso.diagnosis.models import DesignSheet, NonFinancialSheet
from banso.engagements.domain.timeline import issue_events, timeline
from banso.engagements.models import Dialogue, Engagement, GoNoGoDecision, IssueNode, Reflection, Stakeholder


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_engagements_at_every_step_in_both_organizations(seeded):
    open_steps = set(Engagement.objects.open().values_list("step", flat=True))
    assert open_steps == {1, 2, 3, 4, 5, 6, 7}
    slugs = set(Engagement.objects.values_list("company__organization__slug", flat=True))
    assert slugs == {"minato-bank", "sakura-office"}
    assert set(Engagement.objects.values_list("status", flat=True)) == {
        "candidate",
        "active",
        "follow_up",
        "closed",
        "cancelled",
    }


def test_maruyama_has_a_rich_engagement_at_step_6_for_the_advisor_not_the_owner(seeded):
    engagement = Engagement.objects.get(company__name="有限会社丸山精工", status="active")
    assert engagement.step == 6
    assert engagement.dialogues.count() >= 8
    held = engagement.dialogues.filter(held_at__lte=timezone.now())
    assert all(d.owner_quotes and d.listening_notes for d in held)
    # The one dialogue ahead is the next meeting the owner sees on the portal, not yet written up.
    assert [d.title for d in engagement.dialogues.filter(held_at__gt=timezone.now())] == [
        "第3回 タスクチーム — 原価計算と段取り替えの進み具合"
    ]
    roots = IssueNode.objects.filter(engagement=engagement, kind="root")
    assert roots.filter(agreed_on__isnull=False).count() >= 2
    assert IssueNode.objects.filter(engagement=engagement, kind="why", parent__kind="why").exists()
    walls = list(engagement.wall_assessments.order_by("assessed_on"))
    assert len(walls) >= 3
    assert sum(walls[-1].ratings.values()) < sum(walls[0].ratings.values())
    assert set(Stakeholder.objects.filter(engagement=engagement).values_list("stance", flat=True)) >= {
        "promoting",
        "neutral",
        "cautious",
    }
    assert GoNoGoDecision.objects.get(engagement=engagement).decision == "go"
    assert Reflection.objects.filter(dialogue__engagement=engagement).count() >= 4
    assert Engagement.objects.filter(company=engagement.company, status="closed").exists()
    url = reverse(
        "engagements:detail",
        kwargs={"org": "minato-bank", "company_pk": engagement.company_id, "engagement_pk": engagement.pk},
    )
    advisor, owner = Client(), Client()
    advisor.post("/accounts/login/", {"username": "advisor", "password": DEMO_PASSWORD})
    owner.post("/accounts/login/", {"username": "owner", "password": DEMO_PASSWORD})
    body = advisor.get(url).content.decode()
    assert "⑥ 課題解決（進行中）" in body
    assert "経営が数字で見える化されていない" in body
    assert owner.get(url).status_code == 404  # the advisor's working record, not the owner's


def test_demo_engagements_are_idempotent_and_handed_to_the_next_builder(seeded):
    counts = (Engagement.objects.count(), Dialogue.objects.count(), IssueNode.objects.count())
    context: dict = {}
    for path in BUILDERS[: BUILDERS.index("banso.demo.engagements.build")]:
        __import__(path.rsplit(".", 1)[0], fromlist=["build"]).build(context)
    records.build(context)
    assert (Engagement.objects.count(), Dialogue.objects.count(), IssueNode.objects.count()) == counts
    # Every engagement the builders before it seeded is handed on. Later builders (the monitoring
    # demo opens the public programmes' engagements) seed theirs afterwards, with higher ids.
    handed = {e.pk for e in context["engagements"]}
    assert handed == set(Engagement.objects.filter(pk__lte=max(handed)).values_list("pk", flat=True))


def test_no_timeline_event_of_the_demo_engagement_is_dated_on_the_seeding_day(seeded):
    today = timezone.localdate()
    engagement = Engagement.objects.get(company__name="有限会社丸山精工", status="active")
    entries = timeline(engagement, page_size=1000).entries
    assert len(entries) > 40
    # Nothing happened on the seeding day; only the planned next meeting lies ahead.
    assert [e.title for e in entries if e.day == today] == []
    assert [e.title for e in entries if e.day > today] == [
        "面談「第3回 タスクチーム — 原価計算と段取り替えの進み具合」"
    ]
    # Each issue node was added at the end of the first dialogue it came up in, after its parent.
    dialogues = {d.title: d for d in engagement.dialogues.all()}
    added = {e.detail: e for e in issue_events(engagement) if e.title.startswith("課題ツリーに")}
    root = IssueNode.objects.get(engagement=engagement, text="経営が数字で見える化されていない")
    first_talk = dialogues["第5回 原価の試算を見る"]
    assert added[root.text].day == first_talk.held_on == root.agreed_on
    assert (
        added["前期に売上が落ち込み、営業赤字に転落した"].day
        == dialogues["初回面談 — 相談のきっかけ"].held_on
    )
    for node in IssueNode.objects.filter(engagement=engagement).select_related("parent"):
        assert node.created_at.date() < today
        if node.parent:
            assert added[node.text].at > added[node.parent.text].at
    # The activity log tells the same dates as the timeline.
    logged = ActivityLog.objects.filter(company_id=engagement.company_id, code="engagement.issue.added")
    assert logged.count() == IssueNode.objects.filter(engagement=engagement).count()
    assert {timezone.localdate(row.created_at) for row in logged} <= {d.held_on for d in dialogues.values()}
    # Every demo engagement's issue tree is dated inside its story.
    assert not IssueNode.history.filter(history_date__date__gte=today).exists()


def test_the_four_viewpoints_of_maruyama_tell_the_engagement_story(seeded):
    engagement = Engagement.objects.get(company__name="有限会社丸山精工", status="active")
    surface = set(
        IssueNode.objects.filter(engagement=engagement, kind="surface").values_list("text", flat=True)
    )
    heard = {f"{d.held_on:%Y/%m/%d} {d.title}" for d in engagement.dialogues.all()}
    sheets = list(NonFinancialSheet.objects.filter(company=engagement.company).order_by("as_of"))
    assert len(sheets) == 2
    for sheet in sheets:
        assert set(surface_issues(sheet)) == surface  # the sheet's 課題 are the tree's 表課題
        answers = sheet.answers.values()
        assert {a["source"] for a in answers} <= heard  # each answer was heard in a dialogue
        text = "".join(a["text"] for a in answers)
        assert "A社" not in text and "医療" not in text  # the old, contradicting story is gone
        assert engagement.started_on <= sheet.as_of < timezone.localdate()
    customers = [c.name for c in sheets[-1].counterparties.filter(kind="customer")]
    partner = Stakeholder.objects.get(engagement=engagement, role="business_partner")
    assert any(partner.title.split()[0] in name for name in customers)  # 遠州機械製作所
    designs = list(DesignSheet.objects.filter(company=engagement.company).order_by("as_of"))
    assert [d.title for d in designs] == ["数字で見える経営へ", "数字で見える経営へ・組織で動く会社へ"]
    assert all(engagement.started_on <= d.as_of < timezone.localdate() for d in designs)
