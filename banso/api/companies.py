"""/api/v1/companies — field names are a contract (api.md); amounts in yen."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema, Status

from banso.companies import domain, queries
from banso.companies.models import Company
from banso.companies.permissions import may_assign_supporters, may_create_company, may_delete_company
from banso.core.access import NOT_ALLOWED_MESSAGE, get_changeable_or_404, get_visible_or_404
from banso.core.errors import DomainError

router = Router(tags=["companies"])

SizeLiteral = Literal["medium", "small"]


class CompanyOut(Schema):
    id: int
    name: str
    name_kana: str
    corporate_number: str | None
    industry_code: str
    industry_name: str
    fiscal_year_end_month: int
    employees: int
    capital: int | None
    address: str
    representative: str
    founded_year: int | None
    size: SizeLiteral
    size_overridden: bool
    supporters: list[int]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def from_company(company: Company) -> CompanyOut:
        return CompanyOut(
            id=company.pk,
            name=company.name,
            name_kana=company.name_kana,
            corporate_number=company.corporate_number or None,
            industry_code=company.industry_code,
            industry_name=company.industry_label,
            fiscal_year_end_month=company.fiscal_year_end_month,
            employees=company.employees,
            capital=company.capital,
            address=company.address,
            representative=company.representative,
            founded_year=company.founded_year,
            size=company.size,
            size_overridden=bool(company.size_override),
            supporters=sorted(u.pk for u in company.supporters.all()),
            version=company.version,
            created_at=company.created_at,
            updated_at=company.updated_at,
        )


class CompanyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CompanyOut]


class CompanyIn(Schema):
    name: str = Field(max_length=200)
    name_kana: str = Field("", max_length=200)
    corporate_number: str | None = Field(None, max_length=20)
    industry_code: str
    fiscal_year_end_month: int
    employees: int
    capital: int | None = None
    address: str = Field("", max_length=300)
    representative: str = Field("", max_length=100)
    founded_year: int | None = None
    size: SizeLiteral | None = Field(
        None, description="省略時は従業員数と業種から自動判定。指定すると手動設定になります。"
    )
    supporters: list[int] | None = None


class CompanyPatch(Schema):
    name: str | None = Field(None, max_length=200)
    name_kana: str | None = Field(None, max_length=200)
    corporate_number: str | None = Field(None, max_length=20)
    industry_code: str | None = None
    fiscal_year_end_month: int | None = None
    employees: int | None = None
    capital: int | None = None
    address: str | None = Field(None, max_length=300)
    representative: str | None = Field(None, max_length=100)
    founded_year: int | None = None
    size: SizeLiteral | None = None
    supporters: list[int] | None = None
    version: int | None = Field(
        None, description="取得時の version。指定すると、他者が先に更新していた場合 409 になります。"
    )


class ErrorOut(Schema):
    detail: str


_NULL_TO_BLANK = ("name_kana", "corporate_number", "address", "representative")


def _fields_from(data: dict) -> dict:
    fields = dict(data)
    if "size" in fields:
        fields["size_override"] = fields.pop("size") or ""
    for name in _NULL_TO_BLANK:
        if name in fields and fields[name] is None:
            fields[name] = ""
    return fields


def _supporter_users(request, ids: list[int]):
    users = list(queries.assignable_supporters(request.organization).filter(pk__in=ids))
    if len(users) != len(set(ids)):
        raise DomainError("supporters には、この支援機関の管理者または支援者の利用者 ID を指定してください。")
    return users


def _loaded(company_id: int, request) -> Company:
    return get_visible_or_404(
        Company.objects.prefetch_related("supporters"), request.membership, pk=company_id
    )


@router.get("", response=CompanyPage, summary="事業者の一覧")
def list_companies(request, page: int = 1, page_size: int = 50, q: str = "", industry_code: str = ""):
    page_size = max(1, min(page_size, 200))
    page = max(page, 1)
    results = queries.search_companies(
        queries.companies_for(request.membership),
        text=q,
        industries=[industry_code] if industry_code else (),
    )
    count = results.count()
    rows = results.prefetch_related("supporters")[(page - 1) * page_size : page * page_size]
    return CompanyPage(
        count=count, page=page, page_size=page_size, results=[CompanyOut.from_company(c) for c in rows]
    )


@router.post("", response={201: CompanyOut}, summary="事業者の登録")
def create_company(request, payload: CompanyIn):
    membership = request.membership
    if not may_create_company(membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    fields = _fields_from(payload.dict())
    supporter_ids = fields.pop("supporters")
    if supporter_ids is not None and not may_assign_supporters(membership):
        raise PermissionDenied("担当支援者を指定できるのは管理者だけです。")
    supporters = _supporter_users(request, supporter_ids) if supporter_ids is not None else [request.user]
    company = domain.create_company(
        organization=request.organization, by=request.user, supporters=supporters, **fields
    )
    return Status(201, CompanyOut.from_company(_loaded(company.pk, request)))


@router.get("/{company_id}", response=CompanyOut, summary="事業者の取得")
def read_company(request, company_id: int):
    return CompanyOut.from_company(_loaded(company_id, request))


@router.patch("/{company_id}", response=CompanyOut, summary="事業者の更新")
def update_company(request, company_id: int, payload: CompanyPatch):
    company = get_changeable_or_404(Company, request.membership, pk=company_id)
    fields = _fields_from(payload.dict(exclude_unset=True))
    version = fields.pop("version", None)
    supporter_ids = fields.pop("supporters", None)
    supporters = None
    if supporter_ids is not None:
        if not may_assign_supporters(request.membership):
            raise PermissionDenied("担当支援者を変更できるのは管理者だけです。")
        supporters = _supporter_users(request, supporter_ids)
    domain.update_company(company, by=request.user, expected_version=version, supporters=supporters, **fields)
    return CompanyOut.from_company(_loaded(company_id, request))


@router.delete("/{company_id}", response={204: None}, summary="事業者の削除")
def delete_company(request, company_id: int):
    company = get_visible_or_404(Company, request.membership, pk=company_id)
    if not may_delete_company(request.membership):
        raise PermissionDenied("事業者を削除できるのは管理者だけです。")
    domain.delete_company(company, by=request.user)
    return Status(204, None)
