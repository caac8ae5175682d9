"""The owner's satisfaction survey (満足度調査): opened at milestones or by hand, answered once through
a signed link without signing in, shown in the owner's portal, refused when wrong / expired / used."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from banso.core.models import ActivityLog
from banso.core.roles import Role
from banso.engagements import domain
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.domain import surveys as survey_domain
from banso.engagements.models import SatisfactionSurvey
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"dialogue": "5", "listening": "4", "insight": "4", "support": "5", "change": "3"}


def answer_url(survey):
    return reverse("survey_answer", kwargs={"token": survey_domain.link_token(survey)})


def test_leaving_step_three_opens_one_survey_for_the_lead(active_engagement, supporter):
    (survey,) = SatisfactionSurvey.objects.filter(engagement=active_engagement)
    assert (survey.milestone, survey.supporter, survey.answered_at) == ("after_step3", supporter, None)
    assert survey.expires_at - survey.sent_at == dt.timedelta(days=30)
    # going back and forward again does not send a second one
    domain.return_to_step(active_engagement, by=supporter, to_step=3, reason="信頼関係を築き直します。")
    domain.advance_step(active_engagement, by=supporter, reason="再開します。")
    assert SatisfactionSurvey.objects.filter(engagement=active_engagement).count() == 1
    assert ActivityLog.objects.filter(code="engagement.survey.sent").count() == 1


def test_a_follow_up_and_the_end_open_their_surveys(step6, supporter):
    follow_up = follow_up_domain.add_follow_up(step6, by=supporter, scheduled_on=dt.date(2026, 9, 1))
    follow_up_domain.update_follow_up(
        follow_up, by=supporter, done_on=dt.date(2026, 9, 2), evidence="自走しています"
    )
    domain.change_status(step6, by=supporter, status="closed")
    milestones = sorted(
        SatisfactionSurvey.objects.filter(engagement=step6).values_list("milestone", flat=True)
    )
    assert milestones == ["after_step3", "end", "follow_up"]


def test_the_owner_answers_once_without_signing_in(client, active_engagement):
    survey = SatisfactionSurvey.objects.get(engagement=active_engagement)
    url = answer_url(survey)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "面談（対話）では" in text and "みなと地域銀行" in text
    assert active_engagement.company.name not in text  # the link shows the questions only
    done = client.post(url, {**ANSWERS, "comment": "話しやすかったです。"})
    assert done.status_code == 200 and "ご回答ありがとうございました" in done.content.decode()
    survey.refresh_from_db()
    assert survey.scores() == {"dialogue": 5, "listening": 4, "insight": 4, "support": 5, "change": 3}
    assert survey.comment == "話しやすかったです。" and survey.version == 2
    # single use: the same link is now the "cannot be used" page, for a GET and for a POST
    again = client.get(url)
    assert again.status_code == 404 and "このリンクは使えません" in again.content.decode()
    assert client.post(url, {**ANSWERS, "dialogue": "1"}).status_code == 404
    survey.refresh_from_db()
    assert survey.dialogue == 5


@pytest.mark.parametrize("kind", ["tampered", "expired", "unknown", "long", "punctuation"])
def test_a_wrong_expired_or_forged_link_is_the_same_404_page_with_no_data(client, active_engagement, kind):
    survey = SatisfactionSurvey.objects.get(engagement=active_engagement)
    token = survey_domain.link_token(survey)
    if kind == "tampered":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    elif kind == "expired":
        SatisfactionSurvey.objects.filter(pk=survey.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    elif kind == "unknown":
        from django.core import signing

        token = signing.dumps("no-such-nonce", salt=survey_domain.LINK_SALT)
    elif kind == "long":
        token = "a" * 1000
    else:
        token = "';--"
    response = client.get(f"/survey/{token}/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "このリンクは使えません" in text
    assert "みなと地域銀行" not in text and active_engagement.company.name not in text
    assert client.post(f"/survey/{token}/", ANSWERS).status_code == 404
    assert SatisfactionSurvey.objects.get(pk=survey.pk).answered_at is None


def test_missing_or_out_of_range_answers_are_refused_in_japanese_and_change_nothing(
    client, active_engagement
):
    survey = SatisfactionSurvey.objects.get(engagement=active_engagement)
    response = client.post(
        answer_url(survey), {**ANSWERS, "dialogue": "6", "change": "", "comment": "x" * 2001}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "1〜5 のどれかを選んでください。" in text
    assert "この質問に 1〜5 のどれかで答えてください。" in text
    assert "2,000文字以内" in text
    survey.refresh_from_db()
    assert survey.answered_at is None and survey.dialogue is None


def test_hostile_comment_is_stored_as_typed_and_shown_escaped(
    client, login, supporter, active_engagement, page_url
):
    survey = SatisfactionSurvey.objects.get(engagement=active_engagement)
    hostile = '<script>alert(1)</script>=HYPERLINK("http://x")'
    client.post(answer_url(survey), {**ANSWERS, "comment": hostile})
    survey.refresh_from_db()
    assert survey.comment == hostile
    page = login(supporter).get(page_url("surveys", active_engagement)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_supporter_sends_one_by_hand_and_mails_the_owner(
    login, supporter, owner, active_engagement, page_url
):
    owner.email = "owner@example.jp"
    owner.save()
    response = login(supporter).post(
        page_url("survey_create", active_engagement), {"milestone": "manual", "send_mail": "1"}, follow=True
    )
    assert "満足度調査を作成しました。経営者1名にメールで送りました。" in response.content.decode()
    survey = SatisfactionSurvey.objects.get(engagement=active_engagement, milestone="manual")
    assert mail.outbox[-1].to == ["owner@example.jp"]
    assert survey_domain.link_token(survey) in mail.outbox[-1].body
    # the after-step-③ survey exists: sending it again is refused with a message, nothing added
    again = login(supporter).post(
        page_url("survey_create", active_engagement), {"milestone": "after_step3"}, follow=True
    )
    assert "この時点の満足度調査はすでに送っています。" in again.content.decode()
    assert SatisfactionSurvey.objects.filter(engagement=active_engagement).count() == 2


def test_viewer_may_read_but_not_send(login, viewer, active_engagement, page_url):
    assert login(viewer).get(page_url("surveys", active_engagement)).status_code == 200
    assert login(viewer).post(page_url("survey_create", active_engagement)).status_code == 403
    assert SatisfactionSurvey.objects.filter(engagement=active_engagement).count() == 1


def test_the_owners_portal_shows_the_open_survey_and_employees_do_not(
    login, owner, company, active_engagement
):
    survey = SatisfactionSurvey.objects.get(engagement=active_engagement)
    home = login(owner).get(reverse("portal:home", kwargs={"org": "minato"})).content.decode()
    assert "アンケートのお願い" in home and answer_url(survey) in home
    employee = UserFactory(username="employee")
    MembershipFactory(user=employee, organization=company.organization, role=Role.EMPLOYEE, company=company)
    other = login(employee).get(reverse("portal:home", kwargs={"org": "minato"})).content.decode()
    assert "アンケートのお願い" not in other
    survey.answered_at = timezone.now()
    survey.save()
    assert (
        "アンケートのお願い"
        not in login(owner).get(reverse("portal:home", kwargs={"org": "minato"})).content.decode()
    )


def test_the_company_side_never_reads_survey_rows(owner, active_engagement):
    from banso.orgs.models import Membership

    membership = Membership.objects.get(user=owner)
    assert not SatisfactionSurvey.objects.visible_to(membership).exists()
