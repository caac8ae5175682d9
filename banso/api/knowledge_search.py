"""/api/v1/knowledge/search and /api/v1/engagements/{id}/similar-cases: the same search and scoring as
the ナレッジ検索 page and the engagement page's panel (banso.knowledge.search_index, .similar)."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from banso.api.common import NOT_FOUND_RESPONSE, Id, Page, PageNumber, paginate
from banso.core.access import NOT_FOUND_MESSAGE
from banso.knowledge import search_index
from banso.knowledge.engines import textsearch
from banso.knowledge.similar import similar_cases

router = Router(tags=["knowledge"])

MAX_SIMILAR = 30

SCOPE_DESCRIPTION = (
    "all: 見られるものすべて / organization: 自機関（対話記録・課題・アクションと自機関の公開事例）/ "
    "network: 参加しているネットワークに公開された事例・相談 / mine: 担当している事業者の記録"
)


def _searcher(request):
    """The member who may search (support side); anyone else gets 404, as for a page they may not see."""
    if not search_index.may_search(request.membership):
        raise HttpError(404, NOT_FOUND_MESSAGE)
    return request.membership


class SearchHitOut(Schema):
    kind: str = Field(description="dialogue / issue / action / case / consultation …")
    kind_label: str
    id: int = Field(description="元の記録の ID（kind ごと）")
    title_html: str = Field(description="見出し（HTML、エスケープ済み、一致箇所は <mark>）")
    snippet_html: str = Field(description="一致箇所の前後の抜粋（HTML、エスケープ済み、一致箇所は <mark>）")
    url: str
    industry: str
    step: int | None
    own_organization: bool
    rank: float


class SearchPageOut(Page):
    results: list[SearchHitOut]


@router.get(
    "/knowledge/search",
    response=SearchPageOut,
    summary="ナレッジ検索",
    openapi_extra={"responses": {"404": NOT_FOUND_RESPONSE}},
    description=(
        "公開された事例・相談と、自機関の対話記録・課題・アクション（見られるものだけ）を日本語で検索します。"
        "関連の高い順に page_size 件（既定 20、100 まで）ずつ返します。一致が 1000 件を超えるときは"
        "そのうち 1000 件を順位付けし、count は 1000 です。"
        "語はスペースで区切るとすべてを含むものを探し、2文字の語（在庫・原価）や表記ゆれ（見える化／可視化）にも"
        "対応します。q が空・記号だけ・200 文字を超える・9 語以上のときは"
        " 422（日本語の説明付き）。事業者側の利用者（経営者・従業員）には 404 を返します。"
    ),
)
def knowledge_search(
    request,
    q: str = Query(..., max_length=1000, description="検索語（スペース区切り、200 文字まで）"),
    scope: str = Query("all", max_length=20, description=SCOPE_DESCRIPTION),
    industry: str = Query(
        "", max_length=4, pattern=r"^(\d{2}|\d{4})?$", description="ロカベン業種（2桁か4桁）"
    ),
    size: str = Query("", max_length=10, pattern=r"^(small|medium)?$"),
    wall: str = Query("", max_length=30, pattern=r"^[a-z_]*$"),
    step: int | None = Query(None, ge=1, le=7),
    kind: str = Query("", max_length=20, pattern=r"^[a-z_]*$"),
    page: PageNumber = 1,
    page_size: int = Query(search_index.PER_PAGE, ge=1, le=100),
):
    membership = _searcher(request)
    if scope not in search_index.SCOPES:
        raise HttpError(422, search_index.SCOPE_ERROR)
    filters = search_index.SearchFilters(
        scope=scope, industry=industry, size=size, wall=wall, step=step, kind=kind
    )
    try:
        result = search_index.search(membership, q, filters=filters, page=page, per_page=page_size)
    except textsearch.QueryError as problem:
        raise HttpError(422, problem.message) from None
    return {
        "count": result.paginator.count,
        "page": result.number,
        "page_size": result.paginator.per_page,
        "results": [
            {
                "kind": hit.kind,
                "kind_label": hit.kind_label,
                "id": hit.object_id,
                "title_html": hit.title_html,
                "snippet_html": hit.snippet_html,
                "url": hit.url,
                "industry": hit.industry,
                "step": hit.step,
                "own_organization": hit.own_organization,
                "rank": hit.rank,
            }
            for hit in result.object_list
        ],
    }


class SimilarCaseOut(Schema):
    id: int = Field(description="公開された事例の ID（GET /api/v1/cases/{id}）")
    title: str
    industry_code: str
    size: str
    score: float = Field(description="似ている度合い（説明できる加点の合計、大きいほど近い）")
    reasons: list[str] = Field(description="似ている理由（例: 同じ業種、向き合えない壁が高い）")


class SimilarCasePage(Page):
    results: list[SimilarCaseOut]


@router.get(
    "/engagements/{engagement_id}/similar-cases",
    response=SimilarCasePage,
    summary="似ている事例",
    description=(
        "伴走支援案件に似ている公開事例を、業種・規模・5つの壁・課題の近さで採点し、"
        f"似ている順に理由付きで返します（上位 {MAX_SIMILAR} 件まで、既定は 1 ページ 3 件）。"
        "見られない案件（他機関・担当外）と事業者側の利用者には 404 を返します。"
    ),
)
def engagement_similar_cases(
    request,
    engagement_id: Id,
    page: PageNumber = 1,
    page_size: int = Query(3, ge=1, le=MAX_SIMILAR),
):
    membership = _searcher(request)
    found = similar_cases(membership, engagement_id, limit=MAX_SIMILAR)
    if found is None:
        raise HttpError(404, NOT_FOUND_MESSAGE)
    return paginate(
        found,
        page,
        page_size,
        lambda item: {
            "id": item.case.pk,
            "title": item.case.title,
            "industry_code": item.case.industry_code,
            "size": item.case.size,
            "score": item.score,
            "reasons": list(item.reasons),
        },
    )
