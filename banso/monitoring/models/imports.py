"""会計データの取込: the uploaded file (kept in private storage) with its preview and parsed amounts,
and the company's account mapping (勘定科目 → line key or "ignore"), reused by the next import."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import choices_check, company_field, optional_user_field, user_field
from banso.core.records import ClientRecord
from banso.monitoring.storage import import_upload_to, private_storage

IGNORE = "ignore"  # the mapping value of an account that belongs to no line


class AccountingImportStatus(models.TextChoices):
    PREVIEW = "preview", "確認待ち"
    COMMITTED = "committed", "取込済み"
    DISCARDED = "discarded", "破棄"


class PreviewedImport(ClientRecord):
    """An uploaded file kept in private storage with its SHA-256, whose preview waits to be committed
    or discarded (会計データの取込, 売上構成表の取込). A subclass adds its company link, what it
    read, its history and its Meta with `previewed_import_checks`."""

    Status = AccountingImportStatus

    file = models.FileField(
        "元のファイル", storage=private_storage, upload_to=import_upload_to, max_length=255
    )
    filename = models.CharField("ファイル名", max_length=255)
    size = models.PositiveBigIntegerField("サイズ（バイト）")
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField("状態", max_length=10, choices=Status.choices, default=Status.PREVIEW)
    parsed = models.JSONField("読み取った金額", default=dict, blank=True)
    uploaded_by = user_field("取り込んだ人")
    uploaded_at = models.DateTimeField("取込日時", auto_now_add=True)
    committed_by = optional_user_field("確定した人", on_delete=models.PROTECT)
    committed_at = models.DateTimeField("確定日時", null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.filename


def previewed_import_checks(prefix: str) -> list[models.CheckConstraint]:
    """The status is one of the list, and a committed import has its time."""
    return [
        choices_check("status", AccountingImportStatus.choices, f"{prefix}_status_valid", "状態"),
        models.CheckConstraint(
            condition=~Q(status="committed") | Q(committed_at__isnull=False),
            name=f"{prefix}_committed_has_time",
        ),
    ]


class AccountingImport(PreviewedImport):
    COMPANY_PATH = "company"

    company = company_field("accounting_imports")
    layout = models.CharField("形式", max_length=40, blank=True)
    preview = models.JSONField("プレビュー", default=dict, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history(excluded_fields=["preview", "parsed"])

    class Meta:
        ordering = ["company", "-uploaded_at", "-id"]
        verbose_name = "会計データの取込"
        verbose_name_plural = "会計データの取込"
        constraints = previewed_import_checks("import")


class AccountMapping(ClientRecord):
    """{account name (NFKC): line key or "ignore"} for one company."""

    COMPANY_PATH = "company"

    company = models.OneToOneField(
        "companies.Company", on_delete=models.CASCADE, related_name="account_mapping", verbose_name="事業者"
    )
    mapping = models.JSONField("勘定科目の対応", default=dict, blank=True)

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        verbose_name = "勘定科目の対応"
        verbose_name_plural = "勘定科目の対応"
