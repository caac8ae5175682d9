"""The shipped question bank (質問バンク) as plain data: dialogue questions per step (①–⑦) and per wall,
industry viewpoints (業種別の着眼点) per industry group, and action templates (a small step with a measure).

No Django: the data file `banso/knowledge/data/question_bank.json` is read and checked here; a migration
and the `load_question_bank` command copy it into the database, where each organization's 管理者 curates
its own copies. Keys are stable (`step4-03`, `wall-unfaced-02`, `industry-retail-01`, `action-05`): they
tie an organization's edited or hidden copy to the shipped item, so the file may grow but a key never
changes meaning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "question_bank.json"

QUESTION, VIEWPOINT, ACTION_TEMPLATE = "question", "viewpoint", "action_template"
KIND_CHOICES = [
    (QUESTION, "対話の質問"),
    (VIEWPOINT, "業種別の着眼点"),
    (ACTION_TEMPLATE, "アクションのひな形"),
]
KIND_LABELS = dict(KIND_CHOICES)

# The guideline's names (the engagements area holds the same words in engines/guideline.py; a test
# keeps the two equal so one concept keeps one name).
STEP_LABELS = {
    1: "① 支援対象の見極め",
    2: "② 事業者・支援者双方の理解",
    3: "③ 伴走支援の開始",
    4: "④ 気づき・腹落ちの促進",
    5: "⑤ 内発的動機づけ",
    6: "⑥ 課題解決",
    7: "⑦ フォローアップ",
}
STEP_CHOICES = list(STEP_LABELS.items())
WALL_LABELS = {
    "unseen": "見えない壁（課題が見えない）",
    "unfaced": "向き合えない壁",
    "unexecuted": "実行できない壁",
    "unfollowed": "ついてこない壁",
    "under_resourced": "リソース・知見不足の壁",
}
WALL_CHOICES = list(WALL_LABELS.items())
# A wall rated at or above this (0–3 scale) counts as high for the picker. *(Banso rule)*
HIGH_WALL_RATING = 2

MAX_TEXT = 500
MAX_DETAIL = 300


@dataclass(frozen=True)
class IndustryGroup:
    key: str
    label: str
    codes: tuple[str, ...]  # ロカベン業種 codes (4 digits)


@dataclass(frozen=True)
class BankEntry:
    key: str
    kind: str
    text: str
    step: int | None = None
    wall: str = ""
    industry_group: str = ""
    how: str = ""  # action templates: どのように
    measure: str = ""  # action templates: 指標


class BankFileError(ValueError):
    """The shipped file is malformed (a developer error, raised loudly at load time)."""


def _load_raw(path: Path = DATA_FILE) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def industry_groups(raw: dict | None = None) -> tuple[IndustryGroup, ...]:
    raw = raw if raw is not None else _load_raw()
    return tuple(
        IndustryGroup(key, group["label"], tuple(group["codes"])) for key, group in raw["industries"].items()
    )


def industry_group_of(code: str | None, groups: tuple[IndustryGroup, ...] | None = None) -> str:
    """The industry group key of a ロカベン code ('0304' → 'manufacturing'); '' when unknown."""
    if not code:
        return ""
    for group in groups if groups is not None else INDUSTRY_GROUPS:
        if code in group.codes:
            return group.key
    return ""


def high_walls(ratings: dict[str, int | None], threshold: int = HIGH_WALL_RATING) -> list[str]:
    """Wall keys rated at or above the threshold, highest first (ties in the guideline's order)."""
    order = list(WALL_LABELS)
    rated = [(key, value) for key, value in ratings.items() if key in WALL_LABELS and value is not None]
    return [
        key for key, value in sorted(rated, key=lambda kv: (-kv[1], order.index(kv[0]))) if value >= threshold
    ]


def _check(entry: BankEntry) -> BankEntry:
    if not entry.text.strip() or len(entry.text) > MAX_TEXT:
        raise BankFileError(f"{entry.key}: text must be 1–{MAX_TEXT} characters")
    if entry.step is not None and entry.step not in STEP_LABELS:
        raise BankFileError(f"{entry.key}: unknown step {entry.step}")
    if entry.wall and entry.wall not in WALL_LABELS:
        raise BankFileError(f"{entry.key}: unknown wall {entry.wall}")
    if len(entry.how) > MAX_DETAIL or len(entry.measure) > MAX_DETAIL:
        raise BankFileError(f"{entry.key}: how / measure longer than {MAX_DETAIL}")
    return entry


def shipped_entries(raw: dict | None = None) -> list[BankEntry]:
    """Every shipped item, checked; keys are unique."""
    raw = raw if raw is not None else _load_raw()
    entries: list[BankEntry] = []
    for step, block in raw["steps"].items():
        for index, text in enumerate(block["questions"], start=1):
            entries.append(BankEntry(f"step{step}-{index:02d}", QUESTION, text, step=int(step)))
    for wall, block in raw["walls"].items():
        for index, text in enumerate(block["questions"], start=1):
            entries.append(BankEntry(f"wall-{wall}-{index:02d}", QUESTION, text, wall=wall))
    for group, block in raw["industries"].items():
        for index, text in enumerate(block["viewpoints"], start=1):
            entries.append(BankEntry(f"industry-{group}-{index:02d}", VIEWPOINT, text, industry_group=group))
    for index, item in enumerate(raw["action_templates"], start=1):
        entries.append(
            BankEntry(
                f"action-{index:02d}",
                ACTION_TEMPLATE,
                item["what"],
                step=item.get("step"),
                wall=item.get("wall", ""),
                how=item.get("how", ""),
                measure=item.get("measure", ""),
            )
        )
    checked = [_check(entry) for entry in entries]
    keys = [entry.key for entry in checked]
    if len(keys) != len(set(keys)):
        raise BankFileError("duplicate keys in the question bank")
    return checked


INDUSTRY_GROUPS = industry_groups()
INDUSTRY_GROUP_LABELS = {group.key: group.label for group in INDUSTRY_GROUPS}
INDUSTRY_GROUP_CHOICES = list(INDUSTRY_GROUP_LABELS.items())


def action_text(entry_text: str, measure: str) -> str:
    """A template as one line: 「毎週月曜に在庫数を数える — 指標: 在庫回転日数」."""
    return f"{entry_text} — 指標: {measure}" if measure else entry_text
