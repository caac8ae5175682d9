"""/api/v1/companies — field names are a contract (api.md); amounts in yen."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from banso.api.common import VERSION_HELP, Id, Page, PageNumber, Version, Yen, paginate, required_version
from banso.companies import domain, queries
from banso.companies.models import Company

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
    supporters: list[Id]
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


class CompanyPage(Page):
    results: list[CompanyOut]


class CompanyIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(max_length=200)
    name_kana: str = Field("", max_length=200)
    corporate_number: str | None = Field(None, max_length=20)
    industry_code: str
    fiscal_year_end_month: int
    employees: int
    capital: Yen | None = None
    address: str = Field("", max_length=300)
    representative: str = Field("", max_length=100)
    founded_year: int | None = None
    size: SizeLiteral | None = Field(
        None, description="省略時は従業員数と業種から自動判定。指定すると手動設定になります。"
    )
    supporters: list[Id] | None = None


class CompanyPatch(Schema):
    model_config = {"extra": "forbid"}

    name: str | None = Field(None, max_length=200)
    name_kana: str | None = Field(None, max_length=200)
    corporate_number: str | None = Field(None, max_length=20)
    industry_code: str | None = None
    fiscal_year_end_month: int | None = None
    employees: int | None = None
    capital: Yen | None = None
    address: str | None = Field(None, max_length=300)
    representative: str | None = Field(None, max_length=100)
    founded_year: int | None = None
    size: SizeLiteral | None = None
    supporters: list[Id] | None = None
    version: Version | None = Field(None, description=VERSION_HELP)


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


@router.get("", response=CompanyPage, summary="事業者の一覧")
def list_companies(
    request,
    page: PageNumber = 1,
    page_size: int = Query(50, ge=1, le=200),
    q: str = Query("", max_length=100),
    industry_code: str = Query("", max_length=4),
):
    results = queries.search_companies(
        queries.companies_for(request.membership),
        text=q,
        industries=[industry_code] if industry_code else (),
    )
    return paginate(results.prefetch_related("supporters"), page, page_size, CompanyOut.from_company)


@router.post("", response={201: CompanyOut}, summary="事業者の登録")
def create_company(request, payload: CompanyIn):
    fields = _fields_from(payload.dict())
    supporters = fields.pop("supporters")
    company = domain.create_company(
        membership=request.membership, by=request.user, supporters=supporters, **fields
    )
    return Status(
        201, CompanyOut.from_company(queries.visible_company_or_404(request.membership, company.pk))
    )


@router.get("/{company_id}", response=CompanyOut, summary="事業者の取得")
def read_company(request, company_id: Id):
    return CompanyOut.from_company(queries.visible_company_or_404(request.membership, company_id))


@router.patch("/{company_id}", response=CompanyOut, summary="事業者の更新")
def update_company(request, company_id: Id, payload: CompanyPatch):
    company = queries.changeable_company_or_404(request.membership, company_id)
    fields = _fields_from(payload.dict(exclude_unset=True))
    version = required_version(request, fields.pop("version", None))
    supporters = fields.pop("supporters", None)
    domain.update_company(
        company,
        membership=request.membership,
        by=request.user,
        expected_version=version,
        supporters=supporters,
        **fields,
    )
    return CompanyOut.from_company(queries.visible_company_or_404(request.membership, company_id))


@router.delete("/{company_id}", response={204: None}, summary="事業者の削除")
def delete_company(request, company_id: Id):
    company = queries.visible_company_or_404(request.membership, company_id)
    domain.delete_company(company, membership=request.membership, by=request.user)
    return Status(204, None)
