"""The owner portal's pages (phone first): home, actions, one action, goals, documents.

Thin views: the company side only (permissions), content from the areas through core.portal (each
area loads through the access and visibility rules), the owner's entry through the engagements
area's domain function behind the registry.
"""

from __future__ import annotations

import calendar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from banso.companies.queries import visible_company_or_404
from banso.core import notifications
from banso.core import portal as registry
from banso.core.errors import DomainError
from banso.core.forms import add_domain_errors
from banso.core.urls import org_reverse
from banso.portal.forms import ActionUpdateForm
from banso.portal.permissions import ensure_company_side, is_owner

HOME_AGREEMENTS = 3
HOME_NOTES = 3
OPEN = ("not_started", "in_progress", "revising")  # statuses of an action still to be done

# 経営者向けの成功ポイント (how the owner makes the most of the support), shown on the home page.
SUCCESS_POINTS = [
    ("正直に話す", "悪い数字でも隠さず共有することが信頼の第一歩です。"),
    ("行動を止めない", "1つでも改善行動を進めていれば、金融機関は評価します。"),
    ("毎月数字を出す", "月次決算・資金繰り表の更新が最も大切です。"),
    ("支援機関を使い倒す", "遠慮せず、数字・営業・資金繰りのことを相談してください。"),
]


def _context(request, section: str, **extra) -> dict:
    membership = request.membership
    ensure_company_side(membership)
    company = visible_company_or_404(membership, membership.company_id)
    return {"company": company, "section": section, "is_owner": is_owner(membership), **extra}


def home(request):
    context = _context(request, "home")
    membership = request.membership
    today = timezone.localdate()
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    actions = registry.actions(membership)
    this_month = [a for a in actions if a.status in OPEN and a.due_on <= month_end]
    context.update(
        today=today,
        this_month=this_month,
        key_actions=registry.key_actions(membership, today.replace(day=1)),
        meetings=registry.meetings(membership, today)[:1],
        agreements=registry.agreements(membership)[:HOME_AGREEMENTS],
        open_count=sum(1 for a in actions if a.status in OPEN),
        surveys=registry.surveys(membership),
        success_points=SUCCESS_POINTS,
        # Messages from the supporters (replies to the owner's comments): the newest unread ones.
        unread_notes=notifications.for_user(request.user, request.organization).filter(read_at__isnull=True)[
            :HOME_NOTES
        ],
    )
    return render(request, "portal/home.html", context)


def action_list(request):
    context = _context(request, "actions")
    actions = registry.actions(request.membership)
    context.update(
        open_actions=[a for a in actions if a.status in OPEN],
        closed_actions=[a for a in actions if a.status not in OPEN],
    )
    return render(request, "portal/actions.html", context)


@require_http_methods(["GET", "POST"])
def action_detail(request, pk: int):
    context = _context(request, "actions")
    membership = request.membership
    action = registry.action(membership, pk)
    form = ActionUpdateForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registry.review_action(
                membership,
                pk,
                expected_version=data.get("version"),
                status=data["status"],
                result=data["result"],
                learning=data["learning"],
                next_step=data["next_step"],
            )
        except (ValidationError, DomainError) as exc:
            add_domain_errors(form, exc)
        else:
            messages.success(request, "記録しました。担当の支援者にも伝わります。")
            return redirect(org_reverse(request, "portal:action", pk=pk))
    context.update(action=action, form=form)
    return render(request, "portal/action_detail.html", context)


def goals(request):
    context = _context(request, "goals")
    membership = request.membership
    context.update(root_issues=registry.root_issues(membership), targets=registry.targets(membership))
    return render(request, "portal/goals.html", context)


def documents(request):
    context = _context(request, "documents")
    context.update(documents=registry.documents(request.membership, request.organization.slug))
    return render(request, "portal/documents.html", context)
