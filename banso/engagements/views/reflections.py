"""The supervisor's view of reflections across the organization's team (形式知化 of the craft):
per advisor averages on the three elements and the recent reflections. 管理者 only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from banso.core.roles import is_org_admin
from banso.engagements import queries
from banso.engagements.engines import guideline as g

ADMIN_ONLY_MESSAGE = "チームの振り返りを見られるのは管理者だけです。"


def team_reflections(request):
    membership = request.membership
    if not is_org_admin(membership):
        raise PermissionDenied(ADMIN_ONLY_MESSAGE)
    return render(
        request,
        "engagements/reflections/team.html",
        {
            "summaries": queries.reflection_summary(membership),
            "recent": list(queries.recent_reflections(membership)),
            "elements": g.ELEMENTS,
            "levels": g.REFLECTION_RATING_CHOICES,
        },
    )
