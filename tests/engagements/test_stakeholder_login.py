"""Stakeholder ↔ login: a supporter links a company-side user (経営者・従業員) to a person of the
stakeholder map, so an employee sees the actions assigned to them in the portal. Only this company's
active company-side logins may be linked, each to one person per engagement; the link is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from banso.core.models import ActivityLog
from banso.core.roles import Role
from tests.conftest import client_for
from tests.engagements.factories import ActionFactory, EngagementFactory, StakeholderFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(org, company, foreign_company):
    engagement = EngagementFactory(company=company, status="active", step=6)
    employee = UserFactory(username="sugiura", full_name="杉浦 美穂")
    MembershipFactory(user=employee, organization=org, role=Role.EMPLOYEE, company=company)
    other_company_owner = UserFactory(username="other-owner")
    MembershipFactory(
        user=other_company_owner,
        organization=foreign_company.organization,
        role=Role.OWNER,
        company=foreign_company,
    )
    person = StakeholderFactory(engagement=engagement, name="杉浦 美穂", role="employee")
    other_person = StakeholderFactory(engagement=engagement, name="丸山 専務", role="executive")
    action = ActionFactory(engagement=engagement, owner=person, what="朝礼で不良件数を共有する")
    return engagement, employee, other_company_owner, person, other_person, action


def edit_url(org, engagement, person):
    return reverse(
        "engagements:stakeholder_edit",
        kwargs={
            "org": org.slug,
            "company_pk": engagement.company_id,
            "engagement_pk": engagement.pk,
            "stakeholder_pk": person.pk,
        },
    )


def form_data(person, **extra):
    return {
        "name": person.name,
        "role": person.role,
        "title": person.title,
        "stance": person.stance,
        "influence": person.influence,
        "concerns": person.concerns,
        "note": person.note,
        "version": person.version,
        **extra,
    }


def test_supporter_links_an_employee_who_then_sees_their_action(org, supporter, people):
    engagement, employee, _, person, _, _action = people
    portal = reverse("portal:actions", kwargs={"org": org.slug})
    assert "朝礼で不良件数を共有する" not in client_for(employee).get(portal).content.decode()

    page = client_for(supporter).get(edit_url(org, engagement, person))
    assert "杉浦 美穂" in page.content.decode() and "Banso のログイン" in page.content.decode()
    response = client_for(supporter).post(
        edit_url(org, engagement, person), form_data(person, user=employee.pk)
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == employee and person.version == 2
    entry = ActivityLog.objects.get(code="engagement.stakeholder.login_linked")
    assert entry.data["new"] == employee.pk and entry.actor == supporter
    assert "朝礼で不良件数を共有する" in client_for(employee).get(portal).content.decode()


def test_only_this_companys_company_side_logins_can_be_linked(org, supporter, admin_user, people):
    engagement, _employee, other_company_owner, person, _other_person, _ = people
    client = client_for(supporter)
    for user in (admin_user, other_company_owner):
        response = client.post(edit_url(org, engagement, person), form_data(person, user=user.pk))
        assert response.status_code == 200  # the form again, with its error
        person.refresh_from_db()
        assert person.user is None and person.version == 1


def test_one_login_links_to_one_person_of_the_engagement(org, supporter, people):
    from banso.engagements.domain.stakeholders import update_stakeholder

    _engagement, employee, _, person, other_person, _ = people
    update_stakeholder(person, by=supporter, expected_version=1, user=employee)
    with pytest.raises(Exception) as refused:
        update_stakeholder(other_person, by=supporter, expected_version=1, user=employee)
    assert "すでにリンク" in str(refused.value)
    other_person.refresh_from_db()
    assert other_person.user is None
