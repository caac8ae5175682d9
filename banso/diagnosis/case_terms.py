"""The diagnosis area's known terms for an anonymised case (core.case_sources): the counterparties of
the company's 商流 (4つの視点・商流 sheets), each replaced by its kind (「得意先A」「仕入先B」)."""

from __future__ import annotations

from banso.core.case_sources import TERM, KnownTerm
from banso.diagnosis.engines.sheet_items import COUNTERPARTY_KINDS
from banso.diagnosis.models import Counterparty

MAX_TERMS = 200


def counterparty_terms(company_id: int) -> list[KnownTerm]:
    rows = (
        Counterparty.objects.filter(sheet__company_id=company_id)
        .order_by("kind", "order", "id")
        .values_list("kind", "name")[:MAX_TERMS]
    )
    seen: dict[str, str] = {}
    counts: dict[str, int] = {}
    for kind, name in rows:
        name = (name or "").strip()
        if not name or name in seen:
            continue
        counts[kind] = counts.get(kind, 0) + 1
        seen[name] = f"{COUNTERPARTY_KINDS.get(kind, '取引先')}{chr(ord('A') + min(counts[kind], 26) - 1)}"
    return [KnownTerm(name, label, TERM) for name, label in seen.items()]
