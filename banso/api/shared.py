"""The lender's read-only API (共有を受けている事業者): the companies shared with my organization and,
per company, the data of a granted scope. The same loader and log as the shared pages
(banso/sharing/queries.py `shared_company_or_404`, `domain.log_access`): every read of a scope is
logged (view); a scope not granted, a revoked or expired grant is a 404, logged as refused when the
company has granted my organization anything before. Company-side users get 404 for every route;
nothing here writes anything but the access log."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import Http404
from ninja import Field, Router, Schema

from banso.api.common import Id, Page, PageNumber, PageSize, paginate
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.core.shared_scopes import MONITORING_REPORTS, SCOPE_LABELS, shared_scope
from banso.monitoring.models import MonitoringReport
from banso.sharing import domain, queries
from banso.sharing.models import ShareAccessLog

router = Router(tags=["共有（閲覧のみ）"])

ScopeCode = Annotated[str, Field(max_length=40, description="範囲: " + "・".join(SCOPE_LABELS))]


class ScopeOut(Schema):
    code: str
    label: str


class SharedCompanyOut(Schema):
    id: int
    name: str
    owner_organization: str = Field(description="共有元の支援機関")
    scopes: list[ScopeOut]
    expires_on: dt.date = Field(description="共有の期限（複数の同意のうち最も遅いもの）")


class SharedScopeOut(Schema):
    company_id: int
    company_name: str
    scope: str
    label: str
    shown: str = Field(description="閲覧記録に残した内容の説明")
    html: str = Field(description="共有画面と同じ閲覧用の HTML（書式付き・編集不可）")
    data: Any = Field(
        None,
        description="構造化したデータ（monitoring_reports: 発行済みの報告書ごとの対象期間・発行日時と"
        "発行時点の数値のスナップショット。その他の範囲は null）",
    )


def _grantee(request):
    if request.membership is None or request.membership.role not in SUPPORT_SIDE_ROLES:
        raise Http404(queries.SHARED_NOT_FOUND)
    return request.membership


class SharedCompanyPage(Page):
    results: list[SharedCompanyOut]


def _company_out(entry) -> SharedCompanyOut:
    return SharedCompanyOut(
        id=entry.company.pk,
        name=entry.company.name,
        owner_organization=entry.company.organization.name,
        scopes=[ScopeOut(code=code, label=SCOPE_LABELS[code]) for code in entry.scopes],
        expires_on=entry.expires_on,
    )


@router.get(
    "/shared/companies",
    response=SharedCompanyPage,
    summary="共有を受けている事業者の一覧（いま有効な同意があるもの。フリガナ順）",
)
def shared_companies(request, page: PageNumber = 1, page_size: PageSize = 100):
    membership = _grantee(request)
    return paginate(queries.shared_companies(membership), page, page_size, _company_out)


def _reports_data(company) -> list[dict]:

    reports = MonitoringReport.objects.filter(
        company=company, status=MonitoringReport.Status.ISSUED
    ).order_by("-to_month", "-id")
    return [
        {
            "id": r.pk,
            "from_month": f"{r.from_month:%Y-%m}",
            "to_month": f"{r.to_month:%Y-%m}",
            "issued_at": r.issued_at.isoformat() if r.issued_at else None,
            "figures": r.figures,
        }
        for r in reports
    ]


@router.get(
    "/shared/companies/{company_id}/{scope}",
    response=SharedScopeOut,
    summary="共有された範囲のデータ（閲覧は記録されます）",
    description="同意で共有された範囲だけを返します。共有されていない範囲・取り消し・期限切れは 404"
    "（共有を受けたことがある事業者なら、拒否として閲覧記録に残ります）。",
)
def shared_scope_data(request, company_id: Id, scope: ScopeCode):
    membership = _grantee(request)
    code = scope if scope in SCOPE_LABELS else scope[:40]
    shared = queries.shared_company_or_404(membership, company_id, code, user=request.user)
    provider = shared_scope(code)
    content = provider.render(request, shared.company, lambda item: "")
    domain.log_access(
        company=shared.company,
        grant=shared.grants[0],
        membership=membership,
        user=request.user,
        scope=code,
        action=ShareAccessLog.Action.VIEW,
        object_label=f"API: {content.object_label}",
    )
    return SharedScopeOut(
        company_id=shared.company.pk,
        company_name=shared.company.name,
        scope=code,
        label=SCOPE_LABELS[code],
        shown=content.object_label,
        html=content.html,
        data=_reports_data(shared.company) if code == MONITORING_REPORTS else None,
    )
