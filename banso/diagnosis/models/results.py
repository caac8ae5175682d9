"""A stored local benchmark result: what one confirmed statement scored against one table version.

Results are snapshots. Uploading a newer benchmark table does not change them; re-evaluating with
the newer table stores a second result beside the first. Each result records the table version, the
industry and size row, and the rule settings (rank cut-offs, リース債務) it was computed with.
"""

from __future__ import annotations

from django.db import models

from banso.core.access import AccessQuerySet
from banso.core.history import audited_history
from banso.core.model_fields import company_field, optional_user_field
from banso.core.records import AuditedThroughCompany


class LocalBenchmarkResult(AuditedThroughCompany, models.Model):
    COMPANY_PATH = "company"

    company = company_field("local_benchmark_results", verbose_name=None)
    statement = models.ForeignKey(
        "diagnosis.FinancialStatement", on_delete=models.CASCADE, related_name="results"
    )
    fiscal_year = models.PositiveSmallIntegerField("決算年")
    benchmark_table = models.ForeignKey(
        "diagnosis.BenchmarkTable",
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name="基準値の版",
    )
    benchmark_version = models.CharField("基準値の版", max_length=40)
    industry_code = models.CharField("業種", max_length=4)
    size = models.CharField("規模区分", max_length=10)
    options = models.JSONField("評価の設定", default=dict)
    indicators = models.JSONField("指標", default=list)
    total_score = models.PositiveSmallIntegerField("合計点")
    scored_count = models.PositiveSmallIntegerField("評点のある指標数")
    rank = models.CharField("ランク", max_length=1, blank=True)
    computed_at = models.DateTimeField("評価日時")
    computed_by = optional_user_field()

    objects = AccessQuerySet.as_manager()
    history = audited_history()

    class Meta:
        ordering = ["company", "-fiscal_year", "-computed_at"]
        verbose_name = "ローカルベンチマーク評価結果"
        verbose_name_plural = "ローカルベンチマーク評価結果"
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "benchmark_table"], name="lb_result_unique_statement_table"
            )
        ]

    def __str__(self):
        return f"{self.company} {self.fiscal_year} {self.rank or '-'}"

    @property
    def scores(self) -> list[int | None]:
        return [row["score"] for row in self.indicators]
