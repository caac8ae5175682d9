"""Versions of the ローカルベンチマーク reference table (業種別・規模別の基準値).

The table shipped with Banso (METI, 2018 data vintage) is loaded by a migration as a system-wide
version. An organization's 管理者 may upload a newer table in the same layout; it becomes a new
version for that organization only. Tables are never edited or deleted once a result uses them, so a
stored result can always be traced to the figures it was scored against.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from banso.core.model_fields import optional_user_field
from banso.diagnosis.engines.benchmark_table import BenchmarkTable as ParsedTable
from banso.diagnosis.engines.benchmark_table import parse_benchmark_csv


class BenchmarkTableQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int | None) -> BenchmarkTableQuerySet:
        """System-wide versions plus the organization's own uploads, newest first."""
        return self.filter(Q(organization__isnull=True) | Q(organization_id=organization_id)).order_by(
            "-created_at", "-id"
        )


_PARSED: dict[tuple[int, str], ParsedTable] = {}


class BenchmarkTable(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="支援機関",
        help_text="空欄はすべての支援機関で使う版（Banso 同梱・運用者が登録）です。",
    )
    version = models.CharField("版", max_length=40)
    source = models.TextField("出典")
    csv_text = models.TextField("基準値（CSV）")
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveSmallIntegerField("行数")
    uploaded_by = optional_user_field()
    created_at = models.DateTimeField("登録日時", auto_now_add=True)

    objects = BenchmarkTableQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "ローカルベンチマーク基準値"
        verbose_name_plural = "ローカルベンチマーク基準値"
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(organization__isnull=True),
                name="benchmark_table_unique_system_version",
            ),
            models.UniqueConstraint(
                fields=["organization", "version"],
                condition=Q(organization__isnull=False),
                name="benchmark_table_unique_org_version",
            ),
        ]

    def __str__(self):
        return f"{self.version_label}"

    @property
    def version_label(self) -> str:
        return f"{self.version}年版" if self.version.isdigit() else self.version

    @property
    def is_system(self) -> bool:
        return self.organization_id is None

    def parsed(self) -> ParsedTable:
        """The table as the engine reads it (parsed once per process and version)."""
        key = (self.pk, self.sha256)
        if key not in _PARSED:
            _PARSED[key] = parse_benchmark_csv(self.csv_text, version=self.version)
        return _PARSED[key]
