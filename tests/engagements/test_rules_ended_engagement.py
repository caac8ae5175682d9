"""An ended engagement (終了・中止) takes no new records; it is reopened through its status first."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import DomainError
from banso.engagements import domain
from banso.engagements.models import Dialogue, IssueNode, Stakeholder, WallAssessment
from banso.engagements.permissions import ENDED_MESSAGE
from tests.engagements.factories import EngagementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(company, supporter):
    return EngagementFactory(
        company=company,
        lead_supporter=supporter,
        status="closed",
        step=7,
        started_on=dt.date(2025, 4, 1),
        ended_on=dt.date(2026, 3, 31),
    )


@pytest.mark.parametrize(
    ("record", "model"),
    [
        (lambda e, by: domain.record_dialogue(e, by=by, held_at=timezone.now()), Dialogue),
        (
            lambda e, by: domain.record_wall_assessment(
                e,
                by=by,
                assessed_on=dt.date(2026, 4, 1),
                ratings={"unseen": 1, "unfaced": 1, "unexecuted": 1, "unfollowed": 1, "under_resourced": 1},
            ),
            WallAssessment,
        ),
        (lambda e, by: domain.add_issue_node(e, by=by, text="売上が伸びない"), IssueNode),
        (lambda e, by: domain.add_stakeholder(e, by=by, name="新しい人", role="employee"), Stakeholder),
    ],
)
def test_no_new_records_on_an_ended_engagement(closed, supporter, record, model):
    with pytest.raises(DomainError, match=ENDED_MESSAGE):
        record(closed, supporter)
    assert not model.objects.filter(**{"engagement": closed} if model is not Dialogue else {}).exists()


def test_the_pages_offer_no_record_buttons_but_still_let_the_status_change(login, supporter, company, closed):
    url = reverse(
        "engagements:detail", kwargs={"org": "minato", "company_pk": company.pk, "engagement_pk": closed.pk}
    )
    response = login(supporter).get(url)
    assert response.context["can_change"] is False
    assert "＋ 対話を記録する" not in response.content.decode()
    assert response.context["status_form"] is not None  # reopening stays possible


def test_no_changes_to_existing_records_either(company, supporter):
    from tests.engagements.factories import StakeholderFactory

    engagement = EngagementFactory(company=company, lead_supporter=supporter, status="active", step=5)
    person = StakeholderFactory(engagement=engagement, name="工場長")
    domain.change_status(engagement, by=supporter, status="cancelled", reason="社長の体調不良のため")
    engagement.refresh_from_db()
    with pytest.raises(DomainError, match=ENDED_MESSAGE):
        domain.update_stakeholder(person, by=supporter, name="工場長（書き換え）")
    with pytest.raises(DomainError, match=ENDED_MESSAGE):
        domain.record_step_check(engagement, by=supporter, checkpoint="x", done=True)
    person.refresh_from_db()
    assert person.name == "工場長"
