"""Demo data for the portfolio's outcomes and the organization's statistics: the bank's two
branches (本店営業部 with the 管理者, 浜松支店 with the 支援者) so the 支店別 view has both, and the
owners' satisfaction surveys (満足度調査) — three answered by the demo `owner` of 丸山精工 and one
still open in their portal, plus answers from two other clients. Idempotent; through the domain."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from banso.engagements.domain import surveys as survey_domain
from banso.engagements.models import Engagement, SatisfactionSurvey
from banso.orgs.domain import members
from banso.orgs.models import Branch, Membership, Organization

BRANCHES = (("001", "本店営業部", "orgadmin"), ("101", "浜松支店", "advisor"))
OWNER_COMPANY = "有限会社丸山精工"
# (company, answers, comment) — answered once each, oldest survey first
ANSWERS = {
    OWNER_COMPANY: [
        (
            {"dialogue": 4, "listening": 5, "insight": 4, "support": 4, "change": 3},
            "最初は身構えていましたが、話を最後まで聴いてもらえて安心しました。",
        ),
        (
            {"dialogue": 5, "listening": 5, "insight": 5, "support": 4, "change": 4},
            "原価を自分たちで計算できるようになったのが一番の変化です。",
        ),
        ({"dialogue": 5, "listening": 4, "insight": 4, "support": 5, "change": 5}, ""),
    ],
    "株式会社炭火焼鳥はなび": [
        (
            {"dialogue": 5, "listening": 5, "insight": 4, "support": 5, "change": 5},
            "店長会議で数字を見るのが当たり前になりました。",
        ),
        ({"dialogue": 4, "listening": 4, "insight": 4, "support": 4, "change": 4}, ""),
    ],
    "株式会社まるや商店": [
        (
            {"dialogue": 3, "listening": 4, "insight": 3, "support": 3, "change": 2},
            "もう少し具体的な助言もほしいと感じました。",
        ),
    ],
}


def build(context: dict) -> None:
    bank = Organization.objects.filter(slug="minato-bank").first()
    admin = get_user_model().objects.filter(username="orgadmin").first()
    if bank is None or admin is None:
        return
    _branches(bank, admin)
    _surveys(bank, admin)


def _branches(bank, admin) -> None:
    acting = Membership.objects.get(organization=bank, user=admin)
    for code, name, username in BRANCHES:
        branch = Branch.objects.filter(organization=bank, name=name).first()
        if branch is None:
            branch = members.create_branch(bank, membership=acting, by=admin, name=name, code=code)
        member = Membership.objects.filter(organization=bank, user__username=username).first()
        if member is not None and member.branch_id is None:
            members.change_member(
                member,
                membership=acting,
                by=admin,
                expected_version=member.version,
                role=member.role,
                branch_id=branch.pk,
            )


def _surveys(bank, admin) -> None:
    for company_name, answers in ANSWERS.items():
        engagements = list(
            Engagement.objects.filter(company__organization=bank, company__name=company_name).order_by(
                "started_on", "id"
            )
        )
        if not engagements:
            continue
        surveys = list(
            SatisfactionSurvey.objects.filter(engagement__in=engagements).order_by("sent_at", "id")
        )
        if company_name == OWNER_COMPANY:
            # keep the newest open engagement's survey open: the owner's portal shows it
            open_one = next((s for s in reversed(surveys) if s.engagement.is_open), None)
            if open_one is None:
                open_one = survey_domain.create_survey(engagements[-1], by=admin)
            surveys = [s for s in surveys if s.pk != open_one.pk]
        answered = sum(1 for s in surveys if s.is_answered)
        waiting = [s for s in surveys if not s.is_answered]
        while len(waiting) + answered < len(answers):
            ended = next((e for e in engagements if not e.is_open), engagements[0])
            waiting.append(survey_domain.create_survey(ended, by=admin, milestone="manual"))
        for survey, (scores, comment) in zip(waiting, answers[answered:], strict=False):
            survey_domain.answer_survey(
                survey_domain.link_token(survey),
                answers={k: str(v) for k, v in scores.items()},
                comment=comment,
            )
