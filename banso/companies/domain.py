"""Business actions on companies. Views, the API and commands all call these."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from banso.companies import corporate_number
from banso.companies.models import Company
from banso.companies.queries import assignable_supporters
from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.models import log_activity
from banso.core.text import clean_line

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
_ONE_LINE_FIELDS = ("name", "name_kana", "address", "representative")


def _normalized(fields: dict) -> dict:
    cleaned = dict(fields)
    for name in _ONE_LINE_FIELDS:
        if name in cleaned and cleaned[name] is not None:
            cleaned[name] = clean_line(cleaned[name])
    if "corporate_number" in cleaned:
        cleaned["corporate_number"] = corporate_number.normalize(cleaned["corporate_number"])
    if cleaned.get("size_override") is None and "size_override" in cleaned:
        cleaned["size_override"] = ""
    unknown = set(cleaned) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"変更できない項目が含まれています: {', '.join(sorted(unknown))}")
    return cleaned


def _check_supporters(organization, supporters: Iterable) -> list:
    supporters = list(supporters)
    allowed = set(assignable_supporters(organization).values_list("pk", flat=True))
    foreign = [u for u in supporters if u.pk not in allowed]
    if foreign:
        raise DomainError("担当支援者には、この支援機関の管理者または支援者だけを指定できます。")
    return supporters


def _names(users) -> list[str]:
    return sorted(u.display_name for u in users)


def create_company(*, organization, by, supporters: Iterable = (), **fields) -> Company:
    """Create a company in `organization`, validated like the form.

    Side effects: the Company row and its first history snapshot (attributed to `by`), supporter
    assignments, and a `company.created` activity entry. Raises django ValidationError on bad fields.
    """
    supporters = _check_supporters(organization, supporters)
    company = Company(organization=organization, **_normalized(fields))
    company.full_clean()
    with transaction.atomic():
        company._history_user = by
        company.save()
        company.supporters.set(supporters)
        log_activity(
            organization_id=organization.pk,
            company_id=company.pk,
            code="company.created",
            message=f"事業者「{company.name}」を登録しました。",
            by=by,
            data={"supporters": _names(supporters)},
        )
    return company


def update_company(
    company: Company, *, by, expected_version: int | None = None, supporters=None, **changes
) -> Company:
    """Apply changes to a company. With `expected_version`, refuse (ConflictError) if someone saved since.

    Side effects: a history snapshot with the changed fields, supporter changes logged as
    `company.supporters.changed`, and a `company.updated` activity entry.
    """
    changes = _normalized(changes)
    with transaction.atomic():
        current = Company.objects.select_for_update().get(pk=company.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConflictError(STALE_EDIT_MESSAGE)
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        current.version += 1
        current._history_user = by
        current.save()
        if supporters is not None:
            supporters = _check_supporters(current.organization, supporters)
            before = list(current.supporters.all())
            if {u.pk for u in before} != {u.pk for u in supporters}:
                current.supporters.set(supporters)
                log_activity(
                    organization_id=current.organization_id,
                    company_id=current.pk,
                    code="company.supporters.changed",
                    message="担当支援者を変更しました。",
                    by=by,
                    data={"old": _names(before), "new": _names(supporters)},
                )
        log_activity(
            organization_id=current.organization_id,
            company_id=current.pk,
            code="company.updated",
            message=f"事業者「{current.name}」の情報を更新しました。",
            by=by,
        )
    return current


def delete_company(company: Company, *, by) -> None:
    """Delete a company and everything recorded about it. Its history and activity log remain.

    Side effects: a deletion history snapshot and a `company.deleted` activity entry.
    """
    with transaction.atomic():
        log_activity(
            organization_id=company.organization_id,
            company_id=company.pk,
            code="company.deleted",
            message=f"事業者「{company.name}」を削除しました。",
            by=by,
        )
        company._history_user = by
        company.delete()
