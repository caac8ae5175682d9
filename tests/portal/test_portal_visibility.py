"""The visibility rule (core.visibility, applied by core.access): what the company side sees of each
kind of record, and that the support side is not narrowed by it."""

import pytest
from django.db.models import Q

from banso.core import visibility as v
from banso.engagements.models import (
    Action,
    ActionReview,
    Dialogue,
    Engagement,
    IssueNode,
    Reflection,
    Stakeholder,
    SuitabilityRating,
    WallAssessment,
)
from banso.orgs.models import Membership
from tests.engagements.factories import ActionReviewFactory

pytestmark = pytest.mark.django_db


def member(user):
    return Membership.objects.get(user=user)


def visible(model, user):
    return set(model.objects.visible_to(member(user)).values_list("pk", flat=True))


class _Model:
    pass


def test_the_stance_of_each_kind():
    assert v.stance(Action) == v.SHAREABLE
    assert v.stance(IssueNode) == v.SHAREABLE
    assert v.stance(Dialogue) == v.SHAREABLE
    assert v.stance(ActionReview) == v.SHAREABLE
    # Listening notes' other records, judgements, the stakeholder map, reflections: no stance of their
    # own, so the engagements queryset's default (internal only) applies and they cannot be shared.
    for model in (Engagement, Stakeholder, Reflection, SuitabilityRating, WallAssessment):
        assert v.stance(model, Engagement.objects.all().company_side_default) == v.INTERNAL_ONLY
    assert v.shared_fields(Dialogue) == ("held_at", "title", "agreements", "next_steps")
    assert "listening_notes" not in v.shared_fields(Dialogue)


def test_filter_by_stance():
    class Employee:
        role = "employee"
        user_id = 7

    class Owner:
        role = "owner"
        user_id = 8

    own = _Model()
    assert v.company_side_filter(type(own), Owner()) == Q()
    assert v.company_side_filter(type(own), Owner(), v.INTERNAL_ONLY) == v.NOTHING

    class Shareable:
        COMPANY_SIDE = v.SHAREABLE
        SHARED_WHEN = Q(visibility="shared")

    assert v.company_side_filter(Shareable, Owner()) == Q(visibility="shared")
    # An employee sees a shareable kind only when it names whom a record is assigned to.
    assert v.company_side_filter(Shareable, Employee()) == v.NOTHING
    Shareable.EMPLOYEE_PATH = "owner__user"
    assert v.company_side_filter(Shareable, Employee()) == Q(visibility="shared") & Q(owner__user=7)

    class NoCondition:
        COMPANY_SIDE = v.SHAREABLE

    assert v.company_side_filter(NoCondition, Owner()) == v.NOTHING


def test_owner_sees_shared_actions_of_their_company_only(portal_world, owner):
    w = portal_world
    assert visible(Action, owner) == {w.shared_action.pk, w.employee_action.pk}
    assert not v.is_visible_to_company_side(w.internal_action, member(owner))
    assert not v.is_visible_to_company_side(w.foreign_action, member(owner))


def test_employee_sees_only_the_actions_assigned_to_them(portal_world, employee):
    w = portal_world
    assert visible(Action, employee) == {w.employee_action.pk}
    # ... and none of the owner-only kinds.
    assert visible(IssueNode, employee) == set()
    assert visible(Dialogue, employee) == set()


def test_root_issue_is_shared_once_agreed_and_left_shared(portal_world, owner):
    w = portal_world
    assert visible(IssueNode, owner) == {w.agreed_root.pk}


def test_dialogue_is_shared_unless_marked_internal(portal_world, owner):
    w = portal_world
    assert visible(Dialogue, owner) == {w.shared_dialogue.pk}


def test_reviews_follow_their_action(portal_world, owner):
    w = portal_world
    shared_review = ActionReviewFactory(action=w.shared_action, reviewed_on=w.engagement.started_on)
    ActionReviewFactory(action=w.internal_action, reviewed_on=w.engagement.started_on)
    assert visible(ActionReview, owner) == {shared_review.pk}


def test_internal_only_kinds_are_never_visible(portal_world, owner, employee):
    for user in (owner, employee):
        assert visible(Engagement, user) == set()
        assert visible(Stakeholder, user) == set()


def test_support_side_is_not_narrowed(portal_world, supporter, admin_user):
    w = portal_world
    for user in (supporter, admin_user):
        assert w.internal_action.pk in visible(Action, user)
        assert w.internal_root.pk in visible(IssueNode, user)
        assert w.internal_dialogue.pk in visible(Dialogue, user)


def test_supporter_marks_records_internal_and_the_owner_no_longer_sees_them(portal_world, owner, supporter):
    from banso.engagements import domain

    w = portal_world
    domain.update_action(w.shared_action, by=supporter, expected_version=1, visibility=v.Visibility.INTERNAL)
    domain.update_issue_node(
        w.agreed_root, by=supporter, expected_version=1, visibility=v.Visibility.INTERNAL
    )
    domain.update_dialogue(
        w.shared_dialogue, by=supporter, expected_version=1, visibility=v.Visibility.INTERNAL
    )
    assert visible(Action, owner) == {w.employee_action.pk}
    assert visible(IssueNode, owner) == set()
    assert visible(Dialogue, owner) == set()
    # ... and back.
    w.shared_action.refresh_from_db()
    domain.update_action(w.shared_action, by=supporter, expected_version=2, visibility=v.Visibility.SHARED)
    assert w.shared_action.pk in visible(Action, owner)


def test_the_supporters_forms_offer_the_choice(portal_world, org, supporter):
    from django.urls import reverse

    from tests.conftest import client_for

    w = portal_world
    kw = {"org": org.slug, "company_pk": w.engagement.company_id, "engagement_pk": w.engagement.pk}
    client = client_for(supporter)
    response = client.get(
        reverse("engagements:dialogue_edit", kwargs={**kw, "dialogue_pk": w.shared_dialogue.pk})
    )
    assert "事業者への公開" in response.content.decode()
    response = client.get(reverse("engagements:action_edit", kwargs={**kw, "pk": w.shared_action.pk}))
    assert "事業者への公開" in response.content.decode()
    response = client.get(reverse("engagements:issue_root", kwargs={**kw, "node_pk": w.agreed_root.pk}))
    assert "事業者への公開" in response.content.decode()
