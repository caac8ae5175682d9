"""Business actions on engagements. Views, the API, commands and seed_demo call these; none of them
re-implements a rule. Every function takes keyword-only arguments after the object it acts on,
lists its side effects in its docstring, attributes history to `by` and logs `engagement.*` events.

Modules, one per concept: engagements (open; the whole edit of fields, team, status and step in
update_engagement; team; status), steps (advance / return, checklists), suitability (見極め ratings
and the go / no-go decision), issues (the issue tree), walls (the five walls), actions (the action
plan and its reviews), dialogues (対話記録, autosaved drafts, attachments), stakeholders (the
stakeholder map), reflections (the advisor's self-rating on the three elements), referrals (橋渡し and
the support-body directory), followups (follow-ups and the baseline), timeline (read-only). Who may
call them is answered in banso.engagements.permissions.
"""

from banso.engagements.domain.actions import create_action, update_action
from banso.engagements.domain.dialogues import (
    add_attachments,
    delete_attachment,
    discard_draft,
    draft_for,
    record_dialogue,
    save_draft,
    update_dialogue,
)
from banso.engagements.domain.engagements import change_status, set_team, start_engagement, update_engagement
from banso.engagements.domain.issues import (
    add_issue_node,
    delete_issue_node,
    mark_root_issue,
    move_issue_node,
    record_agreement,
    unmark_root_issue,
    update_issue_node,
)
from banso.engagements.domain.reflections import record_reflection
from banso.engagements.domain.stakeholders import add_stakeholder, update_stakeholder
from banso.engagements.domain.steps import advance_step, record_step_check, return_to_step
from banso.engagements.domain.suitability import (
    decide_suitability,
    ensure_go_decided,
    latest_decision,
    rate_suitability,
)
from banso.engagements.domain.walls import (
    carried_over,
    clean_ratings,
    latest_wall_assessment,
    record_wall_assessment,
    update_wall_assessment,
)

__all__ = [
    "add_attachments",
    "add_issue_node",
    "add_stakeholder",
    "advance_step",
    "carried_over",
    "change_status",
    "clean_ratings",
    "create_action",
    "decide_suitability",
    "delete_attachment",
    "delete_issue_node",
    "discard_draft",
    "draft_for",
    "ensure_go_decided",
    "latest_decision",
    "latest_wall_assessment",
    "mark_root_issue",
    "move_issue_node",
    "rate_suitability",
    "record_agreement",
    "record_dialogue",
    "record_reflection",
    "record_step_check",
    "record_wall_assessment",
    "return_to_step",
    "save_draft",
    "set_team",
    "start_engagement",
    "unmark_root_issue",
    "update_action",
    "update_dialogue",
    "update_engagement",
    "update_issue_node",
    "update_stakeholder",
    "update_wall_assessment",
]
