"""Optimistic locking where an owner and a supporter both edit (issue 12 part 10): an action (the
owner's PDCA entry in the portal vs the supporter's review or edit) and a month's figures (the
owner's phone form vs the supporter's grid). Whoever saves second from an older page is refused, on
either side, and nothing of theirs is written."""

from __future__ import annotations

import pytest
from django.utils import timezone

from banso.core.errors import ConflictError
from banso.engagements.domain.actions import review_action, review_action_as_company, update_action
from banso.engagements.models import ActionReview
from banso.monitoring.domain.actuals import save_actuals
from banso.monitoring.domain.owner_figures import figures_version, save_owner_figures
from banso.monitoring.engines.months import Month
from banso.monitoring.models import MonthlyActual
from banso.orgs.models import Membership

pytestmark = pytest.mark.django_db


def test_the_supporters_stale_review_is_refused_after_the_owners_entry(owner, supporter, portal_world):
    action = portal_world.shared_action
    seen = action.version  # the supporter opened the action page
    review_action_as_company(
        Membership.objects.get(user=owner), action.pk, by=owner, expected_version=seen, status="in_progress"
    )
    with pytest.raises(ConflictError):
        review_action(action, by=supporter, status="done", result="支援者の古い画面", expected_version=seen)
    with pytest.raises(ConflictError):
        update_action(action, by=supporter, expected_version=seen, what="古い画面からの変更")
    assert list(ActionReview.objects.filter(action=action).values_list("by_company", flat=True)) == [True]
    action.refresh_from_db()
    assert action.status == "in_progress" and action.what == "主要10品目の原価を計算する"


def test_the_owners_stale_entry_is_refused_after_the_supporters_edit(owner, supporter, portal_world):
    action = portal_world.shared_action
    seen = action.version  # the owner opened the action on the phone
    update_action(action, by=supporter, expected_version=seen, how_much="10品目すべて")
    with pytest.raises(ConflictError):
        review_action_as_company(
            Membership.objects.get(user=owner), action.pk, by=owner, expected_version=seen, status="done"
        )
    assert not ActionReview.objects.filter(action=action).exists()


def test_figures_stale_on_either_side(company, owner, supporter):
    month = Month.of(timezone.localdate())
    owner_seen = figures_version(company, month)
    save_actuals(company, by=supporter, amounts={month: {"cash_and_deposits": 100}}, expected_versions={})
    with pytest.raises(ConflictError):
        save_owner_figures(
            company, by=owner, month=str(month), expected_version=owner_seen, cash_and_deposits=1
        )
    grid_seen = {(month, "cash_and_deposits"): 1}
    save_owner_figures(
        company,
        by=owner,
        month=str(month),
        expected_version=figures_version(company, month),
        cash_and_deposits=200,
    )
    with pytest.raises(ConflictError):
        save_actuals(
            company, by=supporter, amounts={month: {"cash_and_deposits": 300}}, expected_versions=grid_seen
        )
    row = MonthlyActual.objects.get(company=company, line="cash_and_deposits")
    assert (row.amount, row.source, row.version) == (200, "owner", 2)
