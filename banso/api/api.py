"""The JSON API under /api/v1/: one router module per area, all calling the same domain functions."""

from ninja import NinjaAPI

from banso.api import errors
from banso.api.alerts import router as alerts_router
from banso.api.auth import TokenAuth
from banso.api.comments import router as comments_router
from banso.api.companies import router as companies_router
from banso.api.diagnosis import router as diagnosis_router
from banso.api.engagements import ROUTERS as engagement_routers
from banso.api.jobs import router as jobs_router
from banso.api.knowledge import router as knowledge_router
from banso.api.knowledge_consultations import router as knowledge_consultations_router
from banso.api.knowledge_search import router as knowledge_search_router
from banso.api.members import router as members_router
from banso.api.monitoring import ROUTERS as monitoring_routers
from banso.api.portal import router as portal_router
from banso.api.portfolio import router as portfolio_router
from banso.api.shared import router as shared_router
from banso.api.sharing import router as sharing_router

DESCRIPTION = (
    "伴走支援プラットフォーム Banso の API。金額は円（整数）、日付は ISO 形式です。\n\n"
    'エラーはすべて JSON `{"detail": "<日本語の説明>", "errors": [{"field", "message"}]}`'
    "（errors は項目ごとの誤りがあるときだけ）で返します。\n\n"
    "既存の記録の変更（PATCH・PUT）は、変更する版を本文の `version` か `If-Match` ヘッダー"
    '（`"3"`・`3`・`W/"3"`）で指定してください。指定がなければ 428、'
    "他の方が先に更新していれば 409 です。新規作成（POST、まだない記録への PUT）には不要です。"
)


class BansoAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI documents every error answer (errors.document_errors)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        errors.document_errors(schema)
        return schema


api = BansoAPI(
    title="Banso API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
)
errors.register(api)
api.add_router("/companies", companies_router)
# Routes under /companies/{company_id}/... and /engagements/{id}/...; each router spells its full paths.
api.add_router("", diagnosis_router)
for engagement_router in engagement_routers:
    api.add_router("", engagement_router)
for monitoring_router in monitoring_routers:
    api.add_router("", monitoring_router)
api.add_router("", alerts_router)
api.add_router("", portfolio_router)
api.add_router("", sharing_router)
api.add_router("", portal_router)
api.add_router("", members_router)
api.add_router("", shared_router)
api.add_router("", knowledge_consultations_router)
api.add_router("", knowledge_router)
api.add_router("", knowledge_search_router)
api.add_router("", jobs_router)
api.add_router("", comments_router)
