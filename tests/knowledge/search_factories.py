"""Published cases for the search and similar-case tests (rows written directly, as if published)."""

import datetime as dt

import factory

from banso.knowledge.models import PublishedCase
from tests.factories import OrganizationFactory


def walls(**levels):
    """Wall rows as a case stores them: {key, label, start, now}."""
    return [{"key": k, "label": k, "start": v, "now": max(v - 1, 0)} for k, v in levels.items()]


class PublishedCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublishedCase

    organization = factory.SubFactory(OrganizationFactory)
    scope = "organization"
    network = None
    published_at = factory.Sequence(lambda n: dt.datetime(2026, 6, 1, tzinfo=dt.UTC) + dt.timedelta(days=n))
    title = factory.Sequence(lambda n: f"事例{n}: 金属加工業の在庫削減")
    industry_code = "0304"
    size = "small"
    prefecture = "神奈川県"
    walls = factory.LazyFunction(lambda: walls(unseen=3, unfaced=2, unexecuted=1))
    surface_issues = "材料の在庫が多い"
    root_issues = "社長が数字を見ておらず、経営の見える化ができていない"
    insights = "「在庫は安心材料だと思っていた」と社長。"
    actions_worked = "月末の棚卸しを毎月にした"
    lessons = "数字を一緒に見る場を先に作る"
    duration_months = 8
    steps_reached = 5
    tags = factory.LazyFunction(lambda: ["在庫", "見える化"])
