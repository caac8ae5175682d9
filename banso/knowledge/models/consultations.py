"""Consultations (相談): a supporter asks their organization or a network; others answer, comment and
vote (one vote per user and answer); the asker accepts one answer. A 管理者 may hide posts of their
own organization's members (hidden_at / hidden_by, logged). Who reads what is the core access rule
(`knowledge_audience_filter`, `knowledge_hidden_filter`); the loaders are in `knowledge/queries.py`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from banso.core.model_fields import optional_user_field, user_field

MAX_TITLE = 200
MAX_BODY = 5000
MAX_CONTEXT = 5000
MAX_COMMENT = 1000

ORGANIZATION, NETWORK = "organization", "network"
AUDIENCE_CHOICES = [(ORGANIZATION, "自機関"), (NETWORK, "ネットワーク")]
OPEN, RESOLVED = "open", "resolved"
STATUS_CHOICES = [(OPEN, "受付中"), (RESOLVED, "解決済み")]


class Moderated(models.Model):
    """What every post shares: its author and their organization, stamps and the moderation mark."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name="投稿者の機関"
    )
    author = user_field("投稿者")
    created_at = models.DateTimeField("投稿日時", auto_now_add=True)
    hidden_at = models.DateTimeField("非表示にした日時", null=True, blank=True)
    hidden_by = optional_user_field("非表示にした管理者")
    hidden_reason = models.CharField("非表示の理由", max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Consultation(Moderated):
    audience = models.CharField("相談先", max_length=20, choices=AUDIENCE_CHOICES, default=ORGANIZATION)
    network = models.ForeignKey(
        "knowledge.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="相談先のネットワーク",
    )
    title = models.CharField("件名", max_length=MAX_TITLE)
    body = models.TextField("相談内容", max_length=MAX_BODY)
    context = models.TextField("背景（匿名化済み）", max_length=MAX_CONTEXT, blank=True)
    status = models.CharField("状態", max_length=20, choices=STATUS_CHOICES, default=OPEN)
    accepted_answer = models.ForeignKey(
        "knowledge.Answer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="採用した回答",
    )
    accepted_at = models.DateTimeField("採用日時", null=True, blank=True)
    last_activity_at = models.DateTimeField("最終更新", auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "相談"
        verbose_name_plural = "相談"
        ordering = ["-last_activity_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(audience=ORGANIZATION, network__isnull=True))
                | models.Q(audience=NETWORK, network__isnull=False),
                name="knowledge_consultation_audience_network",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(Moderated):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="answers", verbose_name="相談"
    )
    body = models.TextField("回答", max_length=MAX_BODY)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "回答"
        verbose_name_plural = "回答"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class Comment(Moderated):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name="相談"
    )
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, null=True, blank=True, related_name="comments", verbose_name="回答"
    )
    body = models.CharField("コメント", max_length=MAX_COMMENT)

    class Meta:
        verbose_name = "コメント"
        verbose_name_plural = "コメント"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class Vote(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="votes", verbose_name="回答")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "投票"
        verbose_name_plural = "投票"
        constraints = [models.UniqueConstraint(fields=["answer", "user"], name="knowledge_one_vote_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.answer_id}"
