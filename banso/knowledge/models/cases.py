"""Cases (事例): an anonymised draft written from an engagement, reviewed inside the organization, and
published as a COPY (PublishedCase) to the organization or to a network.

A draft remembers which engagement it came from (plain ids, for its own organization only); a published
case holds no id, link or name of the engagement or the company: the draft points to the case, never
the other way round.
"""

from __future__ import annotations

from django.db import models

from banso.core.access import case_draft_filter, published_case_filter
from banso.core.history import audited_history
from banso.core.model_fields import optional_user_field, user_field
from banso.core.roles import Role


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "下書き"
    SUBMITTED = "submitted", "レビュー待ち"
    RETURNED = "returned", "差し戻し"
    APPROVED = "approved", "承認済み"
    PUBLISHED = "published", "公開済み"
    WITHDRAWN = "withdrawn", "取り下げ"


class CaseScope(models.TextChoices):
    ORGANIZATION = "organization", "自機関内"
    NETWORK = "network", "ネットワーク"


# The free-text fields of a case, in page order: (field, label). All are anonymised and checked.
TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "タイトル"),
    ("surface_issues", "表課題"),
    ("root_issues", "裏課題（本質的課題）と見つけ方"),
    ("insights", "気づき（経営者の言葉）"),
    ("actions_worked", "うまくいった取組み"),
    ("actions_not_worked", "うまくいかなかった取組み"),
    ("outcomes", "成果（支援前→支援後）"),
    ("lessons", "支援者への教訓"),
    ("body", "経過（自由記述）"),
)
TEXT_FIELD_LABELS = dict(TEXT_FIELDS)
MAX_TEXT = 20_000
MAX_TAGS = 12
MAX_TAG_LENGTH = 30
MAX_WITHDRAWAL_REASON = 2000


class CaseContent(models.Model):
    """What a case says: the same fields on a draft and on its published copy."""

    title = models.CharField("タイトル", max_length=200)
    industry_code = models.CharField("業種（ロカベン）", max_length=10, blank=True)
    size = models.CharField("規模", max_length=10, blank=True)
    prefecture = models.CharField("地域（都道府県）", max_length=10, blank=True)
    walls = models.JSONField("5つの壁（開始時・現在）", default=list, blank=True)
    surface_issues = models.TextField("表課題", blank=True, max_length=MAX_TEXT)
    root_issues = models.TextField("裏課題（本質的課題）と見つけ方", blank=True, max_length=MAX_TEXT)
    insights = models.TextField("気づき（経営者の言葉）", blank=True, max_length=MAX_TEXT)
    actions_worked = models.TextField("うまくいった取組み", blank=True, max_length=MAX_TEXT)
    actions_not_worked = models.TextField("うまくいかなかった取組み", blank=True, max_length=MAX_TEXT)
    outcomes = models.TextField("成果（支援前→支援後）", blank=True, max_length=MAX_TEXT)
    lessons = models.TextField("支援者への教訓", blank=True, max_length=MAX_TEXT)
    body = models.TextField("経過（自由記述）", blank=True, max_length=MAX_TEXT)
    duration_months = models.PositiveSmallIntegerField("支援期間（か月）", null=True, blank=True)
    steps_reached = models.PositiveSmallIntegerField("到達したステップ", null=True, blank=True)
    tags = models.JSONField("タグ", default=list, blank=True)

    class Meta:
        abstract = True

    CONTENT_FIELDS = (
        "title",
        "industry_code",
        "size",
        "prefecture",
        "walls",
        "surface_issues",
        "root_issues",
        "insights",
        "actions_worked",
        "actions_not_worked",
        "outcomes",
        "lessons",
        "body",
        "duration_months",
        "steps_reached",
        "tags",
    )

    def content(self) -> dict:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    @property
    def industry_label(self) -> str:
        from banso.companies.engines.industries import industry_label

        return industry_label(self.industry_code) if self.industry_code else ""

    @property
    def size_label(self) -> str:
        from banso.companies.engines.size import SIZE_LABELS

        return SIZE_LABELS.get(self.size, "")

    def wall_rows(self) -> list[dict]:
        return [w for w in (self.walls or []) if isinstance(w, dict)]


class CaseReviewer(models.Model):
    """A member the organization's 管理者 designated to review cases (管理者 always may)."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="case_reviewers", verbose_name="機関"
    )
    user = user_field("レビュー担当", on_delete=models.CASCADE)
    created_at = models.DateTimeField("指名日時", auto_now_add=True)

    class Meta:
        verbose_name = "事例のレビュー担当"
        verbose_name_plural = "事例のレビュー担当"
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="knowledge_reviewer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.user_id}"


def is_case_reviewer(membership) -> bool:
    """管理者, or a 支援者 the 管理者 designated as a reviewer of cases."""
    if membership is None or not membership.is_active:
        return False
    if membership.role == Role.ORG_ADMIN:
        return True
    return (
        membership.role == Role.SUPPORTER
        and CaseReviewer.objects.filter(
            organization_id=membership.organization_id, user_id=membership.user_id
        ).exists()
    )


class PublishedCaseQuerySet(models.QuerySet):
    def visible_to(self, membership) -> PublishedCaseQuerySet:
        """The access rule's knowledge branch; a withdrawn case is nobody's to read any more."""
        return self.filter(published_case_filter(membership), withdrawn_at__isnull=True)


class PublishedCase(CaseContent):
    """The published copy: no engagement, no company, no author link a reader could follow."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        related_name="published_cases",
        verbose_name="公開した機関",
    )
    scope = models.CharField(
        "公開範囲", max_length=20, choices=CaseScope.choices, default=CaseScope.ORGANIZATION
    )
    network = models.ForeignKey(
        "knowledge.Network",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="公開先のネットワーク",
    )
    published_at = models.DateTimeField("公開日時")
    version = models.PositiveIntegerField("版", default=1, editable=False)
    # 取り下げ: the row stays (the organization's record of what was shared) but no list, search,
    # similar-case panel or page shows it any more.
    withdrawn_at = models.DateTimeField("取り下げ日時", null=True, blank=True)
    withdrawn_by = optional_user_field("取り下げた人")
    withdrawal_reason = models.TextField("取り下げの理由", blank=True, max_length=MAX_WITHDRAWAL_REASON)

    objects = PublishedCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "事例"
        verbose_name_plural = "事例"
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="organization", network__isnull=True)
                | models.Q(scope="network", network__isnull=False),
                name="knowledge_case_scope_network",
                violation_error_message="ネットワークに公開する事例にはネットワークが必要です。",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CaseDraftQuerySet(models.QuerySet):
    def visible_to(self, membership) -> CaseDraftQuerySet:
        return self.filter(case_draft_filter(membership, reviewer=is_case_reviewer(membership)))


class CaseDraft(CaseContent):
    """A case being written: anonymised text, the replacements made (per field, spans in the text) and
    the known terms of the engagement; reviewed by someone other than the author before publishing."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="case_drafts", verbose_name="機関"
    )
    source_engagement_id = models.PositiveIntegerField("元の伴走支援案件")
    source_company_id = models.PositiveIntegerField("元の事業者")
    source_started_on = models.DateField("支援開始日", null=True, blank=True)
    author = user_field("作成者")
    status = models.CharField("状態", max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    known_terms = models.JSONField("除く語（案件の記録から）", default=list, blank=True)
    added_terms = models.JSONField("除く語（支援者が追加）", default=list, blank=True)
    replacements = models.JSONField("置き換え", default=dict, blank=True)
    review_comment = models.TextField("レビューのコメント", blank=True, max_length=2000)
    reviewed_by = optional_user_field("レビューした人")
    reviewed_at = models.DateTimeField("レビュー日時", null=True, blank=True)
    published_case = models.OneToOneField(
        PublishedCase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="公開した事例",
    )
    version = models.PositiveIntegerField("版", default=1, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = CaseDraftQuerySet.as_manager()
    # Field history like other client records (who changed what, when). The replacement spans and the
    # engagement's known terms are working data of the editor, not content: left out.
    history = audited_history(excluded_fields=["replacements", "known_terms", "updated_at"])

    class Meta:
        verbose_name = "事例の下書き"
        verbose_name_plural = "事例の下書き"
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organization_id(self) -> int:
        """The organization stamped on the history rows (core.history)."""
        return self.organization_id
