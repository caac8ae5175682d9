"""ローカルベンチマーク (METI) — the six financial indicators, their 1–5 scores and the A–D rank.

A pure engine: statements in, indicators / scores / rank out. No Django import: stdlib plus the plain
modules of the companies area (the ロカベン業種 list, the size values). All arithmetic in ``Decimal``.
The rules are those of docs/domain.md §3; every *(Banso rule)* there is a parameter here
(:class:`EvaluationOptions`), filled from Django settings by the caller, not a constant buried in code.
Which size row applies is decided by :func:`banso.companies.engines.size.size_for` (settings BANSO_SMALL_*).

Decisions worth knowing (docs/domain.md §3.2 leaves them open or states them as Banso rules)
    * ④ with 営業利益 + 減価償却費 ≤ 0 scores 1 and shows "—" **even when net debt ≤ 0**: the cash-flow
      rule is applied first, because a business that burns cash is not "実質無借金" in any useful sense.
    * A rank is given only when all six indicators are scored; otherwise the total says "5指標" etc.
    * Sub-items that are added up (売上債権・棚卸資産・買入債務・借入金の内訳・現預金・減価償却費) count a
      missing value (``None``) as 0, as a blank cell does in the official tool.

Units
    * A :class:`Statement` holds amounts in **yen** (``int`` or ``Decimal``; ``float`` is refused because
      it cannot hold yen exactly) and ``employees`` in people.
    * Indicator values come out in the **display unit** of the benchmark table: % (percent points, e.g.
      ``Decimal("12.5")`` for 12.5 %), 千円/人, 倍, ヶ月.

Scoring precision
    A value is compared with the cut points **unrounded** (full ``Decimal`` precision, 28 significant
    digits). Rounding is for display only (one decimal for %, 倍 and ヶ月; whole 千円 for labour
    productivity, half-up). So a margin of 9.13185 % scores 4 against a cut point ⅰ of 9.1319 % although
    both print as "9.1%": the cut points themselves carry four decimals, and rounding first would move
    companies across a boundary depending on the display format.

Cut points
    ``iv, iii, ii, i`` as in the official tool, ``i`` the best boundary. Higher-is-better: ≥ⅰ → 5,
    ≥ⅱ → 4, ≥ⅲ → 3, ≥ⅳ → 2, else 1. Lower-is-better (④ and ⑤, cut points descending): ≤ⅰ → 5 … .
    A value exactly on a cut point takes the better score *(Banso rule)*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from enum import StrEnum

from banso.companies.engines import size as size_rule
from banso.companies.engines.industries import INDUSTRIES
from banso.diagnosis.engines.statement_lines import LINES, SHORT_LABELS

__all__ = [
    "DEFAULT_OPTIONS",
    "INDICATORS",
    "BenchmarkRow",
    "EvaluationOptions",
    "IndicatorBenchmark",
    "IndicatorKey",
    "IndicatorResult",
    "IndicatorSpec",
    "LocalBenchmarkResult",
    "Size",
    "Statement",
    "evaluate",
    "format_value",
    "indicator_spec",
    "industry_text",
    "rank_for",
    "round_for_display",
    "score_value",
]


# A private context so that a caller's decimal settings never change the numbers. Each formula is
# rearranged so that its only division comes last (e.g. 運転資本 × 12 ÷ 売上高 rather than ÷ (売上高 ÷ 12)):
# the result is then exact whenever it can be written in 28 digits, so a value that lands exactly on a cut
# point is seen as on it.
_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow])

# ---------------------------------------------------------------------------------------------------
# Industries and sizes come from the companies area (plain modules, no Django): one list, one rule.
# ---------------------------------------------------------------------------------------------------


def industry_text(industry_code: str) -> str:
    """``"0304 金属製品製造業"`` — the code and its name, for messages. Unknown codes print as the code."""
    name = INDUSTRIES.get(industry_code)
    return f"{industry_code} {name}" if name else industry_code


class Size(StrEnum):
    """中規模事業者 / 小規模事業者 — the two benchmark rows per industry. Values are the API's strings and
    those of :mod:`banso.companies.engines.size`, which decides a company's size."""

    MEDIUM = size_rule.MEDIUM
    SMALL = size_rule.SMALL

    @property
    def label_ja(self) -> str:
        return size_rule.SIZE_LABELS[self.value]

    @classmethod
    def from_label_ja(cls, label: str) -> Size:
        for size in cls:
            if size.label_ja == label:
                return size
        raise ValueError(f"事業者規模「{label}」は「中規模事業者」か「小規模事業者」である必要があります。")


# ---------------------------------------------------------------------------------------------------
# Indicators (docs/domain.md §3.1)
# ---------------------------------------------------------------------------------------------------


class IndicatorKey(StrEnum):
    SALES_GROWTH = "sales_growth"
    OPERATING_MARGIN = "operating_margin"
    LABOR_PRODUCTIVITY = "labor_productivity"
    EBITDA_DEBT_RATIO = "ebitda_debt_ratio"
    WORKING_CAPITAL_MONTHS = "working_capital_months"
    EQUITY_RATIO = "equity_ratio"


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    key: IndicatorKey
    number: str  # ① … ⑥, as on the METI sheet
    label_ja: str
    unit: str  # display unit: "%", "千円/人", "倍", "ヶ月"
    higher_is_better: bool
    decimals: int  # display decimals
    hint: str  # one plain-Japanese line for the owner: what the indicator tells them


#: The six indicators, in the order of docs/domain.md §3.1.
INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        IndicatorKey.SALES_GROWTH,
        "①",
        "売上増加率",
        "%",
        True,
        1,
        "売上が前の期よりどれだけ伸びたかを示します。商品やサービスが市場で選ばれ続けているかの目安です。",
    ),
    IndicatorSpec(
        IndicatorKey.OPERATING_MARGIN,
        "②",
        "営業利益率",
        "%",
        True,
        1,
        "売上のうち本業でどれだけ利益を残せたかを示します。高いほど本業で稼ぐ力があります。",
    ),
    IndicatorSpec(
        IndicatorKey.LABOR_PRODUCTIVITY,
        "③",
        "労働生産性",
        "千円/人",
        True,
        0,
        "従業員1人あたりが本業で生み出した利益です。高いほど少ない人数で効率よく稼げています。",
    ),
    IndicatorSpec(
        IndicatorKey.EBITDA_DEBT_RATIO,
        "④",
        "EBITDA有利子負債倍率",
        "倍",
        False,
        1,
        "現預金を差し引いた借入金を、本業で生み出す現金の何年分で返せるかの目安です。低いほど返済に余裕があります。",
    ),
    IndicatorSpec(
        IndicatorKey.WORKING_CAPITAL_MONTHS,
        "⑤",
        "営業運転資本回転期間",
        "ヶ月",
        False,
        1,
        "売掛金や在庫に寝ている資金（買掛金を差し引いた額）が月商の何か月分かを示します。短いほど資金繰りが楽です。",
    ),
    IndicatorSpec(
        IndicatorKey.EQUITY_RATIO,
        "⑥",
        "自己資本比率",
        "%",
        True,
        1,
        "会社の資産のうち返済のいらない自己資本で賄っている割合です。高いほど財務が安定しています。",
    ),
)

_SPECS: Mapping[IndicatorKey, IndicatorSpec] = {spec.key: spec for spec in INDICATORS}


def indicator_spec(key: IndicatorKey | str) -> IndicatorSpec:
    return _SPECS[IndicatorKey(key)]


# ---------------------------------------------------------------------------------------------------
# Benchmark rows
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorBenchmark:
    """One indicator of one benchmark row, in display units. ``i`` is the best boundary."""

    median: Decimal
    std: Decimal
    iv: Decimal
    iii: Decimal
    ii: Decimal
    i: Decimal

    @property
    def cut_points(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """``(iv, iii, ii, i)`` — worst to best boundary."""
        return (self.iv, self.iii, self.ii, self.i)


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    """The benchmark figures for one industry × size (one of the 54 rows)."""

    industry_code: str
    size: Size
    sales_growth: IndicatorBenchmark
    operating_margin: IndicatorBenchmark
    labor_productivity: IndicatorBenchmark
    ebitda_debt_ratio: IndicatorBenchmark
    working_capital_months: IndicatorBenchmark
    equity_ratio: IndicatorBenchmark

    @property
    def industry_name(self) -> str:
        return INDUSTRIES.get(self.industry_code, "")

    def benchmark(self, key: IndicatorKey | str) -> IndicatorBenchmark:
        bench: IndicatorBenchmark = getattr(self, IndicatorKey(key).value)
        return bench


# ---------------------------------------------------------------------------------------------------
# Inputs and options
# ---------------------------------------------------------------------------------------------------

Amount = Decimal | int

# Amounts that cannot be negative on a balance sheet / P&L. Profit lines and 純資産 may be negative.
_NON_NEGATIVE_AMOUNTS = frozenset(line.key for line in LINES if line.in_engine and not line.may_be_negative)

_FIELD_LABELS: Mapping[str, str] = {
    **{line.key: SHORT_LABELS[line.key] for line in LINES if line.in_engine},
    "employees": SHORT_LABELS["employees"],
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Statement:
    """One fiscal year's figures, yen (``int`` or ``Decimal``), field names as in the API (api.md).

    ``None`` means "not entered". Principal figures (売上高, 営業利益, 純資産, 総資産, 従業員数) left
    ``None`` make the indicators that need them "not computed" with a reason. Sub-items that are added
    up (売上債権・棚卸資産・買入債務・借入金の内訳・現預金・減価償却費) count ``None`` as 0, as a blank
    cell does in the official tool. Ints are converted to ``Decimal``; ``float`` and ``bool`` raise
    ``TypeError``; a negative amount where none can exist (e.g. 売上高, 総資産, 借入金) raises ``ValueError``.
    """

    net_sales: Amount | None = None
    cost_of_sales: Amount | None = None
    sga: Amount | None = None
    operating_income: Amount | None = None
    depreciation: Amount | None = None
    ordinary_income: Amount | None = None
    net_income: Amount | None = None
    cash_and_deposits: Amount | None = None
    accounts_receivable: Amount | None = None
    notes_receivable: Amount | None = None
    electronic_receivables: Amount | None = None
    inventories: Amount | None = None
    accounts_payable: Amount | None = None
    notes_payable: Amount | None = None
    electronic_payables: Amount | None = None
    short_term_borrowings: Amount | None = None
    long_term_borrowings: Amount | None = None
    bonds: Amount | None = None
    lease_obligations: Amount | None = None
    net_assets: Amount | None = None
    total_assets: Amount | None = None
    employees: int | None = None

    def __post_init__(self) -> None:
        for name, label in _FIELD_LABELS.items():
            raw = getattr(self, name)
            if raw is None:
                continue
            if name == "employees":
                if isinstance(raw, bool) or not isinstance(raw, int):
                    raise TypeError(f"{label}は整数で指定してください。")
                if raw < 0:
                    raise ValueError(f"{label}は0以上である必要があります。")
                continue
            if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
                raise TypeError(f"{label}は円単位の int か Decimal で指定してください（float 不可）。")
            value = Decimal(raw)
            if not value.is_finite():
                raise ValueError(f"{label}の値が数値ではありません。")
            if name in _NON_NEGATIVE_AMOUNTS and value < 0:
                raise ValueError(f"{label}は0以上である必要があります。")
            object.__setattr__(self, name, value)

    # Derived amounts, yen (docs/domain.md §3.1) ---------------------------------------------------------

    def trade_receivables(self) -> Decimal:
        """売上債権 = 売掛金 + 受取手形 + 電子記録債権."""
        return _sum(self.accounts_receivable, self.notes_receivable, self.electronic_receivables)

    def trade_payables(self) -> Decimal:
        """買入債務 = 買掛金 + 支払手形 + 電子記録債務."""
        return _sum(self.accounts_payable, self.notes_payable, self.electronic_payables)

    def interest_bearing_debt(self, *, include_lease_obligations: bool = False) -> Decimal:
        """借入金 = 短期借入金 + 長期借入金 + 社債 (+ リース債務 when the setting says so)."""
        debt = _sum(self.short_term_borrowings, self.long_term_borrowings, self.bonds)
        if include_lease_obligations:
            debt += _sum(self.lease_obligations)
        return debt


def _sum(*amounts: Amount | None) -> Decimal:
    return sum((Decimal(a) for a in amounts if a is not None), Decimal(0))


@dataclass(frozen=True, slots=True)
class EvaluationOptions:
    """The *(Banso rule)* settings of docs/domain.md §3.1–3.2."""

    include_lease_obligations: bool = False  # リース債務を借入金に含めるか
    rank_a_min: int = 24
    rank_b_min: int = 18
    rank_c_min: int = 12

    def __post_init__(self) -> None:
        if not (30 >= self.rank_a_min > self.rank_b_min > self.rank_c_min >= 6):
            raise ValueError("ランクの下限点は 30 ≥ A > B > C ≥ 6 の順である必要があります。")

    @classmethod
    def from_values(
        cls, *, rank_cutoffs: Mapping[str, int], include_lease_obligations: bool
    ) -> EvaluationOptions:
        """Options from settings-shaped values: ``rank_cutoffs`` is ``{"A": 24, "B": 18, "C": 12}``."""
        missing = {"A", "B", "C"} - set(rank_cutoffs)
        if missing:
            raise ValueError(f"ランクの下限点に {'・'.join(sorted(missing))} がありません。")
        return cls(
            include_lease_obligations=bool(include_lease_obligations),
            rank_a_min=int(rank_cutoffs["A"]),
            rank_b_min=int(rank_cutoffs["B"]),
            rank_c_min=int(rank_cutoffs["C"]),
        )

    def as_dict(self) -> dict:
        """What a stored result records about the rules it was computed under."""
        return {
            "include_lease_obligations": self.include_lease_obligations,
            "rank_cutoffs": {"A": self.rank_a_min, "B": self.rank_b_min, "C": self.rank_c_min},
        }


DEFAULT_OPTIONS = EvaluationOptions()


# ---------------------------------------------------------------------------------------------------
# Scoring, rank, display
# ---------------------------------------------------------------------------------------------------


def score_value(value: Decimal, benchmark: IndicatorBenchmark, *, higher_is_better: bool) -> int:
    """1–5 against the four cut points; a value exactly on a cut point takes the better score.

    ``value`` is compared unrounded (see module docstring).
    """
    i, ii, iii, iv = benchmark.i, benchmark.ii, benchmark.iii, benchmark.iv
    if higher_is_better:
        checks = (value >= i, value >= ii, value >= iii, value >= iv)
    else:
        checks = (value <= i, value <= ii, value <= iii, value <= iv)
    for score, passed in zip((5, 4, 3, 2), checks, strict=True):
        if passed:
            return score
    return 1


def rank_for(total_score: int, options: EvaluationOptions = DEFAULT_OPTIONS) -> str:
    """A ≥ 24, B ≥ 18, C ≥ 12, else D (cut-offs from ``options``). Only meaningful for six scores."""
    if total_score >= options.rank_a_min:
        return "A"
    if total_score >= options.rank_b_min:
        return "B"
    if total_score >= options.rank_c_min:
        return "C"
    return "D"


def format_value(value: Decimal | None, key: IndicatorKey | str) -> str:
    """Display text: ``"12.3%"``, ``"1,235千円"``, ``"2.5倍"``, ``"1.8ヶ月"``; ``"—"`` without a value.

    Half-up rounding (四捨五入) to one decimal, or to whole 千円 for labour productivity.
    """
    if value is None:
        return "—"
    spec = indicator_spec(key)
    rounded = round_for_display(value, key)
    text = f"{rounded:,.{spec.decimals}f}"
    unit = "千円" if spec.key is IndicatorKey.LABOR_PRODUCTIVITY else spec.unit
    return f"{text}{unit}"


def round_for_display(value: Decimal, key: IndicatorKey | str) -> Decimal:
    spec = indicator_spec(key)
    rounded = value.quantize(Decimal(1).scaleb(-spec.decimals), rounding=ROUND_HALF_UP, context=_CONTEXT)
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never "-0.0"


# ---------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    key: IndicatorKey
    label_ja: str
    unit: str
    value: Decimal | None  # full precision, display unit; None when not computed or shown as "—"
    display: str  # rounded, with unit, "—" when value is None
    score: int | None  # 1–5; None when not scored
    median: Decimal
    reason: str | None  # why value (and possibly score) is missing; None when computed normally
    note: str | None  # an edge-case rule that set the value (④ 実質無借金 → 0倍), else None
    hint: str  # one plain-Japanese line for the owner
    cut_points: tuple[Decimal, Decimal, Decimal, Decimal]  # (iv, iii, ii, i) of the benchmark row

    @property
    def is_scored(self) -> bool:
        return self.score is not None

    @property
    def rounded_value(self) -> Decimal | None:
        return None if self.value is None else round_for_display(self.value, self.key)


@dataclass(frozen=True, slots=True)
class LocalBenchmarkResult:
    industry_code: str
    size: Size
    indicators: tuple[IndicatorResult, ...]  # the six, in docs/domain.md §3.1 order
    total_score: int  # sum of the scored indicators
    scored_count: int  # 0–6
    rank: str | None  # "A"–"D"; None unless all six are scored

    @property
    def is_complete(self) -> bool:
        return self.scored_count == len(INDICATORS)

    @property
    def total_display(self) -> str:
        """``"25点（6指標）ランクA"`` or ``"20点（5指標・ランクなし）"``."""
        if self.rank is not None:
            return f"{self.total_score}点（{self.scored_count}指標）ランク{self.rank}"
        return f"{self.total_score}点（{self.scored_count}指標・ランクなし）"

    def indicator(self, key: IndicatorKey | str) -> IndicatorResult:
        wanted = IndicatorKey(key)
        for result in self.indicators:
            if result.key is wanted:
                return result
        raise KeyError(wanted)  # pragma: no cover - the six are always present


# ---------------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------------

_HUNDRED = Decimal(100)
_THOUSAND = Decimal(1000)
_TWELVE = Decimal(12)


@dataclass(frozen=True, slots=True)
class _Outcome:
    value: Decimal | None
    reason: str | None = None
    forced_score: int | None = None
    note: str | None = None


def _missing(label: str) -> _Outcome:
    return _Outcome(None, f"{label}が未入力のため計算できません。")


def _sales_growth(current: Statement, previous: Statement | None) -> _Outcome:
    # ① 売上高(当期) ÷ 売上高(前期) − 1
    if previous is None:
        return _Outcome(None, "前期の決算データがないため計算できません（2期分の決算が必要です）。")
    if previous.net_sales is None:
        return _missing("前期の売上高")
    if previous.net_sales == 0:
        return _Outcome(None, "前期の売上高が0円のため計算できません。")
    if current.net_sales is None:
        return _missing("当期の売上高")
    current_sales, previous_sales = Decimal(current.net_sales), Decimal(previous.net_sales)
    return _Outcome((current_sales - previous_sales) * _HUNDRED / previous_sales)


def _operating_margin(current: Statement) -> _Outcome:
    # ② 営業利益 ÷ 売上高
    if current.net_sales is None:
        return _missing("売上高")
    if current.net_sales == 0:
        return _Outcome(None, "売上高が0円のため計算できません。")
    if current.operating_income is None:
        return _missing("営業利益")
    return _Outcome(Decimal(current.operating_income) * _HUNDRED / Decimal(current.net_sales))


def _labor_productivity(current: Statement) -> _Outcome:
    # ③ 営業利益(千円) ÷ 従業員数
    if current.employees is None:
        return _missing("従業員数")
    if current.employees == 0:
        return _Outcome(None, "従業員数が0人のため計算できません。")
    if current.operating_income is None:
        return _missing("営業利益")
    return _Outcome(Decimal(current.operating_income) / (_THOUSAND * current.employees))


def _ebitda_debt_ratio(current: Statement, options: EvaluationOptions) -> _Outcome:
    # ④ (借入金 − 現預金) ÷ (営業利益 + 減価償却費)
    if current.operating_income is None:
        return _missing("営業利益")
    cash_flow = Decimal(current.operating_income) + _sum(current.depreciation)
    if cash_flow <= 0:
        return _Outcome(
            None,
            "営業利益＋減価償却費が0円以下で、本業で生み出す現金から借入金を返済できないため、"
            "倍率は表示せず1点とします。",
            forced_score=1,
        )
    net_debt = current.interest_bearing_debt(
        include_lease_obligations=options.include_lease_obligations
    ) - _sum(current.cash_and_deposits)
    if net_debt <= 0:
        return _Outcome(
            Decimal(0),
            forced_score=5,
            note="借入金が現預金以下（実質無借金）のため0倍とし、5点とします。",
        )
    return _Outcome(net_debt / cash_flow)


def _working_capital_months(current: Statement) -> _Outcome:
    # ⑤ (売上債権 + 棚卸資産 − 買入債務) ÷ (売上高 ÷ 12)
    if current.net_sales is None:
        return _missing("売上高")
    if current.net_sales == 0:
        return _Outcome(None, "売上高が0円のため計算できません。")
    working_capital = current.trade_receivables() + _sum(current.inventories) - current.trade_payables()
    return _Outcome(working_capital * _TWELVE / Decimal(current.net_sales))


def _equity_ratio(current: Statement) -> _Outcome:
    # ⑥ 純資産 ÷ 総資産
    if current.total_assets is None:
        return _missing("総資産")
    if current.total_assets == 0:
        return _Outcome(None, "総資産が0円のため計算できません。")
    if current.net_assets is None:
        return _missing("純資産")
    return _Outcome(Decimal(current.net_assets) * _HUNDRED / Decimal(current.total_assets))


def evaluate(
    current: Statement,
    previous: Statement | None,
    row: BenchmarkRow,
    options: EvaluationOptions = DEFAULT_OPTIONS,
) -> LocalBenchmarkResult:
    """Compute the six indicators of ``current`` (① also needs ``previous``), score them against ``row``.

    ``total_score`` sums the scored indicators; ``rank`` is set only when all six are scored — when ①
    cannot be computed (no previous year, or its 売上高 is 0) the total covers five indicators and there
    is no rank (docs/domain.md §3.2).
    """
    with localcontext(_CONTEXT):
        outcomes = {
            IndicatorKey.SALES_GROWTH: _sales_growth(current, previous),
            IndicatorKey.OPERATING_MARGIN: _operating_margin(current),
            IndicatorKey.LABOR_PRODUCTIVITY: _labor_productivity(current),
            IndicatorKey.EBITDA_DEBT_RATIO: _ebitda_debt_ratio(current, options),
            IndicatorKey.WORKING_CAPITAL_MONTHS: _working_capital_months(current),
            IndicatorKey.EQUITY_RATIO: _equity_ratio(current),
        }
        results = []
        for spec in INDICATORS:
            outcome = outcomes[spec.key]
            bench = row.benchmark(spec.key)
            if outcome.forced_score is not None:
                score: int | None = outcome.forced_score
            elif outcome.value is not None:
                score = score_value(outcome.value, bench, higher_is_better=spec.higher_is_better)
            else:
                score = None
            results.append(
                IndicatorResult(
                    key=spec.key,
                    label_ja=spec.label_ja,
                    unit=spec.unit,
                    value=outcome.value,
                    display=format_value(outcome.value, spec.key),
                    score=score,
                    median=bench.median,
                    reason=outcome.reason,
                    note=outcome.note,
                    hint=spec.hint,
                    cut_points=bench.cut_points,
                )
            )
    scores = [r.score for r in results if r.score is not None]
    total = sum(scores)
    rank = rank_for(total, options) if len(scores) == len(INDICATORS) else None
    return LocalBenchmarkResult(
        industry_code=row.industry_code,
        size=row.size,
        indicators=tuple(results),
        total_score=total,
        scored_count=len(scores),
        rank=rank,
    )
