"""The one access rule: which client records a member of an organization may see and change.

Everything hangs off `Company`; whether a user may see any object is whether they may see its
company. Models that belong to a company use `AccessQuerySet` and name their path to the company
in `COMPANY_PATH` ("" for Company itself, "company" for a direct child,
"engagement__company" for a grandchild). Views, API handlers and exports fetch through
`visible_to` / `changeable_by` or the `*_or_404` helpers below — never `Model.objects.get(pk=...)`.

A foreign object is a 404, never a 403 that would confirm it exists. A 403 is only given for an
object the user can already see but may not change (a viewer pressing 編集).

The rule (a `membership` is the signed-in user's role in the current organization):
- 管理者 (org_admin) and 閲覧者 (viewer): every company of the organization; viewers read only.
- 支援者 (supporter): the companies they are assigned to.
- 経営者 / 従業員 (company-side users): their own company only.
- Sharing (同意), the one way across organizations: a support-side member (管理者, 支援者, 閲覧者) of
  organization L may READ a company of another organization only through a live consent grant to L
  (not revoked, started, not expired — `live_grant_filter`) and only for a scope that grant names
  (`grant_covers`). It never widens `visible_to`: every page and API route of the company keeps
  answering 404 to L; only the shared views (banso/sharing, loader `shared_company_or_404`) use this
  branch, and they are read-only.
- Knowledge (事例), the other way across organizations: a PUBLISHED case is a copy without any link to
  its engagement or company. Support-side members of the publishing organization read it; when it is
  published to a network, so do support-side members of the network's other organizations
  (`published_case_filter`). Company-side users never. An unpublished draft is its organization's only:
  the author, 管理者 and designated reviewers see it; everyone else gets a 404 (`case_draft_filter`).
"""

from __future__ import annotations

import itertools
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from banso.core.networks import network_ids_of, network_organization_ids  # noqa: F401  (the rule's surface)
from banso.core.roles import COMPANY_SIDE_ROLES, SUPPORT_SIDE_ROLES, Role
from banso.core.visibility import COMPANY_OWN, company_side_filter

NOT_FOUND_MESSAGE = (
    "お探しのデータは見つかりません。URL をご確認いただくか、担当の管理者にお問い合わせください。"
)
NOT_ALLOWED_MESSAGE = (
    "この操作を行う権限がありません。閲覧のみ可能です。必要な場合は管理者にお問い合わせください。"
)


# The kind of record an organization URL points to, by the path segment before its id
# (/o/<org>/companies/12/engagements/3/dialogues/7/ → 対話記録): the 404 says what was not found.
URL_SEGMENT_KINDS = {
    "companies": "事業者",
    "engagements": "伴走支援案件",
    "dialogues": "対話記録",
    "attachments": "添付ファイル",
    "issues": "課題ツリーの課題",
    "walls": "5つの壁の評価",
    "stakeholders": "関係者",
    "actions": "アクション",
    "referrals": "橋渡し",
    "follow-ups": "フォローアップ",
    "steps": "ステップ",
    "statements": "決算書",
    "sheets": "非財務シート（4つの視点・商流）",
    "design": "経営デザインシート",
    "benchmarks": "ローカルベンチマーク基準値",
    "support-bodies": "橋渡し先",
    "api-tokens": "API トークン",
    "jobs": "処理",
}


def not_found_message(kind: str | None = None) -> str:
    """The 404 text naming what was not found. The same words whether the record does not exist or
    belongs to another organization (or a company the user is not assigned to), so nothing leaks."""
    if not kind:
        return NOT_FOUND_MESSAGE
    return (
        f"お探しの{kind}は見つかりません。削除されたか、ご利用の権限では開けない可能性があります。"
        "URL をご確認いただくか、担当の管理者にお問い合わせください。"
    )


def kind_in_path(path: str) -> str | None:
    """The kind of the innermost record an organization URL names (the segment before the last id)."""
    kind = None
    segments = [part for part in path.split("/") if part]
    for name, following in itertools.pairwise(segments):
        if name in URL_SEGMENT_KINDS and following.split(".")[0].isdigit():
            kind = URL_SEGMENT_KINDS[name]
    return kind


def kind_of(model_or_queryset) -> str | None:
    model = model_or_queryset.model if isinstance(model_or_queryset, models.QuerySet) else model_or_queryset
    return str(model._meta.verbose_name) or None


class MembershipLike(Protocol):
    """What the rule needs to know about the signed-in user (orgs.Membership satisfies it)."""

    user_id: int
    organization_id: int
    role: str
    company_id: int | None
    is_active: bool


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


def company_filter(membership: MembershipLike | None, path: str = "") -> Q:
    """Q object selecting the companies (reached via `path`) this membership may see."""
    if membership is None or not membership.is_active:
        return Q(pk__in=[])
    p = _prefix(path)
    in_org = Q(**{f"{p}organization_id": membership.organization_id})
    role = membership.role
    if role in (Role.ORG_ADMIN, Role.VIEWER):
        return in_org
    if role == Role.SUPPORTER:
        return in_org & Q(**{f"{p}supporters": membership.user_id})
    if role in COMPANY_SIDE_ROLES and membership.company_id:
        return in_org & Q(**{f"{p}pk": membership.company_id})
    return Q(pk__in=[])


def live_grant_filter(membership: MembershipLike | None, *, today, path: str = "") -> Q:
    """The sharing branch of the rule: Q selecting the consent grants (reached via `path`, "" for the
    grant itself) that let this membership READ another organization's company today — granted to the
    membership's organization, to a support-side role, not revoked, started on or before `today` and
    expiring on or after it. A grant never lets anyone change anything."""
    if membership is None or not membership.is_active or membership.role not in SUPPORT_SIDE_ROLES:
        return Q(pk__in=[])
    p = _prefix(path)
    return Q(
        **{
            f"{p}grantee_organization_id": membership.organization_id,
            f"{p}revoked_at__isnull": True,
            f"{p}starts_on__lte": today,
            f"{p}expires_on__gte": today,
        }
    ) & ~Q(**{f"{p}company__organization_id": membership.organization_id})


def grant_covers(grant, scope: str) -> bool:
    """Whether a (live) grant names `scope`: a lender reads only the scopes granted."""
    return scope in (grant.scopes or [])


# Roles that may change client records unless a model says otherwise (WRITE_ROLES).
DEFAULT_WRITE_ROLES = frozenset({Role.ORG_ADMIN, Role.SUPPORTER})


def may_write(membership: MembershipLike | None, model: type[models.Model]) -> bool:
    """Whether the membership's role may change records of this model at all."""
    if membership is None or not membership.is_active:
        return False
    return membership.role in getattr(model, "WRITE_ROLES", DEFAULT_WRITE_ROLES)


class AccessQuerySet(models.QuerySet):
    """Queryset of a company-owned model; the path to the company is the model's COMPANY_PATH."""

    # What the company side sees of a model that does not state COMPANY_SIDE (core.visibility).
    company_side_default = COMPANY_OWN

    def _path(self) -> str:
        return self.model.COMPANY_PATH

    def visible_to(self, membership: MembershipLike | None) -> AccessQuerySet:
        visible = self.filter(company_filter(membership, self._path()))
        if membership is not None and membership.role in COMPANY_SIDE_ROLES:
            # Company-side users: of their company, only what the visibility rule shares.
            visible = visible.filter(company_side_filter(self.model, membership, self.company_side_default))
        return visible

    def changeable_by(self, membership: MembershipLike | None) -> AccessQuerySet:
        if not may_write(membership, self.model):
            return self.none()
        return self.visible_to(membership)


def _queryset(model_or_queryset) -> AccessQuerySet:
    if isinstance(model_or_queryset, models.QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def get_visible_or_404(model_or_queryset, membership: MembershipLike | None, **lookup):
    """The object if the membership may see it, else Http404 (also for other organizations' data)."""
    try:
        return _queryset(model_or_queryset).visible_to(membership).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(not_found_message(kind_of(model_or_queryset))) from exc


def get_changeable_or_404(model_or_queryset, membership: MembershipLike | None, **lookup):
    """The object if the membership may change it; 404 when it is not visible, 403 when read-only."""
    obj = get_visible_or_404(model_or_queryset, membership, **lookup)
    ensure_may_change(membership, obj)
    return obj


def may_change(membership: MembershipLike | None, obj: models.Model) -> bool:
    """Whether the membership may change this (visible) object."""
    if not may_write(membership, type(obj)):
        return False
    return type(obj)._default_manager.filter(pk=obj.pk).changeable_by(membership).exists()


def ensure_may_change(membership: MembershipLike | None, obj: models.Model) -> None:
    """Raise PermissionDenied (403) when the membership may see but not change this object."""
    if not may_change(membership, obj):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)


class NamedNotFound(Http404):
    """A 404 whose Japanese message says exactly what is missing (「2019年3月期の決算書は登録されていま
    せん。」). Pages show it like any 404 message; the API, which otherwise answers every 404 with the
    generic NOT_FOUND_MESSAGE (so a foreign object reveals nothing), shows this one too. Use it only for
    lookups inside an object the user may already see (a year of a visible company)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def published_case_filter(membership: MembershipLike | None) -> Q:
    """The knowledge branch of the rule: Q selecting the published cases this membership may read —
    its organization's, and those published to a network its organization belongs to. Support side only."""
    if membership is None or not membership.is_active or membership.role not in SUPPORT_SIDE_ROLES:
        return Q(pk__in=[])
    own = Q(organization_id=membership.organization_id)
    networks = network_ids_of(membership.organization_id)
    if not networks:
        return own
    return own | Q(scope="network", network_id__in=sorted(networks))


def case_draft_filter(membership: MembershipLike | None, *, reviewer: bool) -> Q:
    """Q selecting the case drafts this membership may see: of its own organization only; all of them
    for 管理者 and designated reviewers (`reviewer`), else the member's own drafts. Writers only."""
    if membership is None or not membership.is_active or membership.role not in DEFAULT_WRITE_ROLES:
        return Q(pk__in=[])
    in_org = Q(organization_id=membership.organization_id)
    if membership.role == Role.ORG_ADMIN or reviewer:
        return in_org
    return in_org & Q(author_id=membership.user_id)


def job_filter(membership: MembershipLike | None) -> Q:
    """Q selecting the background jobs (core.models.Job) a membership may see: the ones its user
    started in its organization. Not even the organization's 管理者 sees another member's job."""
    if membership is None or not membership.is_active:
        return Q(pk__in=[])
    return Q(organization_id=membership.organization_id, user_id=membership.user_id)


def get_job_or_404(membership: MembershipLike | None, pk):
    """A background job of this member (their own, in this organization), else 404."""
    from banso.core.models import Job

    try:
        return Job.objects.filter(job_filter(membership)).get(pk=pk)
    except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404(not_found_message("処理")) from exc
