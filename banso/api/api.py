"""The JSON API under /api/v1/: one router module per area, all calling the same domain functions."""

from ninja import NinjaAPI

from banso.api import errors
from banso.api.auth import TokenAuth
from banso.api.companies import router as companies_router
from banso.api.diagnosis import router as diagnosis_router
from banso.api.engagement_execution import router as engagement_execution_router
from banso.api.engagements import router as engagements_router

api = NinjaAPI(
    title="Banso API",
    version="1",
    description="伴走支援プラットフォーム Banso の API。金額は円（整数）、日付は ISO 形式です。",
    auth=TokenAuth(),
    urls_namespace="api",
)
errors.register(api)
api.add_router("/companies", companies_router)
# Routes under /companies/{company_id}/... and /engagements/{id}/...; each router spells its full paths.
api.add_router("", diagnosis_router)
api.add_router("", engagements_router)
api.add_router("", engagement_execution_router)
