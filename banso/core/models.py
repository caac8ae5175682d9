"""Shared models: the log of business events (ActivityLog) and background jobs (Job)."""

from __future__ import annotations

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
            # The organization's log, newest first (the activity page's ORDER BY … LIMIT). The kind
            # (`code`) rides along so the kind filter (`code LIKE 'engagement.%'`, which no index
            # answers on SQLite) is checked in the index while walking it: counting the newest 10,000
            # of a kind and finding a rare kind's page read no log rows (issue 10).
            models.Index(
                fields=["organization_id", "-created_at", "-id", "code"], name="activity_org_recent_code"
            ),
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


class JobStatus(models.TextChoices):
    QUEUED = "queued", "待機中"
    RUNNING = "running", "実行中"
    SUCCEEDED = "succeeded", "完了"
    FAILED = "failed", "失敗"


class JobQuerySet(models.QuerySet):
    def visible_to(self, membership) -> JobQuerySet:
        """The jobs a member may see: their own, in the membership's organization (core.access)."""
        from banso.core.access import job_filter

        return self.filter(job_filter(membership))


class Job(models.Model):
    """One piece of background work started by a user (an import's reading, a batch of reports).

    The work itself runs in the task worker (banso/core/jobs.py); this row is what the page and the
    API show while it runs: progress 0–100 with a Japanese stage text, then the result's URL or a
    Japanese failure message. Organization and company are plain ids, as in ActivityLog (core stays
    below the areas). Only the user who started it, in that organization, sees it.
    """

    Status = JobStatus

    organization_id = models.BigIntegerField("支援機関ID", db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company_id = models.BigIntegerField("事業者ID", null=True, blank=True)
    kind = models.CharField("種類", max_length=80)
    title = models.CharField("処理", max_length=200)
    params = models.JSONField("引数", default=dict, blank=True)
    input_name = models.CharField("入力ファイル", max_length=255, blank=True)
    status = models.CharField("状態", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("進捗（%）", default=0)
    stage = models.CharField("段階", max_length=200, blank=True)
    result_url = models.CharField("結果のURL", max_length=500, blank=True)
    result_label = models.CharField("結果", max_length=200, blank=True)
    # What a batch made, shown under the result: [{"label": "...", "url": "..."}] (bounded by the job).
    result_items = models.JSONField("結果の一覧", default=list, blank=True)
    error_message = models.CharField("失敗の理由", max_length=1000, blank=True)
    # The HTTP status of the refusal (400, 413 …) for a page that shows it in place of the job.
    error_status = models.PositiveSmallIntegerField("失敗の区分", null=True, blank=True)
    # Whether running it again can help: not for a refusal (a bad file stays bad), yes after a crash.
    retryable = models.BooleanField("再実行できる", default=False)
    attempts = models.PositiveSmallIntegerField("実行回数", default=0)
    task_id = models.CharField("タスクID", max_length=64, blank=True)
    created_at = models.DateTimeField("開始日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    finished_at = models.DateTimeField("終了日時", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "バックグラウンド処理"
        verbose_name_plural = "バックグラウンド処理"
        indexes = [models.Index(fields=["organization_id", "user", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
            models.CheckConstraint(condition=models.Q(status__in=JobStatus.values), name="job_status_known"),
        ]

    def __str__(self):
        return f"{self.title}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class Notification(models.Model):
    """An in-app notification for one user in one organization (コメントへの返信、経営者の記入…).

    Written only through core.notifications.notify. Organization and company are plain ids for the
    same reason as ActivityLog: core stays below the areas that call it. `link` is a path inside
    Banso (`/o/<org>/…`), never an outside address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="宛先"
    )
    organization_id = models.BigIntegerField("支援機関ID", db_index=True)
    company_id = models.BigIntegerField("事業者ID", null=True, blank=True)
    kind = models.CharField("種別", max_length=60)
    text = models.CharField("内容", max_length=300)
    link = models.CharField("リンク", max_length=300, blank=True)
    actor_name = models.CharField("送った人", max_length=150, blank=True)
    created_at = models.DateTimeField("日時", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("既読日時", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "通知"
        verbose_name_plural = "通知"
        indexes = [
            models.Index(fields=["recipient", "organization_id", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.kind} {self.text}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "毎日（お知らせがある日だけ）"
    NONE = "none", "受け取らない"


class NotificationPreference(models.Model):
    """A user's choice for the daily e-mail digest (no row: daily). `version` guards the settings form."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.CharField(
        "毎日のまとめメール", max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "通知の設定"
        verbose_name_plural = "通知の設定"

    def __str__(self):
        return f"{self.user_id} {self.digest}"


class DigestRun(models.Model):
    """The marker that one user's digest for one day was claimed (and sent). The unique constraint
    makes two runs of send_digests on the same day — even at the same moment — send one mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("対象日")
    sent_at = models.DateTimeField("送信日時", null=True, blank=True)
    notification_count = models.PositiveIntegerField("通知の件数", default=0)
    alert_count = models.PositiveIntegerField("今日やることの件数", default=0)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        verbose_name = "まとめメールの送信記録"
        verbose_name_plural = "まとめメールの送信記録"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_run_one_per_user_day")]

    def __str__(self):
        return f"{self.user_id} {self.day}"
