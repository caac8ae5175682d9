"""factory_boy factories for every engagement model. They write rows directly (no domain rules), so
tests of the rules build their setting here and then call the domain functions."""

import datetime as dt
import zoneinfo

import factory

from banso.engagements.models import (
    Action,
    ActionReview,
    Dialogue,
    DialogueAttachment,
    DialogueDraft,
    Engagement,
    EngagementMember,
    FollowUp,
    GoNoGoDecision,
    IssueNode,
    OutcomeBaseline,
    Referral,
    Reflection,
    Stakeholder,
    StepCheck,
    StepTransition,
    SuitabilityRating,
    SupportBody,
    WallAssessment,
)
from tests.factories import CompanyFactory, OrganizationFactory, UserFactory

START = dt.date(2026, 4, 1)
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
PDF_BYTES = b"%PDF-1.4\n% Banso test attachment\n"


def _lead(o):
    return o.engagement.lead_supporter


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    company = factory.SubFactory(CompanyFactory)
    kind = "process"
    status = "candidate"
    step = 1
    started_on = START
    planned_months = 12
    lead_supporter = factory.LazyAttribute(lambda o: o.company.supporters.first() or UserFactory())


class EngagementMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EngagementMember

    engagement = factory.SubFactory(EngagementFactory)
    user = factory.SubFactory(UserFactory)


class StepTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepTransition

    engagement = factory.SubFactory(EngagementFactory)
    from_step = 1
    to_step = 2
    decided_on = START
    decided_by = factory.LazyAttribute(_lead)
    reason = "事業者の概要を把握できたため、双方の理解に進みます。"


class StepCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StepCheck

    engagement = factory.SubFactory(EngagementFactory)
    step = 1
    checkpoint = "s1_background"
    done = True
    note = "決算書3期分と借入の状況を確認しました。"
    checked_by = factory.LazyAttribute(_lead)


class SuitabilityRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuitabilityRating

    engagement = factory.SubFactory(EngagementFactory)
    point = "willingness"
    rating = 3
    evidence = "「自分が変わらないと会社は変わらない」と話していました。"
    rated_on = START
    rated_by = factory.LazyAttribute(_lead)


class GoNoGoDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoNoGoDecision

    engagement = factory.SubFactory(EngagementFactory, step=2)
    decision = "go"
    step = 2
    decided_on = START
    decided_by = factory.LazyAttribute(_lead)
    reason = "取組意欲・受入姿勢とも十分です。"
    ratings = factory.LazyFunction(dict)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    engagement = factory.SubFactory(EngagementFactory)
    name = factory.Sequence(lambda n: f"丸山 太郎{n}")
    role = "owner"
    title = "代表取締役"
    stance = "promoting"
    influence = 3
    concerns = "息子への事業承継と、職人の技術を残すこと"


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dialogue
        skip_postgeneration_save = True

    engagement = factory.SubFactory(EngagementFactory)
    held_at = dt.datetime(2026, 4, 10, 10, 0, tzinfo=TOKYO)
    duration_minutes = 90
    form = "meeting"
    step = factory.LazyAttribute(lambda o: o.engagement.step)
    title = "第1回 社長面談"
    listening_notes = "受注の波が大きく、忙しい月は社長が現場に入りきりになる。"
    owner_words = "結局、全部自分で決めてしまっているんですよね。"
    insights = "段取りを任せられる人がいないのではなく、任せていなかった。"
    agreements = "次回までに、社長が一日に下している判断を書き出してみる。"
    recorded_by = factory.LazyAttribute(_lead)

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participants.set(extracted)


class DialogueAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueAttachment

    dialogue = factory.SubFactory(DialogueFactory)
    file = factory.django.FileField(filename="議事メモ.pdf", data=PDF_BYTES)
    original_name = "議事メモ.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda o: o.dialogue.recorded_by)


class DialogueDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueDraft

    engagement = factory.SubFactory(EngagementFactory)
    author = factory.LazyAttribute(_lead)
    payload = factory.LazyFunction(lambda: {"listening_notes": "書きかけのメモ"})


class IssueNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssueNode

    engagement = factory.SubFactory(EngagementFactory)
    parent = None
    kind = factory.LazyAttribute(lambda o: "surface" if o.parent is None else "why")
    text = factory.Sequence(lambda n: f"利益が出ない{n}")
    created_by = factory.LazyAttribute(_lead)


class WallAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WallAssessment

    engagement = factory.SubFactory(EngagementFactory)
    # Within the engagement and never in the future, however many assessments the process built before.
    assessed_on = factory.Sequence(lambda n: START + dt.timedelta(days=n % 200))
    assessed_by = factory.LazyAttribute(_lead)
    unseen = 3
    unfaced = 3
    unexecuted = 2
    unfollowed = 2
    under_resourced = 1


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    engagement = factory.SubFactory(EngagementFactory)
    owner = factory.SubFactory(StakeholderFactory, engagement=factory.SelfAttribute("..engagement"))
    due_on = START + dt.timedelta(days=30)
    what = "朝礼で前日の不良件数を共有する"
    how_much = "毎朝5分"
    how = "ホワイトボードに手書きで"
    expected_effect = "不良率を3%から2%へ"
    created_by = factory.LazyAttribute(_lead)


class ActionReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionReview

    action = factory.SubFactory(ActionFactory)
    reviewed_on = START + dt.timedelta(days=31)
    reviewed_by = factory.LazyAttribute(lambda o: o.action.engagement.lead_supporter)
    status = "in_progress"
    result = "20日中18日実施できた。"
    learning = "班長が自分から数字を読み上げるようになった。"
    next_step = "不良の原因別に分けて書く。"
    small_success = True


class SupportBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportBody

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"静岡県よろず支援拠点{n}")
    body_type = "yorozu"
    region = "静岡県"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    engagement = factory.SubFactory(EngagementFactory)
    support_body = factory.SubFactory(
        SupportBodyFactory, organization=factory.SelfAttribute("..engagement.company.organization")
    )
    reason = "原価計算の仕組みづくりに専門家の知見が必要なため。"
    referred_on = START + dt.timedelta(days=60)
    status = "requested"
    referred_by = factory.LazyAttribute(_lead)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    engagement = factory.SubFactory(EngagementFactory)
    scheduled_on = START + dt.timedelta(days=400)


class OutcomeBaselineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeBaseline

    engagement = factory.SubFactory(EngagementFactory)
    fiscal_year = 2026
    net_sales = 480_000_000
    operating_income = -3_000_000
    employees = 32
    average_salary = 4_100_000
    source = "2026年3月期 決算書"
    recorded_by = factory.LazyAttribute(_lead)


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    dialogue = factory.SubFactory(DialogueFactory)
    advisor = factory.LazyAttribute(lambda o: o.dialogue.recorded_by)
    dialogue_listening = 3
    issue_setting = 2
    intrinsic_motivation = 3
    note = "答えを言いたくなるのをこらえ、問いを返せた。"
