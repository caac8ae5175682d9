"""Business actions of the knowledge search: an organization's own synonym groups (表記ゆれ)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from banso.core.models import log_activity
from banso.knowledge.engines import textsearch
from banso.knowledge.models.search import SearchSynonym, split_words

MAX_SYNONYM_GROUPS = 500
MAX_WORDS = 10
MAX_WORD_CHARS = 30
TOO_FEW = "同じ意味の言葉を2語以上、読点（、）かスペースで区切って入力してください。"
TOO_MANY = f"1つのグループは{MAX_WORDS}語までです。"
WORD_TOO_LONG = f"1語は{MAX_WORD_CHARS}文字以内で入力してください。"
NOT_SEARCHABLE = "「{word}」は記号だけのため登録できません。"
LIMIT_REACHED = f"表記ゆれは1機関{MAX_SYNONYM_GROUPS}グループまで登録できます。不要なものを削除してください。"


def clean_words(text: str) -> list[str]:
    """The words of a group, validated; ValidationError with a Japanese message otherwise."""
    words: list[str] = []
    for word in split_words(text):
        if len(word) > MAX_WORD_CHARS:
            raise ValidationError(WORD_TOO_LONG)
        if not textsearch.runs(textsearch.normalize(word)):
            raise ValidationError(NOT_SEARCHABLE.format(word=word))
        if textsearch.normalize(word) not in {textsearch.normalize(w) for w in words}:
            words.append(word)
    if len(words) < 2:
        raise ValidationError(TOO_FEW)
    if len(words) > MAX_WORDS:
        raise ValidationError(TOO_MANY)
    return words


@transaction.atomic
def add_synonym_group(*, organization, words: str, by) -> SearchSynonym:
    """Add a group. Writes one SearchSynonym and one activity log row (knowledge.synonym.added)."""
    cleaned = clean_words(words)
    if SearchSynonym.objects.filter(organization=organization).count() >= MAX_SYNONYM_GROUPS:
        raise ValidationError(LIMIT_REACHED)
    synonym = SearchSynonym(organization=organization, words="、".join(cleaned), created_by=by)
    synonym.full_clean()
    synonym.save()
    log_activity(
        organization_id=organization.pk,
        code="knowledge.synonym.added",
        message=f"表記ゆれを登録しました: {synonym.words}",
        by=by,
    )
    return synonym


@transaction.atomic
def delete_synonym_group(*, synonym: SearchSynonym, by) -> None:
    """Delete a group (rows are never edited, so no version is needed). Logs knowledge.synonym.deleted."""
    words = synonym.words
    organization_id = synonym.organization_id
    synonym.delete()
    log_activity(
        organization_id=organization_id,
        code="knowledge.synonym.deleted",
        message=f"表記ゆれを削除しました: {words}",
        by=by,
    )
