"""Consultations in the knowledge search: found with their answers by the thread's readers only (the
network's organizations for a network consultation), never once hidden; an answer added later is
found at once."""

from __future__ import annotations

import pytest

from banso.knowledge import search_index
from banso.knowledge.domain import consultations as domain
from tests.knowledge.consultation_world import ask, membership, network_of

pytestmark = pytest.mark.django_db


def found(user, text) -> set:
    page = search_index.search(membership(user), text, filters=search_index.SearchFilters())
    return {(hit.kind, hit.object_id) for hit in page.object_list}


def test_a_network_consultation_and_its_answers_are_found_by_the_network_only(
    org, foreign_org, supporter, colleague, outsider, owner
):
    network = network_of(org, foreign_org)
    asked = ask(supporter, network=network, title="在庫を数えない社長", body="棚卸しを嫌がります。")
    kept = ask(supporter, title="社内だけの相談", body="在庫の話は社内だけで。")
    assert found(outsider, "在庫") == {("consultation", asked.pk)}
    assert found(colleague, "在庫") == {("consultation", asked.pk), ("consultation", kept.pk)}
    assert found(owner, "在庫") == set()
    # an answer from another organization makes the thread findable by its words at once
    domain.answer(asked, membership(outsider), by=outsider, body="まず一品目だけ毎週数えてもらいました。")
    assert found(supporter, "一品目") == {("consultation", asked.pk)}


def test_a_hidden_consultation_is_not_found(org, supporter, admin_user):
    asked = ask(supporter, title="原価が分からない", body="原価計算の始め方。")
    assert found(supporter, "原価") == {("consultation", asked.pk)}
    domain.hide(asked, membership(admin_user), by=admin_user, reason="重複")
    assert found(supporter, "原価") == set()
