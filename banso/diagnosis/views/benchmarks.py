"""ローカルベンチマーク基準値の版: every member sees which versions exist; the 管理者 uploads a newer one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_FOUND_MESSAGE
from banso.core.downloads import serve_export
from banso.core.exporters import ExportFile, safe_filename
from banso.core.forms import add_domain_errors
from banso.core.roles import is_org_admin
from banso.core.urls import org_reverse
from banso.diagnosis.domain import benchmarks as domain
from banso.diagnosis.forms import BenchmarkUploadForm


@require_http_methods(["GET", "POST"])
def table_list(request):
    admin = is_org_admin(request.membership)
    if request.method == "POST" and not admin:  # refuse before reading the upload
        raise PermissionDenied(domain.UPLOAD_NOT_ALLOWED)
    form = BenchmarkUploadForm(request.POST or None, request.FILES or None) if admin else None
    if request.method == "POST" and form.is_valid():
        try:
            table = domain.upload_table(
                membership=request.membership,
                by=request.user,
                version=form.cleaned_data["version"],
                source=form.cleaned_data["source"],
                csv_text=form.cleaned_data["csv_file"],
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(
                request,
                f"基準値「{table.version_label}」を登録しました。これからの評価に使います。"
                "これまでの評価結果はそのまま残ります（各事業者の画面から再評価できます）。",
            )
            return redirect(org_reverse(request, "benchmarks:tables"))
    tables = list(domain.tables_for(request.organization.pk).select_related("uploaded_by"))
    status = 200
    if request.method == "POST":  # a POST that gets here was refused
        status = 413 if form.has_error("csv_file", code="too_large") else 400
    return render(
        request,
        "diagnosis/benchmark_tables.html",
        {"tables": tables, "current": tables[0] if tables else None, "form": form},
        status=status,
    )


def table_csv(request, pk):
    table = domain.tables_for(request.organization.pk).filter(pk=pk).first()
    if table is None:
        raise Http404(NOT_FOUND_MESSAGE)
    export = ExportFile(
        safe_filename("ローカルベンチマーク基準値", table.version, extension="csv"),
        "text/csv; charset=utf-8",
        table.csv_text.encode("utf-8-sig"),
    )
    return serve_export(request, export, kind="diagnosis.benchmark_table.csv", obj=table)
