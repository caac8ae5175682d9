"""The owner's action plan (step ⑥): creating and changing actions, and their PDCA reviews.

Rules: the owner of an action is a person inside the company from the engagement's stakeholders;
the due date is not before the engagement began (Action.clean, so forms and the API share it);
the linked issue, when given, is a 裏課題 of the same engagement; an ended engagement (終了・中止)
takes no new actions or reviews. Each check appends an ActionReview (result, learning, small
success, next step, status after) and moves the action to that status, so the PDCA history is kept
rather than overwritten; a review is dated on or after the start and never in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.urls import reverse

from banso.core.access import get_visible_or_404, not_found_message
from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.notifications import COMPANY_UPDATE, notify
from banso.core.records import apply_changes, locked, save_audited
from banso.core.visibility import Visibility
from banso.engagements.domain._common import log, save_new_and_log, today
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, ActionReview, Dialogue, Engagement, IssueNode
from banso.engagements.permissions import ensure_open, ensure_open_now
from banso.engagements.validators import future_date_message, not_before_start_message

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
    "visibility",
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
    visibility: str = Visibility.SHARED,
) -> Action:
    """Add an action: who (a company-side stakeholder), by when, what, how far, how, expected effect.

    Side effects: the Action row (last among actions due that day) with history, and an
    `engagement.action.created` activity entry. ValidationError (per field, Japanese) for a due date
    before the engagement began, an owner outside the company or another engagement, an empty
    `what`; DomainError for a linked issue that is not a 裏課題 of this engagement, or an ended
    engagement.
    """
    ensure_open_now(engagement)
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
        visibility=visibility,
        position=last + 1,
        created_by=by,
    )
    return save_new_and_log(
        action,
        by=by,
        code="engagement.action.created",
        message=f"アクション「{action.what}」を追加しました（{owner.name}さん、{due_on:%Y/%m/%d}まで）。",
        id_key="action_id",
        data={"owner": owner.name, "due_on": due_on.isoformat()},
    )


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
        ensure_open(current.engagement)
        if "root_issue" in changes and changes["root_issue"] != current.root_issue:
            _check_root_issue(current.engagement_id, changes["root_issue"])
        old_status = current.status
        trimmed = {
            name: (value or "").strip() if name in _TEXT_FIELDS else value for name, value in changes.items()
        }
        changed = apply_changes(current, trimmed)
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


# --- Reviews (the C and A of PDCA) ------------------------------------------------------------------

STATUS_LABELS = dict(g.ACTION_STATUS_CHOICES)
EMPTY_REVIEW_MESSAGE = (
    "振り返りの内容がありません。結果・学び・次の一歩のいずれかを入力するか、状況を変更してください。"
)
NOTHING_REVIEWED_MESSAGE = (
    "振り返りを入力したアクションがありません。振り返るアクションの結果や状況を入力してください。"
)
REVIEW_TEXT_FIELDS = ("result", "learning", "next_step")


def _review_date(engagement: Engagement, reviewed_on: dt.date | None) -> dt.date:
    """The day of a check: given or today, not in the future (ValidationError on `reviewed_on`)."""
    day = reviewed_on or today()
    if day > today():
        raise ValidationError({"reviewed_on": future_date_message()})
    return day


def _check_dialogue(engagement_id: int, dialogue: Dialogue | None) -> None:
    if dialogue is not None and dialogue.engagement_id != engagement_id:
        raise DomainError("振り返った対話は、この案件の対話記録から選んでください。")


def is_blank_review(action: Action, *, status: str, **texts) -> bool:
    """Nothing to record: the status stays and no result, learning, next step or small success."""
    has_text = any((texts.get(name) or "").strip() for name in REVIEW_TEXT_FIELDS)
    return status == action.status and not has_text and not texts.get("small_success")


def _append_review(
    current: Action,
    *,
    by,
    reviewed_on: dt.date,
    status: str,
    result: str,
    learning: str,
    next_step: str,
    small_success: bool,
    dialogue: Dialogue | None,
    by_company: bool = False,
) -> ActionReview:
    """Append the review to a locked action and move the action to `status`; log the check."""
    if status not in STATUS_LABELS:
        raise DomainError("振り返り後の状況は一覧から選んでください。")
    texts = {"result": result, "learning": learning, "next_step": next_step, "small_success": small_success}
    if is_blank_review(current, status=status, **texts):
        raise DomainError(EMPTY_REVIEW_MESSAGE)
    review = ActionReview(
        action=current,
        reviewed_on=reviewed_on,
        reviewed_by=by,
        status=status,
        result=(result or "").strip(),
        learning=(learning or "").strip(),
        next_step=(next_step or "").strip(),
        small_success=bool(small_success),
        dialogue=dialogue,
        by_company=by_company,
    )
    save_audited(review, by=by)
    old_status = current.status
    if status != old_status:
        current.status = status
        save_audited(current, by=by, bump_version=True)
    moved = f"「{STATUS_LABELS[old_status]}」→「{STATUS_LABELS[status]}」" if status != old_status else ""
    notes = "、".join(part for part in (moved, "小さな成功体験あり" if review.small_success else "") if part)
    who = "事業者が" if by_company else ""
    log(
        current.engagement,
        code="engagement.action.reviewed",
        message=f"{who}アクション「{current.what}」を振り返りました" + (f"（{notes}）。" if notes else "。"),
        by=by,
        data={
            "action_id": current.pk,
            "review_id": review.pk,
            "old": old_status,
            "new": status,
            "small_success": review.small_success,
            "by_company": by_company,
        },
    )
    return review


def review_action_as_company(
    membership,
    action_pk: int,
    *,
    by,
    status: str,
    result: str = "",
    learning: str = "",
    next_step: str = "",
    expected_version: int | None = None,
) -> ActionReview:
    """The owner's (or an employee's) own PDCA check from the owner portal: status, what happened
    and what they learnt, stored as an ActionReview marked `by_company` that the supporter sees in
    the action's history. The action is loaded through the access rule, so only a shared action of
    the user's own company (for an employee: one assigned to them) can be reviewed; any other is a
    404. ConflictError when the action changed since `expected_version`; DomainError for an empty
    check or an ended engagement. Side effects as `review_action` (activity code
    `engagement.action.reviewed` with `by_company`); the action's version always goes up by one."""
    if membership is None or not membership.is_company_side:
        raise Http404(not_found_message("アクション"))
    action = get_visible_or_404(Action, membership, pk=action_pk)
    with transaction.atomic():
        current = locked(Action, action.pk, expected_version)
        engagement = current.engagement
        ensure_open(engagement)
        old_version = current.version
        review = _append_review(
            current,
            by=by,
            reviewed_on=_review_date(engagement, None),
            status=status,
            result=result,
            learning=learning,
            next_step=next_step,
            small_success=False,
            dialogue=None,
            by_company=True,
        )
        if current.version == old_version:
            # Every entry from the portal moves the version, so a form sent twice (or from a page
            # opened before someone else's entry) is refused rather than recorded twice.
            save_audited(current, by=by, bump_version=True)
        _notify_supporters_of_company_entry(current, review, by=by)
        return review


def _notify_supporters_of_company_entry(action: Action, review: ActionReview, *, by) -> None:
    """Tell the action's supporters (the engagement's lead and the company's assigned supporters)
    that the company side recorded an entry: an in-app notification (core.notifications)."""
    engagement = action.engagement
    company = engagement.company
    users = [engagement.lead_supporter, *company.supporters.filter(is_active=True)]
    status = dict(g.ACTION_STATUS_CHOICES).get(review.status, review.status)
    link = reverse(
        "engagements:action_detail",
        kwargs={
            "org": company.organization.slug,
            "company_pk": company.pk,
            "engagement_pk": engagement.pk,
            "pk": action.pk,
        },
    )
    notify(
        users,
        kind=COMPANY_UPDATE,
        text=f"{by.display_name}さんがアクション「{action.what}」を記入しました（{status}）",
        link=link,
        organization=company.organization_id,
        company_id=company.pk,
        by=by,
    )


def review_action(
    action: Action,
    *,
    by,
    status: str,
    reviewed_on: dt.date | None = None,
    result: str = "",
    learning: str = "",
    next_step: str = "",
    small_success: bool = False,
    dialogue: Dialogue | None = None,
    expected_version: int | None = None,
) -> ActionReview:
    """Record one PDCA check of an action: what happened (result), what was learned, whether it was a
    small success (小さな成功体験), the next step, and the status after the check.

    The review is appended (earlier reviews are never changed) and the action takes the new status.
    ConflictError when the action was saved by someone else since `expected_version`. DomainError
    for an empty check (same status, no text), an ended engagement or a dialogue of another
    engagement; ValidationError on `reviewed_on` for a future day or one before the engagement began.
    Side effects: the ActionReview row with history; the action's status (history, version + 1)
    when it changes; an `engagement.action.reviewed` activity entry.
    """
    with transaction.atomic():
        current = locked(Action, action.pk, expected_version)
        engagement = current.engagement
        ensure_open(engagement)
        _check_dialogue(engagement.pk, dialogue)
        return _append_review(
            current,
            by=by,
            reviewed_on=_review_date(engagement, reviewed_on),
            status=status,
            result=result,
            learning=learning,
            next_step=next_step,
            small_success=small_success,
            dialogue=dialogue,
        )


def review_actions(
    engagement: Engagement,
    *,
    by,
    entries: Sequence[Mapping],
    reviewed_on: dt.date | None = None,
    dialogue: Dialogue | None = None,
) -> list[ActionReview]:
    """The monthly review: check several actions of one engagement on one day, all or nothing.

    Each entry is a mapping with `action`, `status` and optionally `expected_version`, `result`,
    `learning`, `next_step`, `small_success`. Blank entries (status unchanged, nothing written) are
    skipped; when every entry is blank a DomainError says so. Per-action problems are raised
    together as one ValidationError keyed by the action's id (as a string), a stale action as a
    ConflictError naming it; nothing is saved then. Side effects: as review_action, per entry.
    """
    day = _review_date(engagement, reviewed_on)
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        ensure_open(Engagement.objects.select_for_update().get(pk=engagement.pk))
        _check_dialogue(engagement.pk, dialogue)
        if day < engagement.started_on:
            raise ValidationError({"reviewed_on": not_before_start_message(engagement.started_on)})
        reviews = []
        for entry in entries:
            action = entry["action"]
            if action.engagement_id != engagement.pk:
                raise DomainError("振り返るアクションは、この案件のものから選んでください。")
            texts = {name: entry.get(name, "") for name in (*REVIEW_TEXT_FIELDS, "small_success")}
            if is_blank_review(action, status=entry["status"], **texts):
                continue
            try:
                current = locked(Action, action.pk, entry.get("expected_version"))
            except ConflictError as exc:
                raise ConflictError(f"「{action.what}」: {STALE_EDIT_MESSAGE}") from exc
            try:
                reviews.append(
                    _append_review(
                        current,
                        by=by,
                        reviewed_on=day,
                        status=entry["status"],
                        dialogue=dialogue,
                        **texts,
                    )
                )
            except ValidationError as exc:
                errors[str(action.pk)] = exc.messages
            except DomainError as exc:
                errors[str(action.pk)] = [exc.message]
        if errors:
            raise ValidationError(errors)
        if not reviews:
            raise DomainError(NOTHING_REVIEWED_MESSAGE)
    return reviews
