"""Demo 決算書: three confirmed years per demo company, each telling a story (every rank A–D appears
in both organizations)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.core import fiscal
from banso.demo.diagnosis.figures import statements_for
from banso.diagnosis.domain.statements import save_statement
from banso.diagnosis.models import FinancialStatement

# Company name → story (figures.STORIES). The comments give the rank of the
# last two years with the 2018 benchmark table (the first year has no previous year, so no rank).
STORIES = {
    "有限会社丸山精工": "strong_recovery",  # B → A
    "株式会社みなと水産加工": "recovering",  # C → B
    "株式会社東海ケミカル": "flat",  # C → C
    "株式会社遠州機械製作所": "steady_growth",  # A → A
    "株式会社清水建設工業": "sliding",  # D → D
    "有限会社杉本工務店": "recovering",  # C → C
    "株式会社駿河青果": "recovering",  # D → B
    "株式会社富岳テキスタイル": "strong_recovery",  # B → A
    "株式会社まるや商店": "flat",  # C → C
    "ベーカリーこむぎ": "recovering",  # C → B
    "株式会社炭火焼鳥はなび": "strong_recovery",  # B → A
    "株式会社湖西ロジスティクス": "sliding",  # D → D
    "株式会社伊豆リゾートホテル": "recovering",  # C → B
    "医療法人社団つばさ会": "steady_growth",  # B → B
    "株式会社しずおかITソリューションズ": "strong_recovery",  # C → A
    "株式会社エコ・リサイクル東海": "flat",  # D → D
    "株式会社相模精密": "recovering",  # C → B
    "株式会社横浜ベイフーズ": "strong_recovery",  # C → A
    "有限会社湘南サーフショップ": "sliding",  # D → D
    "株式会社町田デザイン工房": "flat",  # C → C
    "株式会社多摩介護サービス": "steady_growth",  # A → A
}
DEFAULT_STORY = "recovering"


def _statements(company, by, today: dt.date) -> None:
    if company.financial_statements.exists():
        return
    years = statements_for(
        industry_code=company.industry_code,
        employees=company.employees,
        story=STORIES.get(company.name, DEFAULT_STORY),
        last_year=fiscal.last_closed_fiscal_year(today, company.fiscal_year_end_month),
    )
    for year in years:
        save_statement(
            company,
            fiscal_year=year["fiscal_year"],
            by=by,
            values=year["values"],
            employees=year["employees"],
            status="final",
            source_note="デモ用の架空の決算書",
        )


def build(context: dict) -> None:
    """Idempotent: companies that already have statements are left alone. Puts the statements'
    figures in context["statement_figures"] for the engagements' 支援開始時 figures."""
    today = timezone.localdate()
    users = context["users"]
    for company in context["bank_companies"]:
        _statements(company, users["advisor"], today)
    for company in context["office_companies"]:
        _statements(company, users["advisor2"], today)
    # Later builders (the engagements' 支援開始時 figures) use the same numbers as the 決算書.
    context["statement_figures"] = {
        (s.company_id, s.fiscal_year): {
            "net_sales": s.net_sales,
            "operating_income": s.operating_income,
            "employees": s.employees,
        }
        for s in FinancialStatement.objects.filter(company__in=context["companies"], status="final")
    }
