"""Business actions on companies. Views, the API and commands all call these."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from banso.companies import corporate_number
from banso.companies.models import Company
from banso.companies.permissions import may_assign_supporters, may_create_company, may_delete_company
from banso.companies.queries import assignable_supporters
from banso.core.access import NOT_ALLOWED_MESSAGE
from banso.core.company_changes import company_changed
from banso.core.errors import DUPLICATE_CODE, DomainError
from banso.core.records import apply_changes, locked, log_company_event, save_audited
from banso.core.text import clean_line, katakana_reading

# Fields a user may set directly; organization, supporters and version are handled here.
EDITABLE_FIELDS = (
    "name",
    "name_kana",
    "corporate_number",
    "industry_code",
    "fiscal_year_end_month",
    "employees",
    "capital",
    "address",
    "representative",
    "founded_year",
    "size_override",
)
_ONE_LINE_FIELDS = ("name", "address", "representative")
DUPLICATE_MESSAGE = "この法人番号の事業者はすでに登録されています。"
ASSIGN_NOT_ALLOWED = "担当支援者を指定・変更できるのは管理者だけです。"
DELETE_NOT_ALLOWED = "事業者を削除できるのは管理者だけです。"


def _normalized(fields: dict) -> dict:
    cleaned = dict(fields)
    unknown = set(cleaned) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    for name in _ONE_LINE_FIELDS:
        if cleaned.get(name) is not None:
            cleaned[name] = clean_line(cleaned[name])
    if cleaned.get("name_kana") is not None:
        cleaned["name_kana"] = katakana_reading(cleaned["name_kana"])
    if "corporate_number" in cleaned:
        cleaned["corporate_number"] = corporate_number.normalize(cleaned["corporate_number"])
    if "size_override" in cleaned and cleaned["size_override"] is None:
        cleaned["size_override"] = ""
    return cleaned


def _supporter_users(organization, supporters: Iterable) -> list:
    """Users (or user ids) → users who may be assigned: the organization's admins and supporters."""
    wanted = {getattr(s, "pk", s) for s in supporters}
    users = list(assignable_supporters(organization).filter(pk__in=wanted))
    if len(users) != len(wanted):
        # A reference that names no assignable user: a field error (API 422), like every other one.
        raise ValidationError(
            {"supporters": "担当支援者には、この支援機関の管理者または支援者だけを指定できます。"}
        )
    return users


def _names(users) -> list[str]:
    return sorted(u.display_name for u in users)


def _duplicate_error() -> ValidationError:
    return ValidationError({"corporate_number": ValidationError(DUPLICATE_MESSAGE, code=DUPLICATE_CODE)})


def create_company(*, membership, by, supporters: Iterable | None = None, **fields) -> Company:
    """Create a company in the membership's organization, validated like the form.

    Rules: only roles that may write create companies; only an admin chooses supporters — when
    none are given, the creator is assigned. Side effects: the Company row and its first history
    snapshot (attributed to `by`), supporter assignments, a `company.created` activity entry.
    Raises ValidationError on bad fields (a duplicate 法人番号 carries the code DUPLICATE_CODE).
    """
    if not may_create_company(membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    organization = membership.organization
    if supporters is None:
        supporters = [by]
    elif not may_assign_supporters(membership):
        raise PermissionDenied(ASSIGN_NOT_ALLOWED)
    users = _supporter_users(organization, supporters)
    company = Company(organization=organization, **_normalized(fields))
    try:
        with transaction.atomic():
            save_audited(company, by=by, m2m={"supporters": users})
            log_company_event(
                company,
                code="company.created",
                message=f"事業者「{company.name}」を登録しました。",
                by=by,
                data={"supporters": _names(users)},
            )
    except IntegrityError as exc:  # the same 法人番号 saved by someone else a moment earlier
        raise _duplicate_error() from exc
    return company


def update_company(
    company: Company, *, membership, by, expected_version: int | None = None, supporters=None, **changes
) -> Company:
    """Apply changes to a company. With `expected_version`, refuse (ConflictError) if someone saved since.

    Nothing is written when nothing changed. Only an admin changes supporters. Side effects: one
    history snapshot with the changed fields and the supporters, `company.supporters.changed` and
    `company.updated` activity entries, and what other areas derive from the changed fields brought
    up to date (core.company_changes: e.g. the ローカルベンチマーク results after a change of 業種 or size).
    """
    changes = _normalized(changes)
    if supporters is not None and not may_assign_supporters(membership):
        raise PermissionDenied(ASSIGN_NOT_ALLOWED)
    try:
        with transaction.atomic():
            current = locked(Company, company.pk, expected_version)
            changed = apply_changes(current, changes)
            before = list(current.supporters.all())
            users = _supporter_users(current.organization, supporters) if supporters is not None else before
            supporters_changed = {u.pk for u in before} != {u.pk for u in users}
            if changed or supporters_changed:
                # One history row with the changed fields and the supporters together.
                save_audited(
                    current,
                    by=by,
                    bump_version=bool(changed),
                    m2m={"supporters": users} if supporters_changed else {},
                )
            if changed:
                log_company_event(
                    current,
                    code="company.updated",
                    message=f"事業者「{current.name}」の情報を更新しました。",
                    by=by,
                    data={"fields": changed},
                )
                company_changed(current, changed, by=by)
            if supporters_changed:
                log_company_event(
                    current,
                    code="company.supporters.changed",
                    message="担当支援者を変更しました。",
                    by=by,
                    data={"old": _names(before), "new": _names(users)},
                )
    except IntegrityError as exc:
        raise _duplicate_error() from exc
    return current


def delete_company(company: Company, *, membership, by) -> None:
    """Delete a company and everything recorded about it. Its history and activity log remain.

    Only an admin deletes (PermissionDenied otherwise). Refused (DomainError) while a company-side
    user account (経営者・従業員) is tied to it.
    Side effects: a deletion history snapshot and a `company.deleted` activity entry.
    """
    if not may_delete_company(membership):
        raise PermissionDenied(DELETE_NOT_ALLOWED)
    if company.company_memberships.exists():
        raise DomainError(
            "この事業者には経営者・従業員のアカウントがひも付いているため削除できません。"
            "先にアカウントの所属を解除してください。"
        )
    with transaction.atomic():
        log_company_event(
            company,
            code="company.deleted",
            message=f"事業者「{company.name}」を削除しました。",
            by=by,
        )
        company._history_user = by
        company.delete()
