"""The consent ledger (同意): grants of read access to a company's chosen scopes to another
organization, until a date, and the log of every view and download made through them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import company_field, optional_user_field, user_field
from banso.core.records import AuditedThroughCompany, ClientRecord
from banso.core.roles import Role
from banso.core.shared_scopes import SCOPE_LABELS, scope_label
from banso.sharing.storage import consent_document_upload_to, private_storage


class ConsentMethod(models.TextChoices):
    OWNER = "owner", "経営者が Banso で同意"
    DOCUMENTED = "documented", "書面の同意を支援者が記録"


class ConsentGrant(ClientRecord):
    """One grant: `company` lets `grantee_organization` read `scopes` from `starts_on` to `expires_on`
    (both inclusive, Asia/Tokyo). Revoked at once by setting `revoked_at`; never deleted."""

    COMPANY_PATH = "company"
    # The owner grants in Banso; 管理者 and 支援者 record the owner's documented consent.
    WRITE_ROLES = frozenset({Role.ORG_ADMIN, Role.SUPPORTER, Role.OWNER})
    Method = ConsentMethod

    company = company_field("consent_grants")
    grantee_organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="consent_grants_received",
        verbose_name="共有先の機関",
    )
    scopes = models.JSONField("共有する範囲", default=list)
    starts_on = models.DateField("共有の開始日")
    expires_on = models.DateField("共有の期限")
    method = models.CharField("同意の方法", max_length=20, choices=Method.choices)
    consented_on = models.DateField("同意した日")
    document = models.FileField(
        "同意書", storage=private_storage, upload_to=consent_document_upload_to, blank=True, max_length=255
    )
    document_name = models.CharField("同意書のファイル名", max_length=255, blank=True)
    document_size = models.PositiveBigIntegerField("同意書のサイズ", null=True, blank=True)
    note = models.CharField("メモ", max_length=500, blank=True)
    recorded_by = user_field("記録した人")
    revoked_at = models.DateTimeField("取り消した日時", null=True, blank=True)
    revoked_by = optional_user_field("取り消した人", on_delete=models.PROTECT)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "共有の同意"
        verbose_name_plural = "共有の同意"
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gte=models.F("starts_on")),
                name="consent_grant_expires_after_start",
                violation_error_message="共有の期限は開始日以降の日付にしてください。",
            ),
            models.CheckConstraint(
                condition=Q(method__in=list(ConsentMethod.values)),
                name="consent_grant_method_known",
            ),
        ]

    def __str__(self):
        return f"{self.company_id} → {self.grantee_organization_id}"

    @property
    def scope_labels(self) -> list[str]:
        return [scope_label(code) for code in SCOPE_LABELS if code in (self.scopes or [])]

    def state(self, today) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_on < today:
            return "expired"
        if self.starts_on > today:
            return "scheduled"
        return "live"

    def state_label(self, today) -> str:
        return {"revoked": "取り消し済み", "expired": "期限切れ", "scheduled": "開始前", "live": "共有中"}[
            self.state(today)
        ]


class ShareAction(models.TextChoices):
    VIEW = "view", "閲覧"
    DOWNLOAD = "download", "ダウンロード"
    REFUSED = "refused", "拒否（共有されていない範囲）"


class ShareAccessLog(AuditedThroughCompany, models.Model):
    """One view, download or refused attempt by a grantee's member. Append-only."""

    COMPANY_PATH = "company"
    Action = ShareAction

    company = company_field("share_access_logs")
    grant = models.ForeignKey(
        ConsentGrant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_logs",
        verbose_name="共有の同意",
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="閲覧した機関"
    )
    user = user_field("閲覧した人")
    scope = models.CharField("範囲", max_length=40)
    object_label = models.CharField("対象", max_length=300, blank=True)
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    at = models.DateTimeField("日時", auto_now_add=True)

    objects = AccessQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "共有データの閲覧記録"
        verbose_name_plural = "共有データの閲覧記録"
        indexes = [models.Index(fields=["company", "-at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.scope} {self.action}"

    @property
    def scope_label(self) -> str:
        return scope_label(self.scope)
