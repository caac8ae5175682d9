"""Shared models: the log of business events (ActivityLog)."""

from django.conf import settings
from django.db import models


class ActivityLog(models.Model):
    """A business event with a namespaced code (`company.created`, `engagement.step.advanced`).

    Written only by domain functions. Organization and company are plain ids on purpose: the log
    must outlive the records it speaks about, and core stays below the areas it serves.
    """

    organization_id = models.BigIntegerField("支援機関ID", db_index=True)
    company_id = models.BigIntegerField("事業者ID", null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("実行者", max_length=150, blank=True)
    code = models.CharField("種別", max_length=80, db_index=True)
    message = models.CharField("内容", max_length=500)
    data = models.JSONField("詳細", default=dict, blank=True)
    created_at = models.DateTimeField("日時", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "活動ログ"
        verbose_name_plural = "活動ログ"
        indexes = [
            models.Index(fields=["company_id", "-created_at"], name="activity_company_recent"),
            # The organization's log, newest first (the activity page's ORDER BY … LIMIT).
            models.Index(fields=["organization_id", "-created_at", "-id"], name="activity_org_recent"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.code} {self.message}"

    @property
    def change_summary(self) -> str:
        """'佐藤、田中 → 田中' for events that record who or what changed as lists of names (e.g. the
        supporters); events whose old/new are internal codes say it in their message instead."""
        old, new = self.data.get("old"), self.data.get("new")
        if not isinstance(old, list) or not isinstance(new, list):
            return ""
        return f"{'、'.join(map(str, old)) or '（なし）'} → {'、'.join(map(str, new)) or '（なし）'}"


def log_activity(*, organization_id: int, code: str, message: str, by=None, company_id=None, data=None):
    """Record a business event. Side effect: one ActivityLog row."""
    actor_name = ""
    if by is not None:
        actor_name = getattr(by, "display_name", None) or by.get_username()
    return ActivityLog.objects.create(
        organization_id=organization_id,
        company_id=company_id,
        actor=by,
        actor_name=actor_name,
        code=code,
        message=message[:500],
        data=data or {},
    )
