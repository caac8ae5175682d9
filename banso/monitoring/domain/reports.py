"""モニタリング報告書 (docs/domain.md §5.2): drafted from the figures, edited by the advisor, then issued
as an immutable snapshot — the figures, the plan version, the PDF and Excel files in private storage with
their SHA-256, who issued it and when. An issued report never changes: every function here refuses it.

Corrections of actuals (ActualCorrection) that no issued report has disclosed yet are disclosed by the
next report issued (their ids are kept in `disclosed_corrections`).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from banso.core.errors import DomainError
from banso.core.number_text import MINUS, TRIANGLE
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.domain.report_figures import report_figures, table_part
from banso.monitoring.engines import lines as line_list
from banso.monitoring.engines import sentences as sentence_engine
from banso.monitoring.engines.months import to_month
from banso.monitoring.exports._report_common import (  # noqa: F401 (views and the API ask the domain)
    TITLE,
    export_filename,
    sentence_items,
    sentence_label,
    to_month_of,
)
from banso.monitoring.models import Gap, ImprovementPlan, MonitoringReport, PlanVersion

ISSUED_MESSAGE = (
    "この報告書は発行済みのため変更できません。変更が必要なときは新しい報告書を作成してください。"
)
STALE_FIGURES_MESSAGE = (
    "下書きを作成した後に計画または実績が変わりました。"
    "「最新の数値に更新」で文章を見直してから発行してください。"
)
MAX_SENTENCE_LENGTH = 2000
MAX_LENDER_REQUEST_LENGTH = 4000


def negative_mark() -> str:
    """The organization-wide negative style (BANSO_NEGATIVE_STYLE): △ or -."""
    return TRIANGLE if getattr(settings, "BANSO_NEGATIVE_STYLE", "triangle") == "triangle" else MINUS


# ---- sentences ---------------------------------------------------------------------------------------


def _draft_sentences(company, table, last) -> dict[str, str]:
    gaps = {
        gap.line: sentence_engine.GapNote(
            cause=gap.get_cause_display() if gap.cause else "", response=gap.response
        )
        for gap in Gap.objects.filter(company=company, month=last.first_day)
    }
    keys = list(sentence_engine.REPORT_LINES) + [k for k in gaps if k not in sentence_engine.REPORT_LINES]
    keys.sort(key=line_list.LINE_KEYS.index)
    return sentence_engine.draft_sentences(table, last, keys=keys, gaps=gaps, negative=negative_mark())


# ---- draft, edit, refresh --------------------------------------------------------------------------------


def default_plan_version(company) -> PlanVersion | None:
    """The current version of the company's newest plan."""
    plan = ImprovementPlan.objects.filter(company=company).order_by("-created_at", "-id").first()
    return plan.current_version if plan else None


def draft_report(company, *, by, from_month, to_month, plan_version: PlanVersion | None = None):
    """A new draft report of `company` for from_month…to_month against `plan_version` (default: the
    current version of the newest plan), with its figures and drafted variance sentences.

    Side effects: a MonitoringReport (draft) and the activity entry `monitoring.report.drafted`.
    DomainError (Japanese) without a plan, for a version of another company or a bad period."""
    report = unsaved_report(company, from_month=from_month, to_month=to_month, plan_version=plan_version)
    report.created_by = by
    with transaction.atomic():
        save_audited(report, by=by)
        log_company_event(
            company,
            code="monitoring.report.drafted",
            message=f"{_period(report.figures)}の{TITLE}の下書きを作成しました。",
            by=by,
            data={"report_id": report.pk, "plan_version_id": report.plan_version.pk},
        )
    return report


def to_month_first(text: str):
    return to_month(text).first_day


def _period(figures: dict) -> str:
    first, last = to_month(figures["from_month"]), to_month(figures["to_month"])
    return first.label if first == last else f"{first.label}〜{last.label}"


def period_label(report: MonitoringReport) -> str:
    return _period(report.figures) if report.figures else ""


def _clean(text, limit: int, what: str) -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise DomainError(f"{what}は{limit}文字以内にしてください（{len(text)}文字）。")
    return text


def _locked_draft(report: MonitoringReport, expected_version: int | None) -> MonitoringReport:
    current = locked(MonitoringReport, report.pk, expected_version)
    if current.is_issued:
        raise DomainError(ISSUED_MESSAGE)
    return current


def edit_report(report: MonitoringReport, *, by, expected_version: int, sentences: dict, lender_request: str):
    """Save the advisor's wording: the sentences (only the keys the draft has; a blank one is left out
    of the report) and the continued support asked of the lenders.

    Side effects: the report's new version, history. DomainError for an issued report or text too long;
    ConflictError when someone saved it since `expected_version`."""
    if report.is_issued:
        raise DomainError(ISSUED_MESSAGE)
    with transaction.atomic():
        current = _locked_draft(report, expected_version)
        cleaned = {}
        for key in current.sentences:
            label = sentence_label(key, current.figures)
            cleaned[key] = _clean(sentences.get(key, current.sentences[key]), MAX_SENTENCE_LENGTH, label)
        current.sentences = cleaned
        current.lender_request = _clean(lender_request, MAX_LENDER_REQUEST_LENGTH, "金融機関へのお願い")
        save_audited(current, by=by, bump_version=True)
    return current


def _figures_now(report: MonitoringReport):
    """(figures, table) of the report's period and plan version as the plan and actuals stand now."""
    return report_figures(
        report.company,
        plan_version=report.plan_version,
        from_month=report.from_month,
        to_month=report.to_month,
    )


def refresh_report(report: MonitoringReport, *, by, expected_version: int):
    """Take the latest plan and actuals into a draft: new figures and newly drafted sentences (the edited
    wording is replaced; the lenders' request is kept).

    Side effects: the report's new version, history, the activity entry `monitoring.report.refreshed`."""
    if report.is_issued:
        raise DomainError(ISSUED_MESSAGE)
    with transaction.atomic():
        current = _locked_draft(report, expected_version)
        figures, table = _figures_now(current)
        current.figures = figures
        current.measure_progress = figures["measures"]
        current.sentences = _draft_sentences(current.company, table, to_month_of(figures))
        save_audited(current, by=by, bump_version=True)
        log_company_event(
            current.company,
            code="monitoring.report.refreshed",
            message=f"{_period(figures)}の{TITLE}の下書きを最新の数値に更新しました。",
            by=by,
            data={"report_id": current.pk},
        )
    return current


# ---- files and issue ---------------------------------------------------------------------------------------


def render_files(report: MonitoringReport, *, figures: dict | None = None, issued_at=None, issued_by=None):
    """(pdf ExportFile, xlsx ExportFile) of `report` — of `figures` when given (a preview of a draft)."""
    from banso.monitoring.exports.report_pdf import MonitoringReportPdf
    from banso.monitoring.exports.report_xlsx import MonitoringReportXlsx

    options = {
        "report": report,
        "figures": figures if figures is not None else report.figures,
        "issued_at": issued_at if issued_at is not None else report.issued_at,
        "issued_by": issued_by if issued_by is not None else report.issued_by,
    }
    return MonitoringReportPdf().render(**options), MonitoringReportXlsx().render(**options)


def preview_pdf(report: MonitoringReport):
    """The PDF of a draft as it stands (its stored figures and sentences), or of an issued report's
    stored file's figures. Nothing is written."""
    from banso.monitoring.exports.report_pdf import MonitoringReportPdf

    return MonitoringReportPdf().render(
        report=report, figures=report.figures, issued_at=report.issued_at, issued_by=report.issued_by
    )


def issue_report(report: MonitoringReport, *, by, expected_version: int) -> MonitoringReport:
    """Issue a draft: the figures are taken again and must equal the draft's (else DomainError: refresh
    first), the PDF and Excel are rendered and stored in private storage with their SHA-256, the
    undisclosed corrections are disclosed, and the report becomes immutable.

    Side effects: two files, the report (status issued, stamps, new version), history, the activity
    entry `monitoring.report.issued`. ConflictError for a stale version."""
    if report.is_issued:
        raise DomainError(ISSUED_MESSAGE)
    stored: list = []
    try:
        with transaction.atomic():
            current = _locked_draft(report, expected_version)
            figures, _ = _figures_now(current)
            if table_part(figures) != table_part(current.figures):
                raise DomainError(STALE_FIGURES_MESSAGE)
            now = timezone.now()
            current.figures = figures
            current.measure_progress = figures["measures"]
            pdf, xlsx = render_files(current, figures=figures, issued_at=now, issued_by=by)
            current.pdf.save(pdf.filename, ContentFile(pdf.content), save=False)
            stored.append(current.pdf.name)
            current.xlsx.save(xlsx.filename, ContentFile(xlsx.content), save=False)
            stored.append(current.xlsx.name)
            current.pdf_sha256 = hashlib.sha256(pdf.content).hexdigest()
            current.xlsx_sha256 = hashlib.sha256(xlsx.content).hexdigest()
            current.disclosed_corrections = [c["id"] for c in figures["corrections"]]
            current.status = MonitoringReport.Status.ISSUED
            current.issued_at = now
            current.issued_by = by
            save_audited(current, by=by, bump_version=True)
            log_company_event(
                current.company,
                code="monitoring.report.issued",
                message=f"{_period(figures)}の{TITLE}を発行しました（{current.plan_version.label}と比較）。",
                by=by,
                data={
                    "report_id": current.pk,
                    "plan_version_id": current.plan_version_id,
                    "pdf_sha256": current.pdf_sha256,
                    "xlsx_sha256": current.xlsx_sha256,
                    "disclosed_corrections": current.disclosed_corrections,
                },
            )
    except BaseException:
        from banso.monitoring.storage import private_storage

        for name in stored:
            private_storage.delete(name)
        raise
    return current


def unsaved_report(company, *, from_month, to_month, plan_version: PlanVersion | None = None):
    """A report of the current figures with its drafted sentences, not stored: what draft_report saves,
    and as it is the API's on-demand download (marked 下書き（未発行） in its files). Nothing is
    written. DomainError as draft_report (no plan, another company's version, a bad period)."""
    if plan_version is None:
        plan_version = default_plan_version(company)
        if plan_version is None:
            raise DomainError("経営改善計画がありません。先に計画を登録してください。")
    if plan_version.plan.company_id != company.pk:
        raise DomainError("この事業者の計画の版を選んでください。")
    figures, table = report_figures(
        company, plan_version=plan_version, from_month=from_month, to_month=to_month
    )
    last = to_month_of(figures)
    return MonitoringReport(
        company=company,
        from_month=to_month_first(figures["from_month"]),
        to_month=last.first_day,
        plan_version=plan_version,
        figures=figures,
        measure_progress=figures["measures"],
        sentences=_draft_sentences(company, table, last),
    )
