"""The engagements area's demo data: the engagements themselves as data (stories.py), built through
the domain with their dialogues, issue trees, walls and steps (records.py), then the support-body
directory, action plans with PDCA reviews, referrals, baselines and follow-ups (follow_through.py)."""

from banso.demo.engagements import follow_through, records


def build(context: dict) -> None:
    """Idempotent; see records.build and follow_through.build."""
    records.build(context)
    follow_through.build(context)
