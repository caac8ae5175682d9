"""Dialogue records (対話記録), their attachments, and autosaved drafts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, range_check, unique_check, user_field
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.core.roles import COMPANY_SIDE_ROLES
from banso.core.visibility import SHAREABLE, Visibility, visibility_field
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    SupportSideQuerySet,
    choice_field,
    engagement_field,
    not_before_start,
    step_field,
)
from banso.engagements.storage import PrivateFileStorage, attachment_upload_to
from banso.engagements.validators import (
    AttachmentFileValidator,
    range_validators,
)


class Dialogue(ClientRecord):
    """One conversation, visit or workshop with the company.

    `owner_words` keeps the owner's words verbatim (言語化), one quote per line; it is never
    normalised. `step` is the engagement's step when the dialogue took place. Two people may edit
    the same record: saves compare `version` (ConflictError instead of a silent overwrite).
    """

    COMPANY_PATH = "engagement__company"
    # The owner sees when a shared dialogue is (or was) held, what was agreed and the next steps;
    # never the listening notes, the owner's words as noted or the insights (core.visibility).
    COMPANY_SIDE = SHAREABLE
    SHARED_WHEN = Q(visibility=Visibility.SHARED)
    SHARED_FIELDS = ("held_at", "title", "agreements", "next_steps")

    engagement = engagement_field("dialogues")
    held_at = models.DateTimeField("日時")
    duration_minutes = models.PositiveSmallIntegerField(
        "所要時間（分）",
        null=True,
        blank=True,
        validators=range_validators(1, g.MAX_DIALOGUE_MINUTES, "所要時間（分）"),
    )
    form = choice_field("形式", g.DIALOGUE_FORM_CHOICES, max_length=20, default="meeting")
    step = step_field()
    title = models.CharField("件名", max_length=200, blank=True, help_text="例: 第3回 社長面談、工場見学")
    participants = models.ManyToManyField(
        "engagements.Stakeholder", related_name="dialogues", blank=True, verbose_name="参加者（事業者側）"
    )
    advisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="attended_dialogues", blank=True, verbose_name="参加した支援者"
    )
    listening_notes = models.TextField("傾聴メモ", blank=True)
    owner_words = models.TextField(
        "経営者の言葉（言語化）", blank=True, help_text="話された言葉のまま、1行に1つ書き残します。"
    )
    insights = models.TextField("気づき", blank=True, help_text="経営者が自ら気づいたこと")
    agreements = models.TextField("合意したこと", blank=True)
    next_steps = models.TextField("次のステップ", blank=True)
    visibility = visibility_field()
    recorded_by = user_field("記録した人")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history(m2m_fields=["participants", "advisors"])

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = "対話記録"
        verbose_name_plural = "対話記録"
        indexes = [models.Index(fields=["engagement", "-held_at"], name="dialogue_engagement_recent")]
        constraints = [
            choices_check("form", g.DIALOGUE_FORM_CHOICES, "dialogue_form_valid", "形式"),
            range_check("step", g.FIRST_STEP, g.LAST_STEP, "dialogue_step_1_7", "ステップ"),
            range_check(
                "duration_minutes",
                1,
                g.MAX_DIALOGUE_MINUTES,
                "dialogue_duration_range",
                "所要時間（分）",
                nullable=True,
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.held_at)
        return self.title or f"{when:%Y/%m/%d} {self.get_form_display()}"

    @property
    def held_on(self):
        return timezone.localdate(self.held_at)

    @property
    def owner_quotes(self) -> list[str]:
        """The owner's words, one per non-empty line, exactly as typed."""
        return [line for line in self.owner_words.splitlines() if line.strip()]

    def clean(self):
        errors: dict = {}
        if self.engagement_id and self.held_at:
            not_before_start(self.engagement, self.held_on, "held_at", errors)
        if errors:
            raise ValidationError(errors)


class DialogueAttachment(AuditedThroughCompany, models.Model):
    """A file attached to a dialogue, stored under PRIVATE_FILES_ROOT and served only through the
    access check. `original_name` is what the user uploaded; the stored name is random."""

    COMPANY_PATH = "dialogue__engagement__company"

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="attachments", verbose_name="対話記録"
    )
    file = models.FileField(
        "ファイル",
        upload_to=attachment_upload_to,
        storage=PrivateFileStorage(),
        max_length=255,
        validators=[AttachmentFileValidator()],
    )
    original_name = models.CharField("ファイル名", max_length=255)
    content_type = models.CharField("ファイルの種類", max_length=100)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    uploaded_by = user_field("添付した人")
    uploaded_at = models.DateTimeField("添付日時", auto_now_add=True)

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["dialogue", "uploaded_at", "id"]
        verbose_name = "対話記録の添付ファイル"
        verbose_name_plural = "対話記録の添付ファイル"
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="dialogue_attachment_not_empty",
                violation_error_message="空のファイルは添付できません。",
            )
        ]

    def __str__(self):
        return self.original_name


class DraftQuerySet(SupportSideQuerySet):
    """A draft is its author's alone: visible only to the author, and only while they may see the company."""

    def visible_to(self, membership):
        if membership is None or membership.role in COMPANY_SIDE_ROLES:
            return self.none()
        return super().visible_to(membership).filter(author_id=membership.user_id)


class DialogueDraft(AuditedThroughCompany, models.Model):
    """The autosaved, not yet saved state of a dialogue form, so nothing is lost if the browser closes.

    One draft per author for a new dialogue of an engagement, and one per author per existing
    dialogue being edited (`dialogue` set, `base_version` = the version the edit started from).
    `payload` holds the form's fields as typed. Deliberately without field history: it is rewritten
    every few seconds while typing and is not a record; the Dialogue saved from it is audited.
    """

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("dialogue_drafts")
    dialogue = models.ForeignKey(
        Dialogue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="drafts",
        verbose_name="編集中の対話記録",
    )
    author = user_field("入力した人", on_delete=models.CASCADE)
    payload = models.JSONField("入力中の内容", default=dict, blank=True)
    base_version = models.PositiveIntegerField("編集を始めた時点の版", null=True, blank=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    saved_at = models.DateTimeField("自動保存日時", auto_now=True)

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-saved_at", "-id"]
        verbose_name = "対話記録の下書き"
        verbose_name_plural = "対話記録の下書き"
        constraints = [
            unique_check(
                ["author", "engagement"],
                "dialogue_draft_one_new_per_author",
                "この案件の新しい対話記録の下書きはすでにあります。",
                condition=Q(dialogue__isnull=True),
            ),
            unique_check(
                ["author", "dialogue"],
                "dialogue_draft_one_edit_per_author",
                "この対話記録の下書きはすでにあります。",
                condition=Q(dialogue__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(dialogue__isnull=True, base_version__isnull=True)
                | Q(dialogue__isnull=False, base_version__isnull=False),
                name="dialogue_draft_base_version_iff_edit",
                violation_error_message="既存の対話記録の下書きには、編集を始めた時点の版が必要です。",
            ),
        ]

    def __str__(self):
        return f"下書き: {self.engagement} / {self.author}"
