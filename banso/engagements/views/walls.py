"""The five walls (自己変革を妨げる5つの壁): the latest ratings in words, a chart of how each wall
moved, the list of dated assessments, and the assessment form."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from banso.core.chart_cache import cached_chart
from banso.core.charts import svg_data_uri
from banso.core.urls import org_reverse
from banso.engagements import domain, queries
from banso.engagements.domain._common import today
from banso.engagements.engines import guideline as g
from banso.engagements.engines.charts import wall_chart
from banso.engagements.forms.walls import WallAssessmentForm
from banso.engagements.models import WallAssessment
from banso.engagements.views._common import engagement_context, load_child, load_engagement, saved, submit


def _walls_url(request, engagement):
    return org_reverse(
        request, "engagements:walls", company_pk=engagement.company_id, engagement_pk=engagement.pk
    )


def walls(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    assessments = list(queries.wall_assessments_of(engagement))
    chart = None
    if len(assessments) >= 2:
        # The chart's inputs: each assessment's date and five ratings (engines/charts.wall_chart).
        values = [(a.assessed_on, *(getattr(a, w.key) for w in g.WALLS)) for a in assessments]
        chart = cached_chart("walls", values, lambda: svg_data_uri(wall_chart(assessments)))
    return render(
        request,
        "engagements/walls/list.html",
        engagement_context(
            request,
            company,
            engagement,
            "walls",
            assessments=list(reversed(assessments)),
            ratings=queries.latest_wall_ratings(assessments),
            latest=assessments[-1] if assessments else None,
            chart=chart,
            walls=g.WALLS,
            levels=g.WALL_LEVEL_CHOICES,
        ),
    )


@require_http_methods(["GET", "POST"])
def wall_create(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    previous = domain.latest_wall_assessment(engagement)
    form = WallAssessmentForm(request.POST or None, today=today(), previous=previous)
    return submit(
        form,
        lambda data: domain.record_wall_assessment(engagement, by=request.user, **form.domain_fields()),
        done=lambda _: saved(request, "5つの壁の評価を記録しました。", _walls_url(request, engagement)),
        page=lambda: _form_page(request, company, engagement, form=form, previous=previous),
    )


@require_http_methods(["GET", "POST"])
def wall_edit(request, company_pk, engagement_pk, assessment_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk, change=True)
    assessment = load_child(WallAssessment.objects.all(), request, engagement, change=True, pk=assessment_pk)
    form = WallAssessmentForm(request.POST or None, today=today(), assessment=assessment)
    return submit(
        form,
        lambda data: domain.update_wall_assessment(
            assessment, by=request.user, expected_version=data["version"], **form.domain_fields()
        ),
        done=lambda _: saved(request, "5つの壁の評価を修正しました。", _walls_url(request, engagement)),
        page=lambda: _form_page(request, company, engagement, form=form, assessment=assessment),
    )


def _form_page(request, company, engagement, **extra):
    return render(
        request,
        "engagements/walls/form.html",
        engagement_context(request, company, engagement, "walls", **extra),
    )
