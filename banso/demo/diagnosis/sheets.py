"""Demo 4つの視点・商流・業務フロー and 経営デザインシート for 有限会社丸山精工.

They tell the same story as the company's engagement (banso/demo/engagements/stories.py, MARUYAMA):
each answer names the dialogue it was heard in, dated the way that dialogue is, and the sheet's 課題
are the 表課題 the engagement's issue tree starts from. Dated relative to the day seed_demo runs,
like the engagement.
"""

# Long Japanese sentences are the content itself; breaking them mid-sentence would not help a reader.

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from banso.demo.engagements.stories import MARUYAMA
from banso.diagnosis.domain.sheets import create_design_sheet, create_non_financial_sheet

COMPANY = "有限会社丸山精工"
DIALOGUES = {item["key"]: item for item in MARUYAMA["dialogues"]}
# The issue tree's 表課題, word for word (the sheet's 課題 → issue tree link matches on them).
SURFACE_ISSUES = [text for text, kind, *_ in MARUYAMA["issues"] if kind == "surface"]


def _day(key: str, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=DIALOGUES[key]["days"])


def _answers(pairs: dict[str, tuple[str, str]], today: dt.date) -> dict:
    """{item: (text, dialogue key)} → the sheet's answers, each with its source 「2026/04/29 第4回 …」."""
    return {
        key: {"text": text, "source": f"{_day(source, today):%Y/%m/%d} {DIALOGUES[source]['title']}"}
        for key, (text, source) in pairs.items()
    }


ISSUES_TEXT = "\n".join(f"・{text}。" for text in SURFACE_ISSUES)

STEPS = [
    {
        "name": "受注・見積",
        "activity": "図面を受け取り、社長が加工方法と価格を決める",
        "differentiation": "当日中に見積を返す",
    },
    {
        "name": "材料調達",
        "activity": "鋼材・アルミ材を地元の商社から仕入れる",
        "differentiation": "少量でも翌日に届く",
    },
    {
        "name": "段取り・加工",
        "activity": "NC旋盤とマシニングセンタで切削加工。段取り替えは工場長が判断",
        "differentiation": "難しい形状の部品を短納期で仕上げる職人の腕",
    },
    {
        "name": "検査",
        "activity": "品質管理リーダーが抜き取り検査",
        "differentiation": "前日の不良件数と原因を朝礼で共有",
    },
    {"name": "出荷・納品", "activity": "自社便で納品", "differentiation": "県内は翌日納品"},
]
PARTIES = [
    {"kind": "supplier", "name": "浜松鋼材株式会社", "reason": "少量でもすぐ届けてくれる"},
    {"kind": "subcontractor", "name": "表面処理の協力工場（2社）", "reason": "メッキ・焼入れを任せている"},
    {
        "kind": "customer",
        "name": "株式会社遠州機械製作所（受注の約6割）",
        "reason": "難しい部品の短納期に応えてきた。毎年コストダウンを求められる",
    },
    {"kind": "customer", "name": "地元の産業機械メーカー（数社）", "reason": "小ロットの追加工を頼まれる"},
    {"kind": "end_user", "name": "工作機械・産業機械の利用企業", "reason": ""},
]

# At step ④, from the first four dialogues: the picture the owner started from.
FIRST = {
    "vision": (
        "「確かな腕で、地域のものづくりを支える」。先代からの言葉だが、社員に説明したことはない。",
        "d1",
    ),
    "motivation": ("赤字から抜け出したい。原因は材料費の値上がりだと考えている。", "d1"),
    "succession": (
        "長男（専務）が営業を担当。承継の時期は決めていない。専務は父の前で意見を言いにくい。",
        "d2",
    ),
    "strengths": ("難しい形状の部品を短納期で仕上げる技術。工場長（入社40年）の段取りの腕。", "d2"),
    "weaknesses": ("見積と値決めを社長が長年の勘で行い、製品ごとの原価を誰も把握していない。", "d4"),
    "customers": ("遠州機械製作所が受注の約6割。毎年コストダウンを求められている。", "d1"),
    "banks": ("みなと地域銀行がメイン。弱みを見せると融資が厳しくなると心配していた。", "d3"),
    "current_state": (
        "忙しいのに利益が残らない。前期は売上が1割以上減り、営業赤字に転落した。若手が3年以内に辞めてしまう。",
        "d4",
    ),
    "future_goal": ("赤字を脱し、息子に継がせられる会社にしたい。", "d3"),
    "issues": (ISSUES_TEXT, "d4"),
    "measures": ("主要製品10点の原価を、材料費と加工時間から試算する（専務と経理担当）。", "d4"),
}

# At step ⑥, after the task team's first month: the same company, seen through what changed.
LATEST = {
    "vision": ("「確かな腕で、地域のものづくりを支える」。タスクチームで社員にも話すようになった。", "d8"),
    "philosophy": ("品質で約束を守る。赤字の仕事は、数字を見て取引先と話し合う。", "d9"),
    "motivation": ("「俺が全部決めるやり方は、俺の代で終わりにする」。組織で動く会社に変えたい。", "d7"),
    "succession": ("専務（長男）が価格交渉とタスクチームの進行を担い始めた。", "d9"),
    "history": ("1978年創業。3年前に早期経営改善計画を作り、設備を更新した。", "d1"),
    "strengths": ("難しい部品を短納期で。工場長の技術を手順書に残し始めた。", "d9"),
    "weaknesses": ("判断はまだ社長と工場長に寄っている。若手は受け身。", "d9"),
    "it_use": ("主力3製品の原価表を表計算で毎月更新している。", "d8"),
    "productivity": ("社長が一度も旋盤に立たずに工場が回った月が出てきた。", "d9"),
    "customers": ("遠州機械製作所が受注の約6割。主力品Aの価格改定を専務が相談している。", "d9"),
    "employees": ("工場長と品質管理リーダーが、手順書を使って若手に段取りを教え始めた。", "d9"),
    "banks": ("みなと地域銀行がメイン。面談の内容は融資の審査と切り分けている。", "d3"),
    "organization": ("社長・専務・工場長・品質管理リーダーの社内タスクチームを月1回開く。", "d7"),
    "planning": ("朝礼で前日の不良件数を共有し、月次の数字をタスクチームで見る。", "d8"),
    "hr_development": ("段取り替えの手順書を工場長と品質管理リーダーで作り、若手に教える。", "d8"),
    "current_state": (
        "製品ごとの原価が見え始め、赤字の主力品の値上げ相談に入った。判断はまだ社長と工場長に寄っている。",
        "d9",
    ),
    "future_goal": ("組織として動く会社にして、専務に引き継ぐ。", "d7"),
    "issues": (ISSUES_TEXT, "d4"),
    "measures": (
        "朝礼で不良件数を共有する。主力3製品の原価表を毎月更新する。段取り替えの手順書を作る。",
        "d8",
    ),
}


def _maruyama_sheets(company, by, today: dt.date) -> None:
    if company.non_financial_sheets.exists() or company.design_sheets.exists():
        return
    create_non_financial_sheet(
        company,
        by=by,
        as_of=_day("d4", today),
        answers=_answers(FIRST, today),
        steps=[{**step, "differentiation": ""} if step["name"] == "検査" else step for step in STEPS],
        counterparties=[p for p in PARTIES if p["kind"] != "customer" or "遠州" in p["name"]],
    )
    create_non_financial_sheet(
        company,
        by=by,
        as_of=_day("d9", today),
        answers=_answers(LATEST, today),
        steps=STEPS,
        counterparties=PARTIES,
    )
    first = create_design_sheet(
        company,
        by=by,
        as_of=_day("d5", today),
        title="数字で見える経営へ",
        a_purpose="確かな腕で、地域のものづくりを支える。",
        a_concept="難しい部品を、早く、確実に、見合った値段で。",
        b_value="産業機械メーカーに、難しい形状の部品を短納期で。",
        b_business_model="遠州機械製作所からの受注が約6割。見積と値決めは社長の勘。",
        b_resources="工場長の段取りの腕、NC旋盤とマシニングセンタ、先代からの取引関係。",
        c_environment="材料費の値上がりが続き、取引先からは毎年コストダウンを求められる。",
        c_value="同じ品質の部品を、原価に見合った値段で。",
        c_business_model="製品ごとの原価を見て値決めし、赤字の仕事は取引先と話し合う。",
        c_resources="製品別の原価表、数字を読む社内の会議、工場長の技術を残す手順書。",
        d_actions="主要製品の原価表をつくる。赤字の製品の価格を取引先と相談する。",
        d_resources_to_acquire="原価計算の知見（税理士に相談する）。",
        d_timeline="半年: 主要10製品の原価表、1年: 赤字受注をなくす。",
    )
    create_design_sheet(
        company,
        by=by,
        as_of=_day("d8", today),
        copy_from=first,
        title="数字で見える経営へ・組織で動く会社へ",
        c_resources="製品別の原価表、社内タスクチーム、段取り替えの手順書、次の経営者（専務）。",
        d_actions="朝礼で不良件数を共有する。主力3製品の原価表を毎月更新する。段取り替えの手順書を作る。",
        d_timeline="1年目: 原価表と手順書を回す、2年目: 会議の進行を専務に任せる、5年後: 承継。",
    )


def build(context: dict) -> None:
    """Idempotent: a company that already has sheets is left alone."""
    today = timezone.localdate()
    for company in context["companies"]:
        if company.name == COMPANY:
            _maruyama_sheets(company, context["users"]["advisor"], today)
