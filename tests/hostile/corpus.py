"""Hostile text in every user text field a renderer shows, built through the factories and the
domain functions. Each field holds a formula payload, a markup payload, Japanese text, a control
character a workbook cannot hold and a tag 〔NN〕 that names the field, e.g.
`=HYPERLINK("https://evil.example","x")<img src=…/>丸山\x08〔07〕`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from banso.engagements import domain
from tests.diagnosis.factories import (
    PREVIOUS_YEAR,
    make_design_sheet,
    make_non_financial_sheet,
    make_statement,
)
from tests.engagements.factories import (
    START,
    ActionFactory,
    ActionReviewFactory,
    DialogueFactory,
    FollowUpFactory,
    IssueNodeFactory,
    OutcomeBaselineFactory,
    ReferralFactory,
    ReflectionFactory,
    StakeholderFactory,
    StepTransitionFactory,
    SupportBodyFactory,
    WallAssessmentFactory,
)

MARKUP = (
    '<img src="/etc/passwd" width="99" height="99"/>',
    '<a href="https://evil.example/">x</a>',
    '<font size="30" color="red">偽装</font>',
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "&amp; &lt;",
)
FORMULAS = (
    '=HYPERLINK("https://evil.example","x")',
    "+1+2",
    "-3+4",
    "@SUM(A1)",
    "",
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-1+1",
    "@A1",
)
CONTROL = "\x08"  # a backspace, as a broken export or a pasted terminal line carries
JAPANESE = ("丸山精工", "社長面談", "段取り", "受注の波", "職人の技", "事業承継")

# Every field: (key, max_length or None). The key says where the value lives.
COMPANY = ["company.name", "company.name_kana", "company.address", "company.representative"]
STATEMENT = ["statement.source_note"]
VIEWPOINTS = [
    *(
        f"sheet.answer.{key}"
        for key in [
            "vision",
            "philosophy",
            "motivation",
            "succession",
            "history",
            "strengths",
            "weaknesses",
            "it_use",
            "productivity",
            "market",
            "customers",
            "employees",
            "banks",
            "organization",
            "planning",
            "rnd",
            "hr_development",
            "current_state",
            "future_goal",
            "issues",
            "measures",
        ]
    ),
    "sheet.answer.vision.source",
    "sheet.step.name",
    "sheet.step.activity",
    "sheet.step.differentiation",
    "sheet.counterparty.name",
    "sheet.counterparty.reason",
]
DESIGN = [
    "design.title",
    *(
        f"design.{key}"
        for key in [
            "a_purpose",
            "a_concept",
            "b_value",
            "b_business_model",
            "b_resources",
            "c_environment",
            "c_value",
            "c_business_model",
            "c_resources",
            "d_actions",
            "d_resources_to_acquire",
            "d_timeline",
        ]
    ),
]
ENGAGEMENT = [
    "engagement.title",
    "engagement.status_reason",
    "step.reason",
    *(
        f"dialogue.{f}"
        for f in ("title", "listening_notes", "owner_words", "insights", "agreements", "next_steps")
    ),
    "issue.surface",
    "issue.why",
    "issue.root",
    "issue.note",
    *(f"walls.{key}_note" for key in ("unseen", "unfaced", "unexecuted", "unfollowed", "under_resourced")),
    "stakeholder.name",
    "stakeholder.title",
    "stakeholder.concerns",
    "stakeholder.note",
    "action.what",
    "action.how_much",
    "action.how",
    "action.expected_effect",
    "review.result",
    "review.learning",
    "review.next_step",
    "support_body.name",
    "referral.reason",
    "referral.outcome",
    "referral.contact_name",
    "followup.evidence",
    "followup.note",
    "baseline.source",
    "reflection.note",
]
MONITORING = [
    "monitoring.plan.title",
    "monitoring.measure.title",
    "monitoring.measure.progress_note",
    "monitoring.gap.why_chain",
    "monitoring.gap.response",
    "monitoring.action.title",
    "monitoring.report.lender_request",
    "monitoring.plan.reason",
    "monitoring.measure.owner",
    "monitoring.gap.owner",
    "monitoring.gap.effect_note",
    "monitoring.action.owner",
    "monitoring.action.measure",
    "monitoring.action.review_note",
    "monitoring.kpi.name",
    "monitoring.kpi.unit",
    "monitoring.segment.name",
    "monitoring.meeting.attendees",
    "monitoring.meeting.discussion",
    "monitoring.meeting.decisions",
    "monitoring.lender.name",
    "monitoring.report.sentence",
    "monitoring.import.account",
]
FIELDS = [*COMPANY, *STATEMENT, *VIEWPOINTS, *DESIGN, *ENGAGEMENT, *MONITORING]
MAX_LENGTH = {"sheet.step.name": 40, "company.representative": 100, "stakeholder.name": 100}
MAX_LENGTH.update({k: 100 for k in ("stakeholder.title", "sheet.counterparty.name", "design.title")})
MAX_LENGTH.update({k: 100 for k in ("referral.contact_name", "statement.source_note")})
MAX_LENGTH.update(
    {k: 100 for k in ("monitoring.measure.owner", "monitoring.gap.owner", "monitoring.action.owner")}
)
MAX_LENGTH.update(
    {k: 100 for k in ("monitoring.kpi.name", "monitoring.segment.name", "monitoring.lender.name")}
)
MAX_LENGTH.update({"monitoring.kpi.unit": 20})


def tag(field: str) -> str:
    return f"〔{FIELDS.index(field):02d}〕"


def _value(index: int, limit: int | None) -> str:
    for shift in range(len(MARKUP) * len(FORMULAS)):
        formula = FORMULAS[(index + shift) % len(FORMULAS)]
        markup = MARKUP[(index + shift // len(FORMULAS)) % len(MARKUP)]
        text = f"{formula}{markup}{JAPANESE[index % len(JAPANESE)]}{CONTROL}〔{index:02d}〕"
        if limit is None or len(text) <= limit:
            return text
    raise AssertionError(f"no payload fits {limit} characters")


VALUES = {field: _value(i, MAX_LENGTH.get(field)) for i, field in enumerate(FIELDS)}


@dataclass
class Corpus:
    company: object
    sheet: object
    design: object
    engagement: object
    dialogue: object
    action: object
    report: object
    plan: object = None
    import_: object = None
    lender: object = None


def build(org, supporter) -> Corpus:
    from tests.factories import CompanyFactory

    v = VALUES
    company = CompanyFactory(
        organization=org,
        name=v["company.name"],
        name_kana=v["company.name_kana"],
        address=v["company.address"],
        representative=v["company.representative"],
        supporters=[supporter],
    )
    make_statement(company, 2024, by=supporter, **PREVIOUS_YEAR)
    make_statement(company, 2025, by=supporter, source_note=v["statement.source_note"])
    answers = {
        key.removeprefix("sheet.answer."): {"text": v[key], "source": ""}
        for key in VIEWPOINTS
        if key.startswith("sheet.answer.") and not key.endswith(".source")
    }
    answers["vision"]["source"] = v["sheet.answer.vision.source"]
    sheet = make_non_financial_sheet(
        company,
        by=supporter,
        answers=answers,
        steps=[
            {
                "name": v["sheet.step.name"],
                "activity": v["sheet.step.activity"],
                "differentiation": v["sheet.step.differentiation"],
            }
        ],
        counterparties=[
            {
                "kind": "customer",
                "name": v["sheet.counterparty.name"],
                "reason": v["sheet.counterparty.reason"],
            }
        ],
    )
    design = make_design_sheet(
        company,
        by=supporter,
        title=v["design.title"],
        **{key.removeprefix("design."): v[key] for key in DESIGN if key != "design.title"},
    )

    engagement = domain.start_engagement(company, by=supporter, started_on=START, title=v["engagement.title"])
    engagement.status_reason = v["engagement.status_reason"]
    engagement.save()
    StepTransitionFactory(engagement=engagement, reason=v["step.reason"])
    dialogue = DialogueFactory(
        engagement=engagement, **{f: v[f"dialogue.{f}"] for f in ENGAGEMENT_DIALOGUE_FIELDS}
    )
    surface = IssueNodeFactory(engagement=engagement, text=v["issue.surface"], note=v["issue.note"])
    why = IssueNodeFactory(engagement=engagement, parent=surface, text=v["issue.why"])
    root = IssueNodeFactory(engagement=engagement, parent=why, kind="root", text=v["issue.root"])
    WallAssessmentFactory(
        engagement=engagement,
        **{key.removeprefix("walls."): v[key] for key in ENGAGEMENT if key.startswith("walls.")},
    )
    owner = StakeholderFactory(
        engagement=engagement,
        name=v["stakeholder.name"],
        title=v["stakeholder.title"],
        concerns=v["stakeholder.concerns"],
        note=v["stakeholder.note"],
    )
    # The dialogue names its participant and the 表課題 it was about (the 面談記録 shows both).
    dialogue.participants.add(owner)
    surface.dialogues.add(dialogue)
    action = ActionFactory(
        engagement=engagement,
        owner=owner,
        root_issue=root,
        what=v["action.what"],
        how_much=v["action.how_much"],
        how=v["action.how"],
        expected_effect=v["action.expected_effect"],
    )
    ActionReviewFactory(
        action=action,
        result=v["review.result"],
        learning=v["review.learning"],
        next_step=v["review.next_step"],
    )
    body = SupportBodyFactory(organization=org, name=v["support_body.name"])
    ReferralFactory(
        engagement=engagement,
        support_body=body,
        issue=root,
        reason=v["referral.reason"],
        outcome=v["referral.outcome"],
        contact_name=v["referral.contact_name"],
        status="completed",
        closed_on=START + dt.timedelta(days=90),
    )
    FollowUpFactory(
        engagement=engagement,
        done_on=START + dt.timedelta(days=400),
        evidence=v["followup.evidence"],
        note=v["followup.note"],
    )
    OutcomeBaselineFactory(engagement=engagement, source=v["baseline.source"])
    ReflectionFactory(dialogue=dialogue, note=v["reflection.note"])
    report = _monitoring(company, supporter)
    return Corpus(
        company,
        sheet,
        design,
        engagement,
        dialogue,
        action,
        report,
        plan=report.plan_version.plan,
        import_=_monitoring_import(company, supporter),
        lender=company.lenders.get(),
    )


def _monitoring(company, supporter):
    """A revised plan with a measure, a gap, actions, a KPI, a segment, a meeting and a lender, and an
    issued monitoring report over them."""
    from decimal import Decimal

    from banso.monitoring.domain import plans, reports
    from banso.monitoring.models import (
        CashFlowEntry,
        Gap,
        Kpi,
        KpiMonth,
        Lender,
        MonthlyActual,
        MonthlyMeeting,
        NextMonthAction,
        PlanAmount,
        SalesSegment,
        SegmentMonth,
    )
    from tests.monitoring.factories import make_plan

    v = VALUES
    first = make_plan(company, by=supporter, title=v["monitoring.plan.title"], start=dt.date(2025, 4, 1))
    version = plans.revise_plan(first.plan, by=supporter, reason=v["monitoring.plan.reason"])
    plans.add_measure(
        version,
        by=supporter,
        title=v["monitoring.measure.title"],
        owner=v["monitoring.measure.owner"],
        progress_note=v["monitoring.measure.progress_note"],
    )
    Gap.objects.create(
        company=company,
        month=dt.date(2025, 5, 1),
        line="net_sales",
        plan_version=version,
        cause="other",
        why_chain=v["monitoring.gap.why_chain"],
        response=v["monitoring.gap.response"],
        owner=v["monitoring.gap.owner"],
        effect="partial",
        effect_note=v["monitoring.gap.effect_note"],
    )
    NextMonthAction.objects.create(
        company=company,
        month=dt.date(2025, 6, 1),
        title=v["monitoring.action.title"],
        owner=v["monitoring.action.owner"],
        measure=v["monitoring.action.measure"],
        review="partly",
        review_note=v["monitoring.action.review_note"],
    )
    kpi = Kpi.objects.create(company=company, name=v["monitoring.kpi.name"], unit=v["monitoring.kpi.unit"])
    KpiMonth.objects.create(kpi=kpi, month=dt.date(2025, 6, 1), target=Decimal(20), actual=Decimal(17))
    segment = SalesSegment.objects.create(company=company, name=v["monitoring.segment.name"])
    SegmentMonth.objects.create(segment=segment, month=dt.date(2025, 6, 1), plan_sales=1000, actual_sales=900)
    MonthlyMeeting.objects.create(
        company=company,
        month=dt.date(2025, 6, 1),
        held_on=dt.date(2025, 7, 3),
        attendees=v["monitoring.meeting.attendees"],
        discussion=v["monitoring.meeting.discussion"],
        decisions=v["monitoring.meeting.decisions"],
    )
    lender = Lender.objects.create(company=company, name=v["monitoring.lender.name"])
    CashFlowEntry.objects.create(
        company=company, month=dt.date(2025, 6, 1), item="repayment", lender=lender, amount=500_000
    )
    for month in (dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 6, 1)):
        PlanAmount.objects.create(plan_version=version, month=month, line="net_sales", amount=10_000_000)
        MonthlyActual.objects.create(company=company, month=month, line="net_sales", amount=8_200_000)
    report = reports.draft_report(company, by=supporter, from_month="2025-04", to_month="2025-06")
    first_sentence = sorted(report.sentences)[0]
    report = reports.edit_report(
        report,
        by=supporter,
        expected_version=report.version,
        sentences={first_sentence: v["monitoring.report.sentence"]},
        lender_request=v["monitoring.report.lender_request"],
    )
    return reports.issue_report(report, by=supporter, expected_version=report.version)


def _monitoring_import(company, supporter):
    """An accounting file (generic 推移表) whose account name is hostile, waiting in its preview."""
    import io

    from banso.monitoring.domain.imports import upload_import
    from tests.monitoring.engines.imports.builders import csv_bytes

    rows = [
        ["勘定科目", "2025年4月", "2025年5月"],
        ["売上高", "1000000", "1100000"],
        [VALUES["monitoring.import.account"], "5000", "6000"],
    ]
    upload = io.BytesIO(csv_bytes(rows))
    upload.name = "推移表.csv"
    return upload_import(company, by=supporter, upload=upload)


ENGAGEMENT_DIALOGUE_FIELDS = (
    "title",
    "listening_notes",
    "owner_words",
    "insights",
    "agreements",
    "next_steps",
)
