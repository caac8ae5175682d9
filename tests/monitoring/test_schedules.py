"""Public programmes: an early_plan / plan_405 engagement's monitoring schedule (rule, due points),
monitorings recorded as done with their report and fee (caps), the organization's 報告予定 list (due in
30 days, overdue) under the access rule, the company page, and the `monitoring_due` command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from banso.core.models import ActivityLog
from banso.monitoring.domain import schedules as domain
from banso.monitoring.models import MonitoringDue, MonitoringReport
from tests.engagements.factories import EngagementFactory
from tests.monitoring.factories import make_plan

pytestmark = pytest.mark.django_db

FY_END = dt.date(2027, 3, 31)


def make_405(company, supporter, **kwargs):
    engagement = EngagementFactory(company=company, kind="plan_405", lead_supporter=supporter)
    return domain.create_schedule(
        company, by=supporter, engagement_id=engagement.pk, plan_fiscal_year_end=FY_END, **kwargs
    )


def dues(schedule):
    return [(d.due_on, d.kind) for d in schedule.dues.order_by("due_on")]


def test_plan_405_has_every_closing_and_interim_point_for_three_years(supporter, company):
    schedule = make_405(company, supporter, interim_months=[9])
    assert schedule.programme == "plan_405" and schedule.years == 3
    assert dues(schedule) == [
        (dt.date(2026, 10, 31), "interim"),
        (dt.date(2027, 5, 31), "fiscal_year_end"),
        (dt.date(2027, 10, 31), "interim"),
        (dt.date(2028, 5, 31), "fiscal_year_end"),
        (dt.date(2028, 10, 31), "interim"),
        (dt.date(2029, 5, 31), "fiscal_year_end"),
    ]
    assert schedule.fee_caps["monitoring_total"] == 1_500_000
    assert ActivityLog.objects.filter(code="monitoring.schedule.created", company_id=company.pk).exists()


def test_only_programme_engagements_of_the_company_get_a_schedule(supporter, company, foreign_company):
    process = EngagementFactory(company=company, kind="process")
    with pytest.raises(ValidationError) as info:
        domain.create_schedule(company, by=supporter, engagement_id=process.pk, plan_fiscal_year_end=FY_END)
    assert "早期経営改善計画または経営改善計画（405事業）" in info.value.message_dict["engagement_id"][0]
    foreign = EngagementFactory(company=foreign_company, kind="plan_405")
    with pytest.raises(ValidationError):
        domain.create_schedule(company, by=supporter, engagement_id=foreign.pk, plan_fiscal_year_end=FY_END)
    assert not MonitoringDue.objects.exists()


def test_changing_the_rule_keeps_done_points(supporter, company):
    schedule = make_405(company, supporter, interim_months=[9])
    first = schedule.dues.order_by("due_on").first()
    domain.record_done(
        first,
        by=supporter,
        version=first.version,
        done_on=dt.date(2026, 10, 20),
        report_id=None,
        fee_yen=None,
    )
    schedule = domain.update_schedule(
        schedule,
        by=supporter,
        version=schedule.version,
        plan_fiscal_year_end=FY_END,
        interim_months=[],
        years=2,
    )
    assert dues(schedule) == [
        (dt.date(2026, 10, 31), "interim"),  # done: kept although the rule has no 期中 point now
        (dt.date(2027, 5, 31), "fiscal_year_end"),
        (dt.date(2028, 5, 31), "fiscal_year_end"),
    ]


def _issued_report(company, by):
    version = make_plan(company, by=by)
    return MonitoringReport.objects.create(
        company=company,
        from_month=dt.date(2026, 4, 1),
        to_month=dt.date(2027, 3, 1),
        plan_version=version,
        status="issued",
        issued_at=timezone.now(),
        issued_by=by,
        created_by=by,
    )


def test_done_with_report_and_fee_within_the_cap(supporter, company):
    engagement = EngagementFactory(company=company, kind="early_plan")
    schedule = domain.create_schedule(
        company, by=supporter, engagement_id=engagement.pk, plan_fiscal_year_end=FY_END
    )
    (due,) = schedule.dues.all()
    assert (due.due_on, due.kind) == (dt.date(2027, 5, 31), "fiscal_year_end")
    report = _issued_report(company, supporter)
    with pytest.raises(ValidationError) as info:
        domain.record_done(
            due,
            by=supporter,
            version=due.version,
            done_on=dt.date(2027, 5, 20),
            report_id=report.pk,
            fee_yen=60_000,
        )
    assert info.value.message_dict["fee_yen"] == [
        "決算期のモニタリング費用60,000円が上限50,000円を超えています。"
    ]
    done = domain.record_done(
        due,
        by=supporter,
        version=due.version,
        done_on=dt.date(2027, 5, 20),
        report_id=report.pk,
        fee_yen=50_000,
    )
    assert (done.done_on, done.report_id, done.fee_yen) == (dt.date(2027, 5, 20), report.pk, 50_000)


def test_a_draft_or_foreign_report_is_refused(supporter, company, foreign_company, outsider):
    schedule = make_405(company, supporter)
    due = schedule.dues.first()
    foreign_report = _issued_report(foreign_company, outsider)
    with pytest.raises(ValidationError) as info:
        domain.record_done(
            due,
            by=supporter,
            version=due.version,
            done_on=dt.date(2027, 5, 1),
            report_id=foreign_report.pk,
            fee_yen=None,
        )
    assert "report" in info.value.message_dict
    due.refresh_from_db()
    assert due.done_on is None


def test_organization_list_has_due_soon_and_overdue_under_the_access_rule(
    supporter, colleague, admin_user, company, other_company
):
    make_405(company, supporter, interim_months=[9])
    other = EngagementFactory(company=other_company, kind="early_plan")
    domain.create_schedule(
        other_company, by=admin_user, engagement_id=other.pk, plan_fiscal_year_end=dt.date(2026, 8, 31)
    )
    # other_company's closing point: 2026-10-31; company's interim point: 2026-10-31 too
    today = dt.date(2026, 11, 10)
    soon, late = domain.organization_dues(_membership(admin_user), today=today)
    assert {d.schedule.company for d in late} == {company, other_company}
    assert soon == []
    soon, late = domain.organization_dues(_membership(supporter), today=today)
    assert {d.schedule.company for d in late} == {company}  # not assigned to other_company
    soon, late = domain.organization_dues(_membership(colleague), today=today)
    assert (soon, late) == ([], [])
    soon, late = domain.organization_dues(_membership(supporter), today=dt.date(2026, 10, 15))
    assert [(d.due_on, d.kind) for d in soon] == [(dt.date(2026, 10, 31), "interim")] and late == []


def _membership(user):
    from banso.orgs.models import Membership

    return Membership.objects.get(user=user)


def test_due_list_page_and_company_page(login, admin_user, outsider, foreign_org, supporter, company):
    schedule = make_405(company, supporter, interim_months=[9])
    first = schedule.dues.order_by("due_on").first()
    MonitoringDue.objects.filter(pk=first.pk).update(due_on=timezone.localdate() + dt.timedelta(days=5))
    url = reverse("monitoring_org:due_list", kwargs={"org": company.organization.slug})
    page = login(admin_user).get(url).content.decode()
    assert 'data-testid="due-soon"' in page and company.name in page
    foreign_url = reverse("monitoring_org:due_list", kwargs={"org": foreign_org.slug})
    assert company.name not in login(outsider).get(foreign_url).content.decode()
    company_page = (
        login(supporter)
        .get(
            reverse(
                "monitoring:schedules", kwargs={"org": company.organization.slug, "company_pk": company.pk}
            )
        )
        .content.decode()
    )
    assert "経営改善計画策定支援（405事業）" in company_page
    assert "モニタリング費用合計 1,500,000円" in company_page
    assert "次の期日" in company_page


def test_schedule_pages_of_another_organization_are_404(login, outsider, supporter, company):
    schedule = make_405(company, supporter)
    due = schedule.dues.first()
    kwargs = {"org": company.organization.slug, "company_pk": company.pk}
    client = login(outsider)
    assert (
        client.get(reverse("monitoring:schedule_edit", kwargs={**kwargs, "pk": schedule.pk})).status_code
        == 404
    )
    assert client.get(reverse("monitoring:due_done", kwargs={**kwargs, "pk": due.pk})).status_code == 404


def test_create_page_creates_the_schedule(login, supporter, company):
    engagement = EngagementFactory(company=company, kind="early_plan")
    response = login(supporter).post(
        reverse(
            "monitoring:schedule_create", kwargs={"org": company.organization.slug, "company_pk": company.pk}
        ),
        {"engagement_id": engagement.pk, "plan_fiscal_year_end": "2027/3/31", "interim_months": ["9"]},
    )
    assert response.status_code == 302
    due_kinds = list(MonitoringDue.objects.order_by("due_on").values_list("due_on", "kind"))
    assert due_kinds == [(dt.date(2026, 10, 31), "interim"), (dt.date(2027, 5, 31), "fiscal_year_end")]


def test_command_prints_overdue_and_due_soon(supporter, company):
    make_405(company, supporter, interim_months=[9])
    out = StringIO()
    call_command("monitoring_due", "--today", "2026-11-10", "--days", "30", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("期限超過\t2026-10-31\t")
    assert company.name in lines[0] and "期中" in lines[0]
    assert lines[-1] == "期限超過 1件、30日以内 0件"
