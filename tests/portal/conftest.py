"""Fixtures for the owner portal: an engagement of `company` under way at step ⑥ with the owner and
an employee in its stakeholder map, shared and internal records of every shareable kind."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from banso.core.roles import Role
from banso.core.visibility import Visibility
from tests.engagements.factories import (
    ActionFactory,
    DialogueFactory,
    EngagementFactory,
    IssueNodeFactory,
    StakeholderFactory,
)
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def employee(org, company):
    user = UserFactory(username="employee", full_name="杉浦 美穂")
    MembershipFactory(user=user, organization=org, role=Role.EMPLOYEE, company=company)
    return user


@pytest.fixture
def portal_world(company, supporter, owner, employee, foreign_company, outsider):
    """Shared and internal records of `company`'s engagement; a shared action of another company."""
    w = type("PortalWorld", (), {})()
    today = timezone.localdate()
    w.engagement = EngagementFactory(company=company, status="active", step=6, started_on=dt.date(2026, 4, 1))
    w.owner_person = StakeholderFactory(engagement=w.engagement, name="丸山 浩二", role="owner", user=owner)
    w.employee_person = StakeholderFactory(
        engagement=w.engagement, name="杉浦 美穂", role="employee", title="品質リーダー", user=employee
    )
    w.shared_action = ActionFactory(
        engagement=w.engagement, owner=w.owner_person, what="主要10品目の原価を計算する", due_on=today
    )
    w.employee_action = ActionFactory(
        engagement=w.engagement, owner=w.employee_person, what="朝礼で不良件数を共有する", due_on=today
    )
    w.internal_action = ActionFactory(
        engagement=w.engagement,
        owner=w.owner_person,
        what="専務との関係を探る（支援者メモ）",
        visibility=Visibility.INTERNAL,
    )
    w.agreed_root = IssueNodeFactory(
        engagement=w.engagement,
        kind="root",
        text="経営が数字で見える化されていない",
        agreed_on=dt.date(2026, 5, 25),
    )
    w.unagreed_root = IssueNodeFactory(engagement=w.engagement, kind="root", text="創業家と古参幹部の関係")
    w.internal_root = IssueNodeFactory(
        engagement=w.engagement,
        kind="root",
        text="社長が権限を手放せない",
        agreed_on=dt.date(2026, 6, 1),
        visibility=Visibility.INTERNAL,
    )
    w.surface = IssueNodeFactory(engagement=w.engagement, kind="surface", text="利益が出ない")
    w.shared_dialogue = DialogueFactory(
        engagement=w.engagement,
        title="第1回 タスクチーム",
        listening_notes="傾聴メモ: 社長は専務を信頼していない様子",
        agreements="3つのアクションを1か月試す",
        next_steps="次回、数字の変化を確認する",
    )
    w.internal_dialogue = DialogueFactory(
        engagement=w.engagement,
        title="専務との個別面談",
        agreements="専務の不満は社長に伝えない",
        visibility=Visibility.INTERNAL,
    )
    w.foreign_engagement = EngagementFactory(company=foreign_company, status="active", step=6)
    w.foreign_action = ActionFactory(engagement=w.foreign_engagement, what="他社のアクション")
    return w


def portal_url(org, name, **kwargs):
    return reverse(f"portal:{name}", kwargs={"org": org.slug, **kwargs})
