"""The engagement's timeline: everything that happened, newest first, filterable by kind, paged."""

from __future__ import annotations

from django.shortcuts import render

from banso.core.pagination import page_number
from banso.engagements.domain.timeline import KINDS, timeline
from banso.engagements.views._common import engagement_context, load_engagement


def timeline_view(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    chosen = [k for k in request.GET.getlist("kind") if k in dict(KINDS)]
    page = timeline(engagement, kinds=chosen or None, page=page_number(request.GET.get("page")))
    context = engagement_context(
        request,
        company,
        engagement,
        "timeline",
        page=page,
        kinds=[{"key": k, "label": label} for k, label in KINDS],
        chosen=chosen,
    )
    template = (
        "engagements/timeline_results.html" if request.htmx and request.htmx.target == "results" else None
    )
    response = render(request, template or "engagements/timeline.html", context)
    response["Vary"] = "HX-Request"
    return response
