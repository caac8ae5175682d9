"""The issue tree page: built in place with htmx (and without JavaScript), the rules' Japanese
messages where the user is, a print view, and a query count that does not grow with the tree."""

import datetime as dt

import pytest
from django.urls import reverse

from banso.core.errors import DomainError
from banso.engagements import domain
from banso.engagements.domain.issues import CYCLE_MESSAGE
from banso.engagements.models import IssueNode
from tests.engagements.factories import DialogueFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def url(name, engagement, **kwargs):
    return reverse(
        f"engagements:{name}",
        kwargs={
            "org": "minato",
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            **kwargs,
        },
    )


@pytest.fixture
def tree(active_engagement, supporter):
    surface = domain.add_issue_node(active_engagement, by=supporter, text="利益が出ない")
    why = domain.add_issue_node(
        active_engagement, by=supporter, text="値決めを社長が勘でしている", parent=surface
    )
    return surface, why


def test_tree_reads_as_a_tree_with_kind_badges(login, viewer, active_engagement, tree):
    body = login(viewer).get(url("issues", active_engagement)).content.decode()
    surface_at, why_at = body.index("利益が出ない"), body.index("値決めを社長が勘でしている")
    assert surface_at < why_at
    assert body.count('class="kind-badge kind-badge--surface"') == 2  # legend + node
    assert 'class="kind-badge kind-badge--why"' in body
    assert "＋ なぜ？" not in body  # read-only


def test_add_a_surface_issue_without_javascript(login, supporter, active_engagement):
    response = login(supporter).post(url("issue_add", active_engagement), {"text": "若手が辞めてしまう"})
    assert response["Location"] == url("issues", active_engagement)
    node = IssueNode.objects.get()
    assert (node.kind, node.parent, node.created_by) == ("surface", None, supporter)


def test_add_a_why_in_place_with_htmx(login, supporter, active_engagement, tree):
    _, why = tree
    client = login(supporter)
    form = client.get(url("issue_add", active_engagement), {"parent": why.pk}, headers=HTMX)
    assert "<html" not in form.content.decode() and "なぜ？（原因）" in form.content.decode()
    response = client.post(
        url("issue_add", active_engagement), {"text": "原価が見えていない", "parent": why.pk}, headers=HTMX
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "なぜ「原価が見えていない」を追加しました。" in body
    assert "HX-Request" in response["Vary"]
    assert IssueNode.objects.get(text="原価が見えていない").parent == why


def test_refused_input_comes_back_into_the_node_it_belongs_to(login, supporter, active_engagement, tree):
    _, why = tree
    response = login(supporter).post(
        url("issue_add", active_engagement), {"text": "", "parent": why.pk}, headers=HTMX
    )
    assert response["HX-Retarget"] == f"#node-{why.pk}-form"
    assert "このフィールドは必須です。" in response.content.decode()
    assert IssueNode.objects.count() == 2


def test_mark_root_issue_with_the_day_the_owner_agreed(login, supporter, active_engagement, tree):
    _, why = tree
    response = login(supporter).post(
        url("issue_root", active_engagement, node_pk=why.pk),
        {"action": "mark", "agreed_on": "2026/5/17", "version": why.version},
        headers=HTMX,
    )
    body = response.content.decode()
    assert "✓ 腹落ち 2026/05/17" in body and 'kind-badge--root">裏課題' in body
    why.refresh_from_db()
    assert (why.kind, why.agreed_on) == ("root", dt.date(2026, 5, 17))
    unmarked = login(supporter).post(
        url("issue_root", active_engagement, node_pk=why.pk),
        {"action": "unmark", "version": why.version},
        headers=HTMX,
    )
    assert "を裏課題から外しました。" in unmarked.content.decode()
    why.refresh_from_db()
    assert (why.kind, why.agreed_on) == ("why", None)


def test_agreed_date_before_the_engagement_began_is_refused(login, supporter, active_engagement, tree):
    _, why = tree
    response = login(supporter).post(
        url("issue_root", active_engagement, node_pk=why.pk),
        {"action": "mark", "agreed_on": "2026-03-01", "version": why.version},
        headers=HTMX,
    )
    assert "案件の開始日（2026年4月1日）より前の日付は入力できません。" in response.content.decode()
    assert response["HX-Retarget"] == f"#node-{why.pk}-form"
    why.refresh_from_db()
    assert why.kind == "why"


def test_moving_under_its_own_descendant_gets_the_cycle_message(login, supporter, active_engagement, tree):
    surface, why = tree
    form = login(supporter).get(url("issue_move", active_engagement, node_pk=surface.pk), headers=HTMX)
    offered = [value for value, _ in form.context["form"].fields["parent"].choices]
    assert offered == [0]  # neither itself nor what lies below it is offered
    response = login(supporter).post(
        url("issue_move", active_engagement, node_pk=surface.pk),
        {"parent": why.pk, "version": 1},
        headers=HTMX,
    )
    assert CYCLE_MESSAGE in response.content.decode()
    surface.refresh_from_db()
    assert surface.parent is None


def test_edit_text_and_link_the_dialogues_where_it_came_up(login, supporter, active_engagement, tree):
    surface, _ = tree
    dialogue = DialogueFactory(engagement=active_engagement, title="第1回 社長面談")
    response = login(supporter).post(
        url("issue_edit", active_engagement, node_pk=surface.pk),
        {"text": "2期連続で営業赤字", "note": "", "dialogues": [dialogue.pk], "version": 1},
        headers=HTMX,
    )
    body = response.content.decode()
    assert "2期連続で営業赤字" in body and "話題に出た対話" in body
    assert list(IssueNode.objects.get(pk=surface.pk).dialogues.all()) == [dialogue]


def test_a_node_with_children_is_not_deleted(login, supporter, active_engagement, tree):
    surface, why = tree
    response = login(supporter).post(url("issue_delete", active_engagement, node_pk=surface.pk), headers=HTMX)
    assert "下に「なぜ」の課題があるため削除できません。" in response.content.decode()
    ok = login(supporter).post(url("issue_delete", active_engagement, node_pk=why.pk))
    assert ok.status_code == 302
    assert list(IssueNode.objects.values_list("text", flat=True)) == ["利益が出ない"]


def test_print_view_has_the_tree_and_no_tools(login, supporter, active_engagement, tree):
    body = login(supporter).get(url("issues_print", active_engagement)).content.decode()
    assert "利益が出ない" in body and "有限会社丸山精工" in body
    assert "＋ なぜ？" not in body and "data-print" in body


def test_tree_query_count_does_not_grow(login, supporter, active_engagement):
    client = login(supporter)
    counts = []
    dialogue = DialogueFactory(engagement=active_engagement)
    for size in (2, 10):
        parent = None
        for i in range(size):
            parent = domain.add_issue_node(
                active_engagement, by=supporter, text=f"課題{size}-{i}", parent=parent, dialogues=[dialogue]
            )
        counts.append(count_queries(client, url("issues", active_engagement)))
    assert counts[0] == counts[1]


def test_sending_the_same_surface_issue_twice_is_refused_with_a_message(login, supporter, active_engagement):
    """The 4つの視点 sheet posts each 課題 line to issue_add; a second send must not duplicate it."""
    client = login(supporter)
    first = client.post(url("issue_add", active_engagement), {"text": "価格転嫁ができていない"})
    again = client.post(url("issue_add", active_engagement), {"text": "価格転嫁ができていない　"})
    assert first.status_code == 302 and again.status_code == 200
    assert (
        "表課題「価格転嫁ができていない」はすでに課題ツリーの最上位にあります。"
        "同じ課題を2つ作らないよう、追加しませんでした。"
    ) in again.content.decode()
    assert list(IssueNode.objects.values_list("text", flat=True)) == ["価格転嫁ができていない"]


def test_the_same_why_is_refused_under_one_parent_but_allowed_under_another(
    supporter, active_engagement, tree
):
    surface, why = tree
    other = domain.add_issue_node(active_engagement, by=supporter, text="人が足りない")
    domain.add_issue_node(active_engagement, by=supporter, text=why.text, parent=other)
    with pytest.raises(DomainError, match="「値決めを社長が勘でしている」はすでに同じ課題の下にあります"):
        domain.add_issue_node(
            active_engagement, by=supporter, text="値決めを社長が勘でしている", parent=surface
        )
    assert IssueNode.objects.filter(text=why.text).count() == 2
