"""Company pages: list, create, the hub (概要), edit, delete, history. Thin: rules live in domain.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from banso.companies import domain, queries
from banso.companies.engines.industries import INDUSTRIES, industry_label
from banso.companies.forms import CompanyForm
from banso.companies.history import company_history
from banso.companies.permissions import (
    may_assign_supporters,
    may_create_company,
    may_delete_company,
    sees_all_companies,
)
from banso.core.access import NOT_ALLOWED_MESSAGE, may_change
from banso.core.company_columns import column_cells, column_filters, company_columns
from banso.core.errors import ConflictError, DomainError
from banso.core.forms import add_domain_errors
from banso.core.pagination import PAGE_SIZE, BoundedPaginator, page_number, parse_id
from banso.core.urls import org_reverse

# The rows of the company list reachable page by page (400 pages): beyond them OFFSET would grow with
# the organization (issue 10); the page states the full count and asks to narrow the list instead.
LIST_MAX_ROWS = 10_000


def company_list(request):
    membership = request.membership
    visible = queries.companies_for(membership)
    text = request.GET.get("q", "").strip()
    selected_industries = [c for c in request.GET.getlist("industry") if c in INDUSTRIES]
    supporter_id = parse_id(request.GET.get("supporter"))
    supporter_name = request.GET.get("supporter_name", "").strip()[: queries.SUPPORTER_NAME_MAX]
    sort = request.GET.get("sort", queries.DEFAULT_SORT)
    results = queries.search_companies(
        visible,
        text=text,
        industries=selected_industries,
        supporter_id=supporter_id,
        supporter_name=supporter_name,
        sort=sort,
    ).prefetch_related("supporters")
    # Filters other areas offer (core.company_columns): the lists behind the portfolio's numbers.
    extra_filters = column_filters(membership, request.GET)
    for condition, _label, _param in extra_filters:
        results = results.filter(condition)
    visible_total = visible.count()
    paginator = BoundedPaginator(results, PAGE_SIZE, max_rows=LIST_MAX_ROWS)
    if not (text or selected_industries or supporter_id or supporter_name or extra_filters):
        paginator.count = visible_total  # the unfiltered list: the same rows, counted once
    page = paginator.get_page(page_number(request.GET.get("page")))
    page.object_list = list(page.object_list)
    columns = company_columns(membership)
    cells = column_cells(request, columns, [c.pk for c in page.object_list])
    for company in page.object_list:
        company.column_cells = [(column, cells[column.key].get(company.pk)) for column in columns]
    industry_counts = visible.values("industry_code").annotate(n=Count("id")).order_by("industry_code")
    supporter_filters = selected_supporter_label = None
    if sees_all_companies(membership):
        supporter_filters = queries.supporter_filter_options(request.organization)
        if supporter_filters is None and supporter_id:
            chosen = queries.assignable_supporters(request.organization).filter(pk=supporter_id).first()
            selected_supporter_label = chosen.display_name if chosen else None
    context = {
        "supporter_filters": supporter_filters,
        "selected_supporter_label": selected_supporter_label,
        "page": page,
        "columns": columns,
        "extra_filters": [
            {"label": label, "remove_url": _without(request.GET, param)} for _q, label, param in extra_filters
        ],
        "total": page.paginator.count,
        "visible_total": visible_total,
        "text": text,
        "sort": sort,
        "selected_industries": selected_industries,
        "industry_filters": [
            {"code": row["industry_code"], "label": industry_label(row["industry_code"]), "count": row["n"]}
            for row in industry_counts
        ],
        "show_supporter_filter": sees_all_companies(membership),
        "selected_supporter": supporter_id,
        "supporter_name": supporter_name,
        "can_create": may_create_company(membership),
    }
    template = "companies/_list_results.html" if request.htmx and request.htmx.target == "results" else None
    response = render(request, template or "companies/list.html", context)
    response["Vary"] = "HX-Request"
    return response


def _without(params, name: str) -> str:
    """The list's query string without one parameter (and the page number)."""
    rest = params.copy()
    rest.pop(name, None)
    rest.pop("page", None)
    return f"?{rest.urlencode()}"


@require_http_methods(["GET", "POST"])
def company_create(request):
    membership = request.membership
    if not may_create_company(membership):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    can_assign = may_assign_supporters(membership)
    form = CompanyForm(request.POST or None, organization=request.organization, can_assign=can_assign)
    if request.method == "POST" and form.is_valid():
        try:
            company = domain.create_company(
                membership=membership,
                by=request.user,
                supporters=form.cleaned_data["supporters"] if can_assign else None,
                **form.domain_fields(),
            )
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, f"「{company.name}」を登録しました。")
            return redirect(org_reverse(request, "companies:detail", pk=company.pk))
    return render(request, "companies/form.html", {"form": form, "creating": True})


def company_detail(request, pk):
    company = queries.visible_company_or_404(request.membership, pk)
    return render(
        request,
        "companies/detail.html",
        {
            "company": company,
            "tab": "overview",
            "can_change": may_change(request.membership, company),
            "can_delete": may_delete_company(request.membership),
        },
    )


@require_http_methods(["GET", "POST"])
def company_edit(request, pk):
    company = queries.changeable_company_or_404(request.membership, pk)
    can_assign = may_assign_supporters(request.membership)
    form = CompanyForm(
        request.POST or None, instance=company, organization=request.organization, can_assign=can_assign
    )
    conflicts = []
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_company(
                company,
                membership=request.membership,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                supporters=form.cleaned_data["supporters"] if can_assign else None,
                **form.domain_fields(),
            )
        except ConflictError as exc:
            # Keep what the user typed, show what the other person saved, and let a second
            # save (now knowingly) apply on top of the current version.
            current = queries.visible_company_or_404(request.membership, company.pk)
            conflicts = form.differences_from(current)
            form = form.rebound_to_version(current.version)
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "事業者の情報を保存しました。")
            return redirect(org_reverse(request, "companies:detail", pk=company.pk))
    return render(
        request,
        "companies/form.html",
        {"form": form, "company": company, "creating": False, "conflicts": conflicts},
    )


@require_http_methods(["GET", "POST"])
def company_delete(request, pk):
    company = queries.visible_company_or_404(request.membership, pk)
    if not may_delete_company(request.membership):  # refuse before showing the confirmation page
        raise PermissionDenied(domain.DELETE_NOT_ALLOWED)
    error = None
    if request.method == "POST":
        name = company.name
        try:
            domain.delete_company(company, membership=request.membership, by=request.user)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"「{name}」を削除しました。")
            return redirect(org_reverse(request, "companies:list"))
    return render(request, "companies/confirm_delete.html", {"company": company, "error": error})


def company_history_view(request, pk):
    company = queries.visible_company_or_404(request.membership, pk)
    return render(
        request,
        "companies/history.html",
        {
            "company": company,
            "tab": "history",
            "entries": company_history(company, support_side=not request.membership.is_company_side),
        },
    )
