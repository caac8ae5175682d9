"""会計データの取込: drop a file → preview (map unknown accounts) → 取り込む; and the company's account
mapping. Every rule is in banso/monitoring/domain/imports.py."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.errors import ConflictError, DomainError
from banso.core.formatting import thousand_yen
from banso.core.forms import posted_version
from banso.core.urls import org_reverse
from banso.monitoring import jobs as monitoring_jobs
from banso.monitoring import queries
from banso.monitoring.domain import imports as domain
from banso.monitoring.domain.actuals import issued_reports_covering
from banso.monitoring.engines.imports import LAYOUT_LABELS
from banso.monitoring.engines.lines import LINES
from banso.monitoring.engines.months import Month
from banso.monitoring.forms.imports import (
    ImportUploadForm,
    mapping_choices,
    mapping_label,
    read_mapping_rows,
)
from banso.monitoring.models import AccountingImport, AccountMapping
from banso.monitoring.permissions import ensure_may_edit, may_edit
from banso.monitoring.views.common import (
    WaitingImportPages,
    company_for,
    confirm_import,
    discard_import,
    page_context,
    start_import,
)

RECENT_IMPORTS = 20


@login_required
@require_http_methods(["GET", "POST"])
def imports(request, company_pk: int):
    """The upload page: one form (drop zone + file input) and the company's recent imports. A posted file
    is checked for size here and read by the worker (a job page with a progress bar)."""
    company = company_for(request, company_pk)
    ensure_may_edit(request.membership, company, AccountingImport)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    # Read in the background worker (banso/monitoring/jobs.py); the job page shows the progress and
    # goes on to the preview.
    response, problems, status = start_import(
        request,
        form,
        lambda data: monitoring_jobs.start_accounting_import(
            company,
            by=request.user,
            upload=data["file"],
            layout=data["layout"],
            fiscal_year=data["fiscal_year"],
            cumulative_ok=data["cumulative_ok"],
        ),
    )
    if response is not None:
        return response
    recent = AccountingImport.objects.filter(company=company).select_related("uploaded_by")[:RECENT_IMPORTS]
    context = page_context(
        company,
        "imports",
        form=form,
        problems=problems,
        recent=recent,
        layout_labels=LAYOUT_LABELS,
        max_mb=domain.max_upload_bytes() // (1024 * 1024),
    )
    return render(request, "monitoring/imports.html", context, status=status)


def _preview_context(company, import_: AccountingImport) -> dict:
    preview = import_.preview or {}
    months = [Month.parse(m) for m in preview.get("months", [])]
    totals = preview.get("totals", {})
    rows = []
    for line in LINES:
        if line.key not in totals:
            continue
        series = totals[line.key]
        rows.append(
            {
                "line": line,
                "cells": [thousand_yen(series[str(m)]) if str(m) in series else "—" for m in months],
            }
        )
    differences = defaultdict(list)
    for diff in preview.get("checksum_differences", []):
        differences[diff["label"]].append(diff)
    mapping = domain.company_mapping(company)
    unmapped = [
        {
            "index": i,
            "name": u["name"],
            "kind": "損益" if u["kind"] == "pl" else "貸借",
            "total": thousand_yen(u["total"]),
            "suggestion": u.get("suggestion") or "",
        }
        for i, u in enumerate(preview.get("unmapped_accounts", []))
    ]
    reported = issued_reports_covering(company, months)
    import_.company = company
    return {
        "notices": domain.preview_notices(import_).messages,
        "import_": import_,
        "layout_label": LAYOUT_LABELS.get(import_.layout, import_.layout or "—"),
        "encoding": preview.get("encoding"),
        "months": months,
        "rows": rows,
        "checksum_differences": [
            {
                "label": d["label"],
                "row": d["row"],
                "month": Month.parse(d["month"]).label,
                "stated": thousand_yen(d["stated"]),
                "computed": thousand_yen(d["computed"]),
                "difference_yen": f"{int(d['difference']):,}"
                if str(d["difference"]).lstrip("-").isdigit()
                else d["difference"],
            }
            for d in preview.get("checksum_differences", [])
        ],
        "checked_totals": preview.get("checked_totals", 0),
        "warnings": preview.get("warnings", []),
        "unmapped": unmapped,
        "choices": mapping_choices(),
        "mapping_version": mapping.version if mapping else "",
        "reported_months": [m.label for m in months if m in reported],
        "is_waiting": import_.status == AccountingImport.Status.PREVIEW,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, company_pk: int, pk: int):
    """The preview; POST maps the unmapped accounts (the company's mapping grows, the preview follows)."""
    company = company_for(request, company_pk)
    import_ = queries.import_or_404(request.membership, company, pk)
    can_edit = may_edit(request.membership, company, AccountingImport)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        ensure_may_edit(request.membership, company, AccountingImport)
        choices = read_mapping_rows(request.POST, prefix="u")
        try:
            if not choices:
                raise DomainError("対応先を選んだ勘定科目がありません。")
            domain.map_import_accounts(
                import_,
                by=request.user,
                choices=choices,
                expected_version=posted_version(request.POST.get("mapping_version")),
            )
        except DomainError as exc:
            problems = [exc.message]
            status = 409 if isinstance(exc, ConflictError) else 400
        else:
            messages.success(
                request, f"{len(choices)}件の勘定科目の対応を保存しました。次回以降の取込でも使います。"
            )
            return redirect(
                org_reverse(request, "monitoring:import_preview", company_pk=company.pk, pk=import_.pk)
            )
        import_.refresh_from_db()
    context = page_context(
        company, "imports", problems=problems, can_edit=can_edit, **_preview_context(company, import_)
    )
    return render(request, "monitoring/import_preview.html", context, status=status)


PAGES = WaitingImportPages(
    load=queries.import_or_404,
    model=AccountingImport,
    commit=domain.commit_import,
    discard=domain.discard_import,
    preview_template="monitoring/import_preview.html",
    preview_context=_preview_context,
    section="imports",
    back="monitoring:imports",
    committed_message=lambda outcome, period: (
        f"{period}の月次実績を取り込みました（{outcome.saved.count}件更新）。"
    ),
    committed_page="monitoring:actuals",
)


@login_required
def import_commit(request, company_pk: int, pk: int):
    return confirm_import(
        request,
        company_pk,
        pk,
        PAGES,
        correction_reason=(request.POST.get("correction_reason") or "").strip()[:2000],
        accept_checksum_differences=request.POST.get("accept_checksum_differences") == "1",
    )


@login_required
def import_discard(request, company_pk: int, pk: int):
    return discard_import(request, company_pk, pk, PAGES)


@login_required
@require_http_methods(["GET", "POST"])
def account_mapping(request, company_pk: int):
    """The company's account mapping: change or remove an entry, add new ones."""
    company = company_for(request, company_pk)
    can_edit = may_edit(request.membership, company, AccountMapping)
    mapping = domain.company_mapping(company)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        ensure_may_edit(request.membership, company, AccountMapping)
        new = read_mapping_rows(request.POST, prefix="m") | read_mapping_rows(request.POST, prefix="n")
        try:
            domain.save_account_mapping(
                company,
                by=request.user,
                mapping=new,
                expected_version=posted_version(request.POST.get("version")),
            )
        except DomainError as exc:
            problems = [exc.message]
            status = 409 if isinstance(exc, ConflictError) else 400
        else:
            messages.success(request, f"勘定科目の対応を保存しました（{len(new)}科目）。")
            return redirect(org_reverse(request, "monitoring:account_mapping", company_pk=company.pk))
    entries = sorted((mapping.mapping if mapping else {}).items())
    context = page_context(
        company,
        "account_mapping",
        entries=[
            {"index": i, "name": name, "line": line, "label": mapping_label(line)}
            for i, (name, line) in enumerate(entries)
        ],
        new_rows=range(5),
        choices=mapping_choices(),
        version=mapping.version if mapping else "",
        problems=problems,
        can_edit=can_edit,
    )
    return render(request, "monitoring/account_mapping.html", context, status=status)
