"""The owner's satisfaction survey (満足度調査): open one at a milestone or by hand, answer it once
through its signed link, and the link itself.

A link is the nonce signed with `LINK_SALT` (`signing.Signer`, no timestamp): it carries nothing
but a random nonce, cannot be forged, and is checked against the row (not answered, not expired).
Wrong, expired and used links all get the same answer (None → the page says the link cannot be used,
status 404).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from banso.core.errors import DomainError
from banso.core.records import save_audited
from banso.core.roles import Role
from banso.engagements.domain._common import log, save_new_and_log
from banso.engagements.engines import surveys as s
from banso.engagements.models import Engagement, SatisfactionSurvey

LINK_SALT = "banso.engagements.survey"
MAX_TOKEN_LENGTH = 200
CANCELLED_MESSAGE = "中止した案件には満足度調査を送れません。"


def link_token(survey: SatisfactionSurvey) -> str:
    # Signer, not signing.dumps: the expiry lives on the row, and a token without a timestamp is the
    # same link however often it is shown (the portal, the tab, the mail).
    return signing.Signer(salt=LINK_SALT).sign(survey.nonce)


def link_path(survey: SatisfactionSurvey) -> str:
    return reverse("survey_answer", kwargs={"token": link_token(survey)})


def _new_survey(engagement: Engagement, *, milestone: str, by, now=None) -> SatisfactionSurvey:
    now = now or timezone.now()
    survey = SatisfactionSurvey(
        engagement=engagement,
        milestone=milestone,
        supporter_id=engagement.lead_supporter_id,
        nonce=secrets.token_urlsafe(24),
        sent_at=now,
        expires_at=now + dt.timedelta(days=s.LINK_DAYS),
        created_by=by,
    )
    return save_new_and_log(
        survey,
        by=by,
        code="engagement.survey.sent",
        message=f"満足度調査（{s.MILESTONE_LABELS[milestone]}）を経営者に送りました。",
        id_key="survey_id",
        data={"milestone": milestone},
    )


def create_survey(engagement: Engagement, *, by, milestone: str = "manual", now=None) -> SatisfactionSurvey:
    """A survey the supporter sends by hand (or at a milestone they choose).

    DomainError for a cancelled engagement or an unknown milestone; ValidationError when the
    after-step-③ or end survey of the engagement was already sent. Side effects: the row with
    history and an `engagement.survey.sent` activity entry. The link is shown on the engagement's
    survey page and the owner sees the open survey in the portal."""
    if milestone not in s.MILESTONE_LABELS:
        raise DomainError("送る時点は一覧から選んでください。")
    if engagement.status == "cancelled":
        raise DomainError(CANCELLED_MESSAGE)
    try:
        with transaction.atomic():
            return _new_survey(engagement, milestone=milestone, by=by, now=now)
    except IntegrityError as exc:
        raise ValidationError({"milestone": "この時点の満足度調査はすでに送っています。"}) from exc


def open_milestone_survey(engagement: Engagement, milestone: str, *, by) -> SatisfactionSurvey | None:
    """Called by the domain when a milestone is reached (step ③ left, a follow-up recorded, the
    engagement closed): opens that milestone's survey unless one exists (for follow-ups: unless an
    unanswered one is still open). Never fails the caller's change: returns None instead."""
    if milestone not in s.AUTOMATIC_MILESTONES or engagement.status == "cancelled":
        return None
    existing = SatisfactionSurvey.objects.filter(engagement=engagement, milestone=milestone)
    if milestone == "follow_up":
        existing = existing.filter(answered_at__isnull=True, expires_at__gt=timezone.now())
    if existing.exists():
        return None
    try:
        with transaction.atomic():
            return _new_survey(engagement, milestone=milestone, by=by)
    except (IntegrityError, ValidationError):
        return None


def survey_for_token(token: str, *, now=None) -> SatisfactionSurvey | None:
    """The open survey a link is for, or None (malformed, forged, unknown, expired or answered)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        nonce = signing.Signer(salt=LINK_SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not isinstance(nonce, str):
        return None
    survey = SatisfactionSurvey.objects.select_related("engagement__company").filter(nonce=nonce).first()
    if survey is None or survey.answered_at is not None or survey.expires_at <= (now or timezone.now()):
        return None
    return survey


def answer_survey(token: str, *, answers: dict, comment: str = "", now=None) -> SatisfactionSurvey:
    """Record the owner's answers once. DomainError when the link cannot be used (the same for every
    reason); ValidationError per question for a missing or out-of-range score or a comment over
    2,000 characters. Side effects: the scores, comment and answered time (history, no user: the
    link needs no sign-in) and an `engagement.survey.answered` activity entry (scores only)."""
    scores, errors = s.parse_answers(answers)
    comment = (comment or "").strip()
    if len(comment) > s.COMMENT_MAX:
        errors["comment"] = f"自由記述は{s.COMMENT_MAX:,}文字以内で入力してください。"
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        survey = survey_for_token(token, now=now)
        if survey is None:
            raise DomainError(INVALID_LINK_MESSAGE)
        survey = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
        if survey.answered_at is not None:
            raise DomainError(INVALID_LINK_MESSAGE)
        for key, value in scores.items():
            setattr(survey, key, value)
        survey.comment = comment
        survey.answered_at = now
        save_audited(survey, by=None, bump_version=True)
        log(
            survey.engagement,
            code="engagement.survey.answered",
            message=f"満足度調査（{survey.get_milestone_display()}）に回答がありました。",
            by=None,
            data={"survey_id": survey.pk, "scores": scores},
        )
    return survey


INVALID_LINK_MESSAGE = (
    "このリンクは使えません。回答の期限が過ぎたか、すでに回答済みか、URLが正しくありません。"
    "担当の支援者にお問い合わせください。"
)


def owner_emails(engagement: Engagement) -> list[str]:
    from banso.orgs.models import Membership

    return sorted(
        {
            m.user.email
            for m in Membership.objects.filter(
                company_id=engagement.company_id, role=Role.OWNER, is_active=True, user__is_active=True
            ).select_related("user")
            if m.user.email
        }
    )


def mail_survey(survey: SatisfactionSurvey, *, absolute_url: str) -> int:
    """E-mail the link to the company's active 経営者 (those with an address). Returns how many."""
    recipients = owner_emails(survey.engagement)
    if not recipients:
        return 0
    send_mail(
        subject="【Banso】満足度調査のお願い",
        message=(
            "いつもありがとうございます。伴走支援についての短いアンケート（5問と自由記述）にご協力ください。\n"
            f"回答の期限は{timezone.localtime(survey.expires_at):%Y/%m/%d}です。ログインは不要です。\n\n{absolute_url}\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
    return len(recipients)
