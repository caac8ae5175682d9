"""Members of my organization (メンバー管理), for its 管理者: list, invite, change role, deactivate.
The same domain as the members pages (banso/orgs/members.py): the last active 管理者 cannot be taken
away (400), a company or branch of another organization is refused (422), every change names the
membership's version (428 without it, 409 when stale), a deactivated member's API tokens stop at
once. Anyone but a 管理者 gets 403 for the list and the invitation and 404 for one member."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.responses import Status

from banso.api.common import (
    PRECONDITION_REQUIRED,
    Id,
    Page,
    PageNumber,
    PageSize,
    Version,
    paginate,
    required_version,
)
from banso.core.roles import Role
from banso.orgs.domain import members as domain
from banso.orgs.models import Membership

router = Router(tags=["メンバー"])

MEMBER_NOT_FOUND = "お探しのメンバーは見つかりません。この支援機関のメンバーか確認してください。"


class MemberOut(Schema):
    id: int
    user_id: int
    name: str
    email: str
    role: str
    role_label: str
    company_id: int | None
    branch_id: int | None
    is_active: bool
    invited: bool = Field(description="招待中（パスワード未設定）なら true")
    deactivated_at: dt.datetime | None
    version: int

    @staticmethod
    def of(member: Membership) -> MemberOut:
        return MemberOut(
            id=member.pk,
            user_id=member.user_id,
            name=member.user.display_name,
            email=member.user.email,
            role=member.role,
            role_label=member.get_role_display(),
            company_id=member.company_id,
            branch_id=member.branch_id,
            is_active=member.is_active,
            invited=bool(member.invited_at and not member.invite_accepted_at),
            deactivated_at=member.deactivated_at,
            version=member.version,
        )


class MemberPage(Page):
    results: list[MemberOut]


class InviteIn(Schema):
    email: str = Field(max_length=254)
    full_name: str = Field("", max_length=100)
    role: str = Field(max_length=20, description="org_admin / supporter / viewer / owner / employee")
    company_id: Id | None = Field(None, description="経営者・従業員のときの事業者")
    branch_id: Id | None = None


class ChangeIn(Schema):
    role: str = Field(max_length=20)
    company_id: Id | None = None
    branch_id: Id | None = None
    version: Version | None = Field(None, description="取得したときの version（なければ 428）")


class MemberVersionIn(Schema):
    version: Version | None = Field(None, description="取得したときの version（なければ 428）")


class DeactivatedOut(Schema):
    member: MemberOut
    tokens_revoked: int


def _admin(request):
    if not domain.may_manage_members(request.membership):
        raise PermissionDenied(domain.MANAGE_ONLY)
    return request.membership


def _member_or_404(request, member_id: int) -> Membership:
    if not domain.may_manage_members(request.membership):
        raise Http404(MEMBER_NOT_FOUND)
    member = (
        Membership.objects.select_related("user", "organization")
        .filter(organization_id=request.membership.organization_id, pk=member_id)
        .first()
    )
    if member is None:
        raise Http404(MEMBER_NOT_FOUND)
    return member


@router.get(
    "/members",
    response=MemberPage,
    summary="メンバーの一覧（管理者のみ）",
    openapi_extra={"responses": {"403": {"description": "管理者以外", "content": {}}}},
)
def list_members(
    request,
    role: str | None = None,
    active: bool | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    membership = _admin(request)
    members = Membership.objects.filter(organization_id=membership.organization_id).select_related("user")
    if role in Role.values:
        members = members.filter(role=role)
    if active is not None:
        members = members.filter(is_active=active)
    return paginate(
        members.order_by("-is_active", "role", "user__full_name", "id"), page, page_size, MemberOut.of
    )


@router.post(
    "/members",
    response={201: MemberOut},
    summary="メンバーを招待する（新しい方にはパスワード設定用のリンクをメールで送ります）",
)
def invite_member(request, payload: InviteIn):
    membership = _admin(request)
    invitation = domain.invite_member(
        membership.organization,
        membership=membership,
        by=request.user,
        email=payload.email,
        full_name=payload.full_name,
        role=payload.role,
        company_id=payload.company_id,
        branch_id=payload.branch_id,
    )

    def url_for(member, token):
        return request.build_absolute_uri(
            reverse("accept_invitation", kwargs={"pk": member.pk, "token": token})
        )

    domain.send_invitation(
        invitation, url_for=url_for, sign_in_url=request.build_absolute_uri(reverse("login"))
    )
    return Status(201, MemberOut.of(invitation.membership))


@router.get("/members/{member_id}", response=MemberOut, summary="メンバー（管理者のみ）")
def read_member(request, member_id: Id):
    return MemberOut.of(_member_or_404(request, member_id))


@router.patch("/members/{member_id}", response=MemberOut, summary="役割（と事業者・支店）を変更する")
def change_member(request, member_id: Id, payload: ChangeIn):
    member = _member_or_404(request, member_id)
    version = required_version(request, payload.version)
    changed = domain.change_member(
        member,
        membership=request.membership,
        by=request.user,
        expected_version=version,
        role=payload.role,
        company_id=payload.company_id,
        branch_id=payload.branch_id,
    )
    return MemberOut.of(changed)


@router.post(
    "/members/{member_id}/deactivate",
    response=DeactivatedOut,
    summary="メンバーを無効にする（その方の API トークンはすぐに使えなくなります）",
    openapi_extra={"responses": PRECONDITION_REQUIRED},
)
def deactivate_member(request, member_id: Id, body: MemberVersionIn | None = None):
    member = _member_or_404(request, member_id)
    version = required_version(request, body.version if body else None)
    revoked = domain.deactivate_member(
        member, membership=request.membership, by=request.user, expected_version=version
    )
    member = Membership.objects.select_related("user").get(pk=member.pk)
    return DeactivatedOut(member=MemberOut.of(member), tokens_revoked=revoked)
