"""The monitoring demo's companies as data: plans (yearly), stories of their actuals, measures, gaps,
next-month actions, KPIs and cash-flow terms. records.py builds them through the domain.

Positions are (fiscal years back from the current one, month index 0–11 in that fiscal year): the
"last complete year" is 1 year back; a plain number n is n months before this one (1: last month).
丸山精工's bad quarter is months 7–9 of the last complete year (for a 3月決算, October to December),
with a recovery after it; in the months just closed a machine breakdown (3 months ago) and a steel
price rise that squeezes the gross margin (last month), so the report of the current year has gaps too.
"""

from __future__ import annotations

from decimal import Decimal

from banso.demo.monitoring.figures import Drift, KpiStory, Story, YearPlan


def _years(first_sales: int, growth: float, cost_ratios, personnel, depreciation, other, interest, balances):
    plans = []
    sales = first_sales
    for i, ratio in enumerate(cost_ratios):
        net_assets, borrowings, cash = balances[i]
        plans.append(
            YearPlan(
                sales=sales,
                cost_ratio=ratio,
                personnel=personnel[i],
                depreciation=depreciation,
                other_sga=other[i],
                non_operating_income=1_200_000,
                interest=interest[i],
                net_assets=net_assets,
                borrowings=borrowings,
                cash=cash,
            )
        )
        sales = round(sales * (1 + growth) / 1_000_000) * 1_000_000
    return plans


# --- 有限会社丸山精工: the full monthly cycle -------------------------------------------------------

MARUYAMA_PLAN = _years(
    286_000_000,
    0.03,
    (0.715, 0.705, 0.70, 0.695, 0.69),
    (54_000_000, 55_000_000, 56_000_000, 57_500_000, 59_000_000),
    7_200_000,
    (18_000_000, 18_200_000, 18_400_000, 18_600_000, 18_800_000),
    (2_400_000, 2_200_000, 2_000_000, 1_800_000, 1_600_000),
    [
        (28_000_000, 118_000_000, 42_000_000),
        (33_000_000, 106_000_000, 45_000_000),
        (39_000_000, 94_000_000, 49_000_000),
        (46_000_000, 82_000_000, 54_000_000),
        (54_000_000, 70_000_000, 60_000_000),
    ],
)
# The revision (第2版) lowers the sales of the current year onwards after the bad quarter.
MARUYAMA_REVISION_SALES_FACTOR = 0.96
MARUYAMA_REVISION_REASON = (
    "主要取引先（自動車部品）の生産調整により、第2四半期以降の受注が当初見込みを下回ったため、"
    "当期以降の売上計画を4％引き下げ、外注費削減の施策を追加しました。"
)

_BAD_QUARTER = {
    (1, 6): Drift(sales=0.78, cost=1.06),
    (1, 7): Drift(sales=0.81, cost=1.05),
    (1, 8): Drift(sales=0.86, cost=1.02),
    (1, 9): Drift(sales=0.93),
    (1, 10): Drift(sales=0.97),
}
# Months just closed: 3 months ago the 5-axis machine broke down (repair bill, a few days' sales
# lost); last month steel prices rose before the selling prices followed (gross margin down).
MARUYAMA_BREAKDOWN = 3
MARUYAMA_STEEL = 1
MARUYAMA_STORY = Story(
    drifts=_BAD_QUARTER,
    default=Drift(sales=1.01),
    seed=1978,
    recent={MARUYAMA_BREAKDOWN: Drift(sales=0.96, sga=1.6), MARUYAMA_STEEL: Drift(sales=0.99, cost=1.07)},
)
MARUYAMA_BAD_MONTHS = ((1, 6), (1, 7), (1, 8))
# The month the responses to the bad quarter took hold (営業訪問を月20件に, the revised plan).
MARUYAMA_RESPONSE = (1, 8)

MARUYAMA_MEASURES = [
    # title, owner, start (years back, index), end (years back, index) or None, effect, line, status, note
    (
        "新規取引先の開拓（医療機器・半導体装置向け）",
        "丸山 浩二",
        (2, 0),
        None,
        24_000_000,
        "net_sales",
        "in_progress",
        "展示会2回出展。医療機器メーカー2社と試作取引を開始。",
    ),
    (
        "外注加工の内製化（5軸マシニングの稼働率向上）",
        "工場長 大石",
        (2, 3),
        (1, 11),
        6_000_000,
        "cost_of_sales",
        "done",
        "外注比率を18％→12％に引き下げ。",
    ),
    (
        "段取り時間の短縮（標準作業書の整備）",
        "工場長 大石",
        (1, 2),
        None,
        3_000_000,
        "cost_of_sales",
        "in_progress",
        "主要20品番の標準作業書を作成済み。",
    ),
    (
        "見積単価の見直し（材料費連動の価格改定）",
        "丸山 浩二",
        (1, 9),
        None,
        5_000_000,
        "net_sales",
        "not_started",
        "",
    ),
]

# The gaps of the bad quarter (one line, three months in a row: a repeating gap) and one cost gap.
MARUYAMA_GAPS = [
    (
        (1, 6),
        "net_sales",
        dict(
            cause="orders_down",
            why_chain="主要取引先A社の受注が前年比3割減 → A社の完成車メーカー向け生産調整 → "
            "当社売上の45％がA社1社に集中している。",
            response="A社の担当者と面談し、年明けまでの内示を確認。医療機器向けの試作案件を前倒しで受注活動。",
            owner="丸山 浩二",
            status="done",
            effect="partial",
            effect_note="翌月の受注は少し戻ったが、A社依存の構造は残る。",
        ),
    ),
    (
        (1, 7),
        "net_sales",
        dict(
            cause="orders_down",
            why_chain="A社の生産調整が続く → 代替の受注が立ち上がるまで2〜3か月かかる。",
            response="展示会（名古屋）に出展し、新規見込み先12社と名刺交換。見積を8件提出。",
            owner="丸山 浩二",
            status="done",
            effect="partial",
            effect_note="見積8件のうち3件を受注。",
        ),
    ),
    (
        (1, 8),
        "net_sales",
        dict(
            cause="orders_down",
            why_chain="新規先の受注が量産に至らず → 試作から量産までの期間を見込んでいなかった。",
            response="新規2社と量産時期を確認し、計画の修正（第2版）に反映。営業訪問を月20件に増やす。",
            owner="営業 佐野",
            status="done",
            effect="effective",
            effect_note="翌月から売上は計画比93％まで回復。",
        ),
    ),
    (
        (1, 6),
        "gross_profit",
        dict(
            cause="cost_up",
            why_chain="急ぎの小ロット品を外注に回した → 段取り替えが多く、社内の機械が埋まっていた。",
            response="小ロット品の受注条件（納期・最低ロット）を見直し、外注は工場長の承認制にする。",
            owner="工場長 大石",
            status="in_progress",
            effect="not_assessed",
        ),
    ),
    (
        MARUYAMA_BREAKDOWN,
        "sga",
        dict(
            cause="expenses_up",
            why_chain="5軸マシニングの主軸が故障し4日間停止 → 修理費が発生し、"
            "納期が遅れた2件の売上が翌月にずれた → 主軸の定期点検をしておらず、異音に気づくのが遅れた。",
            response="修理は完了。メーカーと保守契約を結び、月1回の点検表を作成した。遅れた2件は翌月に納品済み。",
            owner="工場長 大石",
            status="done",
            effect="effective",
            effect_note="翌月は計画どおり稼働し、販管費も計画内に戻った。",
        ),
    ),
    (
        MARUYAMA_STEEL,
        "gross_profit",
        dict(
            cause="cost_up",
            why_chain="鋼材（S45C・SUS）の仕入価格が1割上昇 → 見積単価が材料費に連動しておらず、"
            "上昇分を吸収している → 価格改定の申し入れが後回しになっていた。",
            response="施策「見積単価の見直し」を前倒しし、主要取引先5社に材料費連動の価格改定を申し入れる。"
            "鋼材は2か月分を現在の価格で確保した。",
            owner="丸山 浩二",
            status="in_progress",
            effect="not_assessed",
        ),
    ),
]

# Next-month actions (title, owner, measure, reviews): set each month; the month after, each is
# reviewed with the next outcome of its own list (a note that speaks of that action).
MARUYAMA_ACTIONS = [
    (
        "新規見込み先への営業訪問",
        "営業 佐野",
        "訪問20件",
        [
            ("done", "訪問22件。うち新規見込み先が8件で、見積依頼を3件もらった。"),
            ("partly", "訪問は15件。繁忙期で営業が現場応援に入った。"),
            ("done", "訪問20件。展示会で名刺交換した先を中心に回った。"),
        ],
    ),
    (
        "医療機器向け試作品の納品",
        "工場長 大石",
        "2品番を月末までに納品",
        [
            ("not_done", "材料の入荷遅れで試作が翌月にずれた。"),
            ("done", "2品番とも納品。先方から量産の見積依頼を受けた。"),
            ("partly", "1品番は納品。もう1品番は寸法不良で作り直し中。"),
        ],
    ),
    (
        "在庫の圧縮（長期滞留材の処分）",
        "総務 丸山 恵子",
        "在庫を月末までに1割圧縮",
        [
            ("partly", "滞留材の半分は処分済み。残りは買取先を探している。"),
            ("done", "在庫を1割（約180万円）圧縮。処分益は雑収入に計上。"),
            ("done", "棚卸で滞留材の一覧を更新し、翌月分の処分先も決めた。"),
        ],
    ),
]


def _ramped(before: float, after: float):
    return lambda level, ramp: before + (after - before) * ramp


# KPIs that follow the business: 訪問・見積 rise once the responses take hold; 成約率 falls with the
# orders in the bad quarter; 不良率 rises with the rushed small lots then falls with 段取りの標準化;
# 残業時間 moves with the work load.
MARUYAMA_KPIS = [
    KpiStory("営業訪問件数", "件", "higher", "20", _ramped(14, 21), noise=0.08),
    KpiStory(
        "見積件数",
        "件",
        "higher",
        "15",
        lambda level, ramp: (11 + 5 * ramp) * (0.6 + 0.4 * level),
        noise=0.08,
    ),
    KpiStory(
        "成約率",
        "%",
        "higher",
        "30",
        lambda level, ramp: (27 + 4 * ramp) * level**1.5,
        decimals=1,
        noise=0.04,
    ),
    KpiStory(
        "不良率",
        "%",
        "lower",
        "1.5",
        lambda level, ramp: (1.9 - 0.5 * ramp) * (1 + 2 * (1 - level)),
        decimals=1,
    ),
    KpiStory(
        "残業時間（1人あたり）",
        "時間",
        "lower",
        "20",
        lambda level, ramp: 22 * (1 + 2 * (level - 1)),
        noise=0.06,
    ),
]

# --- 株式会社みなと水産加工: sales below plan for months, heavy repayments: cash runs short ---------

MINATO_PLAN = _years(
    620_000_000,
    0.03,
    (0.79, 0.775, 0.765),
    (96_000_000, 97_000_000, 98_000_000),
    14_000_000,
    (24_000_000, 24_000_000, 24_000_000),
    (6_500_000, 6_000_000, 5_500_000),
    [
        (-12_000_000, 390_000_000, 30_000_000),
        (-6_000_000, 350_000_000, 32_000_000),
        (2_000_000, 310_000_000, 36_000_000),
    ],
)
MINATO_STORY = Story(
    drifts={(0, i): Drift(sales=0.86, cost=1.02) for i in range(12)}
    | {(1, i): Drift(sales=0.97 - 0.005 * i, cost=1.01) for i in range(12)},
    default=Drift(sales=0.98),
    seed=1965,
    # The two months just closed (不漁): lower still, so they stand out even on the first days of a
    # fiscal year, when they close the slide of the year before.
    recent={1: Drift(sales=0.94), 2: Drift(sales=0.94)},
)
MINATO_OPENING_CASH = 75_000_000
MINATO_GAPS = [
    # The slow slide of the last complete year: operating income below plan, recorded twice.
    (
        (1, 3),
        "operating_income",
        dict(
            cause="price_down",
            why_chain="量販店の特売向けに単価を下げた → 特売品の比率が上がり、粗利が薄くなった → "
            "価格交渉の材料（原価の内訳）を用意していなかった。",
            response="商品別の原価表を作成し、特売の条件（数量・期間）を量販店と見直す。",
            owner="石川 正樹",
            status="done",
            effect="partial",
            effect_note="特売の比率は下がったが、単価は戻りきっていない。",
        ),
    ),
    (
        (1, 8),
        "operating_income",
        dict(
            cause="margin_down",
            why_chain="原料の仕入価格が上がった → 製品価格への転嫁が半年遅れ → "
            "量販店との価格改定が年1回の契約。",
            response="主要2社に価格改定を申し入れ。小売向けの自社ブランド商品を試験販売する。",
            owner="石川 正樹",
            status="in_progress",
            effect="not_assessed",
        ),
    ),
    (
        2,
        "net_sales",
        dict(
            cause="orders_down",
            why_chain="主力の加工品（しらす）の原料水揚げが不漁 → 原料不足で受注を断った。",
            response="冷凍在庫の原料で代替できる商品の提案を量販店2社に実施。",
            owner="石川 正樹",
            status="in_progress",
        ),
    ),
    (
        1,
        "net_sales",
        dict(
            cause="orders_down",
            why_chain="不漁が続く → 原料の仕入先を1漁協に頼っている。",
            response="他県の漁協2か所と原料調達の打合せ。資金繰りの見通しを銀行と共有する。",
            owner="石川 正樹",
            status="open",
        ),
    ),
]
MINATO_ACTIONS = [
    (
        "量販店への代替商品の提案",
        "営業 石川",
        "提案3社",
        [
            ("partly", "提案は2社。残り1社は来月の商談会で提案する。"),
            ("done", "3社に提案し、1社で冷凍原料の代替品の採用が決まった。"),
        ],
    ),
    (
        "原料調達先の開拓",
        "石川 正樹",
        "新規漁協2か所と面談",
        [
            ("not_done", "先方の漁協の都合で面談が来月にずれた。"),
            ("partly", "1か所と面談。価格と数量の条件を持ち帰り検討中。"),
        ],
    ),
]
MINATO_LENDERS = [
    # name, monthly repayment, interest, a short-term loan repaid in one sum (months from this one, yen)
    ("みなと地域銀行", 1_000_000, 420_000, (4, 20_000_000)),
    ("日本政策金融公庫", 500_000, 120_000, None),
]

# --- 株式会社東海ケミカル: close to plan, one cost gap (原材料高) ------------------------------------

TOKAI_PLAN = _years(
    840_000_000,
    0.025,
    (0.74, 0.735, 0.73),
    (118_000_000, 120_000_000, 122_000_000),
    22_000_000,
    (42_000_000, 42_500_000, 43_000_000),
    (4_800_000, 4_300_000, 3_800_000),
    [
        (140_000_000, 260_000_000, 90_000_000),
        (158_000_000, 235_000_000, 96_000_000),
        (178_000_000, 210_000_000, 104_000_000),
    ],
)
TOKAI_STORY = Story(
    drifts={(1, 9): Drift(cost=1.07)},
    default=Drift(sales=1.0),
    seed=1972,
)
TOKAI_OPENING_CASH = 120_000_000
TOKAI_GAPS = [
    (
        (1, 9),
        "gross_profit",
        dict(
            cause="cost_up",
            why_chain="原料の樹脂価格が2割上昇 → 販売価格への転嫁が3か月遅れる契約になっている。",
            response="主要3社と価格改定の交渉。原料価格連動条項の導入を提案。",
            owner="杉山 隆",
            status="done",
            effect="effective",
            effect_note="翌月から改定価格を適用。原価率は計画並みに戻った。",
        ),
    ),
]


def cash_terms(*, cash_sales="0", collection_months: int, cash_purchase="0", payment_months: int) -> dict:
    """A company's 資金繰り表 terms: the cash shares of sales and purchases, the months to collect and to
    pay, and no minimum balance."""
    return dict(
        cash_sales_ratio=Decimal(cash_sales),
        collection_months=collection_months,
        cash_purchase_ratio=Decimal(cash_purchase),
        payment_months=payment_months,
        minimum_balance=None,
    )


# The companies built by records.build_simple: a plan, months typed one by one, a few gaps.
SIMPLE_COMPANIES = [
    dict(
        name="株式会社みなと水産加工",
        plans=MINATO_PLAN,
        story=MINATO_STORY,
        season="seafood",
        title="経営改善計画（405事業）",
        opening_cash=MINATO_OPENING_CASH,
        lenders=MINATO_LENDERS,
        terms=cash_terms(collection_months=2, cash_purchase="0.2", payment_months=1),
        gaps=MINATO_GAPS,
        actions=MINATO_ACTIONS,
    ),
    dict(
        name="株式会社東海ケミカル",
        plans=TOKAI_PLAN,
        story=TOKAI_STORY,
        season="chemical",
        title="早期経営改善計画",
        opening_cash=TOKAI_OPENING_CASH,
        lenders=[("みなと地域銀行", 1_500_000, 420_000, None), ("商工中金", 600_000, 110_000, None)],
        terms=cash_terms(collection_months=2, payment_months=2),
        gaps=TOKAI_GAPS,
    ),
]
