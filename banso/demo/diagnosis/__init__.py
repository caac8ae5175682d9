"""The diagnosis area's demo data: 決算書 (statements.py, figures from figures.py) and the 4つの視点 /
経営デザインシート of 有限会社丸山精工 (sheets.py, the same story as its engagement)."""

from banso.demo.diagnosis import sheets, statements


def build(context: dict) -> None:
    """Idempotent; see statements.build and sheets.build."""
    statements.build(context)
    sheets.build(context)
