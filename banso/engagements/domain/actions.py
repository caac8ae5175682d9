"""The owner's action plan (step ⑥): creating and changing actions.

Rules: the owner of an action is a person inside the company from the engagement's stakeholders;
the due date is not before the engagement began (Action.clean, so forms and the API share it);
the linked issue, when given, is a 裏課題 of the same engagement. Reviews (PDCA checks) are
recorded by the phase-2 review functions, which append ActionReview rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from banso.core.errors import DomainError
from banso.engagements import guideline as g
from banso.engagements.domain._common import locked, log, save_audited
from banso.engagements.models import Action, Engagement, IssueNode

EDITABLE_FIELDS = (
    "owner",
    "due_on",
    "what",
    "how_much",
    "how",
    "expected_effect",
    "expected_value",
    "expected_unit",
    "root_issue",
    "status",
)
_TEXT_FIELDS = ("what", "how_much", "how", "expected_effect", "expected_unit")


def _check_root_issue(engagement_id: int, root_issue: IssueNode | None) -> None:
    if root_issue is None:
        return
    if root_issue.engagement_id != engagement_id:
        raise DomainError("取り組む裏課題は、この案件の課題ツリーから選んでください。")
    if root_issue.kind != "root":
        raise DomainError(
            f"「{root_issue.text}」は裏課題ではありません。アクションは裏課題（本質的課題）に紐づけてください。"
        )


def create_action(
    engagement: Engagement,
    *,
    by,
    owner,
    what: str,
    due_on: dt.date,
    how_much: str = "",
    how: str = "",
    expected_effect: str = "",
    expected_value: Decimal | int | None = None,
    expected_unit: str = "",
    root_issue: IssueNode | None = None,
    status: str = "not_started",
) -> Action:
    """Add an action: who (a company-side stakeholder), by when, what, how far, how, expected effect.

    Side effects: the Action row (last among actions due that day) with history, and an
    `engagement.action.created` activity entry. ValidationError (per field, Japanese) for a due date
    before the engagement began, an owner outside the company or another engagement, an empty
    `what`; DomainError for a linked issue that is not a 裏課題 of this engagement.
    """
    _check_root_issue(engagement.pk, root_issue)
    last = Action.objects.filter(engagement=engagement).aggregate(last=Max("position"))["last"] or 0
    action = Action(
        engagement=engagement,
        owner=owner,
        due_on=due_on,
        what=(what or "").strip(),
        how_much=(how_much or "").strip(),
        how=(how or "").strip(),
        expected_effect=(expected_effect or "").strip(),
        expected_value=expected_value,
        expected_unit=(expected_unit or "").strip(),
        root_issue=root_issue,
        status=status,
        position=last + 1,
        created_by=by,
    )
    with transaction.atomic():
        save_audited(action, by=by)
        log(
            engagement,
            code="engagement.action.created",
            message=f"アクション「{action.what}」を追加しました（{owner.name}さん、{due_on:%Y/%m/%d}まで）。",
            by=by,
            data={"action_id": action.pk, "owner": owner.name, "due_on": due_on.isoformat()},
        )
    return action


def update_action(action: Action, *, by, expected_version: int | None = None, **changes) -> Action:
    """Change an action's fields (see EDITABLE_FIELDS) under the same rules as create_action.

    ConflictError when someone saved it since `expected_version` (the second save never silently
    overwrites the first). Side effects: a history snapshot (version + 1), an
    `engagement.action.status_changed` activity entry when the status changes, and an
    `engagement.action.updated` entry when other fields change.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    if "status" in changes and changes["status"] not in dict(g.ACTION_STATUS_CHOICES):
        raise DomainError("アクションの状況は一覧から選んでください。")
    with transaction.atomic():
        current = locked(Action, action.pk, expected_version)
        if "root_issue" in changes and changes["root_issue"] != current.root_issue:
            _check_root_issue(current.engagement_id, changes["root_issue"])
        old_status = current.status
        changed = []
        for name, value in changes.items():
            if name in _TEXT_FIELDS:
                value = (value or "").strip()
            if getattr(current, name) != value:
                changed.append(name)
                setattr(current, name, value)
        if not changed:
            return current
        save_audited(current, by=by, bump_version=True)
        labels = dict(g.ACTION_STATUS_CHOICES)
        if current.status != old_status:
            log(
                current.engagement,
                code="engagement.action.status_changed",
                message=(
                    f"アクション「{current.what}」の状況を「{labels[old_status]}」から"
                    f"「{labels[current.status]}」にしました。"
                ),
                by=by,
                data={"action_id": current.pk, "old": old_status, "new": current.status},
            )
        others = [name for name in changed if name != "status"]
        if others:
            log(
                current.engagement,
                code="engagement.action.updated",
                message=f"アクション「{current.what}」を更新しました。",
                by=by,
                data={"action_id": current.pk, "fields": sorted(others)},
            )
    return current
