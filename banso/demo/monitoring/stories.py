"""The monitoring demo's companies as data: plans (yearly), stories of their actuals, measures, gaps,
next-month actions, KPIs and cash-flow terms. records.py builds them through the domain.

Positions are (fiscal years back from the current one, month index 0–11 in that fiscal year): the
"last complete year" is 1 year back. 丸山精工's bad quarter is months 7–9 of the last complete year
(for a 3月決算, October to December), with a recovery after it.
"""

from __future__ import annotations

from banso.demo.monitoring.figures import Drift, Story, YearPlan


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
MARUYAMA_STORY = Story(drifts=_BAD_QUARTER, default=Drift(sales=1.01), seed=1978)
MARUYAMA_BAD_MONTHS = ((1, 6), (1, 7), (1, 8))

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
        "cost_of_sales",
        dict(
            cause="cost_up",
            why_chain="急ぎの小ロット品を外注に回した → 段取り替えが多く、社内の機械が埋まっていた。",
            response="小ロット品の受注条件（納期・最低ロット）を見直し、外注は工場長の承認制にする。",
            owner="工場長 大石",
            status="in_progress",
            effect="not_assessed",
        ),
    ),
]

# Next-month actions (title, owner, measure) for each month; reviews cycle through the outcomes.
MARUYAMA_ACTIONS = [
    ("新規見込み先への営業訪問", "営業 佐野", "訪問20件"),
    ("医療機器向け試作品の納品", "工場長 大石", "2品番を月末までに納品"),
    ("在庫の圧縮（長期滞留材の処分）", "総務 丸山 恵子", "在庫を月末までに1割圧縮"),
]
REVIEW_CYCLE = [
    ("done", ""),
    ("partly", "訪問は15件。繁忙期で営業が現場応援に入った。"),
    ("done", ""),
    ("not_done", "材料の入荷遅れで試作が翌月にずれた。"),
    ("done", ""),
    ("partly", "滞留材の半分は処分済み。残りは買取先を探している。"),
]

MARUYAMA_KPIS = [
    # name, unit, direction, target, (actual before, during the bad quarter, after)
    ("営業訪問件数", "件", "higher", "20", ("14", "9", "21")),
    ("見積件数", "件", "higher", "15", ("12", "8", "16")),
    ("成約率", "%", "higher", "30", ("28.5", "22.0", "31.5")),
    ("不良率", "%", "lower", "1.5", ("1.8", "2.4", "1.3")),
    ("残業時間（1人あたり）", "時間", "lower", "20", ("24", "12", "19")),
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
)
MINATO_OPENING_CASH = 75_000_000
MINATO_GAPS = [
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
    ("量販店への代替商品の提案", "営業 石川", "提案3社"),
    ("原料調達先の開拓", "石川 正樹", "新規漁協2か所と面談"),
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
    drifts={(1, 9): Drift(cost=1.07), (1, 10): Drift(cost=1.04)},
    default=Drift(sales=1.0),
    seed=1972,
)
TOKAI_OPENING_CASH = 120_000_000
TOKAI_GAPS = [
    (
        (1, 9),
        "cost_of_sales",
        dict(
            cause="cost_up",
            why_chain="原料の樹脂価格が2割上昇 → 販売価格への転嫁が3か月遅れる契約になっている。",
            response="主要3社と価格改定の交渉。原料価格連動条項の導入を提案。",
            owner="杉山 隆",
            status="done",
            effect="effective",
            effect_note="翌々月から改定価格を適用。原価率は計画並みに戻った。",
        ),
    ),
]
