"""次月重点アクション: a few concrete actions set for a month, reviewed at the next month's meeting.

Rules: an action has a title; its month is stored as the first day of the month it is FOR; at most
MAX_ACTIONS_PER_MONTH actions per month (a few, not a to-do list); an optional link to an engagement
action of the same company, validated through core.engagement_links (a foreign or unknown id is a
Japanese validation error). A review is 実施 / 一部実施 / 未実施 and, unless 実施, needs the why
(review_note). Every change is a versioned, audited save with an activity-log entry; reviews change
the action in place, so its history (field history) keeps each earlier review.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.engagement_links import validate_action_id
from banso.core.errors import DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.domain._common import (
    clean_text,
    month_label,
    next_order,
    refuse_unknown_fields,
    require_text,
    save_changed_fields,
)
from banso.monitoring.models import NextMonthAction

Review = NextMonthAction.Review

MAX_ACTIONS_PER_MONTH = 10
EDITABLE_FIELDS = ("title", "owner", "measure", "engagement_action_id", "order")
TITLE_REQUIRED_MESSAGE = "アクションの内容を入力してください。"
REASON_REQUIRED_MESSAGE = "一部実施・未実施のときは、その理由を入力してください。"
TOO_MANY_MESSAGE = (
    f"1か月に設定できる重点アクションは{MAX_ACTIONS_PER_MONTH}件までです。"
    "本当に重点となるものに絞ってください。"
)
REVIEW_CHOICE_MESSAGE = "振り返りの結果を「実施」「一部実施」「未実施」から選んでください。"
REVIEWED_LABELS = {value: label for value, label in Review.choices if value != Review.NOT_REVIEWED}


def _first_of_month(month: dt.date) -> dt.date:
    return month.replace(day=1)


def create_next_month_action(
    company,
    *,
    by,
    month: dt.date,
    title: str,
    owner: str = "",
    measure: str = "",
    engagement_action_id: int | None = None,
) -> NextMonthAction:
    """Set an action for `month` (any day of it; stored as the first day).

    Side effects: the NextMonthAction row (last of its month) with history, and a
    `monitoring.next_action.created` activity entry. ValidationError (per field, Japanese) for an empty
    title or an engagement action that is not this company's; DomainError beyond MAX_ACTIONS_PER_MONTH.
    """
    month = _first_of_month(month)
    title = require_text(title, "title", TITLE_REQUIRED_MESSAGE)
    validate_action_id(company, engagement_action_id)
    with transaction.atomic():
        same_month = NextMonthAction.objects.select_for_update().filter(company=company, month=month)
        if same_month.count() >= MAX_ACTIONS_PER_MONTH:
            raise DomainError(TOO_MANY_MESSAGE)
        action = NextMonthAction(
            company=company,
            month=month,
            title=title,
            owner=clean_text(owner),
            measure=clean_text(measure),
            engagement_action_id=engagement_action_id,
            order=next_order(same_month),
            created_by=by,
        )
        save_audited(action, by=by)
        log_company_event(
            company,
            code="monitoring.next_action.created",
            message=f"{month_label(month)}の重点アクション「{action.title}」を設定しました。",
            by=by,
            data={"next_action_id": action.pk, "month": f"{month:%Y-%m}"},
        )
    return action


def update_next_month_action(
    action: NextMonthAction, *, by, expected_version: int | None, **changes
) -> NextMonthAction:
    """Change an action's title, owner, measure, engagement link or order (EDITABLE_FIELDS).

    ConflictError when someone saved it since `expected_version`. Side effects: a history snapshot
    (version + 1) and a `monitoring.next_action.updated` activity entry, only when something changed.
    """
    refuse_unknown_fields(changes, EDITABLE_FIELDS)
    if "title" in changes:
        changes["title"] = require_text(changes["title"], "title", TITLE_REQUIRED_MESSAGE)
    for name in ("owner", "measure"):
        if name in changes:
            changes[name] = clean_text(changes[name])
    with transaction.atomic():
        current = locked(NextMonthAction, action.pk, expected_version)
        new_link = changes.get("engagement_action_id", current.engagement_action_id)
        if new_link != current.engagement_action_id:
            validate_action_id(current.company, new_link)
        save_changed_fields(
            current,
            changes,
            by=by,
            code="monitoring.next_action.updated",
            message=lambda action: (
                f"{month_label(action.month)}の重点アクション「{action.title}」を更新しました。"
            ),
            id_key="next_action_id",
        )
    return current


def review_next_month_action(
    action: NextMonthAction, *, by, expected_version: int | None, review: str, review_note: str = ""
) -> NextMonthAction:
    """Record the meeting's review of an action: 実施 (done), 一部実施 (partly) or 未実施 (not done),
    with why (required unless done). Reviewing again replaces the review; the field history keeps the
    earlier one.

    ConflictError when someone saved it since `expected_version`; ValidationError on `review` /
    `review_note`. Side effects: version + 1, history, a `monitoring.next_action.reviewed` entry.
    """
    if review not in REVIEWED_LABELS:
        raise ValidationError({"review": REVIEW_CHOICE_MESSAGE})
    note = clean_text(review_note)
    if review != Review.DONE and not note:
        raise ValidationError({"review_note": REASON_REQUIRED_MESSAGE})
    with transaction.atomic():
        current = locked(NextMonthAction, action.pk, expected_version)
        if (current.review, current.review_note) == (review, note):
            return current
        current.review, current.review_note = review, note
        save_audited(current, by=by, bump_version=True)
        log_company_event(
            current.company,
            code="monitoring.next_action.reviewed",
            message=(
                f"{month_label(current.month)}の重点アクション「{current.title}」を"
                f"「{REVIEWED_LABELS[review]}」と振り返りました。"
            ),
            by=by,
            data={"next_action_id": current.pk, "review": review},
        )
    return current


def delete_next_month_action(action: NextMonthAction, *, by, expected_version: int | None) -> None:
    """Remove an action set by mistake. A reviewed action stays (it is the month's history):
    DomainError. Side effects: the row's deletion in its history, a `monitoring.next_action.deleted`
    activity entry."""
    with transaction.atomic():
        current = locked(NextMonthAction, action.pk, expected_version)
        if current.review != Review.NOT_REVIEWED:
            raise DomainError("振り返り済みのアクションは履歴として残すため、削除できません。")
        current._history_user = by
        title, month, pk, company = current.title, current.month, current.pk, current.company
        current.delete()
        log_company_event(
            company,
            code="monitoring.next_action.deleted",
            message=f"{month_label(month)}の重点アクション「{title}」を削除しました。",
            by=by,
            data={"next_action_id": pk},
        )
