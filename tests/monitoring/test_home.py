"""The モニタリング tab's home page: plans, latest actuals month, the empty state; tenancy."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from banso.monitoring.models import MonthlyActual
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db


def home_url(company):
    return reverse("monitoring:home", kwargs={"org": company.organization.slug, "company_pk": company.pk})


def test_empty_state_says_what_to_do_first(login, supporter, company):
    response = login(supporter).get(home_url(company))
    assert response.status_code == 200
    page = response.content.decode()
    assert "計画を登録する" in page
    assert "まだ月次実績がありません" in page
    assert 'aria-current="page">モニタリング</a>' in page


def test_lists_plans_with_current_version_and_latest_actual_month(login, viewer, company):
    make_plan(company, title="第二創業の改善計画", start=dt.date(2025, 4, 1), years=3)
    MonthlyActual.objects.create(company=company, month=dt.date(2025, 4, 1), line="net_sales", amount=1)
    MonthlyActual.objects.create(company=company, month=dt.date(2025, 6, 1), line="net_sales", amount=1)
    page = login(viewer).get(home_url(company)).content.decode()
    assert "第二創業の改善計画" in page
    assert "第1版" in page
    assert "2026年3月期〜2028年3月期" in page
    assert '<strong data-testid="latest-actual-month">2025年6月</strong>' in page


def test_another_organizations_user_gets_404(login, outsider, company):
    make_plan(company, title="秘密の計画")
    response = login(outsider).get(home_url(company))
    assert response.status_code == 404
    assert "秘密の計画" not in response.content.decode()


def test_unassigned_supporter_of_the_same_organization_gets_404(login, colleague, company):
    assert login(colleague).get(home_url(company)).status_code == 404
