"""/api/v1/alerts — the signed-in user's 今日やること (the same alerts as the home page)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from banso.api.common import NOT_FOUND_RESPONSE, Id, Page, PageNumber, paginate
from banso.companies.queries import visible_company_or_404
from banso.core.alerts import Alert, alert_kinds, kind_label
from banso.home import queries

router = Router(tags=["alerts"])

UNKNOWN_KIND = "kind は次のいずれかで指定してください: {codes}"


class AlertOut(Schema):
    kind: str
    kind_label: str
    company_id: int
    company_name: str
    text: str
    on: dt.date
    severity: Literal["high", "medium", "low"]
    url: str

    @staticmethod
    def from_alert(alert: Alert) -> AlertOut:
        return AlertOut(
            kind=alert.kind,
            kind_label=kind_label(alert.kind),
            company_id=alert.company_id,
            company_name=alert.company_name,
            text=alert.text,
            on=alert.on,
            severity=alert.severity,
            url=alert.url,
        )


class AlertPage(Page):
    results: list[AlertOut]


@router.get(
    "/alerts",
    response=AlertPage,
    summary="今日やること（自分のアラート）",
    openapi_extra={"responses": {"404": NOT_FOUND_RESPONSE}},
    description=(
        "サインインした利用者が見られる事業者の「今日やること」を、急ぐ順に返します。"
        "kind（例: action_overdue）と company_id で絞り込めます。url は対応する画面の URL です。"
        "事業者側の利用者（経営者・従業員）には常に空の一覧を返します。"
    ),
)
def list_alerts(
    request,
    kind: str = Query("", max_length=40),
    company_id: Id | None = None,
    page: PageNumber = 1,
    page_size: int = Query(100, ge=1, le=500),
):
    if kind and not queries.known_kind(kind):
        raise HttpError(422, UNKNOWN_KIND.format(codes="、".join(k.code for k in alert_kinds())))
    if company_id is not None:
        visible_company_or_404(request.membership, company_id)
    alerts = queries.alerts_for(request.membership, kinds=[kind] if kind else None, company_id=company_id)
    return paginate(alerts, page, page_size, AlertOut.from_alert)
