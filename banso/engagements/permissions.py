"""Who may do what in the engagements area, in one file. Pages, the API and the domain ask here.

Built on the one access rule (banso.core.access):

- **Seeing** an engagement or any of its records (dialogue, issue node, wall assessment,
  stakeholder, action, referral, follow-up, reflection): a support-side member who may see the
  company — 管理者 and 閲覧者 all companies of the organization, 支援者 the companies assigned to
  them. Company-side users (経営者・従業員) get 404 on every engagement page and API call
  (`is_support_side`); the records a model declares shareable and the supporter left shared
  (actions, agreed 裏課題, a dialogue's agreements) reach them only through the owner portal
  (engagements/portal.py), under the visibility rule (core.visibility).
- **Changing** a record of any kind: a writing role on a visible record (`may_change_record`).
  No engagement model narrows the writers (no `WRITE_ROLES`), so it is 管理者 and the assigned
  支援者 for every kind; 閲覧者 get 403. The support-body directory is the organization's own
  record: every support-side member sees it, writers change it.
- **Ended engagements** (終了・中止): records are read-only until the engagement is reopened
  (`ensure_open`, enforced by every domain function that adds or changes a record); only its
  own fields, team and status may still be changed (`may_manage`), which is how it is reopened.
- **Reflections** on a dialogue: only someone who took part in it (`may_reflect`).
- **The go / no-go decision** and the suitability ratings: while the engagement is open and at
  step ① or ② (`can_decide`); steps beyond ② need a recorded 'go' (domain.steps).
"""

from __future__ import annotations

from django.http import Http404

from banso.core.access import NOT_FOUND_MESSAGE, may_change, may_write
from banso.core.errors import DomainError
from banso.core.roles import SUPPORT_SIDE_ROLES
from banso.engagements.engines import guideline as g
from banso.engagements.models import Dialogue, Engagement, SupportBody

ENDED_MESSAGE = "終了または中止した案件は変更できません。先に案件の状況を再開してください。"


# --- Who sees the area at all ----------------------------------------------------------------------


def is_support_side(membership) -> bool:
    """Staff of the support organization (管理者・支援者・閲覧者), as opposed to the company's people."""
    return membership is not None and membership.role in SUPPORT_SIDE_ROLES


def ensure_support_side(membership) -> None:
    """Company-side users do not see the advisor's working record: the same 404 as for anything
    else they may not see."""
    if not is_support_side(membership):
        raise Http404(NOT_FOUND_MESSAGE)


# --- Who changes what ------------------------------------------------------------------------------


def may_change_record(membership, record) -> bool:
    """Whether the membership may change this visible record (an engagement or any record of it):
    a writing role on a company the membership may change. Says nothing about ended engagements;
    see `may_add_records`."""
    return may_change(membership, record)


def may_start_engagement(membership, company) -> bool:
    """Open an engagement for a company: a writing role on that (visible) company."""
    return is_support_side(membership) and may_change(membership, company)


def may_edit_directory(membership) -> bool:
    """Add or change a body of the organization's support-body directory (閲覧者 read only)."""
    return is_support_side(membership) and may_write(membership, SupportBody)


def may_manage(membership, engagement: Engagement) -> bool:
    """Edit the engagement itself (fields, team), change its status (incl. reopening an ended one)."""
    return may_change(membership, engagement)


def may_add_records(membership, engagement: Engagement) -> bool:
    """Add or change records under the engagement: a writer, and only while it is open."""
    return engagement.is_open and may_change(membership, engagement)


def ensure_open(engagement: Engagement) -> None:
    """The ended-engagement rule: DomainError on a 終了・中止 engagement."""
    if not engagement.is_open:
        raise DomainError(ENDED_MESSAGE)


def ensure_open_now(engagement: Engagement) -> None:
    """`ensure_open` on the engagement as saved now (the caller's copy may predate a status change)."""
    ensure_open(Engagement.objects.only("status").get(pk=engagement.pk))


# --- Rules of particular records ---------------------------------------------------------------------


def may_reflect(dialogue: Dialogue, user) -> bool:
    """The advisor's reflection on a dialogue: one of its advisors or the person who recorded it."""
    return user.pk == dialogue.recorded_by_id or dialogue.advisors.filter(pk=user.pk).exists()


def in_decision_window(engagement: Engagement) -> bool:
    """Steps ① and ②: where the suitability assessment and the go / no-go decision belong."""
    return engagement.step <= g.GO_DECISION_STEP


def can_decide(engagement: Engagement) -> bool:
    """Whether a go / no-go decision may be recorded now: open and at step ① or ②."""
    return engagement.is_open and in_decision_window(engagement)
