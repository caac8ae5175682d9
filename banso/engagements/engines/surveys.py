"""The owner's satisfaction survey (満足度調査): its questions, milestones and the rules of an answer.

Pure code, no Django import. Five questions on a 1–5 scale (5 is the best) about the dialogue, the
support and the change felt, plus a free comment; sent at a milestone of the engagement (after step
③, at a follow-up, at the end) or by hand. A link is valid for LINK_DAYS days and answers once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SCALE_MIN, SCALE_MAX = 1, 5
SCALE_LABELS = {
    1: "まったくそう思わない",
    2: "あまりそう思わない",
    3: "どちらともいえない",
    4: "ややそう思う",
    5: "とてもそう思う",
}
COMMENT_MAX = 2000
LINK_DAYS = 30


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    short: str


QUESTIONS: tuple[Question, ...] = (
    Question("dialogue", "面談（対話）では、安心して本音を話すことができましたか。", "対話のしやすさ"),
    Question("listening", "支援者は、あなたの話をよく聴き、理解しようとしてくれましたか。", "傾聴"),
    Question("insight", "対話を通じて、自社の本当の課題に自分で気づくことができましたか。", "気づき"),
    Question("support", "支援の進め方や内容に満足していますか。", "支援への満足"),
    Question("change", "支援を受けて、会社やご自身に前向きな変化を感じますか。", "変化の実感"),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)

MILESTONE_CHOICES = [
    ("after_step3", "ステップ③（信頼関係の構築）の後"),
    ("follow_up", "フォローアップ時"),
    ("end", "支援の終了時"),
    ("manual", "支援者が送付"),
]
MILESTONE_LABELS = dict(MILESTONE_CHOICES)
AUTOMATIC_MILESTONES = ("after_step3", "follow_up", "end")


def milestone_for_step(from_step: int, to_step: int) -> str | None:
    """Leaving step ③ forward (to ④ or beyond) opens the after-step-③ survey."""
    return "after_step3" if from_step <= 3 < to_step else None


def parse_answers(raw: Mapping[str, object]) -> tuple[dict[str, int], dict[str, str]]:
    """Scores from form or API input: every question must be answered with a whole number 1–5.
    Returns (scores, errors per question key) — errors in Japanese."""
    scores, errors = {}, {}
    for question in QUESTIONS:
        value = raw.get(question.key)
        text = str(value).strip() if value is not None else ""
        text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if not text:
            errors[question.key] = "この質問に 1〜5 のどれかで答えてください。"
            continue
        if not text.isdigit() or len(text) > 1 or not SCALE_MIN <= int(text) <= SCALE_MAX:
            errors[question.key] = "1〜5 のどれかを選んでください。"
            continue
        scores[question.key] = int(text)
    return scores, errors
