"""Referrals (橋渡し): the organization's directory of support bodies and experts, and the hand-off
of a company to one of them — to whom, why (an issue of the tree), when, status and outcome.

Rules: the directory belongs to the organization (every support-side member sees it; who may edit
follows SupportBody's access rule); a name is unique in the directory; only 士業 carry a
profession. A referral goes to an active body of the engagement's own organization; a 完了 or
見送り referral has the day it closed (default: today), reopening clears it; an ended engagement
takes no new referrals or changes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.errors import DomainError
from banso.core.models import log_activity
from banso.core.records import apply_changes, locked, save_audited
from banso.engagements.domain._common import log, save_new_and_log, today
from banso.engagements.engines import directory
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement, IssueNode, Referral, SupportBody
from banso.engagements.permissions import ensure_open_now

SUPPORT_BODY_FIELDS = (
    "name",
    "body_type",
    "profession",
    "region",
    "contact_name",
    "phone",
    "email",
    "url",
    "specialties",
    "note",
    "is_active",
)
REFERRAL_FIELDS = (
    "support_body",
    "contact_name",
    "issue",
    "reason",
    "referred_on",
    "status",
    "outcome",
    "closed_on",
)
STATUS_LABELS = dict(g.REFERRAL_STATUS_CHOICES)
INACTIVE_BODY_MESSAGE = (
    "「{name}」は利用中ではないため、新しく橋渡しできません。"
    "橋渡し先の一覧で「利用中」にしてから選んでください。"
)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _log_directory(organization, *, by, code: str, message: str, data: dict) -> None:
    log_activity(organization_id=organization.pk, code=code, message=message, by=by, data=data)


# --- The directory ------------------------------------------------------------------------------------


def create_support_body(organization, *, by, name: str, body_type: str, **fields) -> SupportBody:
    """Add a support body or expert to the organization's directory.

    `fields` are any of SUPPORT_BODY_FIELDS. ValidationError (per field, Japanese) for an empty
    name, a duplicate name, an unknown type or a profession on a non-士業 entry. Side effects: the
    SupportBody row with history and an `engagement.support_body.created` activity entry.
    """
    unknown = set(fields) - set(SUPPORT_BODY_FIELDS)
    if unknown:
        raise DomainError(f"指定できない項目が含まれています: {', '.join(sorted(unknown))}")
    body = SupportBody(
        organization=organization,
        name=(name or "").strip(),
        body_type=body_type,
        **{key: _strip(value) for key, value in fields.items()},
    )
    with transaction.atomic():
        save_audited(body, by=by)
        _log_directory(
            organization,
            by=by,
            code="engagement.support_body.created",
            message=f"橋渡し先「{body.name}」（{body.type_label}）を登録しました。",
            data={"support_body_id": body.pk, "body_type": body.body_type},
        )
    return body


def update_support_body(
    body: SupportBody, *, by, expected_version: int | None = None, **changes
) -> SupportBody:
    """Change a directory entry (SUPPORT_BODY_FIELDS); ConflictError on a stale `expected_version`.

    Side effects: a history snapshot (version + 1) and an `engagement.support_body.updated` entry.
    """
    unknown = set(changes) - set(SUPPORT_BODY_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = locked(SupportBody, body.pk, expected_version)
        changed = apply_changes(current, {name: _strip(value) for name, value in changes.items()})
        if not changed:
            return current
        save_audited(current, by=by, bump_version=True)
        _log_directory(
            current.organization,
            by=by,
            code="engagement.support_body.updated",
            message=f"橋渡し先「{current.name}」を更新しました。",
            data={"support_body_id": current.pk, "fields": sorted(changed)},
        )
    return current


def add_standard_support_bodies(
    organization, *, by, prefecture: str, body_types=directory.STANDARD_BODY_TYPES
) -> list[SupportBody]:
    """「よく使う支援機関を追加」: add the national bodies of a prefecture (directory.STANDARD_BODIES,
    e.g. 静岡県よろず支援拠点) that the directory does not have yet (same name). Returns the added
    ones; running it twice adds nothing. DomainError for an unknown prefecture.

    Side effects: per added body as create_support_body.
    """
    if prefecture not in directory.PREFECTURES:
        raise DomainError("都道府県を一覧から選んでください。")
    existing = set(SupportBody.objects.filter(organization=organization).values_list("name", flat=True))
    added = []
    with transaction.atomic():
        for standard, name in directory.standard_bodies(prefecture):
            if standard.body_type not in body_types or name in existing:
                continue
            added.append(
                create_support_body(
                    organization,
                    by=by,
                    name=name,
                    body_type=standard.body_type,
                    region=prefecture,
                    specialties=standard.specialties,
                )
            )
    return added


# --- Referrals ----------------------------------------------------------------------------------------


def _check_links(engagement: Engagement, *, support_body: SupportBody | None, issue: IssueNode | None):
    if support_body is not None and support_body.organization_id != engagement.company.organization_id:
        raise DomainError("橋渡し先は、自分の支援機関の一覧から選んでください。")
    if issue is not None and issue.engagement_id != engagement.pk:
        raise DomainError("関係する課題は、この案件の課題ツリーから選んでください。")


def closing_day(status: str, closed_on: dt.date | None, referred_on: dt.date | None) -> dt.date | None:
    """完了・見送り carry the day they closed (today when not given, never before the referral)."""
    if status not in g.REFERRAL_CLOSED_STATUSES:
        return None
    day = closed_on or today()
    if day > today():
        raise ValidationError({"closed_on": "完了・見送りの日に未来の日付は入力できません。"})
    if referred_on and day < referred_on and closed_on is None:
        return referred_on
    return day


def refer(
    engagement: Engagement,
    *,
    by,
    support_body: SupportBody,
    reason: str,
    referred_on: dt.date | None = None,
    issue: IssueNode | None = None,
    contact_name: str = "",
    status: str = "planned",
    outcome: str = "",
    closed_on: dt.date | None = None,
) -> Referral:
    """Refer the company to a support body of the organization's directory: to whom, why (the reason
    and, where it fits, the issue of the tree it concerns), when, status and outcome.

    DomainError for an ended engagement, an inactive body, a body of another organization or an
    issue of another engagement; ValidationError (per field) for an empty reason, a date before the
    engagement began, a closing day before the referral. Side effects: the Referral row with
    history and an `engagement.referral.created` activity entry.
    """
    ensure_open_now(engagement)
    _check_links(engagement, support_body=support_body, issue=issue)
    if not support_body.is_active:
        raise DomainError(INACTIVE_BODY_MESSAGE.format(name=support_body.name))
    if status not in STATUS_LABELS:
        raise DomainError("橋渡しの状況は一覧から選んでください。")
    referred_on = referred_on or today()
    referral = Referral(
        engagement=engagement,
        support_body=support_body,
        contact_name=(contact_name or "").strip(),
        issue=issue,
        reason=(reason or "").strip(),
        referred_on=referred_on,
        status=status,
        outcome=(outcome or "").strip(),
        closed_on=closing_day(status, closed_on, referred_on),
        referred_by=by,
    )
    return save_new_and_log(
        referral,
        by=by,
        code="engagement.referral.created",
        message=f"「{support_body.name}」への橋渡しを記録しました（{STATUS_LABELS[status]}）。",
        id_key="referral_id",
        data={"support_body_id": support_body.pk, "status": status},
    )


def update_referral(referral: Referral, *, by, expected_version: int | None = None, **changes) -> Referral:
    """Change a referral (REFERRAL_FIELDS): its status as it moves on, the outcome, the details.

    Moving to 完了 / 見送り sets the closing day (today unless given); moving back clears it.
    ConflictError on a stale `expected_version`. Side effects: a history snapshot (version + 1), an
    `engagement.referral.status_changed` entry when the status changes and an
    `engagement.referral.updated` entry when other fields change.
    """
    unknown = set(changes) - set(REFERRAL_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    if "status" in changes and changes["status"] not in STATUS_LABELS:
        raise DomainError("橋渡しの状況は一覧から選んでください。")
    with transaction.atomic():
        current = locked(Referral, referral.pk, expected_version)
        engagement = current.engagement
        ensure_open_now(engagement)
        _check_links(engagement, support_body=changes.get("support_body"), issue=changes.get("issue"))
        new_body = changes.get("support_body")
        if new_body is not None and new_body != current.support_body and not new_body.is_active:
            raise DomainError(INACTIVE_BODY_MESSAGE.format(name=new_body.name))
        old_status = current.status
        changed = apply_changes(current, {name: _strip(value) for name, value in changes.items()})
        closing = closing_day(current.status, current.closed_on, current.referred_on)
        if closing != current.closed_on:
            current.closed_on = closing
            if "closed_on" not in changed:
                changed.append("closed_on")
        if not changed:
            return current
        save_audited(current, by=by, bump_version=True)
        if current.status != old_status:
            log(
                engagement,
                code="engagement.referral.status_changed",
                message=(
                    f"「{current.support_body.name}」への橋渡しの状況を「{STATUS_LABELS[old_status]}」から"
                    f"「{STATUS_LABELS[current.status]}」にしました。"
                ),
                by=by,
                data={"referral_id": current.pk, "old": old_status, "new": current.status},
            )
        others = [name for name in changed if name not in ("status", "closed_on")]
        if others:
            log(
                engagement,
                code="engagement.referral.updated",
                message=f"「{current.support_body.name}」への橋渡しを更新しました。",
                by=by,
                data={"referral_id": current.pk, "fields": sorted(others)},
            )
    return current
