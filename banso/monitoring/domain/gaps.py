"""乖離分析: record a gap for a highlighted (line, month), edit it (versioned), and which gaps repeat.

A gap is one per company, line and month. Recording it logs `monitoring.gap.recorded`; an edit logs
`monitoring.gap.updated`. Whether a gap repeats (the same line in consecutive months) comes from
engines/repeating.py.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from banso.core.errors import ConflictError, DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.engines import lines, repeating
from banso.monitoring.engines.months import Month, to_month
from banso.monitoring.models import Gap

__all__ = [
    "GAP_FIELDS",
    "gap_content_problems",
    "gap_runs",
    "gaps_by_cell",
    "gaps_of_line",
    "record_gap",
    "update_gap",
]

# What a user writes on a gap (the line, month and plan version are fixed when it is recorded).
GAP_FIELDS = ("cause", "why_chain", "response", "owner", "due_on", "status", "effect", "effect_note")
DUPLICATE_MESSAGE = "この月と科目の乖離はすでに記録されています。画面を開き直して、記録を編集してください。"


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(GAP_FIELDS)
    if unknown:
        raise TypeError(f"unknown gap fields: {sorted(unknown)}")
    return {k: (v.replace("\r\n", "\n").strip() if isinstance(v, str) else v) for k, v in fields.items()}


CAUSE_REQUIRED = "原因の分類を選んでください。"
CONTENT_REQUIRED = "なぜなぜ（原因の掘り下げ）か対応（実施済み・予定）のどちらかを書いてください。"


def gap_content_problems(*, cause, why_chain, response) -> dict[str, str]:
    """{field: message} of what a gap lacks: a cause, and a why-chain or a response. Empty when
    complete."""
    problems = {}
    if not (cause or "").strip():
        problems["cause"] = CAUSE_REQUIRED
    if not (why_chain or "").strip() and not (response or "").strip():
        problems["why_chain"] = CONTENT_REQUIRED
    return problems


def _require_content(gap: Gap) -> None:
    problems = gap_content_problems(cause=gap.cause, why_chain=gap.why_chain, response=gap.response)
    if problems:
        raise DomainError(" ".join(problems.values()))


def record_gap(company, *, line: str, month, plan_version=None, by, **fields) -> Gap:
    """A new gap record of `company` on `line` in `month`. ConflictError when one exists."""
    if line not in lines.LINES_BY_KEY:
        raise DomainError("科目は一覧から選んでください。")
    month = to_month(month)
    if plan_version is not None and plan_version.plan.company_id != company.pk:
        raise DomainError("この事業者の計画の版ではありません。")
    gap = Gap(company=company, line=line, month=month.first_day, plan_version=plan_version, created_by=by)
    for name, value in _clean(fields).items():
        setattr(gap, name, value)
    _require_content(gap)
    if Gap.objects.filter(company=company, line=line, month=month.first_day).exists():
        raise ConflictError(DUPLICATE_MESSAGE)
    try:
        with transaction.atomic():
            save_audited(gap, by=by)
            _log(gap, "recorded", "記録", by)
    except IntegrityError as error:
        raise ConflictError(DUPLICATE_MESSAGE) from error
    return gap


def update_gap(gap: Gap, *, by, expected_version: int | None, **fields) -> Gap:
    """Change a gap (cause, response, status, effect …); ConflictError when it changed since
    `expected_version`."""
    with transaction.atomic():
        current = locked(Gap, gap.pk, expected_version)
        for name, value in _clean(fields).items():
            setattr(current, name, value)
        _require_content(current)
        save_audited(current, by=by, bump_version=True)
        _log(current, "updated", "更新", by)
    return current


def _log(gap: Gap, event: str, verb: str, by) -> None:
    month = Month.of(gap.month)
    log_company_event(
        gap.company,
        code=f"monitoring.gap.{event}",
        message=f"{month.label}の{lines.label(gap.line)}の乖離を{verb}しました。",
        by=by,
        data={"gap": gap.pk, "line": gap.line, "month": str(month), "status": gap.status},
    )


def gaps_by_cell(company, first: Month, last: Month) -> dict[tuple[str, Month], Gap]:
    """{(line, month): gap} of the months first…last."""
    rows = Gap.objects.filter(company=company, month__gte=first.first_day, month__lte=last.first_day)
    return {(gap.line, Month.of(gap.month)): gap for gap in rows}


def gap_runs(company) -> dict[tuple[str, Month], repeating.GapRun]:
    """{(line, month): its run of consecutive months} for every gap of the company."""
    pairs = Gap.objects.filter(company=company).values_list("line", "month")
    return repeating.run_of((line, Month.of(month)) for line, month in pairs)


def gaps_of_line(company, line: str) -> list[Gap]:
    """A line's gap history, newest month first."""
    return list(Gap.objects.filter(company=company, line=line).select_related("plan_version__plan"))
