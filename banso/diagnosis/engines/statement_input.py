"""One fiscal year of statement figures as entered or imported, before it is saved.

Plain data shared by the Excel reader (statement_xlsx) and the save/import domain functions, kept
here so that reading a file needs no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class YearInput:
    fiscal_year: int
    values: Mapping[str, int | None]
    employees: int | None
    source_note: str = ""
