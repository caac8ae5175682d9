"""Non-financial sheets (4つの視点 + 商流・業務フロー) and 経営デザインシート: dated versions.

A new version usually starts as a copy of the latest one (`copy_from`), so next year's sheet is an
edit of this year's and the two can be compared side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from banso.core.errors import DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.core.text import clean_line
from banso.diagnosis.engines.sheet_items import COUNTERPARTY_KINDS, DESIGN_KEYS, VIEWPOINT_KEYS
from banso.diagnosis.models import BusinessStep, Counterparty, DesignSheet, NonFinancialSheet

MAX_STEPS = 12
MAX_COUNTERPARTIES = 30


def _text(value) -> str:
    return (value or "").replace("\r\n", "\n").strip()


_SHEET_NAMES = {"non_financial_sheet": "非財務シート", "design_sheet": "経営デザインシート"}
_EVENT_VERBS = {"created": "作成", "updated": "更新", "deleted": "削除"}


def _log_sheet_event(company, kind: str, event: str, as_of, *, by, data: dict | None = None) -> None:
    """The activity entry `diagnosis.<kind>.<event>` of a dated sheet version."""
    log_company_event(
        company,
        code=f"diagnosis.{kind}.{event}",
        message=f"{as_of:%Y/%m/%d}付けの{_SHEET_NAMES[kind]}を{_EVENT_VERBS[event]}しました。",
        by=by,
        data=data,
    )


def _check_copy_source(company, copy_from) -> None:
    if copy_from is not None and copy_from.company_id != company.pk:
        raise DomainError("別の事業者のシートは複製できません。")


def _save_new_sheet(sheet, kind: str, *, by, copy_from, save_children=None) -> None:
    """Save a new version (and, through `save_children`, its rows) and log `diagnosis.<kind>.created`."""
    with transaction.atomic():
        save_audited(sheet, by=by)
        if save_children is not None:
            save_children()
        copied_from = copy_from.as_of.isoformat() if copy_from else None
        data = {"as_of": sheet.as_of.isoformat(), "copied_from": copied_from}
        _log_sheet_event(sheet.company, kind, "created", sheet.as_of, by=by, data=data)


def normalized_answers(answers: Mapping | None) -> dict:
    """Keep only answered items; texts trimmed; unknown keys refused."""
    cleaned = {}
    for key, answer in (answers or {}).items():
        if key not in VIEWPOINT_KEYS:
            raise DomainError(f"「{key}」は4つの視点の項目にありません。")
        if not isinstance(answer, Mapping):
            raise DomainError(f"「{key}」の回答は text と source を持つオブジェクトで指定してください。")
        text, source = _text(answer.get("text")), clean_line(answer.get("source") or "")
        if text or source:
            cleaned[key] = {"text": text, "source": source}
    return cleaned


def _table_rows(rows: Sequence[Mapping], *, label: str, key: str, limit: int, too_many: str, build) -> list:
    """The unsaved child rows of a sheet's table. `build(row, order)` returns the child, None for an
    empty row (skipped) or the message why the row is refused; each child is validated too. Every
    refusal names the table and the row: ValidationError({key: [...]})."""
    children = []
    errors = []
    for number, row in enumerate(rows, start=1):
        child = build(row, len(children) + 1)
        if child is None:
            continue
        if isinstance(child, str):
            errors.append(f"{label}の{number}行目: {child}")
            continue
        try:
            child.full_clean(exclude=["sheet"])
        except ValidationError as exc:
            errors.append(f"{label}の{number}行目: {' '.join(exc.messages)}")
        children.append(child)
    if len(children) > limit:
        errors.append(too_many)
    if errors:
        raise ValidationError({key: errors})
    return children


def _step(row: Mapping, order: int) -> BusinessStep | str | None:
    name = clean_line(row.get("name") or "")
    activity, differentiation = _text(row.get("activity")), _text(row.get("differentiation"))
    if not (name or activity or differentiation):
        return None
    if not name:
        return "工程の名前を入力してください（例: 仕入、製造、販売）。"
    return BusinessStep(order=order, name=name, activity=activity, differentiation=differentiation)


def _steps(rows: Sequence[Mapping]) -> list[BusinessStep]:
    return _table_rows(
        rows,
        label="業務フロー",
        key="steps",
        limit=MAX_STEPS,
        too_many=f"業務フローの工程は{MAX_STEPS}個までです。まとめられる工程をまとめてください。",
        build=_step,
    )


def _counterparty(row: Mapping, order: int) -> Counterparty | str | None:
    kind = row.get("kind") or ""
    name, reason = clean_line(row.get("name") or ""), _text(row.get("reason"))
    if not (name or reason):
        return None
    if kind not in COUNTERPARTY_KINDS:
        return "区分を仕入先・協力先・外注先・得意先・エンドユーザーから選んでください。"
    if not name:
        return "取引先の名前（または「地元の個人客」などの呼び方）を入力してください。"
    return Counterparty(kind=kind, order=order, name=name, reason=reason)


def _counterparties(rows: Sequence[Mapping]) -> list[Counterparty]:
    return _table_rows(
        rows,
        label="商流",
        key="counterparties",
        limit=MAX_COUNTERPARTIES,
        too_many=f"商流の取引先は{MAX_COUNTERPARTIES}件までです。",
        build=_counterparty,
    )


def _replace_children(sheet: NonFinancialSheet, *, by, steps=None, counterparties=None) -> None:
    for related, rows in (("steps", steps), ("counterparties", counterparties)):
        if rows is None:
            continue
        for old in getattr(sheet, related).all():
            old._history_user = by
            old.delete()
        for row in rows:
            row.sheet = sheet
        if rows:
            bulk_create_with_history(rows, type(rows[0]), default_user=by)


def _step_rows(sheet: NonFinancialSheet) -> list[dict]:
    return [
        {"name": s.name, "activity": s.activity, "differentiation": s.differentiation}
        for s in sheet.steps.all()
    ]


def _party_rows(sheet: NonFinancialSheet) -> list[dict]:
    return [{"kind": c.kind, "name": c.name, "reason": c.reason} for c in sheet.counterparties.all()]


def create_non_financial_sheet(
    company,
    *,
    by,
    as_of,
    answers: Mapping | None = None,
    steps: Sequence[Mapping] | None = None,
    counterparties: Sequence[Mapping] | None = None,
    copy_from: NonFinancialSheet | None = None,
) -> NonFinancialSheet:
    """A new dated version. With `copy_from`, whatever is not given starts as that version's content.

    Side effects: the sheet, its steps and counterparties (with history), and a
    `diagnosis.non_financial_sheet.created` activity entry.
    """
    _check_copy_source(company, copy_from)
    if answers is None and copy_from is not None:
        answers = copy_from.answers
    if steps is None and copy_from is not None:
        steps = _step_rows(copy_from)
    if counterparties is None and copy_from is not None:
        counterparties = _party_rows(copy_from)
    sheet = NonFinancialSheet(
        company=company, as_of=as_of, answers=normalized_answers(answers), created_by=by
    )
    step_rows, party_rows = _steps(steps or []), _counterparties(counterparties or [])
    _save_new_sheet(
        sheet,
        "non_financial_sheet",
        by=by,
        copy_from=copy_from,
        save_children=lambda: _replace_children(sheet, by=by, steps=step_rows, counterparties=party_rows),
    )
    return sheet


def update_non_financial_sheet(
    sheet: NonFinancialSheet,
    *,
    by,
    expected_version: int | None = None,
    as_of=None,
    answers: Mapping | None = None,
    steps: Sequence[Mapping] | None = None,
    counterparties: Sequence[Mapping] | None = None,
) -> NonFinancialSheet:
    """Change a version. Given lists replace the steps / counterparties wholesale; None keeps them.

    Side effects: history rows for the sheet and replaced children, a
    `diagnosis.non_financial_sheet.updated` activity entry.
    """
    step_rows = _steps(steps) if steps is not None else None
    party_rows = _counterparties(counterparties) if counterparties is not None else None
    with transaction.atomic():
        current = locked(NonFinancialSheet, sheet.pk, expected_version)
        if as_of is not None:
            current.as_of = as_of
        if answers is not None:
            current.answers = normalized_answers(answers)
        save_audited(current, by=by, bump_version=True)
        _replace_children(current, by=by, steps=step_rows, counterparties=party_rows)
        _log_sheet_event(current.company, "non_financial_sheet", "updated", current.as_of, by=by)
    return current


def delete_non_financial_sheet(sheet: NonFinancialSheet, *, by) -> None:
    """Side effects: deletion history of the sheet and its rows, a `…deleted` activity entry."""
    company = sheet.company
    with transaction.atomic():
        _replace_children(sheet, by=by, steps=[], counterparties=[])
        sheet._history_user = by
        sheet.delete()
        _log_sheet_event(company, "non_financial_sheet", "deleted", sheet.as_of, by=by)


def _design_fields(fields: Mapping) -> dict:
    unknown = set(fields) - set(DESIGN_KEYS) - {"title"}
    if unknown:
        raise DomainError(f"経営デザインシートにない項目が含まれています: {', '.join(sorted(unknown))}")
    cleaned = {key: _text(value) for key, value in fields.items() if key in DESIGN_KEYS}
    if "title" in fields:
        cleaned["title"] = clean_line(fields["title"] or "")
    return cleaned


def create_design_sheet(company, *, by, as_of, copy_from: DesignSheet | None = None, **fields) -> DesignSheet:
    """A new dated 経営デザインシート; with `copy_from`, boxes not given start as that version's.

    Side effects: the sheet row (with history) and a `diagnosis.design_sheet.created` activity entry.
    """
    _check_copy_source(company, copy_from)
    values = {}
    if copy_from is not None:
        values = {key: getattr(copy_from, key) for key in (*DESIGN_KEYS, "title")}
    values.update(_design_fields(fields))
    sheet = DesignSheet(company=company, as_of=as_of, created_by=by, **values)
    _save_new_sheet(sheet, "design_sheet", by=by, copy_from=copy_from)
    return sheet


def update_design_sheet(
    sheet: DesignSheet, *, by, expected_version: int | None = None, as_of=None, **fields
) -> DesignSheet:
    """Side effects: a history row and a `diagnosis.design_sheet.updated` activity entry."""
    changes = _design_fields(fields)
    with transaction.atomic():
        current = locked(DesignSheet, sheet.pk, expected_version)
        if as_of is not None:
            current.as_of = as_of
        for key, value in changes.items():
            setattr(current, key, value)
        save_audited(current, by=by, bump_version=True)
        _log_sheet_event(current.company, "design_sheet", "updated", current.as_of, by=by)
    return current


def delete_design_sheet(sheet: DesignSheet, *, by) -> None:
    """Side effects: a deletion history row and a `diagnosis.design_sheet.deleted` activity entry."""
    company = sheet.company
    with transaction.atomic():
        sheet._history_user = by
        sheet.delete()
        _log_sheet_event(company, "design_sheet", "deleted", sheet.as_of, by=by)


def surface_issues(sheet) -> list[str]:
    """The sheet's 課題 as surface issues (表課題) for an issue tree: one per non-empty line, without
    list marks or a closing 。."""
    lines = (sheet.answer("issues").get("text") or "").splitlines()
    return [text for text in (line.strip(" 　・-").rstrip("。") for line in lines) if text]
