"""資金繰り表 (docs/domain.md §5.4): payment terms, lenders and their repayment schedules, the actual
months' entries, and the page's figures (actual months beside the 12-month projection, the checks and
the shortfall warning). The arithmetic is the engine's (banso/monitoring/engines/cashflow.py); this
module loads what it needs and writes what users enter, all or nothing, with history and activity log.

Besides the engine's items a month may hold `receivables_balance` (月末の売掛金残高), used only by the
売掛金 check; the 借入金 check uses the monthly actuals' `borrowings` line (借入金残高).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from banso.companies.models import Company
from banso.core.errors import STALE_EDIT_MESSAGE, ConflictError, DomainError
from banso.core.records import locked, log_company_event, save_audited
from banso.monitoring.engines import cashflow as cf
from banso.monitoring.engines.lines import MAX_AMOUNT
from banso.monitoring.engines.months import Month, months_between
from banso.monitoring.models import (
    CashFlowEntry,
    CashFlowTerms,
    ImprovementPlan,
    Lender,
    LoanScheduleEntry,
    MonthlyActual,
    PlanAmount,
)

RECEIVABLES_BALANCE = "receivables_balance"
RECEIVABLES_BALANCE_LABEL = "月末の売掛金残高"
# What a month's entry form offers: the engine's items, 前月繰越 and the month-end 売掛金.
ENTRY_KEYS = frozenset({cf.OPENING_BALANCE, RECEIVABLES_BALANCE, *cf.ITEMS_BY_KEY})
ACTUAL_MONTHS_SHOWN = 12
PROJECTION_MONTHS = 12


def negative_mark() -> str:
    return "△" if getattr(settings, "BANSO_NEGATIVE_STYLE", "triangle") == "triangle" else "-"


def _label(item: str) -> str:
    if item == cf.OPENING_BALANCE:
        return "前月繰越"
    if item == RECEIVABLES_BALANCE:
        return RECEIVABLES_BALANCE_LABEL
    return cf.ITEMS_BY_KEY[item].label


# ---- terms ---------------------------------------------------------------------------------------


def terms_of(company) -> CashFlowTerms:
    """The company's terms, or unsaved defaults (現金0%・翌月回収・翌月支払) when none are saved."""
    terms = CashFlowTerms.objects.filter(company=company).first()
    return terms or CashFlowTerms(company=company)


def save_terms(
    company,
    *,
    by,
    version: int | None = None,
    cash_sales_ratio: Decimal,
    collection_months: int,
    cash_purchase_ratio: Decimal,
    payment_months: int,
    minimum_balance: int | None,
) -> CashFlowTerms:
    """Create or change the company's 回収・支払サイト. A change names the version it started from
    (ConflictError when stale). Side effects: the terms row (+ history), activity
    `monitoring.cashflow.terms_saved`."""
    with transaction.atomic():
        existing = CashFlowTerms.objects.filter(company=company).values_list("pk", flat=True).first()
        terms = locked(CashFlowTerms, existing, version) if existing else CashFlowTerms(company=company)
        terms.cash_sales_ratio = cash_sales_ratio
        terms.collection_months = collection_months
        terms.cash_purchase_ratio = cash_purchase_ratio
        terms.payment_months = payment_months
        terms.minimum_balance = minimum_balance
        save_audited(terms, by=by, bump_version=existing is not None)
        log_company_event(
            company, code="monitoring.cashflow.terms_saved", message="資金繰りの条件を保存しました。", by=by
        )
    return terms


# ---- lenders and their schedules -----------------------------------------------------------------


def add_lender(company, *, by, name: str) -> Lender:
    """A new 借入先 at the end of the list. Side effects: the row (+ history), activity
    `monitoring.cashflow.lender_added`. A duplicate name is a ValidationError on `name`."""
    name = _check_lender_name(company, name)
    with transaction.atomic():
        order = Lender.objects.filter(company=company).count() + 1
        lender = Lender(company=company, name=name, order=order)
        save_audited(lender, by=by)
        log_company_event(
            company,
            code="monitoring.cashflow.lender_added",
            message=f"借入先「{name}」を追加しました。",
            by=by,
            data={"lender_id": lender.pk},
        )
    return lender


LENDER_GONE_MESSAGE = "この借入先は、他の方が削除しました。資金繰り表を開き直してください。"


def _check_lender_name(company, name: str, *, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "借入先の名前を入力してください。"})
    same = Lender.objects.filter(company=company, name=name)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"name": "同じ名前の借入先がすでにあります。"})
    return name


def rename_lender(lender: Lender, *, by, name: str, expected_version: int | None) -> Lender:
    """Rename a 借入先. ConflictError when it changed (or was deleted) since `expected_version`;
    ValidationError on `name` when empty or another lender of the company has it. Side effects (only
    when the name changes): version + 1, history, activity `monitoring.cashflow.lender_renamed`."""
    with transaction.atomic():
        if not Lender.objects.filter(pk=lender.pk).exists():
            raise ConflictError(LENDER_GONE_MESSAGE)
        current = locked(Lender, lender.pk, expected_version)
        name = _check_lender_name(current.company, name, exclude_pk=current.pk)
        if name == current.name:
            return current
        old = current.name
        current.name = name
        save_audited(current, by=by, bump_version=True)
        log_company_event(
            current.company,
            code="monitoring.cashflow.lender_renamed",
            message=f"借入先「{old}」の名前を「{name}」に変更しました。",
            by=by,
            data={"lender_id": current.pk, "old_name": old, "name": name},
        )
    return current


def lender_usage(lender: Lender) -> tuple[int, int]:
    """(actual months with an entry for the lender, schedule months) — what keeps it from deletion."""
    entry_months = CashFlowEntry.objects.filter(lender=lender).values("month").distinct().count()
    return entry_months, LoanScheduleEntry.objects.filter(lender=lender).count()


def delete_lender(lender: Lender, *, by, expected_version: int | None) -> None:
    """Delete a 借入先 nobody refers to. DomainError (saying what to do) while actual entries or its
    repayment schedule name it; ConflictError when it changed or was deleted since
    `expected_version`. Side effects: the row deleted (history keeps it), activity
    `monitoring.cashflow.lender_deleted`. The company row is locked first, like the month save, so
    an entry for the lender cannot be written while it is being deleted."""
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=lender.company_id)
        if not Lender.objects.filter(pk=lender.pk).exists():
            raise ConflictError(LENDER_GONE_MESSAGE)
        current = locked(Lender, lender.pk, expected_version)
        entry_months, schedule_months = lender_usage(current)
        if entry_months or schedule_months:
            uses = []
            if entry_months:
                uses.append(f"資金繰りの実績（{entry_months}か月分）")
            if schedule_months:
                uses.append(f"返済予定（{schedule_months}か月分）")
            raise DomainError(
                f"借入先「{current.name}」は{'と'.join(uses)}で使われているため削除できません。"
                "先に該当する月の実績と返済予定の金額を空欄にして保存してから削除してください"
                "（名前の誤りであれば、名前の変更で直せます）。"
            )
        name = current.name
        current._history_user = by
        current.delete()
        log_company_event(
            company,
            code="monitoring.cashflow.lender_deleted",
            message=f"借入先「{name}」を削除しました。",
            by=by,
            data={"lender_id": lender.pk, "name": name},
        )


def schedule_version(lender: Lender, months) -> int:
    """The version of the lender's schedule in `months` as a whole: how many times a row of those
    months was created, changed or removed (its history rows). It only grows — also when a cleared
    month removes a row — so a grid saved from an older number is stale; 0 when nothing was entered."""
    return LoanScheduleEntry.history.filter(
        lender_id=lender.pk, month__in=[Month.of(m).first_day for m in months]
    ).count()


def save_loan_schedule(
    lender: Lender,
    *,
    by,
    rows: Mapping[Month, tuple[int | None, int | None, int | None]],
    expected_version: int | None = None,
) -> int:
    """Set the lender's schedule for the given months: (借入, 返済, 支払利息) in yen per month; a month
    whose three amounts are all empty or zero is removed. All or nothing: any bad amount raises a
    ValidationError naming the month and nothing is written. With `expected_version`
    (schedule_version of the same months when the grid was opened), a schedule changed since — or a
    lender deleted since — is a ConflictError and nothing is written. Returns the number of months
    kept. Side effects: schedule rows (+ history), activity `monitoring.cashflow.schedule_saved`."""
    problems = []
    for month, amounts in rows.items():
        for label, amount in zip(("借入", "返済", "支払利息"), amounts, strict=True):
            if amount is not None and (amount < 0 or amount > MAX_AMOUNT):
                problems.append(f"{month.label}の{label}: 0以上{MAX_AMOUNT:,}円以下で入力してください。")
    if problems:
        raise ValidationError(problems)
    kept = 0
    with transaction.atomic():
        # The lender's row is the lock of its schedule: concurrent saves of the grid queue here, and
        # each one compares the version only after the previous one committed.
        if Lender.objects.select_for_update().filter(pk=lender.pk).first() is None:
            raise ConflictError(LENDER_GONE_MESSAGE)
        if expected_version is not None and schedule_version(lender, rows) != expected_version:
            raise ConflictError(STALE_EDIT_MESSAGE)
        existing = {
            e.month: e
            for e in LoanScheduleEntry.objects.select_for_update(of=("self",)).filter(lender=lender)
        }
        for month, (borrowing, repayment, interest) in rows.items():
            values = (borrowing or 0, repayment or 0, interest or 0)
            row = existing.get(month.first_day)
            if not any(values):
                if row is not None:
                    row._history_user = by
                    row.delete()
                continue
            kept += 1
            if row is None:
                row = LoanScheduleEntry(lender=lender, month=month.first_day)
            elif (row.borrowing, row.repayment, row.interest) == values:
                continue
            row.borrowing, row.repayment, row.interest = values
            save_audited(row, by=by, bump_version=row.pk is not None)
        log_company_event(
            lender.company,
            code="monitoring.cashflow.schedule_saved",
            message=f"借入先「{lender.name}」の返済予定を保存しました。",
            by=by,
            data={"lender_id": lender.pk, "months": [str(m) for m in rows]},
        )
    return kept


# ---- actual months -------------------------------------------------------------------------------


def month_entries(company, month: Month) -> dict[tuple[str, int | None], int]:
    """The month's entered amounts, (item, lender id or None) → yen."""
    return {
        (e.item, e.lender_id): e.amount
        for e in CashFlowEntry.objects.filter(company=company, month=month.first_day)
    }


def month_version(company, month: Month) -> int:
    """The version of a month's entries as a whole: how many times an entry of that month was
    created, changed or removed (its history rows). It only grows, so an edit started from an older
    number is stale; 0 for a month nobody has entered."""
    return CashFlowEntry.history.filter(company_id=company.pk, month=month.first_day).count()


def save_month_entries(
    company,
    *,
    by,
    month: Month,
    amounts: Mapping[tuple[str, int | None], int | None],
    expected_version: int | None = None,
) -> int:
    """Replace the month's actual 資金繰り entries with `amounts` ((item, lender id or None) → yen;
    None or 0 removes the entry). Amounts are positive in the direction of their row (only 前月繰越 may
    be negative); per-lender items need a lender of this company. All or nothing: every problem is
    collected into one ValidationError (each message names the month and the item) and nothing is
    written. With `expected_version` (month_version when the editor opened the month), a month
    changed since is a ConflictError. Returns the number of entries the month holds afterwards.
    Side effects: entry rows (+ history), activity `monitoring.cashflow.saved`."""
    lenders = {lender.pk: lender for lender in Lender.objects.filter(company=company)}
    problems = []
    for (item, lender_id), amount in amounts.items():
        if item not in ENTRY_KEYS:
            problems.append(f"{month.label}: 「{item}」は資金繰り表の項目ではありません。")
            continue
        per_lender = item in cf.ITEMS_BY_KEY and cf.ITEMS_BY_KEY[item].per_lender
        label = _label(item)
        if lender_id is not None and (not per_lender or lender_id not in lenders):
            problems.append(f"{month.label}の{label}: 借入先がこの事業者のものではありません。")
            continue
        if amount is None:
            continue
        if abs(amount) > MAX_AMOUNT:
            problems.append(f"{month.label}の{label}: 金額が大きすぎます。")
        elif amount < 0 and item != cf.OPENING_BALANCE:
            problems.append(
                f"{month.label}の{label}: 0以上で入力してください（収入・支出の向きは行で決まります）。"
            )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        # The company's row is the lock of its month entries (a month nobody entered has no row to
        # lock): concurrent saves queue here and compare the version after the previous one committed.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        if expected_version is not None and month_version(company, month) != expected_version:
            raise ConflictError(STALE_EDIT_MESSAGE)
        used = {lender_id for (_, lender_id), amount in amounts.items() if lender_id is not None and amount}
        if used - set(Lender.objects.filter(company=company, pk__in=used).values_list("pk", flat=True)):
            raise ConflictError(LENDER_GONE_MESSAGE)
        existing = {
            (e.item, e.lender_id): e
            for e in CashFlowEntry.objects.select_for_update(of=("self",)).filter(
                company=company, month=month.first_day
            )
        }
        for key, amount in amounts.items():
            row = existing.get(key)
            if not amount:
                if row is not None:
                    row._history_user = by
                    row.delete()
                continue
            if row is None:
                row = CashFlowEntry(company=company, month=month.first_day, item=key[0], lender_id=key[1])
            elif row.amount == amount:
                continue
            row.amount = amount
            save_audited(row, by=by, bump_version=row.pk is not None)
        count = CashFlowEntry.objects.filter(company=company, month=month.first_day).count()
        log_company_event(
            company,
            code="monitoring.cashflow.saved",
            message=f"{month.label}の資金繰り実績を保存しました。",
            by=by,
            data={"month": str(month), "entries": count},
        )
    return count


# ---- the page's figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class CashFlowOverview:
    table: cf.CashFlowTable
    actual_months: tuple[Month, ...]
    projection_start: Month
    threshold: Decimal
    threshold_is_default: bool
    warning: cf.ShortfallWarning | None
    checks: tuple[cf.CheckResult, ...]
    plan_label: str | None  # the plan version projected from, None without a plan
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def actual_label(self) -> str:
        """'2025年4月〜2026年3月', or 'なし'."""
        if not self.actual_months:
            return "なし"
        return f"{self.actual_months[0].label}〜{self.actual_months[-1].label}"

    @property
    def failed_checks(self) -> list[cf.CheckResult]:
        return [c for c in self.checks if not c.ok]


# Monthly-actual lines the overview reads (sales and purchases for the sites, cash for the opening
# balance without entries, borrowings for the 借入金 check).
_ACTUAL_LINES = ("net_sales", "cost_of_sales", "cash_and_deposits", "borrowings")


@dataclass
class CashFlowInputs:
    """Everything cash_flow_overview reads of one company, loaded by `load_inputs` for one company (the
    page) or many at once (the home's shortfall alerts, a constant number of queries)."""

    terms: CashFlowTerms
    lenders: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    actuals: dict = field(default_factory=dict)  # line -> {month: Decimal}
    plan: ImprovementPlan | None = None
    version: object = None
    plan_amounts: list = field(default_factory=list)
    schedule: list = field(default_factory=list)


def load_inputs(company_ids) -> dict[int, CashFlowInputs]:
    """The overview's inputs of every company id given: eight queries whatever their number."""
    ids = sorted(set(company_ids))
    inputs = {cid: CashFlowInputs(terms=CashFlowTerms(company_id=cid)) for cid in ids}
    if not ids:
        return inputs
    for terms in CashFlowTerms.objects.filter(company_id__in=ids):
        inputs[terms.company_id].terms = terms
    for lender in Lender.objects.filter(company_id__in=ids):
        inputs[lender.company_id].lenders.append(lender)
    for entry in CashFlowEntry.objects.filter(company_id__in=ids):
        inputs[entry.company_id].entries.append(entry)
    for actual in MonthlyActual.objects.filter(company_id__in=ids, line__in=_ACTUAL_LINES):
        inputs[actual.company_id].actuals.setdefault(actual.line, {})[actual.month] = Decimal(actual.amount)
    for plan in ImprovementPlan.objects.filter(company_id__in=ids).prefetch_related("versions"):
        found = inputs[plan.company_id]
        version = plan.current_version
        if found.version is None and version is not None:
            found.plan, found.version = plan, version
    by_version = {found.version.pk: found for found in inputs.values() if found.version is not None}
    for amount in PlanAmount.objects.filter(plan_version_id__in=list(by_version)):
        by_version[amount.plan_version_id].plan_amounts.append(amount)
    for row in LoanScheduleEntry.objects.filter(lender__company_id__in=ids).annotate(
        company_key=models.F("lender__company_id")
    ):
        inputs[row.company_key].schedule.append(row)
    return inputs


def cash_flow_overview(
    company,
    *,
    today: dt.date | None = None,
    until: Month | None = None,
    inputs: CashFlowInputs | None = None,
) -> CashFlowOverview:
    """The 資金繰り表 of the page and the review screen: the last (up to 12) months with entries, then
    12 projected months from the month after the last entered one (this month when nothing is
    entered) using the current plan version's monthly P&L, the terms and the repayment schedules;
    the §5.4 checks of the actual months; the threshold (the terms' 最低限必要な残高, else one month of
    fixed outflows) and the first projected month below it or below zero.
    `until` (the monitoring report's end month) ignores entries after it; with nothing entered the
    projection then starts the month after `until` instead of this month.
    `inputs` are what load_inputs loaded for this company (loaded here when not given)."""
    today = today or timezone.localdate()
    data = inputs if inputs is not None else load_inputs([company.pk])[company.pk]
    notes: list[str] = []
    lenders = data.lenders
    lender_refs = tuple(cf.LenderRef(ln.pk, ln.name) for ln in lenders)
    entries = list(data.entries)
    if until is not None:
        entries = [e for e in entries if e.month <= until.first_day]
    entered_months = sorted({e.month for e in entries if e.item != RECEIVABLES_BALANCE})
    receivables = {e.month: Decimal(e.amount) for e in entries if e.item == RECEIVABLES_BALANCE}
    table_entries = [
        cf.Entry(e.month, e.item, Decimal(e.amount), e.lender_id)
        for e in entries
        if e.item != RECEIVABLES_BALANCE
    ]
    sales = data.actuals.get("net_sales", {})
    if entered_months:
        last = Month.of(entered_months[-1])
        first = max(Month.of(entered_months[0]), last - (ACTUAL_MONTHS_SHOWN - 1))
        actual_months = tuple(months_between(first, last))
        # The first shown month opens with its entered 前月繰越, else with the previous month's closing.
        opening = Decimal(0)
        first_entered = Month.of(entered_months[0])
        if first > first_entered:
            earlier = cf.build_actual_table(
                [m.first_day for m in months_between(first_entered, first - 1)], table_entries
            )
            opening = earlier.months[-1].closing
        actual = cf.build_actual_table(
            [m.first_day for m in actual_months], table_entries, opening_balance=opening, lenders=lender_refs
        )
        if not any(e.item == cf.OPENING_BALANCE and e.month == first_entered.first_day for e in entries):
            notes.append(f"{first_entered.label}の前月繰越が入力されていないため、0円から計算しています。")
        start = last + 1
        projection_opening = actual.months[-1].closing
        opening_known = True
    else:
        actual_months = ()
        actual = cf.CashFlowTable((), lender_refs)
        start = until + 1 if until is not None else Month.of(today)
        cash = data.actuals.get("cash_and_deposits", {}).get((start - 1).first_day)
        projection_opening = cash if cash is not None else Decimal(0)
        opening_known = cash is not None
        if cash is None:
            notes.append(
                "資金繰りの実績も前月末の現預金もないため、0円から予測しています。"
                "残高が分からないため、資金ショートの警告は出していません。"
            )

    plan, version = data.plan, data.version
    plan_by_month: dict[dt.date, dict[str, Decimal]] = {}
    if version is not None:
        first_needed = (start - 12).first_day
        last_needed = (start + PROJECTION_MONTHS - 1).first_day
        for amount in data.plan_amounts:
            if not first_needed <= amount.month <= last_needed:
                continue
            plan_by_month.setdefault(amount.month, {})[amount.line] = Decimal(amount.amount)
        if not any(start.first_day <= m <= last_needed for m in plan_by_month):
            notes.append("予測する月に計画の数値がないため、損益からの入出金は0円として予測しています。")
    else:
        notes.append(
            "経営改善計画がないため、損益からの入出金は0円として予測しています（返済予定のみ反映）。"
        )
    terms = data.terms
    schedule = [
        cf.ScheduledLoan(
            s.lender_id, s.month, Decimal(s.borrowing), Decimal(s.repayment), Decimal(s.interest)
        )
        for s in data.schedule
    ]
    projection = cf.project(
        start_month=start.first_day,
        opening_balance=projection_opening,
        plan=plan_by_month,
        terms=cf.PaymentTerms(
            terms.cash_sales_ratio, terms.collection_months, terms.cash_purchase_ratio, terms.payment_months
        ),
        schedule=schedule,
        lenders=lender_refs,
        sales_before=sales,
        purchases_before=data.actuals.get("cost_of_sales", {}),
        months=PROJECTION_MONTHS,
    )
    table = cf.combine(actual, projection)
    if terms.minimum_balance is not None:
        threshold, is_default = Decimal(terms.minimum_balance), False
    else:
        threshold, is_default = cf.default_threshold(table), True
    # A projection from an unknown balance (no 資金繰り表, no actual 現預金) starts at 0円: any month
    # "below the threshold" would be an artefact of that, so it warns of nothing.
    warning = (
        cf.shortfall_warning(table, threshold=threshold, negative_mark=negative_mark())
        if opening_known
        else None
    )
    checks = [
        *cf.receivable_checks(table, sales=sales, receivables=receivables),
        *cf.borrowing_checks(table, borrowings=data.actuals.get("borrowings", {})),
    ]
    checks.sort(key=lambda c: (c.month, c.key))
    return CashFlowOverview(
        table=table,
        actual_months=actual_months,
        projection_start=start,
        threshold=threshold,
        threshold_is_default=is_default,
        warning=warning,
        checks=tuple(checks),
        plan_label=f"{plan.title} {version.label}" if version is not None else None,
        notes=tuple(notes),
    )


def cash_warning(company, *, today: dt.date | None = None) -> str | None:
    """The shortfall warning of the company's 資金繰り表 (Japanese, naming the month), None when cash
    holds or when there is nothing to project from (no entries, no plan, no schedule)."""
    has_data = (
        CashFlowEntry.objects.filter(company=company).exists()
        or ImprovementPlan.objects.filter(company=company).exists()
        or LoanScheduleEntry.objects.filter(lender__company=company).exists()
    )
    if not has_data:
        return None
    warning = cash_flow_overview(company, today=today).warning
    return warning.message if warning else None


def cash_warnings(companies, *, today: dt.date | None = None) -> dict[int, cf.ShortfallWarning]:
    """{company id: shortfall warning} of every company of the queryset whose 資金繰り表 projects one —
    what cash_warning says for each, in a constant number of queries (the home's alerts)."""
    with_data = (
        set(CashFlowEntry.objects.filter(company__in=companies).values_list("company_id", flat=True))
        | set(ImprovementPlan.objects.filter(company__in=companies).values_list("company_id", flat=True))
        | set(
            LoanScheduleEntry.objects.filter(lender__company__in=companies).values_list(
                "lender__company_id", flat=True
            )
        )
    )
    warnings = {}
    for company_id, data in load_inputs(with_data).items():
        overview = cash_flow_overview(Company(pk=company_id), today=today, inputs=data)
        if overview.warning is not None:
            warnings[company_id] = overview.warning
    return warnings
