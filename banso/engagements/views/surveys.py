"""The owner's satisfaction survey (満足度調査): the engagement's surveys (support side), sending one
by hand, and the answer page behind the one-time link (no sign-in). Rules live in domain.surveys."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.core.access import NOT_ALLOWED_MESSAGE
from banso.core.errors import DomainError
from banso.core.urls import org_reverse
from banso.core.views import refuse_unless_post
from banso.engagements import permissions
from banso.engagements.domain import surveys as survey_domain
from banso.engagements.engines import surveys as s
from banso.engagements.models import SatisfactionSurvey
from banso.engagements.views._common import engagement_context, load_engagement


def _list_url(request, company, engagement):
    return org_reverse(request, "engagements:surveys", company_pk=company.pk, engagement_pk=engagement.pk)


def survey_list(request, company_pk, engagement_pk):
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    now = timezone.now()
    can_send = permissions.may_manage(request.membership, engagement)
    surveys = list(
        SatisfactionSurvey.objects.visible_to(request.membership)
        .filter(engagement=engagement)
        .select_related("supporter")
        .order_by("-sent_at", "-id")
    )
    for survey in surveys:
        survey.state = "answered" if survey.is_answered else "expired" if survey.expires_at <= now else "open"
        survey.answer_rows = [(q.short, getattr(survey, q.key)) for q in s.QUESTIONS]
        survey.link = (
            request.build_absolute_uri(survey_domain.link_path(survey))
            if survey.state == "open" and can_send
            else ""
        )
    return render(
        request,
        "engagements/surveys_list.html",
        engagement_context(
            request,
            company,
            engagement,
            "surveys",
            surveys=surveys,
            can_send=can_send,
            milestones=s.MILESTONE_CHOICES,
            questions=s.QUESTIONS,
            link_days=s.LINK_DAYS,
        ),
    )


def survey_create(request, company_pk, engagement_pk):
    """POST only: send a survey by hand (管理者・担当の支援者). The access rule comes first."""
    company, engagement = load_engagement(request, company_pk, engagement_pk)
    if not permissions.may_manage(request.membership, engagement):
        raise PermissionDenied(NOT_ALLOWED_MESSAGE)
    if refusal := refuse_unless_post(request):
        return refusal
    milestone = request.POST.get("milestone", "manual")
    try:
        survey = survey_domain.create_survey(engagement, by=request.user, milestone=milestone)
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(m for msgs in exc.message_dict.values() for m in msgs))
    else:
        sent = 0
        if request.POST.get("send_mail"):
            sent = survey_domain.mail_survey(
                survey, absolute_url=request.build_absolute_uri(survey_domain.link_path(survey))
            )
        messages.success(
            request,
            "満足度調査を作成しました。"
            + (f"経営者{sent}名にメールで送りました。" if sent else "リンクを経営者に送ってください。")
            + "事業者ポータルのホームにも表示されます。",
        )
    return redirect(_list_url(request, company, engagement))


@require_http_methods(["GET", "POST"])
def survey_answer(request, token: str):
    """The one-time link: the questions, answered once without signing in. A wrong, expired or used
    link is the same Japanese page with status 404 and shows nothing of the company."""
    survey = survey_domain.survey_for_token(token)
    if survey is None:
        return render(
            request,
            "engagements/survey_invalid.html",
            {"message": survey_domain.INVALID_LINK_MESSAGE},
            status=404,
        )
    errors: dict = {}
    values = {q.key: "" for q in s.QUESTIONS}
    comment = ""
    if request.method == "POST":
        values = {q.key: request.POST.get(q.key, "")[:5] for q in s.QUESTIONS}
        comment = request.POST.get("comment", "")[: s.COMMENT_MAX * 2]
        try:
            survey_domain.answer_survey(token, answers=values, comment=comment)
        except DomainError as exc:
            return render(request, "engagements/survey_invalid.html", {"message": exc.message}, status=404)
        except ValidationError as exc:
            errors = {key: msgs[0] for key, msgs in exc.message_dict.items()}
        else:
            return render(request, "engagements/survey_thanks.html", {})
    return render(
        request,
        "engagements/survey_answer.html",
        {
            "questions": [
                {"key": q.key, "text": q.text, "value": values.get(q.key, ""), "error": errors.get(q.key, "")}
                for q in s.QUESTIONS
            ],
            "scale": list(s.SCALE_LABELS.items()),
            "comment": comment,
            "comment_error": errors.get("comment", ""),
            "comment_max": s.COMMENT_MAX,
            "has_errors": bool(errors),
            "expires_at": survey.expires_at,
            "organization_name": survey.engagement.company.organization.name,
        },
        status=400 if errors else 200,
    )
