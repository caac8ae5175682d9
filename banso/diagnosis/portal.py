"""The diagnosis area's provider for the owner portal (core.portal): the ローカルベンチマーク PDF
when the company has an evaluation. Loaded through `visible_to(membership)`."""

from __future__ import annotations

from django.utils import timezone

from banso.core.fiscal import fiscal_year_label
from banso.core.portal import PortalItem, PortalProvider
from banso.core.urls import org_reverse
from banso.diagnosis.models import LocalBenchmarkResult


def documents(membership, org_slug: str) -> list[PortalItem]:
    latest = (
        LocalBenchmarkResult.objects.visible_to(membership)
        .select_related("company")
        .order_by("-fiscal_year", "-computed_at")
        .first()
    )
    if latest is None:
        return []
    year = fiscal_year_label(latest.fiscal_year, latest.company.fiscal_year_end_month)
    rank = f"ランク {latest.rank}" if latest.rank else f"{latest.total_score}点"
    return [
        PortalItem(
            title="ローカルベンチマーク",
            on=timezone.localdate(latest.computed_at),
            text=f"{year}の決算・{rank}",
            url=org_reverse(org_slug, "diagnosis:local_benchmark_pdf", company_pk=latest.company_id),
        )
    ]


PROVIDER = PortalProvider(area="diagnosis", documents=documents)
