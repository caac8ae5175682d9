"""An issued モニタリング報告書's stored files (the PDF and the Excel written at issue, whose SHA-256 the
report keeps): which file, under which name and type, and its logged download. The supporter's pages,
the lender's shared view and the API all hand out these same files."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files import File

from banso.core.downloads import serve_file
from banso.core.exporters import PDF, XLSX
from banso.monitoring.exports._report_common import export_filename
from banso.monitoring.models import MonitoringReport


@dataclass(frozen=True)
class IssuedFile:
    stored: File
    filename: str
    content_type: str
    log_kind: str


def issued_file(report: MonitoringReport, kind: str) -> IssuedFile | None:
    """`kind` is "pdf" or "xlsx"; None when the report holds no such file (a draft)."""
    stored = report.pdf if kind == "pdf" else report.xlsx
    if not stored:
        return None
    return IssuedFile(
        stored=stored,
        filename=export_filename(report.figures, kind),
        content_type=PDF if kind == "pdf" else XLSX,
        log_kind=f"monitoring.report.{kind}",
    )


def serve_issued_file(request, company, file: IssuedFile, report: MonitoringReport, *, inline: bool = False):
    """The stored file streamed, its download logged against the company and the report."""
    return serve_file(
        request,
        file.stored.open("rb"),
        kind=file.log_kind,
        filename=file.filename,
        content_type=file.content_type,
        company=company,
        obj=report,
        inline=inline,
        size=file.stored.size,
    )
