"""経営改善計画: creating a plan, revising it (計画の修正 → a new version), the yearly amounts and their
monthly spread, and the measures (施策). Each function validates, saves with history attributed to
`by` and writes an activity-log entry.

Rules:
- the plan starts in the first month of a fiscal year (the month after the company's 決算月);
- 3–5 fiscal years; the amounts are the P&L input lines of engines/lines.PLAN_KEYS, in yen;
- the year is the sum of its months: setting a year's total spreads it (even / seasonal from last
  year's actual months / by hand), and months typed by hand must add up to the year;
- only the current version changes; a revision copies it into a new current version with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from banso.core.engagement_links import engagement_ref, validate_action_id, validate_engagement_id
from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.records import ensure_version, log_company_event, save_audited
from banso.monitoring.engines import months as m
from banso.monitoring.engines import spread as sp
from banso.monitoring.engines.lines import LINES_BY_KEY, MAX_AMOUNT, PLAN_KEYS
from banso.monitoring.models import (
    ImprovementPlan,
    Measure,
    MonthlyActual,
    PlanAmount,
    PlanVersion,
    PlanYear,
)
from banso.monitoring.models.plans import MAX_PLAN_YEARS, MIN_PLAN_YEARS

NOT_CURRENT_MESSAGE = "この版は新しい版に改訂済みのため変更できません。現行版を開いてください。"

Yearly = Mapping[int, Mapping[str, int | None]]  # {fiscal year: {line: yen}}


# --- checks -------------------------------------------------------------------------------------


def start_month_error(company, start: m.Month) -> str | None:
    end_month = company.fiscal_year_end_month
    if start.is_fiscal_year_start(end_month):
        return None
    first = end_month % 12 + 1
    return (
        f"計画開始月は期首の月（決算月 {end_month}月 の翌月 = {first}月）にしてください。"
        f"{start.label} は期の途中です。"
    )


def _check_start_and_years(company, start: m.Month, years: int) -> None:
    errors = {}
    message = start_month_error(company, start)
    if message:
        errors["start_month"] = [message]
    if not (isinstance(years, int) and MIN_PLAN_YEARS <= years <= MAX_PLAN_YEARS):
        errors["years"] = [f"計画年数は{MIN_PLAN_YEARS}〜{MAX_PLAN_YEARS}年で指定してください。"]
    if errors:
        raise ValidationError(errors)


def year_total_problems(values: Mapping[str, int | None], year_label: str) -> dict[str, str]:
    """{line: message} of what a year's plan totals (yen) may not be: a negative 売上高, and
    うち人件費 + うち減価償却費 greater than 販管費 (they are parts of it)."""
    problems: dict[str, str] = {}
    sales = values.get("net_sales")
    if sales is not None and sales < 0:
        problems["net_sales"] = f"{year_label}の売上高がマイナスです。0以上の金額を入力してください。"
    sga = values.get("sga")
    parts = [values.get("personnel_costs"), values.get("depreciation")]
    if sga is not None and any(p is not None for p in parts):
        parts_total = sum(p or 0 for p in parts)
        if parts_total > sga:
            problems["sga"] = (
                f"{year_label}のうち人件費とうち減価償却費の合計（{parts_total:,}円）が"
                f"販売費及び一般管理費（{sga:,}円）を超えています。内訳は販管費の一部として入力してください。"
            )
    return problems


def _check_yearly(yearly: Yearly, fiscal_years: list[int], end_month: int) -> None:
    errors: dict[str, list[str]] = {}
    for fy, values in yearly.items():
        if fy not in fiscal_years:
            raise ValidationError(
                f"{m.fiscal_year_label(fy, end_month)}は計画期間"
                f"（{m.fiscal_year_label(fiscal_years[0], end_month)}〜"
                f"{m.fiscal_year_label(fiscal_years[-1], end_month)}）の外です。"
            )
        for line, amount in values.items():
            if line not in PLAN_KEYS:
                raise ValidationError(f"計画に入力できない科目です: {line}")
            if amount is not None and abs(int(amount)) > MAX_AMOUNT:
                errors.setdefault(f"y{fy}_{line}", []).append(
                    "金額が大きすぎます。円単位の数字をご確認ください。"
                )
        for line, message in year_total_problems(values, m.fiscal_year_label(fy, end_month)).items():
            errors.setdefault(f"y{fy}_{line}", []).append(message)
    if errors:
        raise ValidationError(errors)


def ensure_current(version: PlanVersion) -> None:
    if not version.is_current:
        raise DomainError(NOT_CURRENT_MESSAGE)


def _lock_version(version: PlanVersion, expected_version: int | None = None) -> PlanVersion:
    locked = PlanVersion.objects.select_for_update().select_related("plan__company").get(pk=version.pk)
    ensure_current(locked)
    ensure_version(locked, expected_version)
    return locked


# --- reading ------------------------------------------------------------------------------------


def year_totals(version: PlanVersion, end_month: int) -> dict[int, dict[str, int]]:
    """{fiscal year: {line: the sum of its months}} for every year of the version (lines absent when
    the year has no month of that line)."""
    totals: dict[int, dict[str, int]] = {fy: {} for fy in version.fiscal_years(end_month)}
    for row in (
        PlanAmount.objects.filter(plan_version=version).values("month", "line").annotate(total=Sum("amount"))
    ):
        fy = m.Month.of(row["month"]).fiscal_year(end_month)
        if fy in totals:
            totals[fy][row["line"]] = totals[fy].get(row["line"], 0) + row["total"]
    return totals


def year_months(version: PlanVersion, fiscal_year: int, end_month: int) -> dict[m.Month, dict[str, int]]:
    """{month: {line: yen}} of one fiscal year of the version, every month present (maybe empty)."""
    months = m.fiscal_year_months(fiscal_year, end_month)
    result: dict[m.Month, dict[str, int]] = {month: {} for month in months}
    rows = PlanAmount.objects.filter(
        plan_version=version, month__gte=months[0].first_day, month__lte=months[-1].first_day
    )
    for row in rows:
        result[m.Month.of(row.month)][row.line] = row.amount
    return result


def last_year_weights(company, fiscal_year: int, line: str) -> list[int | None]:
    """The twelve actual months of `line` in the fiscal year before `fiscal_year` (None where missing)."""
    end_month = company.fiscal_year_end_month
    months = m.fiscal_year_months(fiscal_year - 1, end_month)
    found = dict(
        MonthlyActual.objects.filter(
            company=company, line=line, month__gte=months[0].first_day, month__lte=months[-1].first_day
        ).values_list("month", "amount")
    )
    return [found.get(month.first_day) for month in months]


# --- writing amounts ----------------------------------------------------------------------------


def _write_months(
    version: PlanVersion, months: list[m.Month], values: Mapping[tuple[m.Month, str], int], *, by
):
    """Make the version's rows of `months` equal `values` ({(month, line): yen}); rows absent from
    values are removed. Each written row keeps its history."""
    existing = {
        (m.Month.of(row.month), row.line): row
        for row in PlanAmount.objects.filter(
            plan_version=version, month__gte=months[0].first_day, month__lte=months[-1].first_day
        )
    }
    for key, row in existing.items():
        if key not in values:
            row._history_user = by
            row.delete()
    for (month, line), amount in values.items():
        row = existing.get((month, line))
        if row is not None and row.amount == amount:
            continue
        if row is None:
            row = PlanAmount(plan_version=version, month=month.first_day, line=line)
        row.amount = int(amount)
        save_audited(row, by=by)


def _spread_year(
    company, version: PlanVersion, plan_year: PlanYear, totals: Mapping[str, int | None], *, by
) -> str:
    """Spread one year's totals over its months with the year's method; returns the method used
    (seasonal falls back to even per line when last year's actuals cannot be used: 'even' then)."""
    end_month = company.fiscal_year_end_month
    months = m.fiscal_year_months(plan_year.fiscal_year, end_month)
    values: dict[tuple[m.Month, str], int] = {}
    used = plan_year.spread_method
    for line, total in totals.items():
        if total is None:
            continue
        weights = (
            last_year_weights(company, plan_year.fiscal_year, line)
            if plan_year.spread_method == sp.SEASONAL
            else None
        )
        amounts, method = sp.spread(int(total), plan_year.spread_method, weights)
        if plan_year.spread_method == sp.SEASONAL and method != sp.SEASONAL:
            used = sp.EVEN
        for month, amount in zip(months, amounts, strict=True):
            values[(month, line)] = amount
    _write_months(version, months, values, by=by)
    return used


# --- plans and versions -------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    company,
    *,
    by,
    title: str,
    start_month: m.Month,
    years: int,
    yearly: Yearly | None = None,
    spread_method: str = sp.EVEN,
    engagement_id: int | None = None,
) -> PlanVersion:
    """A new plan with its first (current) version, its fiscal years and the yearly amounts spread
    over the months. Returns the version."""
    _check_start_and_years(company, start_month, years)
    validate_engagement_id(company, engagement_id)
    if spread_method not in (sp.EVEN, sp.SEASONAL, sp.MANUAL):
        raise ValidationError({"spread_method": "月次への配分は一覧から選んでください。"})
    plan = ImprovementPlan(
        company=company, title=(title or "").strip(), engagement_id=engagement_id, created_by=by
    )
    save_audited(plan, by=by)
    version = PlanVersion(plan=plan, number=1, start_month=start_month.first_day, years=years, created_by=by)
    save_audited(version, by=by)
    end_month = company.fiscal_year_end_month
    fiscal_years = version.fiscal_years(end_month)
    yearly = yearly or {}
    _check_yearly(yearly, fiscal_years, end_month)
    for fy in fiscal_years:
        plan_year = PlanYear(plan_version=version, fiscal_year=fy, spread_method=spread_method)
        save_audited(plan_year, by=by)
        _spread_year(company, version, plan_year, yearly.get(fy, {}), by=by)
    log_company_event(
        company,
        code="monitoring.plan.created",
        message=f"経営改善計画「{plan.title}」を登録しました（{version.period_label(end_month)}）。",
        by=by,
        data={"plan": plan.pk, "version": version.number, "start_month": str(start_month), "years": years},
    )
    return version


@transaction.atomic
def revise_plan(
    plan: ImprovementPlan, *, by, reason: str, expected_version: int | None = None
) -> PlanVersion:
    """計画の修正: a new current version copying the current one (years, amounts, measures), with the
    reason. `expected_version` is the number of the version the user revised from: when someone has
    revised it since, ConflictError. The old version stays, read-only."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "計画の修正の理由を入力してください。"})
    current = PlanVersion.objects.select_for_update().filter(plan=plan, is_current=True).first()
    if current is None:
        raise DomainError("この計画には現行版がありません。")
    if expected_version is not None and current.number != expected_version:
        raise ConflictError(STALE_EDIT_MESSAGE)
    current.is_current = False
    save_audited(current, by=by, bump_version=True)
    new = PlanVersion(
        plan=plan,
        number=current.number + 1,
        start_month=current.start_month,
        years=current.years,
        reason=reason,
        created_by=by,
    )
    save_audited(new, by=by)
    for year in current.plan_years.all():
        copy = PlanYear(plan_version=new, fiscal_year=year.fiscal_year, spread_method=year.spread_method)
        for field in PlanYear.BALANCE_FIELDS:
            setattr(copy, field, getattr(year, field))
        save_audited(copy, by=by)
    for row in current.amounts.all():
        save_audited(PlanAmount(plan_version=new, month=row.month, line=row.line, amount=row.amount), by=by)
    for measure in current.measures.all():
        measure.pk = None
        measure._state.adding = True
        measure.plan_version = new
        measure.version = 1
        save_audited(measure, by=by)
    log_company_event(
        plan.company,
        code="monitoring.plan.revised",
        message=f"経営改善計画「{plan.title}」を修正し、第{new.number}版を作成しました。理由: {reason}",
        by=by,
        data={"plan": plan.pk, "version": new.number, "previous": current.number},
    )
    return new


@transaction.atomic
def set_year_totals(
    version: PlanVersion,
    *,
    by,
    yearly: Yearly,
    balances: Mapping[int, Mapping[str, int | None]] | None = None,
    expected_version: int | None = None,
) -> dict[int, str]:
    """The yearly grid: set the annual totals (and the annual balance inputs) of the version's years.
    A year whose totals changed is spread again with its method (a year typed by hand is spread evenly
    again and becomes 均等: its months no longer matched). Returns {fiscal year: method used} for the
    years spread again. `expected_version` is the PlanVersion's `version` (the grid's edit check)."""
    version = _lock_version(version, expected_version)
    company = version.plan.company
    end_month = company.fiscal_year_end_month
    fiscal_years = version.fiscal_years(end_month)
    _check_yearly(yearly, fiscal_years, end_month)
    current = year_totals(version, end_month)
    spread_again: dict[int, str] = {}
    plan_years = {y.fiscal_year: y for y in version.plan_years.select_for_update()}
    for fy in fiscal_years:
        plan_year = plan_years[fy]
        changed_balances = False
        for field, value in ((balances or {}).get(fy) or {}).items():
            if field not in PlanYear.BALANCE_FIELDS:
                raise ValidationError(f"計画年度にない項目です: {field}")
            if getattr(plan_year, field) != value:
                setattr(plan_year, field, value)
                changed_balances = True
        new_totals = {line: v for line, v in (yearly.get(fy) or {}).items() if v is not None}
        if fy in yearly and new_totals != current[fy]:
            if plan_year.spread_method == sp.MANUAL:
                plan_year.spread_method = sp.EVEN
                changed_balances = True
            spread_again[fy] = _spread_year(company, version, plan_year, new_totals, by=by)
        if changed_balances:
            save_audited(plan_year, by=by, bump_version=True)
    save_audited(version, by=by, bump_version=True)
    log_company_event(
        company,
        code="monitoring.plan.years_saved",
        message=f"経営改善計画「{version.plan.title}」{version.label}の年度別計画を保存しました。",
        by=by,
        data={"plan": version.plan_id, "version": version.number, "respread": sorted(spread_again)},
    )
    return spread_again


@transaction.atomic
def set_spread_method(version: PlanVersion, *, by, fiscal_year: int, method: str) -> str:
    """Spread a year again by `method` (even / seasonal) from its current totals; manual keeps the
    months as they are. Returns the method used (seasonal may fall back to even)."""
    version = _lock_version(version)
    company = version.plan.company
    end_month = company.fiscal_year_end_month
    if method not in (sp.EVEN, sp.SEASONAL, sp.MANUAL):
        raise ValidationError({"spread_method": "月次への配分は一覧から選んでください。"})
    plan_year = version.plan_years.select_for_update().filter(fiscal_year=fiscal_year).first()
    if plan_year is None:
        raise DomainError(f"{m.fiscal_year_label(fiscal_year, end_month)}はこの計画の期間外です。")
    plan_year.spread_method = method
    used = method
    if method != sp.MANUAL:
        used = _spread_year(company, version, plan_year, year_totals(version, end_month)[fiscal_year], by=by)
    save_audited(plan_year, by=by, bump_version=True)
    save_audited(version, by=by, bump_version=True)
    log_company_event(
        company,
        code="monitoring.plan.spread",
        message=(
            f"経営改善計画「{version.plan.title}」{m.fiscal_year_label(fiscal_year, end_month)}の月次配分を"
            f"「{PlanYear.SpreadMethod(used).label}」にしました。"
        ),
        by=by,
        data={"plan": version.plan_id, "fiscal_year": fiscal_year, "method": used},
    )
    return used


@transaction.atomic
def set_plan_months(
    version: PlanVersion,
    *,
    by,
    fiscal_year: int,
    months: Mapping[m.Month, Mapping[str, int | None]],
    expected_version: int | None = None,
) -> None:
    """Months typed by hand for one fiscal year: per line they must add up to the year's total
    (ValidationError naming the line, the year and the difference; nothing written). The year
    becomes 手入力."""
    version = _lock_version(version, expected_version)
    company = version.plan.company
    end_month = company.fiscal_year_end_month
    plan_year = version.plan_years.select_for_update().filter(fiscal_year=fiscal_year).first()
    if plan_year is None:
        raise DomainError(f"{m.fiscal_year_label(fiscal_year, end_month)}はこの計画の期間外です。")
    fy_months = m.fiscal_year_months(fiscal_year, end_month)
    outside = [month for month in months if month not in fy_months]
    if outside:
        raise ValidationError(
            f"{outside[0].label}は{m.fiscal_year_label(fiscal_year, end_month)}の月ではありません。"
        )
    totals = year_totals(version, end_month)[fiscal_year]
    year_label = m.fiscal_year_label(fiscal_year, end_month)
    errors = []
    values: dict[tuple[m.Month, str], int] = {}
    for line in PLAN_KEYS:
        typed = [(months.get(month) or {}).get(line) for month in fy_months]
        if line not in totals and all(v is None for v in typed):
            continue
        for v in typed:
            if v is not None and abs(int(v)) > MAX_AMOUNT:
                raise ValidationError("金額が大きすぎます。円単位の数字をご確認ください。")
        message = sp.check_manual(
            typed, totals.get(line, 0), line_label=LINES_BY_KEY[line].label, year_label=year_label
        )
        if message:
            errors.append(message)
        for month, v in zip(fy_months, typed, strict=True):
            values[(month, line)] = int(v or 0)
    if errors:
        raise ValidationError(errors)
    _write_months(version, fy_months, values, by=by)
    plan_year.spread_method = sp.MANUAL
    save_audited(plan_year, by=by, bump_version=True)
    save_audited(version, by=by, bump_version=True)
    log_company_event(
        company,
        code="monitoring.plan.months_saved",
        message=f"経営改善計画「{version.plan.title}」{year_label}の月次計画を手入力で保存しました。",
        by=by,
        data={"plan": version.plan_id, "fiscal_year": fiscal_year},
    )


# --- measures (施策) ----------------------------------------------------------------------------

MEASURE_FIELDS = (
    "title",
    "owner",
    "start_month",
    "end_month",
    "expected_effect",
    "line",
    "status",
    "progress_note",
    "engagement_action_id",
    "order",
)


def _apply_measure(measure: Measure, company, fields: Mapping) -> None:
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise DomainError(f"施策にない項目です: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name in ("start_month", "end_month") and isinstance(value, m.Month):
            value = value.first_day
        setattr(measure, name, value)
    validate_action_id(company, measure.engagement_action_id)


@transaction.atomic
def add_measure(version: PlanVersion, *, by, **fields) -> Measure:
    version = _lock_version(version)
    company = version.plan.company
    measure = Measure(plan_version=version)
    _apply_measure(measure, company, fields)
    save_audited(measure, by=by)
    log_company_event(
        company,
        code="monitoring.measure.added",
        message=f"施策「{measure.title}」を{version.plan.title}（{version.label}）に追加しました。",
        by=by,
        data={"measure": measure.pk, "plan": version.plan_id, "version": version.number},
    )
    return measure


@transaction.atomic
def update_measure(measure: Measure, *, by, expected_version: int | None = None, **fields) -> Measure:
    measure = (
        Measure.objects.select_for_update().select_related("plan_version__plan__company").get(pk=measure.pk)
    )
    ensure_current(measure.plan_version)
    ensure_version(measure, expected_version)
    company = measure.plan_version.plan.company
    _apply_measure(measure, company, fields)
    save_audited(measure, by=by, bump_version=True)
    log_company_event(
        company,
        code="monitoring.measure.updated",
        message=f"施策「{measure.title}」を更新しました（{measure.get_status_display()}）。",
        by=by,
        data={"measure": measure.pk, "status": measure.status},
    )
    return measure


@transaction.atomic
def delete_measure(measure: Measure, *, by, expected_version: int | None = None) -> None:
    measure = (
        Measure.objects.select_for_update().select_related("plan_version__plan__company").get(pk=measure.pk)
    )
    ensure_current(measure.plan_version)
    ensure_version(measure, expected_version)
    company = measure.plan_version.plan.company
    title = measure.title
    measure._history_user = by
    measure.delete()
    log_company_event(
        company, code="monitoring.measure.deleted", message=f"施策「{title}」を削除しました。", by=by, data={}
    )


@transaction.atomic
def link_engagement(
    plan: ImprovementPlan, *, by, engagement_id: int | None, expected_version: int | None = None
) -> ImprovementPlan:
    """Link the plan to one of its company's engagements (伴走支援案件), or unlink it (None). The id is
    checked through core.engagement_links (a foreign or deleted engagement → ValidationError). Saves with
    history and logs `monitoring.plan.linked`."""
    plan = ImprovementPlan.objects.select_for_update().select_related("company").get(pk=plan.pk)
    ensure_version(plan, expected_version)
    validate_engagement_id(plan.company, engagement_id)
    if plan.engagement_id == engagement_id:
        return plan
    plan.engagement_id = engagement_id
    save_audited(plan, by=by, bump_version=True)
    ref = engagement_ref(plan.company, engagement_id)
    message = (
        f"経営改善計画「{plan.title}」を伴走支援案件「{ref.title}」に紐づけました。"
        if ref
        else f"経営改善計画「{plan.title}」と伴走支援案件の紐づけを外しました。"
    )
    log_company_event(
        plan.company,
        code="monitoring.plan.linked",
        message=message,
        by=by,
        data={"plan": plan.pk, "engagement": engagement_id},
    )
    return plan
