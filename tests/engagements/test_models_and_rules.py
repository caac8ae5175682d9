"""The engagement models: who sees what (the access rule through COMPANY_PATH), audit, the database
constraints behind every range and choice, and the field rules the forms and the API share."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404

from banso.core.access import get_changeable_or_404, get_visible_or_404
from banso.engagements.models import (
    Action,
    Dialogue,
    DialogueDraft,
    Engagement,
    Referral,
    SupportBody,
    WallAssessment,
)
from banso.engagements.models.base import add_months
from banso.engagements.validators import AttachmentFileValidator
from banso.orgs.models import Membership
from tests.engagements.factories import (
    START,
    TOKYO,
    ActionFactory,
    ActionReviewFactory,
    DialogueAttachmentFactory,
    DialogueDraftFactory,
    DialogueFactory,
    EngagementFactory,
    EngagementMemberFactory,
    FollowUpFactory,
    GoNoGoDecisionFactory,
    IssueNodeFactory,
    OutcomeBaselineFactory,
    ReferralFactory,
    ReflectionFactory,
    StakeholderFactory,
    StepCheckFactory,
    StepTransitionFactory,
    SuitabilityRatingFactory,
    SupportBodyFactory,
    WallAssessmentFactory,
)

pytestmark = pytest.mark.django_db


def membership(user):
    return Membership.objects.get(user=user)


# Every company-owned engagement model, built for a given engagement.
BUILDERS = {
    "Engagement": lambda e: e,
    "EngagementMember": lambda e: EngagementMemberFactory(engagement=e),
    "StepTransition": lambda e: StepTransitionFactory(engagement=e),
    "StepCheck": lambda e: StepCheckFactory(engagement=e),
    "SuitabilityRating": lambda e: SuitabilityRatingFactory(engagement=e),
    "GoNoGoDecision": lambda e: GoNoGoDecisionFactory(engagement=e),
    "Stakeholder": lambda e: StakeholderFactory(engagement=e),
    "Dialogue": lambda e: DialogueFactory(engagement=e),
    "DialogueAttachment": lambda e: DialogueAttachmentFactory(dialogue=DialogueFactory(engagement=e)),
    "IssueNode": lambda e: IssueNodeFactory(engagement=e),
    "WallAssessment": lambda e: WallAssessmentFactory(engagement=e),
    "Action": lambda e: ActionFactory(engagement=e),
    "ActionReview": lambda e: ActionReviewFactory(action=ActionFactory(engagement=e)),
    "Referral": lambda e: ReferralFactory(engagement=e),
    "FollowUp": lambda e: FollowUpFactory(engagement=e),
    "OutcomeBaseline": lambda e: OutcomeBaselineFactory(engagement=e),
    "Reflection": lambda e: ReflectionFactory(dialogue=DialogueFactory(engagement=e)),
    "WorkLog": lambda e: _work_log(e),
    "SatisfactionSurvey": lambda e: _survey(e),
}


def _work_log(engagement):
    from banso.engagements.models import WorkLog
    from tests.factories import UserFactory

    worker = UserFactory()
    return WorkLog.objects.create(
        engagement=engagement,
        worked_on=engagement.started_on or dt.date(2026, 4, 1),
        kind="preparation",
        minutes=30,
        worker=worker,
        recorded_by=worker,
    )


def _survey(engagement):
    from banso.engagements.domain.surveys import create_survey

    return create_survey(engagement, by=None)


# The advisor's judgement of the owner and of themselves: company-side users never see these.


def _engagement_models() -> set[str]:
    return {
        model.__name__
        for model in apps.get_app_config("engagements").get_models()
        if not model.__name__.startswith("Historical")
    }


def test_every_engagement_model_is_covered_by_the_access_tests():
    assert _engagement_models() == set(BUILDERS) | {"DialogueDraft", "SupportBody"}


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_visible_to_follows_the_company_for_every_model(
    name, company, supporter, colleague, admin_user, viewer, owner, outsider
):
    obj = BUILDERS[name](EngagementFactory(company=company))
    model = type(obj)
    expected = {
        "supporter": True,
        "admin": True,
        "viewer": True,
        # The engagement records are the support side's, except what core.visibility shares with the
        # company by default: actions with their PDCA reviews, and a dialogue's agreements and next steps.
        "owner": name in {"Action", "ActionReview", "Dialogue"},
        "colleague": False,
        "outsider": False,
    }
    actors = {
        "supporter": supporter,
        "admin": admin_user,
        "viewer": viewer,
        "owner": owner,
        "colleague": colleague,
        "outsider": outsider,
    }
    seen = {
        actor: model.objects.visible_to(membership(user)).filter(pk=obj.pk).exists()
        for actor, user in actors.items()
    }
    assert seen == expected


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_outsider_gets_404_and_viewer_403_through_the_helpers(name, company, supporter, viewer, outsider):
    obj = BUILDERS[name](EngagementFactory(company=company))
    model = type(obj)
    assert get_changeable_or_404(model, membership(supporter), pk=obj.pk) == obj
    with pytest.raises(Http404):
        get_visible_or_404(model, membership(outsider), pk=obj.pk)
    with pytest.raises(PermissionDenied):
        get_changeable_or_404(model, membership(viewer), pk=obj.pk)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_history_rows_carry_the_organization(name, company, org):
    obj = BUILDERS[name](EngagementFactory(company=company))
    assert obj.audit_organization_id == org.pk
    assert obj.history.latest().history_organization_id == org.pk


def test_dialogue_draft_is_visible_only_to_its_author(
    company, supporter, admin_user, viewer, owner, outsider
):
    draft = DialogueDraftFactory(engagement=EngagementFactory(company=company), author=supporter)
    visible = {
        user.username: DialogueDraft.objects.visible_to(membership(user)).filter(pk=draft.pk).exists()
        for user in (supporter, admin_user, viewer, owner, outsider)
    }
    assert visible == {"supporter": True, "admin": False, "viewer": False, "owner": False, "outsider": False}
    assert not hasattr(DialogueDraft, "history")


def test_dialogue_draft_is_one_per_author_for_a_new_dialogue(company, supporter):
    engagement = EngagementFactory(company=company)
    DialogueDraftFactory(engagement=engagement, author=supporter)
    with pytest.raises(IntegrityError), transaction.atomic():
        DialogueDraftFactory(engagement=engagement, author=supporter)
    dialogue = DialogueFactory(engagement=engagement)
    DialogueDraftFactory(engagement=engagement, author=supporter, dialogue=dialogue, base_version=1)
    assert DialogueDraft.objects.filter(engagement=engagement).count() == 2


def test_support_body_directory_is_shared_within_the_organization_only(
    org, supporter, colleague, viewer, owner, outsider
):
    body = SupportBodyFactory(organization=org)
    visible = {
        user.username: SupportBody.objects.visible_to(membership(user)).filter(pk=body.pk).exists()
        for user in (supporter, colleague, viewer, owner, outsider)
    }
    assert visible == {
        "supporter": True,
        "colleague": True,
        "viewer": True,
        "owner": False,
        "outsider": False,
    }
    assert get_changeable_or_404(SupportBody, membership(colleague), pk=body.pk) == body
    with pytest.raises(PermissionDenied):
        get_changeable_or_404(SupportBody, membership(viewer), pk=body.pk)
    with pytest.raises(Http404):
        get_visible_or_404(SupportBody, membership(outsider), pk=body.pk)
    assert body.history.latest().history_organization_id == org.pk


# --- Database constraints: every range and choice holds even if a writer skips validation --------

BAD_VALUES = [
    ("Engagement", {"step": 0}),
    ("Engagement", {"step": 8}),
    ("Engagement", {"planned_months": 0}),
    ("Engagement", {"planned_months": 61}),
    ("Engagement", {"kind": "consulting"}),
    ("Engagement", {"status": "paused"}),
    ("Engagement", {"status": "cancelled", "ended_on": START, "status_reason": ""}),
    ("Engagement", {"ended_on": START}),
    ("Engagement", {"status": "closed", "ended_on": START - dt.timedelta(days=1)}),
    ("StepTransition", {"to_step": 8}),
    ("StepTransition", {"from_step": 2, "to_step": 2}),
    ("StepTransition", {"reason": ""}),
    ("StepCheck", {"step": 2}),
    ("StepCheck", {"checkpoint": "made_up"}),
    ("SuitabilityRating", {"rating": 0}),
    ("SuitabilityRating", {"rating": 5}),
    ("SuitabilityRating", {"evidence": ""}),
    ("SuitabilityRating", {"point": "charm"}),
    ("GoNoGoDecision", {"decision": "maybe"}),
    ("GoNoGoDecision", {"step": 3}),
    ("GoNoGoDecision", {"reason": ""}),
    ("Stakeholder", {"influence": 4}),
    ("Stakeholder", {"stance": "hostile"}),
    ("Stakeholder", {"role": "consultant"}),
    ("Dialogue", {"duration_minutes": 0}),
    ("Dialogue", {"step": 9}),
    ("Dialogue", {"form": "email"}),
    ("DialogueAttachment", {"size": 0}),
    ("IssueNode", {"kind": "why"}),
    ("IssueNode", {"agreed_on": START}),
    ("WallAssessment", {"unseen": 7}),
    ("WallAssessment", {"unfaced": 4}),
    ("WallAssessment", {"unexecuted": 4}),
    ("WallAssessment", {"unfollowed": 4}),
    ("WallAssessment", {"under_resourced": 4}),
    ("Action", {"status": "paused"}),
    ("ActionReview", {"status": "paused"}),
    ("Referral", {"status": "completed"}),
    ("Referral", {"closed_on": START + dt.timedelta(days=90)}),
    ("Referral", {"status": "completed", "closed_on": START}),
    ("FollowUp", {"runs_own_pdca": 5}),
    ("FollowUp", {"net_sales": -1}),
    ("FollowUp", {"wage_increase_rate": Decimal("150")}),
    ("OutcomeBaseline", {"average_salary": -1}),
    ("Reflection", {"issue_setting": 0}),
    ("Reflection", {"dialogue_listening": 5}),
]


@pytest.mark.parametrize(("name", "values"), BAD_VALUES, ids=[f"{n}-{v}" for n, v in BAD_VALUES])
def test_database_refuses_out_of_range_values(name, values, company):
    obj = BUILDERS[name](EngagementFactory(company=company))
    with pytest.raises(IntegrityError), transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**values)


def test_database_refuses_a_surface_issue_with_a_parent_and_a_profession_for_a_non_professional(org, company):
    engagement = EngagementFactory(company=company)
    parent = IssueNodeFactory(engagement=engagement)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssueNodeFactory(engagement=engagement, parent=parent, kind="surface")
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportBodyFactory(organization=org, body_type="yorozu", profession="tax_accountant")
    assert SupportBodyFactory(
        organization=org, body_type="professional", profession="tax_accountant"
    ).type_label == ("士業（税理士）")


def test_database_refuses_a_draft_of_an_existing_dialogue_without_its_base_version(company, supporter):
    dialogue = DialogueFactory(engagement=EngagementFactory(company=company))
    with pytest.raises(IntegrityError), transaction.atomic():
        DialogueDraftFactory(engagement=dialogue.engagement, author=supporter, dialogue=dialogue)


# --- Field rules in Japanese (what a form or the API shows) ----------------------------------------


def test_wall_rating_of_seven_gets_a_japanese_message_naming_the_wall(company):
    assessment = WallAssessmentFactory.build(engagement=EngagementFactory(company=company), unseen=7)
    with pytest.raises(ValidationError) as exc:
        assessment.full_clean()
    assert exc.value.message_dict == {
        "unseen": ["「見えない壁（課題が見えない）」の評価は0〜3の範囲で入力してください。"]
    }


def test_cancelled_engagement_without_reason_gets_the_constraint_message_in_japanese(company):
    engagement = EngagementFactory.build(
        company=company, lead_supporter=company.supporters.first(), status="cancelled", ended_on=START
    )
    with pytest.raises(ValidationError) as exc:
        engagement.full_clean()
    assert exc.value.messages == ["中止にする場合は、中止の理由を入力してください。"]


def test_dated_records_before_the_engagement_start_are_refused(company):
    engagement = EngagementFactory(company=company)
    day_before = START - dt.timedelta(days=1)
    message = (
        "案件の開始日（2026年4月1日）より前の日付は入力できません。"
        "日付を確かめるか、案件の開始日を見直してください。"
    )
    cases = [
        (
            ActionFactory.build(
                engagement=engagement, owner=StakeholderFactory(engagement=engagement), due_on=day_before
            ),
            "due_on",
        ),
        (WallAssessmentFactory.build(engagement=engagement, assessed_on=day_before), "assessed_on"),
        (
            DialogueFactory.build(
                engagement=engagement, held_at=dt.datetime(2026, 3, 31, 23, 0, tzinfo=TOKYO)
            ),
            "held_at",
        ),
        (
            ReferralFactory.build(
                engagement=engagement,
                support_body=SupportBodyFactory(organization=company.organization),
                referred_on=day_before,
            ),
            "referred_on",
        ),
        (FollowUpFactory.build(engagement=engagement, scheduled_on=day_before), "scheduled_on"),
    ]
    for obj, field in cases:
        with pytest.raises(ValidationError) as exc:
            obj.full_clean()
        assert exc.value.message_dict[field] == [message], field


def test_a_dialogue_at_midnight_japan_time_on_the_start_day_is_not_before_the_start(company):
    dialogue = DialogueFactory.build(
        engagement=EngagementFactory(company=company), held_at=dt.datetime(2026, 4, 1, 0, 30, tzinfo=TOKYO)
    )
    dialogue.full_clean(exclude=["recorded_by"])
    assert dialogue.held_on == START


def test_referral_to_another_organizations_body_is_refused(company, foreign_org):
    referral = ReferralFactory.build(
        engagement=EngagementFactory(company=company),
        support_body=SupportBodyFactory(organization=foreign_org),
    )
    with pytest.raises(ValidationError) as exc:
        referral.full_clean()
    assert exc.value.message_dict["support_body"] == ["橋渡し先は、自分の支援機関の一覧から選んでください。"]


def test_owner_words_are_kept_verbatim_one_quote_per_line(company):
    dialogue = DialogueFactory(
        engagement=EngagementFactory(company=company),
        owner_words="ウチは「職人の会社」なんです。\n\n  全部、自分で決めてしまう。１００％ね。",
    )
    dialogue.refresh_from_db()
    assert dialogue.owner_quotes == [
        "ウチは「職人の会社」なんです。",
        "  全部、自分で決めてしまう。１００％ね。",
    ]


def test_action_is_overdue_only_while_it_is_still_expected(company):
    action = ActionFactory(engagement=EngagementFactory(company=company), due_on=dt.date(2026, 5, 1))
    assert action.is_overdue(today=dt.date(2026, 5, 2)) is True
    assert action.is_overdue(today=dt.date(2026, 5, 1)) is False
    action.status = "done"
    assert action.is_overdue(today=dt.date(2026, 5, 2)) is False


def test_planned_end_is_the_start_plus_the_planned_months(company):
    engagement = EngagementFactory(company=company, started_on=dt.date(2026, 1, 31), planned_months=13)
    assert engagement.planned_end_on == dt.date(2027, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert str(engagement) == "経営力再構築伴走支援（2026年1月開始）"


def test_wall_assessment_exposes_ratings_and_notes_under_the_api_keys(company):
    assessment = WallAssessmentFactory(
        engagement=EngagementFactory(company=company), unfaced_note="数字を見ない"
    )
    assert assessment.ratings == {
        "unseen": 3,
        "unfaced": 3,
        "unexecuted": 2,
        "unfollowed": 2,
        "under_resourced": 1,
    }
    assert assessment.notes["unfaced"] == "数字を見ない"
    assert WallAssessment._meta.get_field("unseen").verbose_name == "見えない壁（課題が見えない）"


# --- Attachments: limits and private storage ---------------------------------------------------------


class _SizedFile:
    def __init__(self, name, size):
        self.name, self.size = name, size


def test_attachment_validator_refuses_executables_and_oversized_files(settings):
    validate = AttachmentFileValidator()
    with pytest.raises(ValidationError) as exc:
        validate(_SizedFile("setup.exe", 1024))
    assert exc.value.messages[0].startswith("「setup.exe」は添付できない種類のファイルです。")
    with pytest.raises(ValidationError) as exc:
        validate(_SizedFile("工場写真.jpg", 200 * 1024 * 1024))
    assert exc.value.messages == [
        "「工場写真.jpg」は大きすぎます（200.0 MB）。添付できるのは 1 ファイル 20.0 MB までです。"
    ]
    with pytest.raises(ValidationError):
        validate(_SizedFile("空.pdf", 0))
    validate(_SizedFile("議事メモ.PDF", 1024))
    validate(_SizedFile("現場.heic", settings.BANSO_MAX_UPLOAD_BYTES))


def test_attachments_are_stored_privately_under_a_random_name(company, settings):
    attachment = DialogueAttachmentFactory(
        dialogue=DialogueFactory(engagement=EngagementFactory(company=company)),
        file=SimpleUploadedFile("議事メモ.pdf", b"%PDF-1.4 test"),
    )
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_FILES_ROOT))
    assert "議事メモ" not in path
    assert path.endswith(".pdf")
    with pytest.raises(ValueError):
        _ = attachment.file.url
    with attachment.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 test"


def test_models_use_the_guideline_choices():
    from banso.engagements.engines import guideline as g

    assert Engagement._meta.get_field("kind").choices == g.ENGAGEMENT_KIND_CHOICES
    assert [c[0] for c in Engagement._meta.get_field("kind").choices] == [
        "process",
        "early_plan",
        "plan_405",
        "other",
    ]
    assert Dialogue._meta.get_field("form").choices == g.DIALOGUE_FORM_CHOICES
    assert Action._meta.get_field("status").choices == g.ACTION_STATUS_CHOICES
    assert Referral._meta.get_field("status").choices == g.REFERRAL_STATUS_CHOICES
    assert SupportBody._meta.get_field("body_type").choices == g.SUPPORT_BODY_TYPE_CHOICES


def test_deleting_a_company_removes_its_engagements_and_stamps_every_deletion(company, org, admin_user):
    from banso.companies.domain import delete_company

    engagement = EngagementFactory(company=company)
    for build in BUILDERS.values():
        build(engagement)
    delete_company(company, membership=admin_user.memberships.get(), by=admin_user)
    assert not Engagement.objects.exists()
    for model in apps.get_app_config("engagements").get_models():
        if model.__name__.startswith("Historical") and hasattr(model, "history_organization_id"):
            deletions = model.objects.filter(history_type="-")
            assert all(row.history_organization_id == org.pk for row in deletions), model.__name__
    assert Dialogue.history.filter(history_type="-").count() == 3
