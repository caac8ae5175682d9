"""The stakeholder map (step ⑤ 内発的動機づけ): adding people and changing how they stand.

Rules: a person may be linked to a Banso login of the company side (経営者・従業員 of this company,
active; one person per login in an engagement) so an employee sees the actions assigned to them in
the portal; names are unique within an engagement (DB constraint, Japanese message); role, stance and
influence come from the guideline's lists; two people editing the same person never silently
overwrite each other (version check). A change of stance is its own business event, because it is
what step ⑤ watches.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from banso.core.errors import DomainError
from banso.core.records import apply_changes, locked, save_audited
from banso.engagements.domain._common import log, save_new_and_log
from banso.engagements.engines import guideline as g
from banso.engagements.models import Engagement, Stakeholder
from banso.engagements.permissions import ensure_open_now
from banso.engagements.queries import company_side_logins

EDITABLE_FIELDS = (
    "name",
    "role",
    "title",
    "stance",
    "influence",
    "concerns",
    "note",
    "is_task_team_member",
    "user",
)
LOGIN_MESSAGE = "ログインは、この事業者の経営者・従業員として登録された方から選んでください。"
LOGIN_TAKEN_MESSAGE = "このログインは、この案件の別の関係者（{name}）にすでにリンクされています。"
_TEXT_FIELDS = ("name", "title", "concerns", "note")


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    cleaned = dict(fields)
    for name in _TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def _check_login(engagement: Engagement, user, *, exclude_pk: int | None = None) -> None:
    """Stakeholder ↔ login: a company-side user (経営者・従業員, active) of the engagement's company,
    linked to at most one person of the engagement. ValidationError {"user": ...} otherwise."""
    if user is None:
        return
    if not company_side_logins(engagement.company).filter(pk=user.pk).exists():
        raise ValidationError({"user": LOGIN_MESSAGE})
    other = Stakeholder.objects.filter(engagement=engagement, user=user).exclude(pk=exclude_pk).first()
    if other is not None:
        raise ValidationError({"user": LOGIN_TAKEN_MESSAGE.format(name=other.name)})


def add_stakeholder(engagement: Engagement, *, by, name: str, role: str, **fields) -> Stakeholder:
    """Add a person to the engagement's stakeholder map (last in the list).

    Side effects: the Stakeholder row with history and an `engagement.stakeholder.added` activity
    entry. ValidationError (Japanese, per field) for a blank or duplicate name, or a role, stance or
    influence outside the guideline's lists.
    """
    ensure_open_now(engagement)
    cleaned = _clean({"name": name, "role": role, **fields})
    _check_login(engagement, cleaned.get("user"))
    last = Stakeholder.objects.filter(engagement=engagement).aggregate(last=Max("position"))["last"] or 0
    person = Stakeholder(engagement=engagement, position=last + 1, **cleaned)
    return save_new_and_log(
        person,
        by=by,
        code="engagement.stakeholder.added",
        message=f"関係者「{person}」を追加しました（{person.get_stance_display()}）。",
        id_key="stakeholder_id",
        data={"role": person.role, "stance": person.stance},
    )


def update_stakeholder(
    person: Stakeholder, *, by, expected_version: int | None = None, **changes
) -> Stakeholder:
    """Change a person's details. ConflictError on a stale `expected_version`.

    Side effects: a history snapshot (version + 1) and an activity entry:
    `engagement.stakeholder.stance_changed` (old and new stance) when the stance changed, else
    `engagement.stakeholder.updated`.
    """
    ensure_open_now(person.engagement)
    cleaned = _clean(changes)
    stances = dict(g.STANCE_CHOICES)
    with transaction.atomic():
        current = locked(Stakeholder, person.pk, expected_version)
        if "user" in cleaned:
            _check_login(person.engagement, cleaned["user"], exclude_pk=current.pk)
        old_user_id = current.user_id
        old_stance = current.stance
        changed = apply_changes(current, cleaned)
        save_audited(current, by=by, bump_version=True)
        if current.user_id != old_user_id:
            linked = current.user.display_name if current.user else ""
            log(
                current.engagement,
                code="engagement.stakeholder.login_linked",
                message=(
                    f"関係者「{current.name}」を{linked}さんのログインにリンクしました。"
                    if linked
                    else f"関係者「{current.name}」のログインのリンクを外しました。"
                ),
                by=by,
                data={"stakeholder_id": current.pk, "old": old_user_id, "new": current.user_id},
            )
        if current.stance != old_stance:
            log(
                current.engagement,
                code="engagement.stakeholder.stance_changed",
                message=(
                    f"関係者「{current.name}」のスタンスを「{stances.get(old_stance, old_stance)}」から"
                    f"「{stances.get(current.stance, current.stance)}」に変更しました。"
                ),
                by=by,
                data={"stakeholder_id": current.pk, "old": old_stance, "new": current.stance},
            )
        else:
            log(
                current.engagement,
                code="engagement.stakeholder.updated",
                message=f"関係者「{current.name}」の情報を更新しました。",
                by=by,
                data={"stakeholder_id": current.pk, "fields": sorted(changed)},
            )
    return current
