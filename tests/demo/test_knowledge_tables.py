"""The knowledge demo is table-driven: one row per published case and per consultation thread, with
named columns the builders read. The tables hold the same data as before they got names."""

import hashlib

from banso.demo import consultations, knowledge
from banso.knowledge.models.cases import TEXT_FIELDS, PublishedCase


def _digest(rows) -> str:
    return hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


def test_the_tables_hold_the_same_data():
    assert _digest(knowledge.CASES) == "5f541e1d5d924bfc0ad2b1ca320d2d6cf717765eae823683959193e7de49a878"
    assert _digest(consultations.THREADS) == (
        "d85efb2bc31b2078f9c3b4af05ded5e8ecf66625952cf58f12aa3fa3d75c3fda"
    )


def test_each_case_row_maps_to_published_case_fields():
    text_fields = {name for name, _label in TEXT_FIELDS}
    model_fields = {f.name for f in PublishedCase._meta.get_fields()}
    for row in knowledge.CASES:
        assert set(row.texts) <= text_fields, row.texts.keys()
        fields = row.fields({row.publisher: "org"}, network="network")
        assert set(fields) <= model_fields
        assert (fields["network"] is None) == (row.scope == "organization")
        assert [w["key"] for w in fields["walls"]] == list(knowledge.WALL_LABELS)


def test_each_thread_accepts_one_of_its_answers():
    for thread in consultations.THREADS:
        assert thread.audience in ("organization", "network")
        assert thread.accepted is None or 0 <= thread.accepted < len(thread.answers)
