"""The supervisor's view of reflections across the organization's team: 管理者 only, own
organization only, per-advisor averages on the three elements and the recent reflections."""

import pytest
from django.urls import reverse

from tests.engagements.factories import DialogueFactory, EngagementFactory, ReflectionFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def team_url(org="minato"):
    return reverse("team_reflections", kwargs={"org": org})


def test_admin_sees_averages_per_advisor_across_the_organization(
    login, admin_user, supporter, company, other_company, foreign_company, outsider
):
    mine = DialogueFactory(engagement=EngagementFactory(company=company, lead_supporter=supporter))
    ReflectionFactory(
        dialogue=mine, advisor=supporter, dialogue_listening=4, issue_setting=2, intrinsic_motivation=3
    )
    second = DialogueFactory(engagement=mine.engagement)
    ReflectionFactory(
        dialogue=second,
        advisor=supporter,
        dialogue_listening=3,
        issue_setting=3,
        intrinsic_motivation=3,
        note="工場長の話を遮らずに聴けた",
    )
    unassigned = DialogueFactory(
        engagement=EngagementFactory(company=other_company, lead_supporter=admin_user)
    )
    ReflectionFactory(
        dialogue=unassigned, advisor=admin_user, dialogue_listening=2, issue_setting=2, intrinsic_motivation=2
    )
    foreign = DialogueFactory(engagement=EngagementFactory(company=foreign_company, lead_supporter=outsider))
    ReflectionFactory(dialogue=foreign, advisor=outsider)
    response = login(admin_user).get(team_url())
    summaries = {s.advisor_name: (s.count, s.averages) for s in response.context["summaries"]}
    assert summaries == {
        "supporter さん": (2, {"dialogue_listening": 3.5, "issue_setting": 2.5, "intrinsic_motivation": 3.0}),
        "admin さん": (1, {"dialogue_listening": 2.0, "issue_setting": 2.0, "intrinsic_motivation": 2.0}),
    }
    body = response.content.decode()
    assert "工場長の話を遮らずに聴けた" in body and "株式会社相模精密" not in body
    assert "チームの振り返り" in body


def test_only_admins_see_it(login, supporter, viewer, owner, outsider):
    for user in (supporter, viewer, owner):
        response = login(user).get(team_url())
        assert response.status_code == 403
        assert "チームの振り返りを見られるのは管理者だけです。" in response.content.decode()
    assert login(outsider).get(team_url()).status_code == 404
    assert (
        "チームの振り返り"
        not in login(supporter).get(reverse("companies:list", kwargs={"org": "minato"})).content.decode()
    )


def test_query_count_does_not_grow(login, admin_user, supporter, company):
    client = login(admin_user)
    engagement = EngagementFactory(company=company, lead_supporter=supporter)
    counts = []
    for size in (2, 10):
        for _ in range(size):
            ReflectionFactory(dialogue=DialogueFactory(engagement=engagement), advisor=supporter)
        counts.append(count_queries(client, team_url()))
    assert counts[0] == counts[1]
