"""Referrals (橋渡し): the organization's directory of support bodies and experts, and referrals to them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from banso.core.history import audited_history
from banso.core.model_fields import choices_check, unique_check, user_field
from banso.core.records import ClientRecord
from banso.engagements.engines import guideline as g
from banso.engagements.models.base import (
    OrganizationQuerySet,
    SupportSideQuerySet,
    choice_field,
    end_date_iff_ended,
    end_date_not_before,
    engagement_field,
    not_before_start,
)
from banso.engagements.validators import validate_not_blank

CLOSED = tuple(sorted(g.REFERRAL_CLOSED_STATUSES))


class SupportBody(ClientRecord):
    """A support body or expert in the organization's own directory (よろず支援拠点, 税理士 …).

    Belongs to the organization, not to a company: every support-side member of the organization
    sees the directory (OrganizationQuerySet); company-side users and other organizations do not.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="support_bodies", verbose_name="支援機関"
    )
    name = models.CharField("名称", max_length=200, validators=[validate_not_blank])
    body_type = choice_field("種別", g.SUPPORT_BODY_TYPE_CHOICES, max_length=30)
    profession = choice_field(
        "士業の資格", g.PROFESSION_CHOICES, max_length=30, blank=True, help_text="種別が士業のとき"
    )
    region = models.CharField("地域", max_length=100, blank=True)
    contact_name = models.CharField("窓口・担当者", max_length=100, blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    url = models.URLField("ウェブサイト", blank=True)
    specialties = models.TextField("得意分野", blank=True)
    note = models.TextField("メモ", blank=True)
    is_active = models.BooleanField(
        "利用中", default=True, help_text="使わなくなった先は削除せず、利用中を外します。"
    )

    objects = OrganizationQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["organization", "body_type", "name", "id"]
        verbose_name = "橋渡し先"
        verbose_name_plural = "橋渡し先"
        constraints = [
            choices_check("body_type", g.SUPPORT_BODY_TYPE_CHOICES, "support_body_type_valid", "種別"),
            choices_check(
                "profession", g.PROFESSION_CHOICES, "support_body_profession_valid", "士業の資格", blank=True
            ),
            models.CheckConstraint(
                condition=Q(profession="") | Q(body_type="professional"),
                name="support_body_profession_only_professional",
                violation_error_message="士業の資格は、種別が「士業」のときだけ選べます。",
            ),
            unique_check(
                ["organization", "name"],
                "support_body_unique_name",
                "同じ名称の橋渡し先がすでに登録されています。",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def audit_organization_id(self) -> int:
        return self.organization_id

    @property
    def type_label(self) -> str:
        if self.body_type == "professional" and self.profession:
            return f"{self.get_body_type_display()}（{self.get_profession_display()}）"
        return self.get_body_type_display()


class Referral(ClientRecord):
    """A hand-off of the company to a support body: to whom, why, when, status and outcome."""

    COMPANY_PATH = "engagement__company"

    engagement = engagement_field("referrals")
    support_body = models.ForeignKey(
        SupportBody, on_delete=models.PROTECT, related_name="referrals", verbose_name="橋渡し先"
    )
    contact_name = models.CharField("先方の担当者", max_length=100, blank=True)
    issue = models.ForeignKey(
        "engagements.IssueNode",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="関係する課題",
    )
    reason = models.TextField("橋渡しの理由", validators=[validate_not_blank])
    referred_on = models.DateField("橋渡しした日")
    status = choice_field("状況", g.REFERRAL_STATUS_CHOICES, max_length=20, default="planned")
    outcome = models.TextField("結果", blank=True)
    closed_on = models.DateField("完了・見送りの日", null=True, blank=True)
    referred_by = user_field("橋渡しした支援者")

    objects = SupportSideQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["engagement", "referred_on", "id"]
        verbose_name = "橋渡し"
        verbose_name_plural = "橋渡し"
        constraints = [
            choices_check("status", g.REFERRAL_STATUS_CHOICES, "referral_status_valid", "橋渡しの状況"),
            end_date_iff_ended(
                "closed_on",
                CLOSED,
                "referral_closed_on_iff_closed",
                "完了・見送りの日は、状況が「完了」または「見送り」のときに入力します。",
            ),
            end_date_not_before(
                "closed_on",
                "referred_on",
                "referral_closed_after_referred",
                "完了・見送りの日は、橋渡しした日以降の日付を入力してください。",
            ),
        ]

    def __str__(self):
        return f"{self.engagement} → {self.support_body}"

    def clean(self):
        errors: dict = {}
        if self.engagement_id:
            not_before_start(self.engagement, self.referred_on, "referred_on", errors)
            if (
                self.support_body_id
                and self.support_body.organization_id != self.engagement.company.organization_id
            ):
                errors.setdefault("support_body", []).append(
                    "橋渡し先は、自分の支援機関の一覧から選んでください。"
                )
            if self.issue_id and self.issue.engagement_id != self.engagement_id:
                errors.setdefault("issue", []).append("課題は、この案件の課題ツリーから選んでください。")
        if errors:
            raise ValidationError(errors)
