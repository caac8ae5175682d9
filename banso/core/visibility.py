"""Which records the company side (経営者・従業員) may see: the one visibility rule.

The access rule (core.access) first narrows a company-side user to their own company; this module
then decides, per kind of record, what of that company they may see. Every model states its stance
in the class attribute `COMPANY_SIDE` (querysets give a default for models that say nothing):

- `INTERNAL_ONLY` — the support side's working record: listening notes, judgements (suitability,
  go / no-go, walls), the stakeholder map, reflections, drafts, steps. Never shown; it cannot be shared.
- `SHAREABLE` — a record that is internal or shared (`visibility` field, `Visibility`). The model
  says when it is shared in `SHARED_WHEN` (a Q, e.g. a root issue only once the owner agreed to it)
  and which fields the company side sees in `SHARED_FIELDS` (a dialogue shares its agreements and
  next steps, never its listening notes). Employees (従業員) see a shareable record only when the
  model names the path to the user it is assigned to in `EMPLOYEE_PATH` and that user is them.
- `COMPANY_OWN` — the company's own figures and documents (statements, ローカルベンチマーク,
  monitoring figures and issued reports): shown to the company side as today.

Defaults: actions are shared (the company owns its actions), a root issue is shared once marked
agreed (腹落ちした日), a dialogue shares its agreements and next steps; the supporter can mark any of
them internal. Pages, the API, exports and history load through `visible_to`, so one Q decides all.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.roles import COMPANY_SIDE_ROLES, Role


class Visibility(models.TextChoices):
    INTERNAL = "internal", "支援者のみ（事業者には表示しない）"
    SHARED = "shared", "事業者と共有する"


INTERNAL_ONLY = "internal_only"
SHAREABLE = "shareable"
COMPANY_OWN = "company_own"

NOTHING = Q(pk__in=[])


def visibility_field(default: str = Visibility.SHARED) -> models.CharField:
    """The `visibility` field of a shareable record."""
    return models.CharField(
        "事業者への公開",
        max_length=10,
        choices=Visibility.choices,
        default=default,
        help_text="「事業者と共有する」と、経営者の画面（事業者ポータル）に表示されます。",
    )


def stance(model, default: str = COMPANY_OWN) -> str:
    """INTERNAL_ONLY, SHAREABLE or COMPANY_OWN for a model class."""
    return getattr(model, "COMPANY_SIDE", default)


def is_company_side(membership) -> bool:
    return membership is not None and membership.role in COMPANY_SIDE_ROLES


def company_side_filter(model, membership, default: str = COMPANY_OWN) -> Q:
    """The Q a company-side membership's view of `model` is narrowed by (on top of its company)."""
    kind = stance(model, default)
    if kind == COMPANY_OWN:
        return Q()
    if kind != SHAREABLE:
        return NOTHING
    condition = getattr(model, "SHARED_WHEN", None)
    if condition is None:
        return NOTHING
    if membership.role == Role.EMPLOYEE:
        path = getattr(model, "EMPLOYEE_PATH", None)
        if not path:
            return NOTHING
        condition = condition & Q(**{path: membership.user_id})
    return condition


def may_be_shared(model) -> bool:
    """Whether records of this kind can be shown to the company side at all."""
    return stance(model) in (SHAREABLE, COMPANY_OWN)


def shared_fields(model) -> tuple[str, ...] | None:
    """The fields of a shareable record the company side sees (None: the whole record)."""
    return getattr(model, "SHARED_FIELDS", None)


def is_visible_to_company_side(obj, membership) -> bool:
    """Whether this record is shown to the company-side membership (for checks and tests)."""
    model = type(obj)
    return model._default_manager.filter(pk=obj.pk).visible_to(membership).exists()
