"""How large an engagement's 支援経過報告書 is, and so where it is made: a small report is rendered in
the request (a direct download); a large one in the worker (banso/engagements/jobs.py), since issue 10
keeps long work out of requests (a report's budget is 300 ms of CPU).

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
