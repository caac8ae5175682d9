"""The monitoring area's demo data: the companies' plans, actuals, gaps, actions, KPIs and cash flow as
data (stories.py, numbers from figures.py), built through the domain (records.py); the public
programmes' engagements and their monitoring schedules (programmes.py)."""

from banso.demo.monitoring import records


def build(context: dict) -> None:
    """Idempotent; see records.build."""
    records.build(context)
