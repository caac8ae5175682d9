"""Audited downloads: every export or file of client data leaves the app through this module.

Views and API handlers hand the file over with `serve_export` (an `ExportFile` from an exporter) or
`serve_file` (a stored file such as a dialogue attachment); both write one `download.<kind>` entry to
the activity log (who, which file of which company and object, when, web or API) before answering,
so 管理者 can answer a lender's or auditor's "who took this report out". tests/test_permissions.py
walks every URL and fails when a download answers without its log entry.
"""

from __future__ import annotations

from django.http import FileResponse, HttpResponse

from banso.core.exporters import ExportFile, download_response
from banso.core.models import ActivityLog, log_activity

CODE_PREFIX = "download."


def _channel(request) -> str:
    return "api" if request.path.startswith("/api/") else "web"


def log_download(
    request,
    *,
    kind: str,
    filename: str,
    company=None,
    obj=None,
    content_type: str = "",
    size: int | None = None,
) -> ActivityLog:
    """Record that `request.user` took `filename` (a `kind` such as `diagnosis.local_benchmark.pdf`)
    of `company` / `obj` out of the app. Side effect: one ActivityLog row `download.<kind>`."""
    channel = _channel(request)
    subject = f"{company.name}の" if company is not None else ""
    via = "（API）" if channel == "api" else ""
    data = {"kind": kind, "filename": filename, "channel": channel, "content_type": content_type}
    if size is not None:
        data["size"] = size
    if company is not None:
        data["company_name"] = company.name
    if obj is not None:
        data["object"] = {"type": obj._meta.label_lower, "id": obj.pk}
    return log_activity(
        organization_id=request.organization.pk,
        company_id=company.pk if company is not None else None,
        code=CODE_PREFIX + kind,
        message=f"{subject}「{filename}」をダウンロードしました{via}。",
        by=request.user,
        data=data,
    )


def serve_export(
    request, export: ExportFile, *, kind: str, company=None, obj=None, inline: bool = False
) -> HttpResponse:
    """The download response for an exporter's file, logged (see `log_download`)."""
    log_download(
        request,
        kind=kind,
        filename=export.filename,
        company=company,
        obj=obj,
        content_type=export.content_type,
        size=len(export.content),
    )
    return download_response(export, inline=inline)


def serve_file(
    request,
    handle,
    *,
    kind: str,
    filename: str,
    content_type: str,
    company=None,
    obj=None,
    inline: bool = False,
    size: int | None = None,
) -> FileResponse:
    """A streamed download of a stored file (open `handle`), logged (see `log_download`)."""
    log_download(
        request,
        kind=kind,
        filename=filename,
        company=company,
        obj=obj,
        content_type=content_type,
        size=size,
    )
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
