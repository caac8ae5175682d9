"""/api/v1/support-bodies: the organization's directory of 橋渡し先."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Field, Router, Schema, Status

from banso.api.common import VERSION_HELP, Id, Page, PageNumber, PageSize, Version, paginate, patch_body
from banso.api.engagements._common import BodyType, Profession
from banso.core.access import (
    NOT_ALLOWED_MESSAGE,
    get_changeable_or_404,
    get_visible_or_404,
    may_write,
)
from banso.engagements import queries
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.models import (
    SupportBody,
)

router = Router(tags=["engagements"])


class SupportBodyOut(Schema):
    id: int
    name: str
    body_type: BodyType
    body_type_name: str
    profession: Profession
    region: str
    contact_name: str
    phone: str
    email: str
    url: str
    specialties: str
    note: str
    is_active: bool
    version: int

    @staticmethod
    def of(b: SupportBody) -> SupportBodyOut:
        return SupportBodyOut(
            id=b.pk,
            name=b.name,
            body_type=b.body_type,
            body_type_name=b.type_label,
            profession=b.profession,
            region=b.region,
            contact_name=b.contact_name,
            phone=b.phone,
            email=b.email,
            url=b.url,
            specialties=b.specialties,
            note=b.note,
            is_active=b.is_active,
            version=b.version,
        )


class SupportBodyIn(Schema):
    name: str = Field(max_length=200)
    body_type: BodyType
    profession: Profession = ""
    region: str = Field("", max_length=100)
    contact_name: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    url: str = Field("", max_length=200)
    specialties: str = ""
    note: str = ""


class SupportBodyPatch(Schema):
    name: str | None = Field(None, max_length=200)
    body_type: BodyType | None = None
    profession: Profession | None = None
    region: str | None = Field(None, max_length=100)
    contact_name: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    url: str | None = Field(None, max_length=200)
    specialties: str | None = None
    note: str | None = None
    is_active: bool | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


def _directory(request):
    """The directory: support-side members only (the company's own people get 404, as on the page)."""
    return queries.directory(request.membership)


class SupportBodyPage(Page):
    results: list[SupportBodyOut]


@router.get("/support-bodies", response=SupportBodyPage, summary="橋渡し先（支援機関・専門家）の一覧")
def list_support_bodies(
    request,
    body_type: BodyType | None = None,
    active: bool | None = None,
    page: PageNumber = 1,
    page_size: PageSize = 100,
):
    bodies = _directory(request).order_by("body_type", "name", "id")
    if body_type:
        bodies = bodies.filter(body_type=body_type)
    if active is not None:
        bodies = bodies.filter(is_active=active)
    return paginate(bodies, page, page_size, SupportBodyOut.of)


@router.post("/support-bodies", response={201: SupportBodyOut}, summary="橋渡し先の登録")
def create_support_body(request, payload: SupportBodyIn):
    _directory(request)
    if not may_write(request.membership, SupportBody):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    fields = payload.dict()
    body = referral_domain.create_support_body(
        request.organization,
        by=request.user,
        name=fields.pop("name"),
        body_type=fields.pop("body_type"),
        **fields,
    )
    return Status(201, SupportBodyOut.of(body))


@router.get("/support-bodies/{support_body_id}", response=SupportBodyOut, summary="橋渡し先の取得")
def read_support_body(request, support_body_id: Id):
    return SupportBodyOut.of(get_visible_or_404(_directory(request), request.membership, pk=support_body_id))


@router.patch("/support-bodies/{support_body_id}", response=SupportBodyOut, summary="橋渡し先の更新")
def update_support_body(request, support_body_id: Id, payload: SupportBodyPatch):
    body = get_changeable_or_404(_directory(request), request.membership, pk=support_body_id)
    fields, version = patch_body(
        request,
        payload,
        blank=("profession", "region", "contact_name", "phone", "email", "url", "specialties", "note"),
    )
    for name in ("name", "body_type", "is_active"):
        if name in fields and fields[name] is None:
            raise ValidationError({name: "この項目に null は指定できません。"})
    return SupportBodyOut.of(
        referral_domain.update_support_body(body, by=request.user, expected_version=version, **fields)
    )
