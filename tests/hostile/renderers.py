"""Every renderer of user text, fetched through its URL as a supporter would: the PDFs, the Excel
exports and the HTML pages that show the corpus's fields. Each answer is reduced to what a reader
sees: the PDF's extracted text, the workbook's cells, the HTML source."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass
class Rendered:
    kind: str  # "pdf" | "xlsx" | "html"
    status: int
    text: str = ""  # pdf: extracted text without whitespace; html: the source
    cells: list = field(default_factory=list)  # xlsx: every non-empty cell
    images: int = 0  # pdf: embedded images
    annotations: int = 0  # pdf: link and other annotations


def _company(name, corpus, **kwargs):
    return reverse(name, kwargs={"org": "minato", "company_pk": corpus.company.pk, **kwargs})


def _engagement(name, corpus, **kwargs):
    return _company(f"engagements:{name}", corpus, engagement_pk=corpus.engagement.pk, **kwargs)


MONITORING_PAGES = {
    "モニタリング": lambda c: _company("monitoring:home", c),
    "改善計画": lambda c: _company("monitoring:plan_detail", c, pk=c.plan.pk),
    "改善計画の旧版": lambda c: _company("monitoring:version_detail", c, pk=c.plan.pk, number=1),
    "月次モニタリング表": lambda c: _company("monitoring:table", c) + "?from=2025-04&to=2025-06",
    "月次レビュー": lambda c: _company("monitoring:review", c) + "?month=2025-06",
    "乖離の履歴": lambda c: _company("monitoring:gap_history", c, line="net_sales"),
    "乖離の記録": lambda c: _company("monitoring:gap_edit", c, gap_pk=c.company.gaps.get().pk),
    "次月重点アクション": lambda c: _company("monitoring:next_actions", c) + "?month=2025-06",
    "KPI管理シート": lambda c: _company("monitoring:kpis", c) + "?fy=2026",
    "売上構成比": lambda c: _company("monitoring:segments", c) + "?fy=2026",
    "月次ミーティング": lambda c: _company("monitoring:meeting_edit", c, month="2025-06"),
    "資金繰り表": lambda c: _company("monitoring:cashflow", c),
    "返済予定": lambda c: _company("monitoring:lender_schedule", c, pk=c.lender.pk),
    "取込プレビュー": lambda c: _company("monitoring:import_preview", c, pk=c.import_.pk),
    "勘定科目の対応": lambda c: _company("monitoring:account_mapping", c),
    "取込一覧": lambda c: _company("monitoring:imports", c),
    "報告書一覧": lambda c: _company("monitoring:report_list", c),
}

RENDERERS = {
    # PDFs
    "pdf:ローカルベンチマーク": ("pdf", lambda c: _company("diagnosis:local_benchmark_pdf", c)),
    "pdf:非財務シート": ("pdf", lambda c: _company("diagnosis:sheet_pdf", c, pk=c.sheet.pk)),
    "pdf:経営デザインシート": ("pdf", lambda c: _company("diagnosis:design_pdf", c, pk=c.design.pk)),
    "pdf:支援経過報告書": ("pdf", lambda c: _engagement("report_pdf", c)),
    "pdf:面談記録": ("pdf", lambda c: _engagement("dialogue_pdf", c, dialogue_pk=c.dialogue.pk)),
    "pdf:モニタリング報告書": ("pdf", lambda c: _company("monitoring:report_pdf", c, pk=c.report.pk)),
    # Excel
    "xlsx:ローカルベンチマーク": ("xlsx", lambda c: _company("diagnosis:local_benchmark_xlsx", c)),
    "xlsx:非財務シート": ("xlsx", lambda c: _company("diagnosis:sheet_xlsx", c, pk=c.sheet.pk)),
    "xlsx:経営デザインシート": ("xlsx", lambda c: _company("diagnosis:design_xlsx", c, pk=c.design.pk)),
    "xlsx:アクションプラン": ("xlsx", lambda c: _engagement("action_export", c)),
    "xlsx:決算書テンプレート": ("xlsx", lambda c: _company("diagnosis:statement_template", c)),
    "xlsx:モニタリング報告書": ("xlsx", lambda c: _company("monitoring:report_xlsx", c, pk=c.report.pk)),
    # HTML pages
    "html:企業一覧": ("html", lambda c: reverse("companies:list", kwargs={"org": "minato"})),
    "html:企業詳細": (
        "html",
        lambda c: reverse("companies:detail", kwargs={"org": "minato", "pk": c.company.pk}),
    ),
    "html:モニタリング報告書": (
        "html",
        lambda c: _company("monitoring:report_detail", c, pk=c.report.pk),
    ),
    **{f"html:{label}": ("html", url) for label, url in MONITORING_PAGES.items()},
    "html:ローカルベンチマーク": ("html", lambda c: _company("diagnosis:local_benchmark", c)),
    "html:決算書一覧": ("html", lambda c: _company("diagnosis:statements", c)),
    "html:非財務シート": ("html", lambda c: _company("diagnosis:sheet_detail", c, pk=c.sheet.pk)),
    "html:経営デザインシート": ("html", lambda c: _company("diagnosis:design_detail", c, pk=c.design.pk)),
    "html:案件の概要": ("html", lambda c: _engagement("detail", c)),
    "html:対話記録一覧": ("html", lambda c: _engagement("dialogues", c)),
    "html:対話記録": ("html", lambda c: _engagement("dialogue_detail", c, dialogue_pk=c.dialogue.pk)),
    "html:振り返り": ("html", lambda c: _engagement("reflection", c, dialogue_pk=c.dialogue.pk)),
    "html:課題ツリー": ("html", lambda c: _engagement("issues", c)),
    "html:課題ツリー印刷": ("html", lambda c: _engagement("issues_print", c)),
    "html:5つの壁": ("html", lambda c: _engagement("walls", c)),
    "html:関係者マップ": ("html", lambda c: _engagement("stakeholders", c)),
    "html:アクション一覧": ("html", lambda c: _engagement("action_list", c)),
    "html:アクション詳細": ("html", lambda c: _engagement("action_detail", c, pk=c.action.pk)),
    "html:橋渡し": ("html", lambda c: _engagement("referral_list", c)),
    "html:フォローアップ": ("html", lambda c: _engagement("followup_list", c)),
    "html:タイムライン": ("html", lambda c: _engagement("timeline", c)),
}


def render(client, name: str, corpus) -> Rendered:
    kind, url = RENDERERS[name]
    try:
        response = client.get(url(corpus))
    except Exception as exc:  # a 500: the test client re-raises the view's exception
        return Rendered(kind, 500, text=repr(exc))
    if response.status_code != 200:
        return Rendered(kind, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content))
        return Rendered(
            kind,
            200,
            text="".join("".join(page.extract_text().split()) for page in reader.pages),
            images=sum(len(page.images) for page in reader.pages),
            annotations=sum(len(page.get("/Annots") or []) for page in reader.pages),
        )
    if kind == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content))
        cells = [
            cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value
        ]
        return Rendered(kind, 200, cells=cells)
    return Rendered(kind, 200, text=content.decode("utf-8"))
