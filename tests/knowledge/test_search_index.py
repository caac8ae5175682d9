"""The knowledge search on the database in use (SQLite here; PostgreSQL under scripts/with_postgres.sh):
two-character terms, 表記ゆれ, the organization's own synonyms, access, facets, hostile queries,
incremental updates and the rebuild command."""

from io import StringIO

import pytest
from django.core.management import call_command

from banso.knowledge import search_index
from banso.knowledge.engines.textsearch import QueryError
from banso.knowledge.models import SearchDocument, SearchSynonym
from banso.orgs.models import Membership
from tests.engagements.factories import ActionFactory, DialogueFactory, EngagementFactory, IssueNodeFactory

pytestmark = pytest.mark.django_db


def membership(user):
    return Membership.objects.select_related("organization").get(user=user)


def found(user, text, **filters):
    page = search_index.search(membership(user), text, filters=search_index.SearchFilters(**filters))
    return {(hit.kind, hit.object_id) for hit in page.object_list}


@pytest.fixture
def records(company, other_company, foreign_company):
    mine = EngagementFactory(company=company, step=3)
    theirs = EngagementFactory(company=other_company)
    foreign = EngagementFactory(company=foreign_company)
    return {
        "stock": DialogueFactory(
            engagement=mine,
            title="第2回 工場見学",
            listening_notes="材料の在庫が倉庫にあふれている。原価も把握できていない。",
            insights="経営の見える化が必要だと社長が気づいた。",
        ),
        "heir": DialogueFactory(
            engagement=mine, title="承継の相談", listening_notes="跡継ぎが決まらず、社長は70歳になった。"
        ),
        "cash": IssueNodeFactory(engagement=mine, kind="root", text="資金繰りが毎月ぎりぎり"),
        "action": ActionFactory(engagement=mine, what="ＩＴ化の第一歩として受注表をｴｸｾﾙにする"),
        "colleague": DialogueFactory(
            engagement=theirs, listening_notes="在庫の棚卸しを年に一度しかしていない。"
        ),
        "foreign": DialogueFactory(engagement=foreign, listening_notes="在庫が多すぎて資金繰りが苦しい。"),
    }


def key(record):
    kind = {"Dialogue": "dialogue", "IssueNode": "issue", "Action": "action"}[type(record).__name__]
    return (kind, record.pk)


def test_two_character_terms_are_found(records, supporter):
    assert found(supporter, "在庫") == {key(records["stock"])}
    assert found(supporter, "原価") == {key(records["stock"])}
    # One character is found through the unigrams.
    assert key(records["heir"]) in found(supporter, "歳")


def test_all_terms_are_required_and_phrases_stay_phrases(records, supporter):
    assert found(supporter, "在庫 原価") == {key(records["stock"])}
    assert found(supporter, "在庫 跡継ぎ") == set()
    # 庫原 is not in the text even though both characters are.
    assert found(supporter, "庫原") == set()


def test_spelling_variants_and_width_and_kana_are_folded(records, supporter):
    # 表記ゆれ from the seed list: 可視化 → 見える化, 後継者 → 跡継ぎ, キャッシュフロー → 資金繰り.
    assert found(supporter, "可視化") == {key(records["stock"])}
    assert found(supporter, "後継者") == {key(records["heir"])}
    assert found(supporter, "キャッシュ・フロー") == {key(records["cash"])}
    # 全角/半角 and katakana/hiragana: ＩＴ化 was typed full width, エクセル half width.
    assert found(supporter, "it化") == {key(records["action"])}
    assert found(supporter, "えくせる") == {key(records["action"])}


def test_an_organization_extends_the_synonyms(records, supporter, org):
    assert found(supporter, "ストレージ") == set()
    SearchSynonym.objects.create(organization=org, words="倉庫、ストレージ")
    assert found(supporter, "ストレージ") == {key(records["stock"])}


def test_access_rule(records, supporter, admin_user, viewer, colleague, owner, outsider):
    # A supporter finds only their companies' records; admins and viewers the whole organization.
    assert found(supporter, "在庫") == {key(records["stock"])}
    assert found(colleague, "在庫") == set()
    assert found(admin_user, "在庫") == {key(records["stock"]), key(records["colleague"])}
    assert found(viewer, "在庫") == {key(records["stock"]), key(records["colleague"])}
    # Another organization's dialogues are never found; the company side finds nothing.
    assert found(outsider, "在庫") == {key(records["foreign"])}
    assert found(owner, "在庫") == set()
    assert search_index.visible_documents(membership(owner)).count() == 0


def test_facets_and_scopes(records, admin_user, supporter):
    assert found(admin_user, "在庫", industry="0501") == {key(records["colleague"])}
    assert found(admin_user, "在庫", industry="03") == {key(records["stock"])}
    assert found(admin_user, "在庫", step=3) == {key(records["stock"])}
    assert found(admin_user, "在庫", kind="issue") == set()
    assert found(admin_user, "在庫", scope="network") == set()
    assert found(admin_user, "在庫", scope="mine") == set()
    assert found(supporter, "在庫", scope="mine") == {key(records["stock"])}


@pytest.mark.parametrize(
    "text",
    ["", "   ", "！？…", "x" * 1000, "a b c d e f g h i j", '" OR * NEAR( ) ^ -', "' ; DROP TABLE x; --"],
)
def test_hostile_queries_are_refused_or_harmless(records, supporter, text):
    try:
        page = search_index.search(membership(supporter), text)
    except QueryError as error:
        assert error.message  # a Japanese sentence, never a database error
        assert any("\u3040" <= c <= "\u9fff" for c in error.message)
    else:
        assert page.object_list == []


def test_highlight_escapes_html(supporter, company):
    dialogue = DialogueFactory(
        engagement=EngagementFactory(company=company),
        listening_notes='<script>alert("在庫")</script> 在庫 & 原価',
    )
    page = search_index.search(membership(supporter), "在庫")
    (hit,) = page.object_list
    assert hit.object_id == dialogue.pk
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;alert(&quot;<mark>在庫</mark>&quot;)&lt;/script&gt;" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert hit.url.endswith(f"/dialogues/{dialogue.pk}/")


def test_updates_and_deletes_follow_the_records(records, supporter):
    stock = records["stock"]
    stock.listening_notes = "受注の波が大きい。"
    stock.insights = ""
    stock.save()
    assert found(supporter, "在庫") == set()
    assert found(supporter, "波") == {key(stock)}
    stock.delete()
    assert found(supporter, "波") == set()
    assert not SearchDocument.objects.filter(kind="dialogue", object_id=stock.pk).exists()


def test_rebuild_command(records, supporter, admin_user):
    SearchDocument.objects.all().delete()
    assert found(supporter, "在庫") == set()
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "対話記録: 4件" in out.getvalue()
    assert found(supporter, "在庫") == {key(records["stock"])}
    assert found(admin_user, "在庫") == {key(records["stock"]), key(records["colleague"])}


def test_paging(supporter, company):
    engagement = EngagementFactory(company=company)
    for n in range(25):
        DialogueFactory(engagement=engagement, listening_notes=f"人材の採用が課題 {n}")
    first = search_index.search(membership(supporter), "人材", page=1)
    second = search_index.search(membership(supporter), "人材", page="2")
    assert first.paginator.count == 25
    assert len(first.object_list) == 20 and len(second.object_list) == 5
    assert not {h.object_id for h in first.object_list} & {h.object_id for h in second.object_list}


def test_a_company_or_engagement_change_updates_the_facets(records, admin_user, company):
    company.industry_code = "0601"
    company.save()
    assert found(admin_user, "在庫", industry="06") == {key(records["stock"])}
    engagement = records["cash"].engagement
    engagement.step = 5
    engagement.save()
    assert found(admin_user, "資金繰り", step=5) == {key(records["cash"])}


def test_a_very_common_word_ranks_a_bounded_number_of_matches(supporter, company, monkeypatch):
    monkeypatch.setattr(search_index, "MAX_RANKED", 3)
    engagement = EngagementFactory(company=company)
    for n in range(5):
        DialogueFactory(engagement=engagement, listening_notes=f"人材の採用 {n}")
    page = search_index.search(membership(supporter), "人材")
    assert page.paginator.count == 3 and page.capped
    assert len(page.object_list) == 3
