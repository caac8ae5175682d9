"""The search index (ナレッジ検索) and an organization's own 表記ゆれ.

`SearchDocument` is one findable record — a published case, a consultation, or inside an organization
one of its dialogues, issues or actions — written only by banso/knowledge/search_index.py from the
sources the areas register in banso/core/search_sources.py. `tokens` holds the normalised bigram text
of banso/knowledge/engines/textsearch.py; the database matches it: on SQLite an FTS5 table kept in
step by triggers, on PostgreSQL a generated tsvector column with a GIN index (migration
0003_search_index). It is derived data: `manage.py rebuild_search_index` rebuilds it from the records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField("種類", max_length=20)
    object_id = models.BigIntegerField("元の記録")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="機関"
    )
    audience = models.CharField("公開範囲", max_length=20)
    network_id = models.BigIntegerField("ネットワーク", null=True, blank=True)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="事業者",
    )
    engagement_id = models.BigIntegerField("伴走支援案件", null=True, blank=True)
    title = models.CharField("見出し", max_length=300)
    body = models.TextField("本文", blank=True)
    industry_code = models.CharField("業種", max_length=4, blank=True)
    size_band = models.CharField("規模", max_length=10, blank=True)
    walls = models.CharField("高い壁", max_length=100, blank=True)
    step = models.PositiveSmallIntegerField("ステップ", null=True, blank=True)
    tokens = models.TextField("検索用トークン", blank=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "検索インデックス"
        verbose_name_plural = "検索インデックス"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]
        indexes = [
            models.Index(fields=["organization", "audience"], name="search_org_audience"),
            models.Index(fields=["network_id"], name="search_network"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class SearchSynonym(models.Model):
    """One group of spellings an organization treats as the same word (e.g. 見える化 / 可視化),
    added to the seed list of the text engine for its members' searches."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="機関"
    )
    words = models.CharField(
        "同じ意味の言葉",
        max_length=300,
        help_text="読点（、）またはスペースで区切って2語以上。例: 見える化、可視化",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="登録者",
    )
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = "表記ゆれ（同義語）"
        verbose_name_plural = "表記ゆれ（同義語）"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.words

    @property
    def word_list(self) -> list[str]:
        return split_words(self.words)


def split_words(text: str) -> list[str]:
    import re

    return [w for w in re.split(r"[、,，/／\s]+", text or "") if w]
