"""A world for the knowledge area: an engagement full of names (company, owner, plant manager, a
counterparty in the notes, a support body), a network of `org` and `foreign_org`."""

import datetime as dt

import pytest

from banso.knowledge.models import NetworkMembership
from tests.engagements.factories import (
    ActionFactory,
    DialogueFactory,
    EngagementFactory,
    IssueNodeFactory,
    OutcomeBaselineFactory,
    ReferralFactory,
    StakeholderFactory,
    SupportBodyFactory,
    WallAssessmentFactory,
)
from tests.knowledge.factories import NetworkFactory


@pytest.fixture
def engagement(company, supporter):
    company.representative = "丸山 太郎"
    company.address = "新潟県燕市大字小池3-2"
    company.corporate_number = "1234567890123"
    company.save()
    engagement = EngagementFactory(company=company, lead_supporter=supporter, step=6, status="active")
    owner = StakeholderFactory(engagement=engagement, name="丸山 太郎", role="owner", title="代表取締役")
    StakeholderFactory(engagement=engagement, name="佐々木 健二", role="field_leader", title="工場長")
    surface = IssueNodeFactory(engagement=engagement, kind="surface", text="資金繰りが苦しい")
    IssueNodeFactory(engagement=engagement, parent=surface, kind="root", text="丸山社長が在庫を見ていない")
    DialogueFactory(
        engagement=engagement,
        insights="丸山社長は、在庫 1億2千万円が寝ていると気づいた。佐々木工場長も同席。",
        owner_words="在庫はお金が寝ているのと同じだった（有限会社丸山精工 丸山）",
    )
    WallAssessmentFactory(engagement=engagement, unfaced=3)
    WallAssessmentFactory(engagement=engagement, unfaced=1)
    ActionFactory(
        engagement=engagement, owner=owner, what="在庫を毎月数える", how="佐々木さんが担当", status="done"
    )
    ActionFactory(engagement=engagement, owner=owner, what="値上げ交渉", status="cancelled")
    body = SupportBodyFactory(organization=company.organization, name="燕三条よろず支援拠点")
    ReferralFactory(engagement=engagement, support_body=body, contact_name="高橋 一郎")
    OutcomeBaselineFactory(engagement=engagement, net_sales=420_000_000)
    return engagement


@pytest.fixture
def network(org, foreign_org):
    network = NetworkFactory(name="燕三条地域 伴走支援推進協議会")
    NetworkMembership.objects.create(network=network, organization=org, members_may_publish=True)
    NetworkMembership.objects.create(network=network, organization=foreign_org)
    return network


@pytest.fixture
def today():
    return dt.date(2026, 11, 1)
