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
