"""How large an engagement's 支援経過報告書 and action-plan Excel are, and so where they are made: a
small one is rendered in the request (a direct download); a large one in the worker
(banso/engagements/jobs.py), since issue 10 keeps long work out of requests (budgets: 300 ms of CPU
for a PDF, 150 ms for an Excel file).

The size is what the PDF lays out: actions, the reviews it shows (the latest
MAX_REVIEWS_PER_ACTION of each action), the dialogues it shows (the latest MAX_DIALOGUES), issue-tree
nodes, referrals and follow-ups. Measured after the layout fixes of December 2026 (docs/scaling.md §1):
the long engagement of the bench bank (60 actions, 180 shown reviews, 40 dialogues, 40 nodes — 320
items) costs ~350–450 ms; ~1.2 ms per item above a ~40 ms floor, so 150 items stay well inside
the budget.
"""

from __future__ import annotations

from banso.engagements.models import Action, ActionReview, Dialogue, FollowUp, IssueNode, Referral

# Kept equal to banso/engagements/exports/progress_report.py (a test checks they agree).
MAX_DIALOGUES = 40
MAX_REVIEWS_PER_ACTION = 3
LARGE_REPORT_ITEMS = 150


def report_items(engagement) -> int:
    """What the engagement's progress report lays out (see the module docstring). Six count queries,
    whatever the engagement's size."""
    actions = Action.objects.filter(engagement=engagement).count()
    reviews = ActionReview.objects.filter(action__engagement=engagement).count()
    return (
        actions
        + min(reviews, actions * MAX_REVIEWS_PER_ACTION)
        + min(Dialogue.objects.filter(engagement=engagement).count(), MAX_DIALOGUES)
        + IssueNode.objects.filter(engagement=engagement).count()
        + Referral.objects.filter(engagement=engagement).count()
        + FollowUp.objects.filter(engagement=engagement).count()
    )


def report_in_background(engagement) -> bool:
    """Whether the engagement's progress report is made by the worker (more than LARGE_REPORT_ITEMS
    items) rather than in the request."""
    return report_items(engagement) > LARGE_REPORT_ITEMS


# The action-plan Excel writes one row of 17 cells per action and one of 9 per review (every review:
# the full PDCA log is the point of the file). openpyxl costs ~25–30 µs of CPU per cell, so 4,000
# cells stay near 100 ms; the bench's long engagement (60 actions, 600 reviews: 6,420 cells) costs
# 150–190 ms and is made by the worker.
ACTION_COLUMNS = 17
REVIEW_COLUMNS = 9
LARGE_ACTION_PLAN_CELLS = 4000


def action_plan_cells(engagement) -> int:
    """The cells the action-plan Excel writes (two count queries, whatever the engagement's size)."""
    actions = Action.objects.filter(engagement=engagement).count()
    reviews = ActionReview.objects.filter(action__engagement=engagement).count()
    return actions * ACTION_COLUMNS + reviews * REVIEW_COLUMNS


def action_plan_in_background(engagement) -> bool:
    """Whether the engagement's action-plan Excel is made by the worker rather than in the request."""
    return action_plan_cells(engagement) > LARGE_ACTION_PLAN_CELLS
