"""Walks every URL pattern and every API operation with each role and with another organization's user.

A new URL or API operation that is not listed here fails `test_every_url_is_in_the_matrix`, so the
access rule is checked for everything the app exposes (pretix's test_permissions.py is the model).

Actors (see tests/conftest.py): admin (管理者), supporter (assigned to `company`), colleague (支援者 of the
same organization, not assigned), viewer (閲覧者), owner (経営者 of `company`), outsider (支援者 of
another organization), anonymous.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from banso.api.api import api
from banso.diagnosis.models import BenchmarkTable
from banso.orgs.domain import create_api_token
from banso.orgs.models import Membership
from tests.conftest import client_for
from tests.diagnosis.factories import (
    PREVIOUS_YEAR,
    make_design_sheet,
    make_non_financial_sheet,
    make_statement,
)

ACTORS = ("admin", "supporter", "colleague", "viewer", "owner", "outsider", "anonymous")
# What each actor gets for a page about `company` (read), and for changing it (write).
COMPANY_READ = {
    "admin": 200,
    "supporter": 200,
    "colleague": 404,
    "viewer": 200,
    "owner": 200,
    "outsider": 404,
}
COMPANY_WRITE = {
    "admin": 200,
    "supporter": 200,
    "colleague": 404,
    "viewer": 403,
    "owner": 403,
    "outsider": 404,
}
ADMIN_ONLY = {"admin": 200, "supporter": 403, "colleague": 404, "viewer": 403, "owner": 403, "outsider": 404}
ANY_MEMBER = {"admin": 200, "supporter": 200, "colleague": 200, "viewer": 200, "owner": 200, "outsider": 404}
ORG_ADMIN_PAGE = {
    "admin": 200,
    "supporter": 403,
    "colleague": 403,
    "viewer": 403,
    "owner": 403,
    "outsider": 404,
}
CAN_CREATE = {"admin": 200, "supporter": 200, "colleague": 200, "viewer": 403, "owner": 403, "outsider": 404}


@dataclass
class Page:
    """One URL pattern: its kwargs (from the world) and the expected GET status per actor.

    `company_scoped` pages are also requested by the outsider under their own organization's URL
    (so the 404 is proven for the object, not only for the organization prefix).
    `post` lists expected POST statuses for actors that must be refused (nothing may change).
    """

    kwargs: callable = lambda w: {}
    get: dict = field(default_factory=dict)
    post: dict = field(default_factory=dict)
    org_scoped: bool = True
    company_scoped: bool = False


REFUSE_WRITE = {"colleague": 404, "viewer": 403, "owner": 403, "outsider": 404}


def _company_kwargs(w):
    return {"company_pk": w.company.pk}


def _statement_kwargs(w):
    return {"company_pk": w.company.pk, "fiscal_year": w.statement.fiscal_year}


def _gap_kwargs(w):
    import datetime as dt

    from banso.monitoring.models import Gap

    gap, _ = Gap.objects.get_or_create(company=w.company, line="net_sales", month=dt.date(2025, 5, 1))
    return {"company_pk": w.company.pk, "gap_pk": gap.pk}


def _plan_kwargs(w, **extra):
    return {"company_pk": w.company.pk, "pk": w.plan_version.plan_id, **extra}


def _sheet_kwargs(w):
    return {"company_pk": w.company.pk, "pk": w.sheet.pk}


def _design_kwargs(w):
    return {"company_pk": w.company.pk, "pk": w.design_sheet.pk}


def _report_kwargs(w, which):
    return {"company_pk": w.company.pk, "pk": w.monitoring_reports[which].pk}


# The owner portal is the company side's own: for everyone else its URLs do not exist.
PORTAL_PAGE = {"admin": 404, "supporter": 404, "colleague": 404, "viewer": 404, "owner": 200, "outsider": 404}
REFUSE_ADMIN_ONLY = {"supporter": 403, "colleague": 404, "viewer": 403, "owner": 403, "outsider": 404}
# --- engagements (execution side) ---
# The organization's directory of support bodies: its support-side members; the company's people 404.
DIRECTORY_READ = {
    "admin": 200,
    "supporter": 200,
    "colleague": 200,
    "viewer": 200,
    "owner": 404,
    "outsider": 404,
}
DIRECTORY_WRITE = {
    "admin": 200,
    "supporter": 200,
    "colleague": 200,
    "viewer": 403,
    "owner": 404,
    "outsider": 404,
}
REFUSE_DIRECTORY_WRITE = {"viewer": 403, "owner": 404, "outsider": 404}

# --- engagements (process side) ---
# Pages that only accept POST check access first (foreign 404, read-only 403), then answer GET with 405.
# The engagements area is the support side's working record: company-side users get 404 throughout.
ENGAGEMENT_READ = COMPANY_READ | {"owner": 404}
ENGAGEMENT_WRITE = COMPANY_WRITE | {"owner": 404}
REFUSE_ENGAGEMENT_WRITE = REFUSE_WRITE | {"owner": 404}
POST_ONLY = ENGAGEMENT_WRITE | {"admin": 405, "supporter": 405}
# The advisor's own assessments (suitability, reflections): company-side users never see them.
SUPPORT_SIDE_READ = COMPANY_READ | {"owner": 404}
REFUSE_SUPPORT_SIDE_WRITE = REFUSE_WRITE | {"owner": 404}


def _company_kw(w):
    return {"company_pk": w.company.pk}


def _engagement_kw(w):
    return {"company_pk": w.company.pk, "engagement_pk": w.engagement.pk}


def _dialogue_kw(w):
    return {**_engagement_kw(w), "dialogue_pk": w.dialogue.pk}


def _attachment_kw(w):
    return {**_dialogue_kw(w), "attachment_pk": w.attachment.pk}


def _node_kw(w):
    return {**_engagement_kw(w), "node_pk": w.issue_node.pk}


def _assessment_kw(w):
    return {**_engagement_kw(w), "assessment_pk": w.wall_assessment.pk}


def _stakeholder_kw(w):
    return {**_engagement_kw(w), "stakeholder_pk": w.stakeholder.pk}


def _monitoring_lender(w):
    from banso.monitoring.models import Lender

    lender, _ = Lender.objects.get_or_create(company=w.company, name="みなと地域銀行")
    return lender


def _monitoring_schedule(w):
    import datetime as dt

    from banso.monitoring.models import MonitoringDue, MonitoringSchedule

    schedule, created = MonitoringSchedule.objects.get_or_create(
        engagement_id=w.engagement.pk,
        defaults={
            "company": w.company,
            "programme": "plan_405",
            "plan_fiscal_year_end": dt.date(2027, 3, 31),
        },
    )
    if created:
        MonitoringDue.objects.create(schedule=schedule, due_on=dt.date(2027, 5, 31), kind="fiscal_year_end")
    return schedule


_NOT_ORG_ADMIN = {a: s for a, s in ORG_ADMIN_PAGE.items() if a != "admin"}
MEMBER_OBJECT = {a: 404 for a in ORG_ADMIN_PAGE} | {"admin": 200}
_REFUSE_MEMBER_OBJECT = {a: 404 for a in ORG_ADMIN_PAGE if a != "admin"}


def _member_kw(w):
    return {"pk": Membership.objects.get(user=w.users["supporter"], organization=w.org).pk}


def _branch_kw(w):
    from banso.orgs.models import Branch

    branch, _ = Branch.objects.get_or_create(organization=w.org, name="港北支店")
    return {"pk": branch.pk}


PAGES: dict[str, Page] = {
    "home": Page(org_scoped=False, get={a: 302 for a in ACTORS if a != "anonymous"}),
    "health": Page(org_scoped=False, get={a: 200 for a in ACTORS}),
    "login": Page(org_scoped=False, get={a: 302 for a in ACTORS if a != "anonymous"} | {"anonymous": 200}),
    "logout": Page(org_scoped=False, get={a: 405 for a in ACTORS}),
    "password_change": Page(org_scoped=False, get={a: 200 for a in ACTORS if a != "anonymous"}),
    "password_change_done": Page(org_scoped=False, get={a: 200 for a in ACTORS if a != "anonymous"}),
    "two_factor": Page(org_scoped=False, get={a: 200 for a in ACTORS if a != "anonymous"}),
    "two_factor_setup": Page(org_scoped=False, get={a: 200 for a in ACTORS if a != "anonymous"}),
    "two_factor_verify": Page(org_scoped=False, get={a: 302 for a in ACTORS if a != "anonymous"}),
    "two_factor_disable": Page(org_scoped=False, get={a: 405 for a in ACTORS if a != "anonymous"}),
    "orgs:home": Page(get={a: 302 for a in ANY_MEMBER} | {"outsider": 404}),
    "orgs:api_tokens": Page(get=ANY_MEMBER),
    "orgs:activity": Page(get=ORG_ADMIN_PAGE),
    "orgs:settings": Page(get=ORG_ADMIN_PAGE, post={a: s for a, s in ORG_ADMIN_PAGE.items() if a != "admin"}),
    "orgs:api_token_revoke": Page(
        kwargs=lambda w: {"pk": w.supporter_token.pk},
        # Only its owner may revoke a token: for anyone else it does not exist, whatever the method.
        get={a: 404 for a in ANY_MEMBER} | {"supporter": 405},
        post={"admin": 404, "colleague": 404, "viewer": 404, "owner": 404, "outsider": 404},
    ),
    # --- members (管理者 only; a member or branch record does not exist for anyone else) ---
    "orgs:members": Page(get=ORG_ADMIN_PAGE),
    "orgs:member_invite": Page(get=ORG_ADMIN_PAGE, post=_NOT_ORG_ADMIN),
    "orgs:member_assign": Page(get=ORG_ADMIN_PAGE, post=_NOT_ORG_ADMIN),
    "orgs:branches": Page(get=ORG_ADMIN_PAGE, post=_NOT_ORG_ADMIN),
    "orgs:member_edit": Page(kwargs=_member_kw, get=MEMBER_OBJECT, post=_REFUSE_MEMBER_OBJECT),
    "orgs:member_handover": Page(kwargs=_member_kw, get=MEMBER_OBJECT, post=_REFUSE_MEMBER_OBJECT),
    "orgs:member_deactivate": Page(
        kwargs=_member_kw, get=MEMBER_OBJECT | {"admin": 405}, post=_REFUSE_MEMBER_OBJECT
    ),
    "orgs:member_reactivate": Page(
        kwargs=_member_kw, get=MEMBER_OBJECT | {"admin": 405}, post=_REFUSE_MEMBER_OBJECT
    ),
    "orgs:member_resend": Page(
        kwargs=_member_kw, get=MEMBER_OBJECT | {"admin": 405}, post=_REFUSE_MEMBER_OBJECT
    ),
    "orgs:branch_edit": Page(kwargs=_branch_kw, get=MEMBER_OBJECT, post=_REFUSE_MEMBER_OBJECT),
    "orgs:branch_delete": Page(
        kwargs=_branch_kw, get=MEMBER_OBJECT | {"admin": 405}, post=_REFUSE_MEMBER_OBJECT
    ),
    # The invitation link needs no sign-in; an unknown, used or expired one is 410 for everyone.
    "accept_invitation": Page(
        org_scoped=False, kwargs=lambda w: {"pk": 1, "token": "abc-def"}, get={a: 410 for a in ACTORS}
    ),
    "companies:list": Page(get=ANY_MEMBER),
    "companies:create": Page(get=CAN_CREATE, post={"viewer": 403, "owner": 403, "outsider": 404}),
    "companies:detail": Page(kwargs=lambda w: {"pk": w.company.pk}, get=COMPANY_READ, company_scoped=True),
    "companies:edit": Page(
        kwargs=lambda w: {"pk": w.company.pk}, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "companies:delete": Page(
        kwargs=lambda w: {"pk": w.company.pk}, get=ADMIN_ONLY, post=REFUSE_ADMIN_ONLY, company_scoped=True
    ),
    "companies:history": Page(kwargs=lambda w: {"pk": w.company.pk}, get=COMPANY_READ, company_scoped=True),
    # --- diagnosis ---
    "diagnosis:local_benchmark": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:local_benchmark_pdf": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:local_benchmark_xlsx": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:reevaluate": Page(
        kwargs=_company_kwargs,
        get=COMPANY_WRITE | {"admin": 405, "supporter": 405},
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "diagnosis:statements": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:statement_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:statement_template": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:statement_import": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:statement_edit": Page(
        kwargs=_statement_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:statement_delete": Page(
        kwargs=_statement_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:sheets": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:sheet_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:sheet_compare": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:sheet_detail": Page(kwargs=_sheet_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:sheet_edit": Page(
        kwargs=_sheet_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:sheet_delete": Page(
        kwargs=_sheet_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:sheet_pdf": Page(kwargs=_sheet_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:sheet_xlsx": Page(kwargs=_sheet_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:designs": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:design_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:design_compare": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:design_detail": Page(kwargs=_design_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:design_edit": Page(
        kwargs=_design_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:design_delete": Page(
        kwargs=_design_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "diagnosis:design_pdf": Page(kwargs=_design_kwargs, get=COMPANY_READ, company_scoped=True),
    "diagnosis:design_xlsx": Page(kwargs=_design_kwargs, get=COMPANY_READ, company_scoped=True),
    # --- monitoring ---
    "monitoring:home": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:actuals": Page(
        kwargs=_company_kwargs, get=COMPANY_READ, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:imports": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:import_preview": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "pk": w.monitoring_import.pk},
        get=COMPANY_READ,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    **{
        f"monitoring:{name}": Page(
            kwargs=lambda w: {"company_pk": w.company.pk, "pk": w.monitoring_import.pk},
            get=COMPANY_WRITE | {"admin": 405, "supporter": 405},
            post=REFUSE_WRITE,
            company_scoped=True,
        )
        for name in ("import_commit", "import_discard")
    },
    "monitoring:account_mapping": Page(
        kwargs=_company_kwargs, get=COMPANY_READ, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:segments_xlsx": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:segment_import": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:segment_import_preview": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "pk": w.segment_import.pk},
        get=COMPANY_READ,
        company_scoped=True,
    ),
    **{
        f"monitoring:{name}": Page(
            kwargs=lambda w: {"company_pk": w.company.pk, "pk": w.segment_import.pk},
            get=COMPANY_WRITE | {"admin": 405, "supporter": 405},
            post=REFUSE_WRITE,
            company_scoped=True,
        )
        for name in ("segment_import_commit", "segment_import_discard")
    },
    "monitoring:report_list": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:report_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:report_detail": Page(
        kwargs=lambda w: _report_kwargs(w, "draft"), get=COMPANY_READ, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:report_refresh": Page(
        kwargs=lambda w: _report_kwargs(w, "draft"),
        get=COMPANY_WRITE | {"admin": 405, "supporter": 405},
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:report_issue": Page(
        kwargs=lambda w: _report_kwargs(w, "draft"),
        get=COMPANY_WRITE | {"admin": 405, "supporter": 405},
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:report_preview": Page(
        kwargs=lambda w: _report_kwargs(w, "draft"), get=COMPANY_READ, company_scoped=True
    ),
    "monitoring:report_pdf": Page(
        kwargs=lambda w: _report_kwargs(w, "issued"), get=COMPANY_READ, company_scoped=True
    ),
    "monitoring:report_xlsx": Page(
        kwargs=lambda w: _report_kwargs(w, "issued"), get=COMPANY_READ, company_scoped=True
    ),
    "monitoring:table": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:review": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:gap_history": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "line": "net_sales"},
        get=COMPANY_READ,
        company_scoped=True,
    ),
    "monitoring:gap_create": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "line": "net_sales", "month": "2025-05"},
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:gap_edit": Page(
        kwargs=_gap_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:meeting_edit": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "month": "2025-05"},
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:thresholds": Page(
        kwargs=_company_kwargs, get=ADMIN_ONLY, post=REFUSE_ADMIN_ONLY, company_scoped=True
    ),
    "monitoring:plan_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:plan_detail": Page(kwargs=_plan_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:version_detail": Page(
        kwargs=lambda w: _plan_kwargs(w, number=1), get=COMPANY_READ, company_scoped=True
    ),
    "monitoring:plan_years": Page(
        kwargs=_plan_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:plan_months": Page(
        kwargs=lambda w: _plan_kwargs(w, fiscal_year=2026),
        get=COMPANY_READ,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:plan_revise": Page(
        kwargs=_plan_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:measure_create": Page(
        kwargs=_plan_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:measure_edit": Page(
        kwargs=lambda w: _plan_kwargs(w, measure_pk=w.measure.pk),
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:measure_delete": Page(
        kwargs=lambda w: _plan_kwargs(w, measure_pk=w.measure.pk),
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:plan_engagement": Page(
        kwargs=_plan_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:cashflow": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:cashflow_terms": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:cashflow_month": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "month": "2026-03"},
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    **{
        f"monitoring:{name}": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True)
        for name in ("next_actions",)
    },
    **{
        f"monitoring:{name}": Page(
            kwargs=_company_kwargs, get=COMPANY_READ, post=REFUSE_WRITE, company_scoped=True
        )
        for name in ("kpis", "segments")
    },
    **{
        f"monitoring:{name}": Page(
            kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
        )
        for name in ("next_action_create", "kpi_create", "segment_create")
    },
    **{
        f"monitoring:{name}": Page(
            kwargs=lambda w, attr=attr: {"company_pk": w.company.pk, "pk": getattr(w, attr).pk},
            get=COMPANY_WRITE,
            post=REFUSE_WRITE,
            company_scoped=True,
        )
        for name, attr in (
            ("next_action_edit", "next_action"),
            ("next_action_review", "next_action"),
            ("next_action_delete", "next_action"),
            ("kpi_edit", "kpi"),
            ("segment_edit", "segment"),
        )
    },
    "monitoring:lender_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:schedules": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
    "monitoring:schedule_create": Page(
        kwargs=_company_kwargs, get=COMPANY_WRITE, post=REFUSE_WRITE, company_scoped=True
    ),
    "monitoring:schedule_edit": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "pk": _monitoring_schedule(w).pk},
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring:due_done": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "pk": _monitoring_schedule(w).dues.first().pk},
        get=COMPANY_WRITE,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    "monitoring_org:due_list": Page(get=ANY_MEMBER),
    "monitoring:lender_schedule": Page(
        kwargs=lambda w: {"company_pk": w.company.pk, "pk": _monitoring_lender(w).pk},
        get=COMPANY_READ,
        post=REFUSE_WRITE,
        company_scoped=True,
    ),
    **{
        f"monitoring:{name}": Page(
            kwargs=lambda w: {"company_pk": w.company.pk, "pk": _monitoring_lender(w).pk},
            get=COMPANY_WRITE,
            post=REFUSE_WRITE,
            company_scoped=True,
        )
        for name in ("lender_edit", "lender_delete")
    },
    "benchmarks:tables": Page(
        get=ANY_MEMBER,
        post={"supporter": 403, "colleague": 403, "viewer": 403, "owner": 403, "outsider": 404},
    ),
    "benchmarks:table_csv": Page(kwargs=lambda w: {"pk": w.benchmark_table.pk}, get=ANY_MEMBER),
    # --- engagements (execution side) ---
    **{
        f"engagements:{name}": Page(kwargs=kwargs, get=ENGAGEMENT_READ, company_scoped=True)
        for name, kwargs in [
            ("action_list", lambda w: w.exec_kwargs()),
            ("action_export", lambda w: w.exec_kwargs()),
            ("referral_list", lambda w: w.exec_kwargs()),
            ("followup_list", lambda w: w.exec_kwargs()),
            ("worklog_xlsx", lambda w: w.exec_kwargs()),
            ("timeline", lambda w: w.exec_kwargs()),
            ("report_pdf", lambda w: w.exec_kwargs()),
        ]
    },
    "engagements:action_detail": Page(
        kwargs=lambda w: w.exec_kwargs(pk=w.exec_action.pk),
        get=ENGAGEMENT_READ,
        post=REFUSE_ENGAGEMENT_WRITE,
        company_scoped=True,
    ),
    **{
        f"engagements:{name}": Page(
            kwargs=kwargs, get=ENGAGEMENT_WRITE, post=REFUSE_ENGAGEMENT_WRITE, company_scoped=True
        )
        for name, kwargs in [
            ("action_create", lambda w: w.exec_kwargs()),
            ("action_edit", lambda w: w.exec_kwargs(pk=w.exec_action.pk)),
            ("action_monthly_review", lambda w: w.exec_kwargs()),
            ("referral_create", lambda w: w.exec_kwargs()),
            ("referral_edit", lambda w: w.exec_kwargs(pk=w.exec_referral.pk)),
            ("followup_create", lambda w: w.exec_kwargs()),
            ("followup_edit", lambda w: w.exec_kwargs(pk=w.exec_follow_up.pk)),
            ("baseline_edit", lambda w: w.exec_kwargs()),
        ]
    },
    "engagements:worklogs": Page(
        kwargs=lambda w: w.exec_kwargs(),
        get=ENGAGEMENT_READ,
        post=REFUSE_ENGAGEMENT_WRITE,
        company_scoped=True,
    ),
    "engagements:worklog_edit": Page(
        kwargs=lambda w: w.exec_kwargs(pk=w.exec_work_log.pk),
        get=ENGAGEMENT_WRITE,
        post=REFUSE_ENGAGEMENT_WRITE,
        company_scoped=True,
    ),
    "engagements:worklog_delete": Page(
        kwargs=lambda w: w.exec_kwargs(pk=w.exec_work_log.pk),
        get={a: 405 for a in ANY_MEMBER} | {"colleague": 404, "outsider": 404, "owner": 404},
        post=REFUSE_ENGAGEMENT_WRITE,
        company_scoped=True,
    ),
    "timesheet:month": Page(get=ANY_MEMBER | {"owner": 404}),
    "timesheet:month_xlsx": Page(get=ANY_MEMBER | {"owner": 404}),
    "engagements:surveys": Page(kwargs=_engagement_kw, get=ENGAGEMENT_READ, company_scoped=True),
    "engagements:survey_create": Page(
        kwargs=_engagement_kw, get=POST_ONLY, post=REFUSE_ENGAGEMENT_WRITE, company_scoped=True
    ),
    "engagements:followup_schedule": Page(
        kwargs=lambda w: w.exec_kwargs(),
        get={a: 405 for a in ANY_MEMBER} | {"colleague": 404, "outsider": 404, "owner": 404},
        post=REFUSE_ENGAGEMENT_WRITE,
        company_scoped=True,
    ),
    "support_bodies:list": Page(get=DIRECTORY_READ),
    "support_bodies:create": Page(get=DIRECTORY_WRITE, post=REFUSE_DIRECTORY_WRITE),
    "support_bodies:add_standard": Page(get=DIRECTORY_WRITE, post=REFUSE_DIRECTORY_WRITE),
    "support_bodies:edit": Page(
        kwargs=lambda w: {"pk": w.exec_body.pk}, get=DIRECTORY_WRITE, post=REFUSE_DIRECTORY_WRITE
    ),
    # --- engagements (process side) ---
    **{
        name: Page(kwargs=kwargs, get=get, post=post, company_scoped=True)
        for name, (kwargs, get, post) in {
            "engagements:list": (_company_kw, ENGAGEMENT_READ, {}),
            "engagements:start": (_company_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:detail": (_engagement_kw, ENGAGEMENT_READ, {}),
            "engagements:edit": (_engagement_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:status": (_engagement_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:step": (lambda w: {**_engagement_kw(w), "step": 1}, ENGAGEMENT_READ, {}),
            "engagements:step_checks": (
                lambda w: {**_engagement_kw(w), "step": 1},
                POST_ONLY,
                REFUSE_ENGAGEMENT_WRITE,
            ),
            "engagements:step_move": (_engagement_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:suitability": (_engagement_kw, SUPPORT_SIDE_READ, REFUSE_SUPPORT_SIDE_WRITE),
            "engagements:decision": (_engagement_kw, POST_ONLY | {"owner": 404}, REFUSE_SUPPORT_SIDE_WRITE),
            "engagements:dialogues": (_engagement_kw, ENGAGEMENT_READ, {}),
            "engagements:dialogue_create": (_engagement_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:dialogue_draft": (_engagement_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:dialogue_draft_discard": (_engagement_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:dialogue_detail": (_dialogue_kw, ENGAGEMENT_READ, {}),
            "engagements:dialogue_edit": (_dialogue_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:dialogue_pdf": (_dialogue_kw, ENGAGEMENT_READ, {}),
            "engagements:attachment_upload": (_dialogue_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:attachment_download": (_attachment_kw, ENGAGEMENT_READ, {}),
            "engagements:attachment_delete": (_attachment_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:reflection": (_dialogue_kw, SUPPORT_SIDE_READ, REFUSE_SUPPORT_SIDE_WRITE),
            "engagements:issues": (_engagement_kw, ENGAGEMENT_READ, {}),
            "engagements:issues_print": (_engagement_kw, ENGAGEMENT_READ, {}),
            "engagements:issue_add": (_engagement_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:issue_edit": (_node_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:issue_root": (_node_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:issue_move": (_node_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:issue_delete": (_node_kw, POST_ONLY, REFUSE_ENGAGEMENT_WRITE),
            "engagements:walls": (_engagement_kw, ENGAGEMENT_READ, {}),
            "engagements:wall_create": (_engagement_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:wall_edit": (_assessment_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:stakeholders": (_engagement_kw, ENGAGEMENT_READ, {}),
            "engagements:stakeholder_create": (_engagement_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
            "engagements:stakeholder_edit": (_stakeholder_kw, ENGAGEMENT_WRITE, REFUSE_ENGAGEMENT_WRITE),
        }.items()
    },
    # --- home: 今日やること (support side), portfolio (管理者・閲覧者), alert settings (管理者) ---
    "home:today": Page(get=ANY_MEMBER | {"owner": 404}),
    "home:portfolio": Page(
        get={"admin": 200, "supporter": 403, "colleague": 403, "viewer": 200, "owner": 404, "outsider": 404}
    ),
    # 「最新の状態に更新」: 管理者・閲覧者, POST only (enqueues the organization's portfolio computation)
    "home:portfolio_refresh": Page(
        get={"admin": 405, "supporter": 403, "colleague": 403, "viewer": 405, "owner": 404, "outsider": 404},
        post={"supporter": 403, "colleague": 403, "owner": 404, "outsider": 404},
    ),
    "home:settings": Page(get=ORG_ADMIN_PAGE, post={a: s for a, s in ORG_ADMIN_PAGE.items() if a != "admin"}),
    # the portfolio's outcomes and the organization's statistics (管理者・閲覧者, like the portfolio)
    **{
        name: Page(
            get={
                "admin": 200,
                "supporter": 403,
                "colleague": 403,
                "viewer": 200,
                "owner": 404,
                "outsider": 404,
            }
        )
        for name in ("home:outcomes", "home:statistics")
    },
    # the owner's satisfaction survey: a wrong, used or expired link is the same 404 page for everyone
    "survey_answer": Page(
        org_scoped=False, kwargs=lambda w: {"token": "abc:def:ghi"}, get={a: 404 for a in ACTORS}
    ),
    "team_reflections": Page(
        get={"admin": 200, "supporter": 403, "colleague": 403, "viewer": 403, "owner": 403, "outsider": 404}
    ),
    # --- the owner portal: the company side only; support-side members and outsiders 404 ---
    "portal:home": Page(get=PORTAL_PAGE),
    "portal:actions": Page(get=PORTAL_PAGE),
    "portal:action": Page(
        kwargs=lambda w: {"pk": w.exec_action.pk},
        get=PORTAL_PAGE,
        post={a: 404 for a in PORTAL_PAGE if a != "owner"},
    ),
    "portal:goals": Page(get=PORTAL_PAGE),
    "portal:figures": Page(get=PORTAL_PAGE, post={a: 404 for a in PORTAL_PAGE if a != "owner"}),
    "portal:documents": Page(get=PORTAL_PAGE),
}

# --- sharing (同意): the company side's ledger and the grantee side's read-only views ---
# The ledger: whoever sees the company (its 経営者 included) reads it; 経営者, 管理者 and the assigned
# 支援者 grant and revoke (a bad form is a 400, a revoke without a version a 302 back: nothing changes).
SHARING_REVOKE_GET = {
    "admin": 405,
    "supporter": 405,
    "colleague": 404,
    "viewer": 403,
    "owner": 405,
    "outsider": 404,
}
# The grantee side: nothing of a company is shared with its own organization (a grant goes to another
# one); company-side users have no grantee pages. The lender's own walk is in tests/sharing.
SHARED_NONE = {a: 404 for a in ("admin", "supporter", "colleague", "viewer", "owner", "outsider")}


def _shared_kwargs(w, **extra):
    return {"company_pk": w.company.pk, **extra}


PAGES.update(
    {
        "sharing:consents": Page(
            kwargs=_company_kwargs,
            get=COMPANY_READ,
            post=REFUSE_WRITE | {"owner": 400},
            company_scoped=True,
        ),
        "sharing:grant_revoke": Page(
            kwargs=lambda w: {"company_pk": w.company.pk, "pk": w.grant.pk},
            get=SHARING_REVOKE_GET,
            post=REFUSE_WRITE | {"owner": 302},
            company_scoped=True,
        ),
        "sharing:grant_document": Page(
            kwargs=lambda w: {"company_pk": w.company.pk, "pk": w.grant.pk},
            get=COMPANY_READ,
            company_scoped=True,
        ),
        "sharing:share_log": Page(kwargs=_company_kwargs, get=COMPANY_READ, company_scoped=True),
        "shared:list": Page(get=ANY_MEMBER | {"owner": 404}),
        "shared:company": Page(kwargs=_shared_kwargs, get=SHARED_NONE, company_scoped=True),
        "shared:scope": Page(
            kwargs=lambda w: _shared_kwargs(w, scope="monitoring_reports"),
            get=SHARED_NONE,
            company_scoped=True,
        ),
        "shared:download": Page(
            kwargs=lambda w: _shared_kwargs(
                w, scope="monitoring_reports", item=f"report-{w.monitoring_reports['issued'].pk}.pdf"
            ),
            get=SHARED_NONE,
            company_scoped=True,
        ),
    }
)

# --- knowledge (事例): the support side reads its organization's cases (and, through a network, the
# network's); drafts are their author's, 管理者's and reviewers' only; the operator's pages are 404 to
# everyone who is not a system operator. The outsider's organization shares the network: its reading
# of network cases is tested in tests/knowledge; here it reaches no draft and no organization-only case.
SUPPORT_SIDE_ANY = {a: 200 for a in ("admin", "supporter", "colleague", "viewer")} | {
    "owner": 404,
    "outsider": 404,
}
DRAFT_OWN = {"admin": 200, "supporter": 200, "colleague": 404, "viewer": 404, "owner": 404, "outsider": 404}
_REFUSE_DRAFT = {a: 404 for a in ("colleague", "viewer", "owner", "outsider")}
NOT_OPERATOR = {a: 404 for a in ACTORS if a != "anonymous"}
CASE_WITHDRAW = {
    "admin": 200,
    "supporter": 403,
    "colleague": 403,
    "viewer": 403,
    "owner": 404,
    "outsider": 404,
}

PAGES.update(
    {
        "knowledge:cases": Page(get=SUPPORT_SIDE_ANY),
        "knowledge:case": Page(
            kwargs=lambda w: {"pk": w.organization_case.pk}, get=SUPPORT_SIDE_ANY, company_scoped=True
        ),
        # 取り下げ: the 管理者 and reviewers of the publishing organization, or the case's author (this
        # case has no draft, so no author); the rest of the support side reads the case but is refused.
        "knowledge:case_withdraw": Page(
            kwargs=lambda w: {"pk": w.organization_case.pk},
            get=CASE_WITHDRAW,
            post={a: s for a, s in CASE_WITHDRAW.items() if a != "admin"},
            company_scoped=True,
        ),
        "knowledge:drafts": Page(get=SUPPORT_SIDE_ANY | {"viewer": 403}),
        "knowledge:draft": Page(
            kwargs=lambda w: {"pk": w.case_draft.pk}, get=DRAFT_OWN, post=_REFUSE_DRAFT, company_scoped=True
        ),
        "knowledge:draft_create": Page(
            kwargs=lambda w: {"engagement_pk": w.engagement.pk},
            get=ENGAGEMENT_WRITE,
            post=REFUSE_ENGAGEMENT_WRITE,
            company_scoped=True,
        ),
        "knowledge:settings": Page(get=ORG_ADMIN_PAGE, post=_NOT_ORG_ADMIN),
        "operator:networks": Page(org_scoped=False, get=NOT_OPERATOR, post=NOT_OPERATOR),
        "operator:network": Page(
            org_scoped=False, kwargs=lambda w: {"pk": w.network.pk}, get=NOT_OPERATOR, post=NOT_OPERATOR
        ),
    }
)


# --- knowledge search: the support side searches; 管理者 add and delete synonym groups ---
SUPPORT_SIDE_PAGE = ANY_MEMBER | {"owner": 404}
SYNONYM_WRITE = {
    "admin": 302,
    "supporter": 403,
    "colleague": 403,
    "viewer": 403,
    "owner": 404,
    "outsider": 404,
}
PAGES.update(
    {
        "knowledge:search": Page(get=SUPPORT_SIDE_PAGE),
        "knowledge:synonyms": Page(
            get=SUPPORT_SIDE_PAGE, post={a: s for a, s in SYNONYM_WRITE.items() if a != "admin"}
        ),
        "knowledge:synonym_delete": Page(
            kwargs=lambda w: {"pk": w.synonym.pk},
            get=SYNONYM_WRITE,
            post={a: s for a, s in SYNONYM_WRITE.items() if a != "admin"},
        ),
    }
)


# --- background jobs: only the member who started one sees it (not even the organization's 管理者) ---
def _job(w, user_key="supporter", org_key="org"):
    from banso.core.models import Job

    user, org = w.users[user_key], getattr(w, org_key)
    job, _ = Job.objects.get_or_create(
        organization_id=org.pk,
        user=user,
        kind="monitoring.accounting_import",
        defaults={"title": "会計データの読み取り", "status": Job.Status.FAILED, "retryable": False},
    )
    return job


JOB_OWNER_ONLY = {a: 404 for a in ("admin", "colleague", "viewer", "owner", "outsider")} | {"supporter": 200}


def _report_job(w):
    """The supporter's finished 支援経過報告書 job of the engagement, with its kept file."""
    from pathlib import Path

    from django.conf import settings
    from django.utils import timezone

    from banso.core.models import Job

    job, _ = Job.objects.get_or_create(
        organization_id=w.org.pk,
        user=w.users["supporter"],
        kind="engagements.progress_report",
        defaults={
            "title": "支援経過報告書の作成",
            "status": Job.Status.SUCCEEDED,
            "company_id": w.company.pk,
            "finished_at": timezone.now(),
            "params": {
                "engagement": w.exec_engagement.pk,
                "_result": {
                    "name": "matrix-report.bin",
                    "filename": "支援経過報告書.pdf",
                    "content_type": "application/pdf",
                    "kind": "engagements.progress_report.pdf",
                    "key": "",
                },
            },
        },
    )
    path = Path(settings.PRIVATE_FILES_ROOT) / "jobs" / "results" / "matrix-report.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 matrix")
    return job


PAGES.update(
    {
        "jobs:detail": Page(kwargs=lambda w: {"pk": _job(w).pk}, get=JOB_OWNER_ONLY),
        "jobs:status": Page(kwargs=lambda w: {"pk": _job(w).pk}, get=JOB_OWNER_ONLY),
        # A job's result file: the member who started it, while they may see its engagement.
        "jobs:download": Page(kwargs=lambda w: {"pk": _report_job(w).pk}, get=JOB_OWNER_ONLY),
        # POST only (405 on GET for the owner); a refused job cannot be retried, others get 404.
        "jobs:retry": Page(
            kwargs=lambda w: {"pk": _job(w).pk},
            get=JOB_OWNER_ONLY | {"supporter": 405},
            post={a: 404 for a in JOB_OWNER_ONLY if a != "supporter"},
        ),
        # 今月のモニタリング報告書を一括作成: 管理者 only, POST only.
        "monitoring_org:report_batch": Page(
            get=ORG_ADMIN_PAGE | {"admin": 405},
            post={a: s for a, s in ORG_ADMIN_PAGE.items() if a != "admin"},
        ),
    }
)


# --- comments (a record's thread) and notifications (the signed-in user's own) ---
PAGES.update(
    {
        "comments:thread": Page(
            kwargs=lambda w: {"kind": "action", "object_id": w.exec_action.pk},
            get=COMPANY_READ,
            # a body-less post is a 400 for those who may write (nothing is written)
            post={"colleague": 404, "viewer": 403, "owner": 400, "outsider": 404},
            company_scoped=True,
        ),
        "comments:delete": Page(
            kwargs=lambda w: {"pk": w.comment.pk},
            get=COMPANY_READ | {"admin": 405, "supporter": 405, "viewer": 405, "owner": 405},
            # only the author deletes: everyone else who sees it is refused
            post={"admin": 403, "colleague": 404, "viewer": 403, "owner": 403, "outsider": 404},
            company_scoped=True,
        ),
        "comments:notifications": Page(get=ANY_MEMBER),
        "comments:notification_settings": Page(
            get=ANY_MEMBER, post={a: 400 for a in ANY_MEMBER if a != "outsider"} | {"outsider": 404}
        ),
    }
)

# Patterns outside the matrix on purpose: Django admin (superusers only, its own checks) and the
# API (walked below, by operation).
EXCLUDED_NAMESPACES = ("admin", "api")


# --- knowledge: consultations (相談) and the question bank (質問バンク) ---
# The organization's support side reads and writes them (閲覧者 reads); the company side and other
# organizations get 404 (a network consultation is walked in tests/knowledge). Accepting is the asker's
# (the supporter's), moderation and curation the 管理者's.
KNOWLEDGE_READ = ANY_MEMBER | {"owner": 404}
KNOWLEDGE_WRITE = {
    "admin": 200,
    "supporter": 200,
    "colleague": 200,
    "viewer": 403,
    "owner": 404,
    "outsider": 404,
}
KNOWLEDGE_POST_ONLY = {
    "admin": 405,
    "supporter": 405,
    "colleague": 405,
    "viewer": 403,
    "owner": 404,
    "outsider": 404,
}
KNOWLEDGE_ADMIN_POST_ONLY = KNOWLEDGE_POST_ONLY | {"supporter": 403, "colleague": 403}
KNOWLEDGE_REFUSE_WRITE = {"viewer": 403, "owner": 404, "outsider": 404}
KNOWLEDGE_REFUSE_ADMIN = {"supporter": 403, "colleague": 403, "viewer": 403, "owner": 404, "outsider": 404}


def _consultation_kw(w, **extra):
    return {"pk": w.consultation.pk, **extra}


PAGES.update(
    {
        "knowledge:consultation_list": Page(get=KNOWLEDGE_READ),
        "knowledge:consultation_create": Page(get=KNOWLEDGE_WRITE, post=KNOWLEDGE_REFUSE_WRITE),
        "knowledge:consultation_detail": Page(
            kwargs=_consultation_kw, get=KNOWLEDGE_READ, company_scoped=True
        ),
        "knowledge:answer_create": Page(
            kwargs=_consultation_kw, get=KNOWLEDGE_POST_ONLY, post=KNOWLEDGE_REFUSE_WRITE, company_scoped=True
        ),
        "knowledge:comment_create": Page(
            kwargs=_consultation_kw, get=KNOWLEDGE_POST_ONLY, post=KNOWLEDGE_REFUSE_WRITE, company_scoped=True
        ),
        "knowledge:consultation_hide": Page(
            kwargs=_consultation_kw,
            get=KNOWLEDGE_ADMIN_POST_ONLY,
            post=KNOWLEDGE_REFUSE_ADMIN,
            company_scoped=True,
        ),
        "knowledge:answer_vote": Page(
            kwargs=lambda w: _consultation_kw(w, answer_pk=w.answer.pk),
            get=KNOWLEDGE_POST_ONLY,
            post=KNOWLEDGE_REFUSE_WRITE,
            company_scoped=True,
        ),
        "knowledge:answer_accept": Page(
            kwargs=lambda w: _consultation_kw(w, answer_pk=w.answer.pk),
            get=KNOWLEDGE_POST_ONLY | {"admin": 403, "colleague": 403},
            post=KNOWLEDGE_REFUSE_WRITE | {"admin": 403, "colleague": 403},
            company_scoped=True,
        ),
        "knowledge:answer_hide": Page(
            kwargs=lambda w: _consultation_kw(w, answer_pk=w.answer.pk),
            get=KNOWLEDGE_ADMIN_POST_ONLY,
            post=KNOWLEDGE_REFUSE_ADMIN,
            company_scoped=True,
        ),
        "knowledge:comment_hide": Page(
            kwargs=lambda w: _consultation_kw(w, comment_pk=w.consultation_comment.pk),
            get=KNOWLEDGE_ADMIN_POST_ONLY,
            post=KNOWLEDGE_REFUSE_ADMIN,
            company_scoped=True,
        ),
        "knowledge:bank_list": Page(get=KNOWLEDGE_READ),
        "knowledge:question_picker": Page(get=KNOWLEDGE_READ),
        "knowledge:template_picker": Page(get=KNOWLEDGE_READ),
        "knowledge:bank_item_create": Page(get=ORG_ADMIN_PAGE | {"owner": 404}, post=KNOWLEDGE_REFUSE_ADMIN),
        "knowledge:bank_item_edit": Page(
            kwargs=lambda w: {"pk": w.bank_item.pk},
            get=ORG_ADMIN_PAGE | {"owner": 404},
            post=KNOWLEDGE_REFUSE_ADMIN,
            company_scoped=True,
        ),
        "knowledge:bank_item_hide": Page(
            kwargs=lambda w: {"pk": w.bank_item.pk},
            get=KNOWLEDGE_ADMIN_POST_ONLY,
            post=KNOWLEDGE_REFUSE_ADMIN,
            company_scoped=True,
        ),
        "knowledge:bank_item_share": Page(
            kwargs=lambda w: {"pk": w.bank_item.pk},
            get=KNOWLEDGE_ADMIN_POST_ONLY,
            post=KNOWLEDGE_REFUSE_ADMIN,
            company_scoped=True,
        ),
    }
)


def _consultation_world(w):
    """An organization consultation of the supporter with the colleague's answer and a comment, the
    outsider's own consultation (the foreign one), and an own question bank item of the organization."""
    from banso.knowledge.domain import consultations as consultation_domain
    from banso.knowledge.domain import questions as question_domain

    def member(actor):
        return Membership.objects.get(user=w.users[actor])

    w.consultation = consultation_domain.ask(
        member("supporter"), by=w.users["supporter"], title="相談", body="本文"
    )
    w.answer = consultation_domain.answer(
        w.consultation, member("colleague"), by=w.users["colleague"], body="回答"
    )
    w.consultation_comment = consultation_domain.comment(
        w.consultation, member("colleague"), by=w.users["colleague"], body="補足"
    )
    w.foreign_consultation = consultation_domain.ask(
        member("outsider"), by=w.users["outsider"], title="他機関の相談", body="本文"
    )
    w.foreign_answer = consultation_domain.answer(
        w.foreign_consultation, member("outsider"), by=w.users["outsider"], body="回答"
    )
    w.bank_item = question_domain.add_item(
        member("admin"), by=w.users["admin"], kind="question", step=1, text="自機関の質問"
    )


def _named_patterns(resolver=None, namespace="") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full = f"{namespace}{ns}:" if ns else namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            names |= _named_patterns(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


class World:
    """All the objects the matrix needs; areas add theirs as attributes."""


@pytest.fixture
def world(
    org, foreign_org, admin_user, supporter, colleague, viewer, owner, outsider, company, foreign_company
):
    w = World()
    w.org, w.foreign_org, w.company, w.foreign_company = org, foreign_org, company, foreign_company
    w.users = {
        "admin": admin_user,
        "supporter": supporter,
        "colleague": colleague,
        "viewer": viewer,
        "owner": owner,
        "outsider": outsider,
    }
    w.supporter_token, _ = create_api_token(Membership.objects.get(user=supporter), name="matrix")
    # diagnosis: two confirmed years (so the local benchmark, its PDF and Excel exist)
    make_statement(company, 2024, by=supporter, **PREVIOUS_YEAR)
    w.statement = make_statement(company, 2025, by=supporter)
    w.benchmark_table = BenchmarkTable.objects.get(organization=None, version="2018")
    w.sheet = make_non_financial_sheet(company, by=supporter)
    w.design_sheet = make_design_sheet(company, by=supporter)
    # monitoring: a plan starting 2025-04 (3月決算) with a measure
    from banso.monitoring.domain import plans as monitoring_plans
    from banso.monitoring.engines.months import Month

    w.plan_version = monitoring_plans.create_plan(
        company, by=supporter, title="経営改善計画", start_month=Month(2025, 4), years=3,
        yearly={2026: {"net_sales": 120_000_000}},
    )  # fmt: skip
    w.measure = monitoring_plans.add_measure(w.plan_version, by=supporter, title="新規顧客の開拓")
    # --- engagements (process side) ---
    _engagement_world(w, "", w.company, supporter)
    _engagement_world(w, "foreign_", w.foreign_company, outsider)
    # --- engagements (execution side) ---
    _execution_objects(w)
    # --- monitoring: an accounting import waiting for confirmation ---
    from banso.monitoring.domain.imports import upload_import
    from tests.monitoring.engines.imports.builders import freee_trial

    w.monitoring_import = upload_import(company, by=supporter, upload=io.BytesIO(freee_trial()))
    # --- monitoring: next-month actions, KPIs, sales segments ---
    _monitoring_sheet_objects(w)
    _monitoring_api_objects(w, outsider)
    # --- monitoring ---
    from tests.monitoring.report_world import matrix_reports

    w.monitoring_reports = matrix_reports(company, by=supporter)
    # --- sharing: a documented grant from each company to a third organization (a 信用金庫) ---
    from tests.sharing.factories import make_grant

    w.grant = make_grant(company, by=supporter)
    # --- knowledge search: one synonym group of the organization ---
    from banso.knowledge.models import SearchSynonym

    w.synonym = SearchSynonym.objects.create(organization=org, words="見える化、可視化")
    w.foreign_grant = make_grant(foreign_company, by=outsider)
    _knowledge_world(w)
    # --- knowledge: consultations and the question bank ---
    _consultation_world(w)
    # --- comments and notifications: a supporter's comment on the shared action (of each company),
    # and a notification for the supporter (and one for the outsider) ---
    from banso.comments.domain import post_comment
    from banso.core.notifications import notify

    w.comment = post_comment(
        Membership.objects.get(user=supporter),
        by=supporter,
        kind="action",
        object_id=w.exec_action.pk,
        body="進み具合はいかがですか。",
    )
    w.foreign_comment = post_comment(
        Membership.objects.get(user=outsider),
        by=outsider,
        kind="action",
        object_id=w.foreign_action.pk,
        body="他機関のコメント",
    )
    w.notification = notify([supporter], kind="comment", text="お知らせ", link="/", organization=org)[0]
    w.foreign_notification = notify(
        [outsider], kind="comment", text="他機関", link="/", organization=foreign_org
    )[0]
    return w


def _knowledge_world(w):
    """A network of both organizations; a draft, an organization-only case and a network case of
    each (the outsider's organization is in the network: it reads the network case, nothing else)."""
    from django.utils import timezone

    from banso.knowledge.models import CaseDraft, Network, NetworkMembership, PublishedCase

    w.network = Network.objects.create(name="みなと地域 伴走支援推進協議会")
    for organization in (w.org, w.foreign_org):
        NetworkMembership.objects.create(
            network=w.network, organization=organization, members_may_publish=True
        )
    for prefix, organization, engagement, author in (
        ("", w.org, w.engagement, w.users["supporter"]),
        ("foreign_", w.foreign_org, w.foreign_engagement, w.users["outsider"]),
    ):
        draft = CaseDraft.objects.create(
            organization=organization,
            source_engagement_id=engagement.pk,
            source_company_id=engagement.company_id,
            author=author,
            title="金属製品製造業：在庫が見えていない",
        )
        setattr(w, f"{prefix}case_draft", draft)
        for scope in ("organization", "network"):
            case = PublishedCase.objects.create(
                organization=organization,
                scope=scope,
                network=w.network if scope == "network" else None,
                published_at=timezone.now(),
                title=f"{scope} の事例",
            )
            setattr(w, f"{prefix}{scope}_case", case)


def _monitoring_api_objects(w, outsider):
    """For the API: the foreign company's plan and measure, and an accounting import (waiting for
    confirmation) of each company."""
    import hashlib

    from banso.monitoring.domain import plans as monitoring_plans
    from banso.monitoring.engines.months import Month
    from banso.monitoring.models import AccountingImport

    w.foreign_plan_version = monitoring_plans.create_plan(
        w.foreign_company, by=outsider, title="他機関の計画", start_month=Month(2025, 4), years=3
    )
    w.foreign_measure = monitoring_plans.add_measure(
        w.foreign_plan_version, by=outsider, title="他機関の施策"
    )
    for prefix, company, by in (
        ("", w.company, w.users["supporter"]),
        ("foreign_", w.foreign_company, outsider),
    ):
        content = "勘定科目,2025年4月\n売上高,1000\n".encode()
        record = AccountingImport.objects.create(
            company=company,
            file=f"imports/{prefix}matrix.csv",
            filename="推移表.csv",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            layout="generic_trial",
            uploaded_by=by,
        )
        setattr(w, f"{prefix}accounting_import", record)
        # a sales-mix import waiting for confirmation (the pages use the company's, the API both)
        from banso.monitoring.domain.segment_imports import upload_segment_import

        sales_mix = io.BytesIO("区分,2025年4月\n主力製品,1000\n".encode())
        setattr(w, f"{prefix}segment_import", upload_segment_import(company, by=by, upload=sales_mix))
    _monitoring_api_records(w, outsider)


def _monitoring_api_records(w, outsider):
    """For the API: a gap and an issued monitoring report (with stand-in files) of each company."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from banso.monitoring.models import Gap, MonitoringReport

    for prefix, company, by, version in (
        ("", w.company, w.users["supporter"], w.plan_version),
        ("foreign_", w.foreign_company, outsider, w.foreign_plan_version),
    ):
        gap = Gap.objects.create(company=company, line="sga", month=dt.date(2025, 6, 1), plan_version=version)
        setattr(w, f"{prefix}api_gap", gap)
        report = MonitoringReport(
            company=company,
            from_month=dt.date(2025, 4, 1),
            to_month=dt.date(2025, 4, 1),
            plan_version=version,
            status=MonitoringReport.Status.ISSUED,
            figures={
                "company": {"id": company.pk, "name": company.name},
                "from_month": "2025-04",
                "to_month": "2025-04",
            },
            issued_at=timezone.now(),
            issued_by=by,
        )
        report.pdf.save("report.pdf", ContentFile(b"%PDF-1.4 stand-in"), save=False)
        report.xlsx.save("report.xlsx", ContentFile(b"PK stand-in"), save=False)
        report.save()
        setattr(w, f"{prefix}api_report", report)


def _monitoring_sheet_objects(w):
    import datetime as dt

    from banso.monitoring.models import Kpi, NextMonthAction, SalesSegment

    for prefix, company in (("", w.company), ("foreign_", w.foreign_company)):
        action = NextMonthAction.objects.create(company=company, month=dt.date(2026, 4, 1), title="訪問")
        setattr(w, f"{prefix}next_action", action)
        setattr(w, f"{prefix}kpi", Kpi.objects.create(company=company, name="訪問件数", unit="件"))
        setattr(w, f"{prefix}segment", SalesSegment.objects.create(company=company, name="主力製品"))


def _execution_objects(w):
    """On the process side's engagements: an action (and a review), a referral, a follow-up and a
    baseline, for `company` and for `foreign_company`; a directory entry in each organization."""
    from tests.engagements.factories import (
        ActionFactory,
        ActionReviewFactory,
        FollowUpFactory,
        OutcomeBaselineFactory,
        ReferralFactory,
        StakeholderFactory,
        SupportBodyFactory,
    )

    def build(engagement):
        company = engagement.company
        owner = StakeholderFactory(engagement=engagement, name="丸山 浩二", role="owner")
        action = ActionFactory(engagement=engagement, owner=owner)
        ActionReviewFactory(action=action)
        body = SupportBodyFactory(organization=company.organization)
        referral = ReferralFactory(engagement=engagement, support_body=body)
        follow_up = FollowUpFactory(engagement=engagement)
        OutcomeBaselineFactory(engagement=engagement)
        return engagement, action, body, referral, follow_up

    w.exec_engagement, w.exec_action, w.exec_body, w.exec_referral, w.exec_follow_up = build(w.engagement)
    (
        w.foreign_engagement,
        w.foreign_action,
        w.foreign_body,
        w.foreign_referral,
        w.foreign_follow_up,
    ) = build(w.foreign_engagement)
    from banso.engagements.models import WorkLog

    w.exec_work_log = WorkLog.objects.create(
        engagement=w.exec_engagement,
        worked_on=w.exec_engagement.started_on or dt.date(2026, 4, 1),
        kind="preparation",
        minutes=60,
        worker=w.users["supporter"],
        recorded_by=w.users["supporter"],
    )
    w.foreign_work_log = WorkLog.objects.create(
        engagement=w.foreign_engagement,
        worked_on=w.foreign_engagement.started_on or dt.date(2026, 4, 1),
        kind="travel",
        minutes=30,
        worker=w.users["outsider"],
        recorded_by=w.users["outsider"],
    )
    w.exec_kwargs = lambda **extra: {
        "company_pk": w.company.pk,
        "engagement_pk": w.exec_engagement.pk,
        **extra,
    }


def _engagement_world(w, prefix, company, lead):
    """An active engagement with one of each process-side record (for the pages and the API)."""
    from tests.engagements.factories import (
        DialogueAttachmentFactory,
        DialogueFactory,
        EngagementFactory,
        IssueNodeFactory,
        StakeholderFactory,
        WallAssessmentFactory,
    )

    engagement = EngagementFactory(company=company, lead_supporter=lead, status="active", step=4)
    stakeholder = StakeholderFactory(engagement=engagement)
    dialogue = DialogueFactory(engagement=engagement, participants=[stakeholder])
    dialogue.advisors.set([lead])
    setattr(w, f"{prefix}engagement", engagement)
    setattr(w, f"{prefix}stakeholder", stakeholder)
    setattr(w, f"{prefix}dialogue", dialogue)
    setattr(w, f"{prefix}attachment", DialogueAttachmentFactory(dialogue=dialogue))
    setattr(w, f"{prefix}issue_node", IssueNodeFactory(engagement=engagement))
    setattr(w, f"{prefix}wall_assessment", WallAssessmentFactory(engagement=engagement))


def _client(world, actor) -> Client:
    return Client() if actor == "anonymous" else client_for(world.users[actor])


def _url(name, page: Page, world, org_slug):
    kwargs = page.kwargs(world)
    if page.org_scoped:
        kwargs["org"] = org_slug
    return reverse(name, kwargs=kwargs)


def test_every_url_is_in_the_matrix():
    assert _named_patterns() == set(PAGES), "URL patterns and the permission matrix differ"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_get_status_per_actor(world, name):
    page = PAGES[name]
    for actor in ACTORS:
        expected = page.get.get(actor, 302 if actor == "anonymous" else None)
        assert expected is not None, f"{name}: no expectation for {actor}"
        response = _client(world, actor).get(_url(name, page, world, world.org.slug))
        if response.streaming:
            # Reading a streamed download to the end lets the test client close it (and its file)
            # without closing the database connection, as a bare response.close() would.
            b"".join(response.streaming_content)
        assert response.status_code == expected, f"{name} as {actor}: {response.status_code} != {expected}"
        if actor == "anonymous" and expected == 302 and name not in ("home", "login"):
            assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if p.company_scoped))
def test_outsider_gets_404_for_foreign_objects_under_own_organization(world, name):
    page = PAGES[name]
    response = _client(world, "outsider").get(_url(name, page, world, world.foreign_org.slug))
    assert response.status_code == 404
    assert "見つかりません" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if p.company_scoped and p.post))
def test_outsider_cannot_change_foreign_objects_under_own_organization(world, name):
    """Inside their own organization's URL space the outsider still gets 404 and changes nothing."""
    from banso.core.models import ActivityLog

    page = PAGES[name]
    before = ActivityLog.objects.count()
    response = _client(world, "outsider").post(
        _url(name, page, world, world.foreign_org.slug), {"name": "書き換え"}
    )
    assert response.status_code == 404
    assert ActivityLog.objects.count() == before
    world.company.refresh_from_db()
    assert (world.company.name, world.company.version) == ("有限会社丸山精工", 1)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if p.post))
def test_refused_posts_change_nothing(world, name):
    from banso.core.models import ActivityLog

    page = PAGES[name]
    for actor, expected in page.post.items():
        before = ActivityLog.objects.count()
        response = _client(world, actor).post(_url(name, page, world, world.org.slug), {"name": "書き換え"})
        assert response.status_code == expected, (
            f"{name} POST as {actor}: {response.status_code} != {expected}"
        )
        assert ActivityLog.objects.count() == before, f"{name} POST as {actor} changed something"
    world.company.refresh_from_db()
    assert world.company.name == "有限会社丸山精工"


# POST-only pages: those whose GET answers 405 to someone allowed to use them.
POST_ONLY_PAGES = sorted(n for n, p in PAGES.items() if p.org_scoped and 405 in p.get.values())


@pytest.mark.django_db
def test_post_only_urls_check_access_before_the_method(world):
    """A GET on a POST-only URL is 404 for everyone the object is foreign to — the colleague who is
    not assigned, and another organization's user under their own organization's URL — never a 405
    that would confirm the object exists."""
    assert {"diagnosis:reevaluate", "orgs:api_token_revoke", "engagements:status"} <= set(POST_ONLY_PAGES)
    colleague, outsider = _client(world, "colleague"), _client(world, "outsider")
    for name in POST_ONLY_PAGES:
        page = PAGES[name]
        if not page.kwargs(world):
            continue  # an organization-wide action (no object in its URL): its 403 confirms nothing
        for client, org_slug in ((colleague, world.org.slug), (outsider, world.foreign_org.slug)):
            if client is colleague and name.startswith("knowledge:"):
                continue  # the organization's knowledge is shared by its whole support side
            response = client.get(_url(name, page, world, org_slug))
            assert response.status_code == 404, f"GET {name}: {response.status_code}"
            assert "見つかりません" in response.content.decode()


# --- API -------------------------------------------------------------------------------------------

# Path parameters → the world's object ids.
API_PARAMS = {
    "company_id": lambda w: w.company.pk,
    "fiscal_year": lambda w: w.statement.fiscal_year,
    "sheet_id": lambda w: w.sheet.pk,
    "design_sheet_id": lambda w: w.design_sheet.pk,
    # --- engagements (process side) ---
    "engagement_id": lambda w: w.engagement.pk,
    "dialogue_id": lambda w: w.dialogue.pk,
    "issue_id": lambda w: w.issue_node.pk,
    "assessment_id": lambda w: w.wall_assessment.pk,
    "stakeholder_id": lambda w: w.stakeholder.pk,
    # --- engagements (execution side) ---
    "action_id": lambda w: w.exec_action.pk,
    "referral_id": lambda w: w.exec_referral.pk,
    "follow_up_id": lambda w: w.exec_follow_up.pk,
    "support_body_id": lambda w: w.exec_body.pk,
    "work_log_id": lambda w: w.exec_work_log.pk,
}
API_PARAMS_MONITORING = {
    "plan_id": lambda w: w.plan_version.plan_id,
    "number": lambda w: w.plan_version.number,
    "measure_id": lambda w: w.measure.pk,
    "import_id": lambda w: w.accounting_import.pk,
    "segment_import_id": lambda w: w.segment_import.pk,
    "gap_id": lambda w: w.api_gap.pk,
    "next_action_id": lambda w: w.next_action.pk,
    "kpi_id": lambda w: w.kpi.pk,
    "month": lambda w: "2026-04",
    "report_id": lambda w: w.api_report.pk,
}
API_PARAMS.update(API_PARAMS_MONITORING)
API_PARAMS["grant_id"] = lambda w: w.grant.pk
API_PARAMS_FOREIGN = {
    "company_id": lambda w: w.foreign_company.pk,
    "fiscal_year": lambda w: 2025,
    "sheet_id": lambda w: w.sheet.pk,
    "design_sheet_id": lambda w: w.design_sheet.pk,
    # --- engagements (process side) ---
    "engagement_id": lambda w: w.foreign_engagement.pk,
    "dialogue_id": lambda w: w.foreign_dialogue.pk,
    "issue_id": lambda w: w.foreign_issue_node.pk,
    "assessment_id": lambda w: w.foreign_wall_assessment.pk,
    "stakeholder_id": lambda w: w.foreign_stakeholder.pk,
    # --- engagements (execution side) ---
    "action_id": lambda w: w.foreign_action.pk,
    "referral_id": lambda w: w.foreign_referral.pk,
    "follow_up_id": lambda w: w.foreign_follow_up.pk,
    "support_body_id": lambda w: w.foreign_body.pk,
    "work_log_id": lambda w: w.foreign_work_log.pk,
}
API_READ = {"admin": 200, "supporter": 200, "colleague": 404, "viewer": 200, "owner": 200, "outsider": 404}
API_WRITE_REFUSED = {"colleague": 404, "viewer": 403, "owner": 403, "outsider": 404}
API_ENGAGEMENT_READ = API_READ | {"owner": 404}
API_ENGAGEMENT_WRITE_REFUSED = API_WRITE_REFUSED | {"owner": 404}

# (method, path) → expected statuses for reads, or for refused writes.
API_OPERATIONS = {
    ("GET", "/api/v1/companies"): {"read": {a: 200 for a in API_READ}},
    # The signed-in user's alerts (an empty list for the company side).
    ("GET", "/api/v1/alerts"): {"read": {a: 200 for a in API_READ}},
    ("POST", "/api/v1/companies"): {
        "refused": {"viewer": 403, "owner": 403},
        "body": {"name": "株式会社新規", "industry_code": "0304", "fiscal_year_end_month": 3, "employees": 5},
    },
    ("GET", "/api/v1/companies/{company_id}"): {"read": API_READ},
    ("PATCH", "/api/v1/companies/{company_id}"): {"refused": API_WRITE_REFUSED},
    ("DELETE", "/api/v1/companies/{company_id}"): {
        "refused": {"supporter": 403, "colleague": 404, "viewer": 403, "owner": 403, "outsider": 404}
    },
    # --- diagnosis ---
    ("GET", "/api/v1/companies/{company_id}/financial-statements"): {"read": API_READ},
    ("GET", "/api/v1/companies/{company_id}/financial-statements/{fiscal_year}"): {"read": API_READ},
    ("PUT", "/api/v1/companies/{company_id}/financial-statements/{fiscal_year}"): {
        "refused": API_WRITE_REFUSED,
        "body": {
            "net_sales": 1_000_000,
            "operating_income": 1,
            "total_assets": 2,
            "net_assets": 1,
            "employees": 1,
        },
    },
    ("DELETE", "/api/v1/companies/{company_id}/financial-statements/{fiscal_year}"): {
        "refused": API_WRITE_REFUSED
    },
    ("GET", "/api/v1/companies/{company_id}/local-benchmark"): {"read": API_READ},
    ("GET", "/api/v1/companies/{company_id}/non-financial-sheets"): {"read": API_READ},
    ("POST", "/api/v1/companies/{company_id}/non-financial-sheets"): {
        "refused": API_WRITE_REFUSED,
        "body": {"as_of": "2026-05-01"},
    },
    ("GET", "/api/v1/companies/{company_id}/non-financial-sheets/{sheet_id}"): {"read": API_READ},
    ("PATCH", "/api/v1/companies/{company_id}/non-financial-sheets/{sheet_id}"): {
        "refused": API_WRITE_REFUSED
    },
    ("DELETE", "/api/v1/companies/{company_id}/non-financial-sheets/{sheet_id}"): {
        "refused": API_WRITE_REFUSED
    },
    ("GET", "/api/v1/companies/{company_id}/design-sheets"): {"read": API_READ},
    ("POST", "/api/v1/companies/{company_id}/design-sheets"): {
        "refused": API_WRITE_REFUSED,
        "body": {"as_of": "2026-05-01"},
    },
    ("GET", "/api/v1/companies/{company_id}/design-sheets/{design_sheet_id}"): {"read": API_READ},
    ("PATCH", "/api/v1/companies/{company_id}/design-sheets/{design_sheet_id}"): {
        "refused": API_WRITE_REFUSED
    },
    ("DELETE", "/api/v1/companies/{company_id}/design-sheets/{design_sheet_id}"): {
        "refused": API_WRITE_REFUSED
    },
    # --- engagements (execution side) ---
    ("GET", "/api/v1/engagements/{engagement_id}/actions"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/actions"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"owner": 1, "due_on": "2026-05-01", "what": "書き換え"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/actions/{action_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}/actions/{action_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"what": "書き換え"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/actions/{action_id}/reviews"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/actions/{action_id}/reviews"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"status": "done", "result": "書き換え"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/referrals"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/referrals"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"support_body": 1, "reason": "書き換え"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/referrals/{referral_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}/referrals/{referral_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"outcome": "書き換え"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/surveys"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/surveys"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"milestone": "manual"},
    },
    # The portfolio's outcomes and statistics: 管理者・閲覧者 of the organization only.
    **{
        ("GET", path): {
            "read": {
                "admin": 200,
                "supporter": 403,
                "colleague": 403,
                "viewer": 200,
                "owner": 403,
                "outsider": 403,
            }
        }
        for path in ("/api/v1/portfolio/outcomes", "/api/v1/portfolio/statistics")
    },
    ("GET", "/api/v1/engagements/{engagement_id}/follow-ups"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/follow-ups"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"scheduled_on": "2027-07-01"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/follow-ups/{follow_up_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}/follow-ups/{follow_up_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"note": "書き換え"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/work-logs"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/work-logs"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"worked_on": "2026-05-01", "kind": "travel", "minutes": 30},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/work-logs/{work_log_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}/work-logs/{work_log_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"note": "書き換え"},
    },
    ("DELETE", "/api/v1/engagements/{engagement_id}/work-logs/{work_log_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED
    },
    ("GET", "/api/v1/engagements/{engagement_id}/time-sheet"): {"read": API_ENGAGEMENT_READ},
    ("GET", "/api/v1/engagements/{engagement_id}/outcome-baseline"): {"read": API_ENGAGEMENT_READ},
    ("PUT", "/api/v1/engagements/{engagement_id}/outcome-baseline"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"employees": 1},
    },
    ("GET", "/api/v1/support-bodies"): {
        "read": {
            "admin": 200,
            "supporter": 200,
            "colleague": 200,
            "viewer": 200,
            "owner": 404,
            "outsider": 200,
        }
    },
    ("POST", "/api/v1/support-bodies"): {
        "refused": {"viewer": 403, "owner": 404},
        "body": {"name": "書き換え", "body_type": "yorozu"},
    },
    ("GET", "/api/v1/support-bodies/{support_body_id}"): {
        "read": {
            "admin": 200,
            "supporter": 200,
            "colleague": 200,
            "viewer": 200,
            "owner": 404,
            "outsider": 404,
        }
    },
    ("PATCH", "/api/v1/support-bodies/{support_body_id}"): {
        "refused": {"viewer": 403, "owner": 404, "outsider": 404},
        "body": {"name": "書き換え"},
    },
    # --- engagements (process side) ---
    ("GET", "/api/v1/companies/{company_id}/engagements"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/companies/{company_id}/engagements"): {"refused": API_ENGAGEMENT_WRITE_REFUSED},
    ("GET", "/api/v1/engagements/{engagement_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}"): {"refused": API_ENGAGEMENT_WRITE_REFUSED},
    ("GET", "/api/v1/engagements/{engagement_id}/dialogues"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/dialogues"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"held_at": "2026-04-20T10:00:00+09:00"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/dialogues/{dialogue_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}/dialogues/{dialogue_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED
    },
    ("GET", "/api/v1/engagements/{engagement_id}/issues"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/issues"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"text": "利益が出ない"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/issues/{issue_id}"): {"read": API_ENGAGEMENT_READ},
    ("PATCH", "/api/v1/engagements/{engagement_id}/issues/{issue_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED
    },
    ("GET", "/api/v1/engagements/{engagement_id}/wall-assessments"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/wall-assessments"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {
            "assessed_on": "2026-04-20",
            "ratings": {"unseen": 1, "unfaced": 1, "unexecuted": 1, "unfollowed": 1, "under_resourced": 1},
        },
    },
    ("GET", "/api/v1/engagements/{engagement_id}/wall-assessments/{assessment_id}"): {
        "read": API_ENGAGEMENT_READ
    },
    ("PATCH", "/api/v1/engagements/{engagement_id}/wall-assessments/{assessment_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED
    },
    ("GET", "/api/v1/engagements/{engagement_id}/stakeholders"): {"read": API_ENGAGEMENT_READ},
    ("POST", "/api/v1/engagements/{engagement_id}/stakeholders"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED,
        "body": {"name": "新しい関係者", "role": "employee"},
    },
    ("GET", "/api/v1/engagements/{engagement_id}/stakeholders/{stakeholder_id}"): {
        "read": API_ENGAGEMENT_READ
    },
    ("PATCH", "/api/v1/engagements/{engagement_id}/stakeholders/{stakeholder_id}"): {
        "refused": API_ENGAGEMENT_WRITE_REFUSED
    },
}


API_PARAMS_FOREIGN.update(
    {
        "plan_id": lambda w: w.foreign_plan_version.plan_id,
        "number": lambda w: 1,
        "measure_id": lambda w: w.foreign_measure.pk,
        "import_id": lambda w: w.foreign_accounting_import.pk,
        "segment_import_id": lambda w: w.foreign_segment_import.pk,
        "gap_id": lambda w: w.foreign_api_gap.pk,
        "next_action_id": lambda w: w.foreign_next_action.pk,
        "kpi_id": lambda w: w.foreign_kpi.pk,
        "month": lambda w: "2026-04",
        "report_id": lambda w: w.foreign_api_report.pk,
    }
)

# --- monitoring ---
_MONITORING = "/api/v1/companies/{company_id}"
_PLAN = _MONITORING + "/plans/{plan_id}"
API_OPERATIONS.update(
    {
        ("GET", _MONITORING + "/plans"): {"read": API_READ},
        ("POST", _MONITORING + "/plans"): {
            "refused": API_WRITE_REFUSED,
            "body": {"title": "計画", "start_month": "2025-04", "years": 3},
        },
        ("GET", _PLAN): {"read": API_READ},
        ("POST", _PLAN + "/versions"): {
            "refused": API_WRITE_REFUSED,
            "body": {"reason": "見直し", "version": 1},
        },
        ("GET", _PLAN + "/versions/{number}"): {"read": API_READ},
        ("PUT", _PLAN + "/versions/{number}/years"): {"refused": API_WRITE_REFUSED, "body": {"version": 1}},
        ("PUT", _PLAN + "/versions/{number}/years/{fiscal_year}/months"): {
            "refused": API_WRITE_REFUSED,
            "body": {"months": {}, "version": 1},
        },
        ("GET", _PLAN + "/measures"): {"read": API_READ},
        ("POST", _PLAN + "/measures"): {"refused": API_WRITE_REFUSED, "body": {"title": "施策"}},
        ("PATCH", _PLAN + "/measures/{measure_id}"): {"refused": API_WRITE_REFUSED},
        ("DELETE", _PLAN + "/measures/{measure_id}"): {"refused": API_WRITE_REFUSED},
        ("GET", _MONITORING + "/actuals"): {"read": API_READ},
        ("PUT", _MONITORING + "/actuals"): {
            "refused": API_WRITE_REFUSED,
            "body": {"rows": [{"month": "2025-04", "line": "net_sales", "amount": 1}]},
        },
        ("GET", _MONITORING + "/imports"): {"read": API_READ},
        ("POST", _MONITORING + "/imports"): {"refused": API_WRITE_REFUSED},
        ("GET", "/api/v1/imports/{import_id}"): {"read": API_READ},
        ("POST", "/api/v1/imports/{import_id}/commit"): {
            "refused": API_WRITE_REFUSED,
            "body": {"version": 1},
        },
        ("POST", "/api/v1/imports/{import_id}/discard"): {
            "refused": API_WRITE_REFUSED,
            "body": {"version": 1},
        },
        ("GET", _MONITORING + "/account-mapping"): {"read": API_READ},
        ("POST", _MONITORING + "/sales-mix/imports"): {"refused": API_WRITE_REFUSED},
        ("GET", "/api/v1/sales-mix-imports/{segment_import_id}"): {"read": API_READ},
        ("POST", "/api/v1/sales-mix-imports/{segment_import_id}/commit"): {
            "refused": API_WRITE_REFUSED,
            "body": {"version": 1},
        },
        ("POST", "/api/v1/sales-mix-imports/{segment_import_id}/discard"): {
            "refused": API_WRITE_REFUSED,
            "body": {"version": 1},
        },
        ("GET", _MONITORING + "/monitoring"): {"read": API_READ},
        ("PUT", _MONITORING + "/account-mapping"): {
            "refused": API_WRITE_REFUSED,
            "body": {"mapping": {"売上高": "net_sales"}},
        },
        ("GET", _MONITORING + "/gaps"): {"read": API_READ},
        ("POST", _MONITORING + "/gaps"): {
            "refused": API_WRITE_REFUSED,
            "body": {"month": "2025-07", "line": "net_sales", "cause": "other"},
        },
        ("GET", _MONITORING + "/gaps/{gap_id}"): {"read": API_READ},
        ("PATCH", _MONITORING + "/gaps/{gap_id}"): {
            "refused": API_WRITE_REFUSED,
            "body": {"status": "done", "version": 1},
        },
        ("GET", _MONITORING + "/next-month-actions"): {"read": API_READ},
        ("POST", _MONITORING + "/next-month-actions"): {
            "refused": API_WRITE_REFUSED,
            "body": {"month": "2026-05", "title": "書き換え"},
        },
        ("GET", _MONITORING + "/next-month-actions/{next_action_id}"): {"read": API_READ},
        ("PATCH", _MONITORING + "/next-month-actions/{next_action_id}"): {
            "refused": API_WRITE_REFUSED,
            "body": {"title": "書き換え", "version": 1},
        },
        ("POST", _MONITORING + "/next-month-actions/{next_action_id}/review"): {
            "refused": API_WRITE_REFUSED,
            "body": {"review": "done", "version": 1},
        },
        ("DELETE", _MONITORING + "/next-month-actions/{next_action_id}"): {"refused": API_WRITE_REFUSED},
        ("GET", _MONITORING + "/kpis"): {"read": API_READ},
        ("POST", _MONITORING + "/kpis"): {"refused": API_WRITE_REFUSED, "body": {"name": "見積件数"}},
        ("GET", _MONITORING + "/kpis/months"): {"read": API_READ},
        ("PUT", _MONITORING + "/kpis/months"): {
            "refused": API_WRITE_REFUSED,
            "body": {"from": "2026-04", "to": "2026-04", "rows": [], "version": 0},
        },
        ("GET", _MONITORING + "/kpis/{kpi_id}"): {"read": API_READ},
        ("PATCH", _MONITORING + "/kpis/{kpi_id}"): {
            "refused": API_WRITE_REFUSED,
            "body": {"name": "書き換え", "version": 1},
        },
        ("GET", _MONITORING + "/cash-flow"): {"read": API_READ},
        ("GET", _MONITORING + "/cash-flow/months/{month}"): {"read": API_READ},
        ("PUT", _MONITORING + "/cash-flow/months/{month}"): {
            "refused": API_WRITE_REFUSED,
            "body": {"entries": [{"item": "cash_sales", "amount": 1}], "version": 0},
        },
        ("GET", _MONITORING + "/monitoring-reports"): {"read": API_READ},
        ("GET", _MONITORING + "/monitoring-reports/{report_id}"): {"read": API_READ},
        ("GET", _MONITORING + "/monitoring-reports/{report_id}/pdf"): {"read": API_READ},
        ("GET", _MONITORING + "/monitoring-reports/{report_id}/xlsx"): {"read": API_READ},
        ("GET", _MONITORING + "/monitoring-report.pdf"): {"read": API_READ},
        ("GET", _MONITORING + "/monitoring-report.xlsx"): {"read": API_READ},
    }
)
API_PARAMS_FOREIGN["grant_id"] = lambda w: w.foreign_grant.pk
# --- knowledge search (a query string: "query" is appended to the path) ---
API_OPERATIONS[("GET", "/api/v1/knowledge/search")] = {
    "read": {a: 200 for a in API_READ} | {"owner": 404},
    "query": "?q=%E5%9C%A8%E5%BA%AB",
}
API_OPERATIONS[("GET", "/api/v1/engagements/{engagement_id}/similar-cases")] = {"read": API_ENGAGEMENT_READ}
# --- sharing: the ledger (a body-less grant is a 422, a version-less revoke a 428: nothing changes) ---
API_OPERATIONS.update(
    {
        ("GET", _MONITORING + "/consent-grants"): {"read": API_READ},
        ("POST", _MONITORING + "/consent-grants"): {
            "refused": API_WRITE_REFUSED | {"owner": 422, "admin": 422, "supporter": 422}
        },
        ("POST", _MONITORING + "/consent-grants/{grant_id}/revoke"): {
            "refused": API_WRITE_REFUSED | {"owner": 428, "admin": 428, "supporter": 428}
        },
        ("GET", _MONITORING + "/share-log"): {"read": API_READ},
    }
)
# --- comments and notifications ---
API_PARAMS.update(
    {
        "kind": lambda w: "action",
        "object_id": lambda w: w.exec_action.pk,
        "comment_id": lambda w: w.comment.pk,
        "notification_id": lambda w: w.notification.pk,
    }
)
API_PARAMS_FOREIGN.update(
    {
        "kind": lambda w: "action",
        "object_id": lambda w: w.foreign_action.pk,
        "comment_id": lambda w: w.foreign_comment.pk,
        "notification_id": lambda w: w.foreign_notification.pk,
    }
)
_NOT_SUPPORTER = {a: 404 for a in API_READ if a != "supporter"}
API_OPERATIONS.update(
    {
        ("GET", "/api/v1/comments/{kind}/{object_id}"): {"read": API_READ},
        ("POST", "/api/v1/comments/{kind}/{object_id}"): {
            "refused": {"colleague": 404, "viewer": 403, "outsider": 404},
            "body": {"body": "確認させてください。"},
        },
        # Only the author (the supporter) deletes, naming the version (428 without it).
        ("POST", "/api/v1/comments/items/{comment_id}/delete"): {
            "refused": API_WRITE_REFUSED | {"admin": 403, "supporter": 428}
        },
        ("GET", "/api/v1/notifications"): {"read": {a: 200 for a in API_READ}},
        # Someone else's notification does not exist for you.
        ("POST", "/api/v1/notifications/{notification_id}/read"): {
            "refused": _NOT_SUPPORTER | {"supporter": 200}
        },
        ("POST", "/api/v1/notifications/read"): {"refused": {a: 200 for a in API_READ}},
    }
)

# --- the owner portal's API: the company side only (support side and outsiders 404); a change without
# its version is a 428 for the owner, so nothing changes ---
PORTAL_API = {"admin": 404, "supporter": 404, "colleague": 404, "viewer": 404, "owner": 200, "outsider": 404}
API_OPERATIONS.update(
    {
        ("GET", "/api/v1/portal/actions"): {"read": PORTAL_API},
        ("GET", "/api/v1/portal/actions/{action_id}"): {"read": PORTAL_API},
        ("PATCH", "/api/v1/portal/actions/{action_id}"): {
            "refused": PORTAL_API | {"owner": 428},
            "body": {"status": "in_progress", "result": "やった"},
        },
        ("GET", "/api/v1/portal/figures"): {"read": PORTAL_API},
        ("PUT", "/api/v1/portal/figures"): {
            "refused": PORTAL_API | {"owner": 428},
            "body": {"month": f"{dt.date.today():%Y-%m}", "net_sales": 100, "gross_profit": 50},
        },
    }
)
# --- members (管理者 only: the list and invitations 403 for others, one member 404) ---
API_PARAMS["member_id"] = lambda w: Membership.objects.get(user=w.users["colleague"]).pk
API_PARAMS_FOREIGN["member_id"] = lambda w: Membership.objects.get(user=w.users["outsider"]).pk
MEMBERS_API = {"admin": 200, "supporter": 403, "colleague": 403, "viewer": 403, "owner": 403, "outsider": 403}
MEMBER_API_REFUSED = {a: 404 for a in MEMBERS_API}
API_OPERATIONS.update(
    {
        ("GET", "/api/v1/members"): {"read": MEMBERS_API},
        ("POST", "/api/v1/members"): {
            "refused": MEMBERS_API | {"admin": 422},
            "body": {"email": "new@example.jp", "role": "no-such-role"},
        },
        ("GET", "/api/v1/members/{member_id}"): {"read": MEMBER_API_REFUSED | {"admin": 200}},
        ("PATCH", "/api/v1/members/{member_id}"): {
            "refused": MEMBER_API_REFUSED | {"admin": 428},
            "body": {"role": "viewer"},
        },
        ("POST", "/api/v1/members/{member_id}/deactivate"): {"refused": MEMBER_API_REFUSED | {"admin": 428}},
    }
)
# --- the lender's read-only API: support-side members list what is shared with their organization (an
# empty list here); a company not shared with them is a 404, the company side 404s for both ---
API_PARAMS["scope"] = lambda w: "monitoring_reports"
API_PARAMS_FOREIGN["scope"] = lambda w: "monitoring_reports"
SHARED_API = {("GET", "/api/v1/shared/companies/{company_id}/{scope}")}
API_OPERATIONS.update(
    {
        ("GET", "/api/v1/shared/companies"): {"read": {a: 200 for a in API_READ} | {"owner": 404}},
        ("GET", "/api/v1/shared/companies/{company_id}/{scope}"): {"read": {a: 404 for a in API_READ}},
    }
)
# --- knowledge: drafts (404 outside their author, 管理者 and reviewers), cases (the access rule's
# knowledge branch). A version-less change is 428, a publish without a scope 422: nothing changes.
API_PARAMS["draft_id"] = lambda w: w.case_draft.pk
API_PARAMS["case_id"] = lambda w: w.organization_case.pk
API_PARAMS_FOREIGN["draft_id"] = lambda w: w.foreign_case_draft.pk
API_PARAMS_FOREIGN["case_id"] = lambda w: w.foreign_organization_case.pk
API_DRAFT_READ = {
    "admin": 200,
    "supporter": 200,
    "colleague": 404,
    "viewer": 404,
    "owner": 404,
    "outsider": 404,
}
API_DRAFT_REFUSED = {a: 404 for a in ("colleague", "viewer", "owner", "outsider")}
API_CASE_READ = {a: 200 for a in ("admin", "supporter", "colleague", "viewer")} | {"owner": 404}
API_OPERATIONS.update(
    {
        ("POST", "/api/v1/engagements/{engagement_id}/case-drafts"): {
            "refused": {"colleague": 404, "viewer": 403, "owner": 404, "outsider": 404}
        },
        ("GET", "/api/v1/case-drafts/{draft_id}"): {"read": API_DRAFT_READ},
        ("PATCH", "/api/v1/case-drafts/{draft_id}"): {"refused": API_DRAFT_REFUSED | {"supporter": 428}},
        ("POST", "/api/v1/case-drafts/{draft_id}/submit"): {
            "refused": API_DRAFT_REFUSED | {"supporter": 428}
        },
        ("POST", "/api/v1/case-drafts/{draft_id}/approve"): {
            "refused": API_DRAFT_REFUSED | {"supporter": 428, "admin": 428}
        },
        ("POST", "/api/v1/case-drafts/{draft_id}/publish"): {
            "refused": API_DRAFT_REFUSED | {"supporter": 422}
        },
        ("GET", "/api/v1/cases"): {"read": API_CASE_READ | {"outsider": 200}},
        ("GET", "/api/v1/cases/{case_id}"): {"read": API_CASE_READ | {"outsider": 404}},
        # 取り下げ: the 管理者 may (no version → 428); the case has no draft, so no author among the rest
        ("POST", "/api/v1/cases/{case_id}/withdraw"): {
            "refused": {a: 403 for a in ("supporter", "colleague", "viewer")}
            | {"admin": 428, "owner": 404, "outsider": 404},
            "body": {"reason": "事業者の希望"},
        },
    }
)


# --- knowledge: consultations and the question bank ---
API_PARAMS["consultation_id"] = lambda w: w.consultation.pk
API_PARAMS["answer_id"] = lambda w: w.answer.pk
API_PARAMS_FOREIGN["consultation_id"] = lambda w: w.foreign_consultation.pk
API_PARAMS_FOREIGN["answer_id"] = lambda w: w.foreign_answer.pk
API_KNOWLEDGE_READ = {
    "admin": 200,
    "supporter": 200,
    "colleague": 200,
    "viewer": 200,
    "owner": 404,
    "outsider": 404,
}
API_KNOWLEDGE_REFUSED = {"viewer": 403, "owner": 404, "outsider": 404}
_CONSULTATION = "/api/v1/consultations/{consultation_id}"
API_OPERATIONS.update(
    {
        ("GET", "/api/v1/consultations"): {"read": {a: 200 for a in API_READ}},
        ("POST", "/api/v1/consultations"): {
            "refused": {"viewer": 403, "owner": 404},
            "body": {"title": "相談", "body": "本文"},
        },
        ("GET", _CONSULTATION): {"read": API_KNOWLEDGE_READ},
        ("POST", _CONSULTATION + "/answers"): {"refused": API_KNOWLEDGE_REFUSED, "body": {"body": "回答"}},
        ("POST", _CONSULTATION + "/answers/{answer_id}/vote"): {"refused": API_KNOWLEDGE_REFUSED},
        # only the asker (the supporter) accepts, naming the version (none here: 428)
        ("POST", _CONSULTATION + "/accept"): {
            "refused": API_KNOWLEDGE_REFUSED | {"admin": 403, "colleague": 403, "supporter": 428},
            "body": lambda w: {"answer": w.answer.pk},
        },
        ("GET", "/api/v1/question-bank"): {"read": {a: 200 for a in API_READ}},
    }
)

# --- background jobs ---
API_PARAMS["job_id"] = lambda w: _job(w).pk
API_PARAMS_FOREIGN["job_id"] = lambda w: _job(w, "outsider", "foreign_org").pk
API_OPERATIONS[("GET", "/api/v1/jobs/{job_id}")] = {"read": JOB_OWNER_ONLY}


def _api_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in ("GET", "POST", "PUT", "PATCH", "DELETE")
    }


def test_every_api_operation_is_in_the_matrix():
    assert _api_operations() == set(API_OPERATIONS)


def _fill(path: str, world, params) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)](world)), path)


@pytest.fixture
def tokens(world):
    result = {}
    for actor, user in world.users.items():
        _, raw = create_api_token(Membership.objects.get(user=user), name="matrix")
        result[actor] = raw
    return result


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), sorted(API_OPERATIONS))
def test_api_status_per_actor(world, tokens, method, path):
    spec = API_OPERATIONS[(method, path)]
    url = _fill(path, world, API_PARAMS) + spec.get("query", "")
    client = Client()
    assert client.generic(method, url).status_code == 401
    body = spec.get("body", {})
    body = json.dumps(body(world) if callable(body) else body)
    for actor, expected in (spec.get("read") or spec.get("refused")).items():
        response = client.generic(
            method,
            url,
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {tokens[actor]}",
        )
        assert response.status_code == expected, (
            f"{method} {path} as {actor}: {response.status_code} != {expected}"
        )
        assert "detail" in response.json() if response.status_code >= 400 else True
    if "{" in path:
        foreign_url = _fill(path, world, API_PARAMS_FOREIGN) + spec.get("query", "")
        response = client.generic(
            method,
            foreign_url,
            data=body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {tokens['supporter']}",
        )
        assert response.status_code == 404
        assert response.json()["detail"].startswith("お探しのデータは見つかりません")
    # Refused and foreign requests changed nothing.
    world.company.refresh_from_db()
    world.foreign_company.refresh_from_db()
    assert (world.company.name, world.company.version) == ("有限会社丸山精工", 1)
    assert world.foreign_company.version == 1


# --- downloads are audited -------------------------------------------------------------------------


def _disposition_filename(response) -> str:
    from urllib.parse import unquote

    value = response["Content-Disposition"]
    match = re.search(r"filename\*=utf-8''([^;]+)", value, re.IGNORECASE)
    return unquote(match.group(1)) if match else re.search(r'filename="([^"]*)"', value).group(1)


def _download_rows():
    from banso.core.models import ActivityLog

    return ActivityLog.objects.filter(code__startswith="download.")


@pytest.mark.django_db
def test_every_download_writes_one_activity_row(world, tokens):
    """Walks every URL of the matrix (as 管理者) and every API read: each answer that is a file
    (Content-Disposition) wrote exactly one `download.*` row naming who, the file and the company;
    nothing else wrote one, and a refused request for a file (404) wrote none."""
    admin = world.users["admin"]
    client, colleague = _client(world, "admin"), _client(world, "colleague")
    downloads = []
    for name in sorted(PAGES):
        page = PAGES[name]
        if page.get.get("admin") != 200:
            continue
        url = _url(name, page, world, world.org.slug)
        before = set(_download_rows().values_list("pk", flat=True))
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        new = list(_download_rows().exclude(pk__in=before))
        if not response.has_header("Content-Disposition"):
            assert new == [], f"{name} logged a download without serving a file"
            continue
        downloads.append(name)
        assert len(new) == 1, f"{name}: {len(new)} download rows for one download"
        row = new[0]
        assert (row.actor_id, row.actor_name, row.organization_id) == (
            admin.pk,
            admin.display_name,
            world.org.pk,
        )
        assert row.data["filename"] == _disposition_filename(response), name
        assert row.data["channel"] == "web"
        if page.company_scoped:
            assert row.company_id == world.company.pk, name
            assert row.data["company_name"] == world.company.name
            assert world.company.name in row.message
        # Someone who may not see the file gets 404 and leaves no trace of a download.
        count = _download_rows().count()
        assert colleague.get(url).status_code in (403, 404) or not page.company_scoped
        assert _download_rows().count() == count or not page.company_scoped, f"{name}: refused but logged"
    # Every PDF, Excel, CSV and attachment the app serves today was found by the walk.
    assert sorted(downloads) == [
        "benchmarks:table_csv",
        "diagnosis:design_pdf",
        "diagnosis:design_xlsx",
        "diagnosis:local_benchmark_pdf",
        "diagnosis:local_benchmark_xlsx",
        "diagnosis:sheet_pdf",
        "diagnosis:sheet_xlsx",
        "diagnosis:statement_template",
        "engagements:action_export",
        "engagements:attachment_download",
        "engagements:dialogue_pdf",
        "engagements:report_pdf",
        "engagements:worklog_xlsx",
        "monitoring:report_pdf",
        "monitoring:report_preview",
        "monitoring:report_xlsx",
        "monitoring:segments_xlsx",
        "sharing:grant_document",
        "timesheet:month_xlsx",
    ]
    # The API: any read that answers with a file logs it the same way (channel "api").
    for method, path in sorted(API_OPERATIONS):
        if method != "GET":
            continue
        before = _download_rows().count()
        response = Client().get(
            _fill(path, world, API_PARAMS), HTTP_AUTHORIZATION=f"Bearer {tokens['admin']}"
        )
        expected = 1 if response.has_header("Content-Disposition") else 0
        assert _download_rows().count() == before + expected, f"GET {path}"
        if expected:
            assert _download_rows().first().data["channel"] == "api"


# --- the lender (another organization with a consent grant) ----------------------------------------

SHARED_PAGES = {"shared:list", "shared:company", "shared:scope", "shared:download"}


@pytest.fixture
def lender(world):
    """A 支援者 of the 信用金庫 that `world.grant` (monitoring reports, ローカルベンチマーク) is given to."""
    from banso.core.roles import Role
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(username="lender", full_name="小林 亮")
    MembershipFactory(user=user, organization=world.grant.grantee_organization, role=Role.SUPPORTER)
    return user


@pytest.mark.django_db
def test_a_lender_with_a_live_grant_reaches_only_the_shared_pages(world, lender):
    """Every page of the matrix: under the company's organization a 404 (not a member); under the
    lender's own organization a 404 for every company page, and a 200 only for the shared pages of the
    granted scope. Every API operation on the company's objects: 404 with the lender's token, and
    nothing changed."""
    from banso.sharing.models import ShareAccessLog

    client = client_for(lender)
    own = world.grant.grantee_organization.slug
    for name, page in sorted(PAGES.items()):
        if not page.org_scoped:
            continue
        response = client.get(_url(name, page, world, world.org.slug))
        assert response.status_code == 404, f"{name} under the company's organization"
        if name in SHARED_PAGES:
            response = client.get(_url(name, page, world, own))
            if response.streaming:
                b"".join(response.streaming_content)
            assert response.status_code == 200, f"{name} (shared) as the lender: {response.status_code}"
        elif page.company_scoped:
            assert client.get(_url(name, page, world, own)).status_code == 404, name
    for post_name in ("sharing:consents", "sharing:grant_revoke"):
        page = PAGES[post_name]
        assert client.post(_url(post_name, page, world, own), {"version": 1}).status_code == 404
    # The two shared reads were logged (the list and the overview are not reads of a scope).
    assert sorted(ShareAccessLog.objects.values_list("scope", "action")) == [
        ("monitoring_reports", "download"),
        ("monitoring_reports", "view"),
    ]

    _, token = create_api_token(Membership.objects.get(user=lender), name="matrix")
    api_client = Client()
    for (method, path), spec in sorted(API_OPERATIONS.items()):
        if "{" not in path:
            continue
        if (method, path) in SHARED_API:
            continue  # the lender's own shared API: below
        body = spec.get("body", {})
        response = api_client.generic(
            method,
            _fill(path, world, API_PARAMS),
            data=json.dumps(body(world) if callable(body) else body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert response.status_code == 404, f"{method} {path} as the lender: {response.status_code}"
    # The lender's API: the shared company and its granted scope (logged), nothing else.
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listed = api_client.get("/api/v1/shared/companies", **auth)
    assert world.company.pk in [c["id"] for c in listed.json()["results"]]
    base = f"/api/v1/shared/companies/{world.company.pk}"
    assert api_client.get(f"{base}/monitoring_reports", **auth).status_code == 200
    assert api_client.get(f"{base}/monitoring_table", **auth).status_code == 404
    assert ShareAccessLog.objects.filter(action="view").count() == 2
    assert ShareAccessLog.objects.filter(action="refused", scope="monitoring_table").count() == 1
    world.grant.refresh_from_db()
    assert world.grant.revoked_at is None and world.grant.version == 1
    world.company.refresh_from_db()
    assert (world.company.name, world.company.version) == ("有限会社丸山精工", 1)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["live", "expired", "revoked", "none"])
@pytest.mark.parametrize("scope", ["monitoring_reports", "monitoring_table"])
def test_the_lenders_shared_scope_per_grant_state(world, lender, state, scope):
    """Only a live grant and a granted scope answer 200 (and log a view); anything else is a 404, logged
    as refused when the company has granted the lender's organization anything."""
    import datetime as dt

    from banso.sharing import domain
    from banso.sharing.models import ConsentGrant, ShareAccessLog

    grant = world.grant
    if state == "expired":
        ConsentGrant.objects.filter(pk=grant.pk).update(
            starts_on=domain.today() - dt.timedelta(days=30), expires_on=domain.today() - dt.timedelta(days=1)
        )
    elif state == "revoked":
        domain.revoke_grant(grant, by=world.users["owner"], expected_version=grant.version)
    elif state == "none":
        ShareAccessLog.objects.all().delete()
        ConsentGrant.objects.filter(pk=grant.pk).delete()
    url = reverse("shared:scope", kwargs={"org": "shinkin", "company_pk": world.company.pk, "scope": scope})
    response = client_for(lender).get(url)
    granted = state == "live" and scope == "monitoring_reports"
    assert response.status_code == (200 if granted else 404)
    actions = list(ShareAccessLog.objects.values_list("action", "scope"))
    if granted:
        assert actions == [("view", scope)]
    elif state == "none":
        assert actions == []
    else:
        assert actions == [("refused", scope)]
