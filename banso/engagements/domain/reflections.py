"""The advisor's reflection after a dialogue, against the guideline's three elements (三要素).

Rules: only someone who took part — one of the dialogue's advisors or the person who recorded
it — reflects on it; each element is rated 1–4; one reflection per advisor per dialogue (a second
save corrects the first, and history keeps the old one). Reflections are support-side only, so
they write field history but no activity entry: the company's history page, which company-side
users read, lists activity entries.
"""

from __future__ import annotations

from django.db import transaction

from banso.core.errors import DomainError
from banso.core.records import save_audited
from banso.engagements.engines import guideline as g
from banso.engagements.models import Dialogue, Reflection
from banso.engagements.permissions import may_reflect

NOT_PARTICIPANT_MESSAGE = (
    "振り返りは、この対話に参加した支援者（または記録した人）だけが記録できます。"
    "参加していた場合は、先に対話記録の「参加した支援者」に自分を加えてください。"
)


def record_reflection(dialogue: Dialogue, *, by, note: str = "", **ratings) -> Reflection:
    """Rate oneself on the three elements for `dialogue` (dialogue_listening, issue_setting,
    intrinsic_motivation, each 1–4), with an optional note.

    Side effects: the Reflection row (created, or updated if `by` already reflected on this
    dialogue) with history. DomainError when `by` did not take part; ValidationError (Japanese,
    per element) for a missing element or a rating outside 1–4.
    """
    unknown = set(ratings) - set(g.ELEMENT_KEYS)
    if unknown:
        raise DomainError(f"評価できる項目は {', '.join(g.ELEMENT_KEYS)} です。")
    if not may_reflect(dialogue, by):
        raise DomainError(NOT_PARTICIPANT_MESSAGE)
    with transaction.atomic():
        row = Reflection.objects.select_for_update().filter(dialogue=dialogue, advisor=by).first()
        row = row or Reflection(dialogue=dialogue, advisor=by)
        for key in g.ELEMENT_KEYS:
            setattr(row, key, ratings.get(key))
        row.note = (note or "").strip()
        save_audited(row, by=by)
    return row
