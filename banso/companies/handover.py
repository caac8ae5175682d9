"""The companies area's part of member management (core.member_handover): the companies a supporter
is assigned to, handing them to a successor, and assigning companies to a supporter in bulk."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from banso.companies.domain import update_company
from banso.companies.models import Company
from banso.companies.queries import search_companies
from banso.core.member_handover import CompanyDirectory, CompanyRow, HandoverStep, WorkItem

DIRECTORY_LIMIT = 300
FOREIGN_COMPANY_MESSAGE = "選んだ事業者が見つかりません。この支援機関の事業者から選んでください。"


def _assigned(organization, user):
    return Company.objects.filter(organization=organization, supporters=user).order_by("name_kana", "id")


def items_of(organization, user) -> list[WorkItem]:
    return [
        WorkItem(company_id=c.pk, company_name=c.name, label="担当事業者")
        for c in _assigned(organization, user)
    ]


def move(organization, *, from_user, successors: dict, by, membership) -> int:
    """Replace `from_user` by the company's successor among its supporters (update_company: history,
    `company.supporters.changed`). Returns how many companies changed."""
    moved = 0
    for company in _assigned(organization, from_user).prefetch_related("supporters"):
        successor = successors.get(company.pk)
        if successor is None:
            continue
        users = [u for u in company.supporters.all() if u.pk != from_user.pk]
        if successor.pk not in {u.pk for u in users}:
            users.append(successor)
        update_company(company, membership=membership, by=by, supporters=users)
        moved += 1
    return moved


def companies(organization, *, text: str = "", supporter_id: int | None = None) -> list[CompanyRow]:
    queryset = search_companies(
        Company.objects.filter(organization=organization).prefetch_related("supporters"),
        text=text,
        supporter_id=supporter_id,
    )[:DIRECTORY_LIMIT]
    return [
        CompanyRow(
            id=c.pk,
            name=c.name,
            name_kana=c.name_kana,
            supporter_ids=frozenset(u.pk for u in c.supporters.all()),
            supporter_names=tuple(u.display_name for u in c.supporters.all()),
        )
        for c in queryset
    ]


def assign(organization, *, company_ids, user, assign: bool, by, membership) -> int:
    """Add `user` to (assign=True) or remove them from the supporters of the chosen companies.
    Refuses (ValidationError) ids that are not companies of this organization, before any change."""
    wanted = {int(i) for i in company_ids}
    found = list(
        Company.objects.filter(organization=organization, pk__in=wanted).prefetch_related("supporters")
    )
    if len(found) != len(wanted):
        raise ValidationError({"companies": FOREIGN_COMPANY_MESSAGE})
    changed = 0
    for company in found:
        current = list(company.supporters.all())
        has = any(u.pk == user.pk for u in current)
        if assign and not has:
            users = [*current, user]
        elif not assign and has:
            users = [u for u in current if u.pk != user.pk]
        else:
            continue
        update_company(company, membership=membership, by=by, supporters=users)
        changed += 1
    return changed


STEP = HandoverStep(key="companies", label="担当事業者", order=10, items_of=items_of, move=move)
DIRECTORY = CompanyDirectory(companies=companies, assign=assign)
