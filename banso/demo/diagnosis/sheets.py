"""Demo 4つの視点・商流・業務フロー and 経営デザインシート (for 有限会社丸山精工)."""

from __future__ import annotations

import datetime as dt

from banso.diagnosis.domain.sheets import create_design_sheet, create_non_financial_sheet

MARUYAMA_STEPS = [
    {
        "name": "受注・見積",
        "activity": "図面を受け取り、加工方法と価格を決める",
        "differentiation": "当日中に見積を返す",
    },
    {
        "name": "材料調達",
        "activity": "ステンレス・アルミ材を地元商社から仕入れる",
        "differentiation": "端材を次の仕事に回す",
    },
    {
        "name": "NC加工",
        "activity": "マシニングセンタ5台で切削加工",
        "differentiation": "±0.005mm の精度、夜間の無人運転",
    },
    {"name": "検査", "activity": "三次元測定機で全数検査", "differentiation": "検査記録を顧客に提出"},
    {"name": "出荷・納品", "activity": "自社便で納品", "differentiation": "県内は翌日納品"},
]
MARUYAMA_PARTIES = [
    {"kind": "supplier", "name": "浜松鋼材株式会社", "reason": "少量でもすぐ届けてくれる"},
    {
        "kind": "subcontractor",
        "name": "表面処理の協力工場（2社）",
        "reason": "メッキ・アルマイトを任せている",
    },
    {
        "kind": "customer",
        "name": "自動車部品メーカーA社（売上の45%）",
        "reason": "試作品の短納期に応えてきた",
    },
    {"kind": "customer", "name": "医療機器メーカーB社", "reason": "精度と検査記録を評価されている"},
    {"kind": "end_user", "name": "完成車メーカー・病院", "reason": ""},
]


def _answers(pairs: dict[str, tuple[str, str]]) -> dict:
    return {key: {"text": text, "source": source} for key, (text, source) in pairs.items()}


MARUYAMA_2025 = _answers(
    {
        "vision": (
            "「確かな精度で、地域のものづくりを支える」。父の代からの言葉をそのまま使っている。",
            "2025/5/12 社長面談",
        ),
        "motivation": ("売上は戻したいが、人を増やすのは不安。現状維持に近い。", "2025/5/12 社長面談"),
        "succession": ("長男（32歳）が製造現場にいる。承継時期は決めていない。", "2025/5/12 社長面談"),
        "strengths": ("難しい形状の試作を短納期で仕上げる技術。見積の速さ。", "2025/5/12 社長面談"),
        "weaknesses": ("A社への依存（売上の約半分）。段取りが社長の頭の中にある。", "2025/6/3 工場見学"),
        "current_state": ("受注の波に振り回されている。忙しいが利益が残らない。", "2025/6/3 工場見学"),
        "future_goal": ("医療分野を第二の柱にしたい。", "2025/6/3 工場見学"),
        "issues": ("A社依存からの脱却。", "2025/6/3 工場見学"),
        "measures": ("医療機器メーカーへの営業を始める。", "2025/6/3 工場見学"),
    }
)
MARUYAMA_2026 = _answers(
    {
        "vision": (
            "「確かな精度で、地域のものづくりを支える」。社員にも説明するようになった。",
            "2026/4/10 社長面談",
        ),
        "philosophy": ("品質で約束を守る。無理な値下げはしない。", "2026/4/10 社長面談"),
        "motivation": ("医療分野が伸びたので、設備を1台増やしたい（成長志向に変化）。", "2026/4/10 社長面談"),
        "succession": (
            "長男を製造課長に。5年後の承継を目標に、数字の見方を一緒に学んでいる。",
            "2026/4/10 社長面談",
        ),
        "history": ("1978年創業。2008年の受注減で医療向け試作を始めたのが転機。", "2026/4/10 社長面談"),
        "strengths": ("難形状の試作を短納期で。検査記録まで付けて納める品質保証。", "2026/4/10 社長面談"),
        "weaknesses": ("段取りのノウハウが社長と長男に偏っている。", "2026/4/24 工場見学・社員面談"),
        "it_use": ("生産管理を表計算から専用ソフトに移行中。", "2026/4/24 工場見学・社員面談"),
        "productivity": ("夜間の無人運転を週3日から5日に。", "2026/4/24 工場見学・社員面談"),
        "market": ("医療機器部品は伸びている。県内で同等の精度を出せるのは2〜3社。", "2026/4/10 社長面談"),
        "customers": ("A社の比率は45%に下がった。B社は3年連続で増加。", "2026/4/10 社長面談"),
        "employees": ("平均勤続12年。若手2名が入社。", "2026/4/24 工場見学・社員面談"),
        "banks": ("取引は2行。メインバンクには月次で試算表を出している。", "2026/4/10 社長面談"),
        "organization": ("製造課と品質保証を分けた。", "2026/4/24 工場見学・社員面談"),
        "planning": ("今期から3か年計画を作り、朝礼で数字を共有。", "2026/4/24 工場見学・社員面談"),
        "rnd": ("チタン加工の試作を大学と進めている。", "2026/4/10 社長面談"),
        "hr_development": ("ベテランと若手のペアで段取りを教える。", "2026/4/24 工場見学・社員面談"),
        "current_state": ("利益が出るようになったが、人に頼る部分が大きい。", "2026/4/24 工場見学・社員面談"),
        "future_goal": ("5年後、医療向けを売上の4割に。長男への承継。", "2026/4/24 工場見学・社員面談"),
        "issues": ("段取りの標準化、設備投資の判断、承継の準備。", "2026/4/24 工場見学・社員面談"),
        "measures": (
            "段取り書を月2件ずつ作る。設備は資金繰り表で確かめてから決める。",
            "2026/4/24 工場見学・社員面談",
        ),
    }
)


def _maruyama_sheets(company, by) -> None:
    if company.non_financial_sheets.exists() or company.design_sheets.exists():
        return
    create_non_financial_sheet(
        company,
        by=by,
        as_of=dt.date(2025, 6, 3),
        answers=MARUYAMA_2025,
        steps=MARUYAMA_STEPS[:3] + MARUYAMA_STEPS[4:],
        counterparties=[p for p in MARUYAMA_PARTIES if p["kind"] != "customer" or "A社" in p["name"]],
    )
    create_non_financial_sheet(
        company,
        by=by,
        as_of=dt.date(2026, 4, 24),
        answers=MARUYAMA_2026,
        steps=MARUYAMA_STEPS,
        counterparties=MARUYAMA_PARTIES,
    )
    first = create_design_sheet(
        company,
        by=by,
        as_of=dt.date(2025, 7, 1),
        title="A社依存からの脱却",
        a_purpose="確かな精度で、地域のものづくりを支える。",
        a_concept="難しい部品を、早く、確実に。",
        b_value="自動車部品メーカーに、試作品を短納期で。",
        b_business_model="図面をもらい、見積・加工・検査まで一貫して請け負う。",
        b_resources="社長の段取りの勘、NC機5台、地元商社との関係。",
        c_environment="EV化で自動車向け試作が減る。医療機器の国内生産が増える。",
        c_value="医療機器メーカーに、検査記録付きの高精度部品を。",
        c_business_model="試作から量産の一部まで受け、品質保証で選ばれる。",
        c_resources="品質保証の仕組み、医療分野の営業、段取りを担う人。",
        d_actions="医療機器メーカーへの営業。検査記録の標準化。",
        d_resources_to_acquire="三次元測定機、品質保証の担当者。",
        d_timeline="1年目: 営業開始、2年目: 測定機導入、3年目: 医療向け2割。",
    )
    create_design_sheet(
        company,
        by=by,
        as_of=dt.date(2026, 5, 15),
        copy_from=first,
        title="医療分野を第二の柱に・承継の準備",
        c_resources="品質保証の仕組み、段取りを標準化した手順書、次の経営者（長男）。",
        d_actions="段取り書を月2件。設備投資は資金繰り表で判断。長男と月次の数字を読む。",
        d_timeline="2026年度: 段取り書30件、2027年度: 5軸加工機の導入判断、2030年: 承継。",
    )


def build(context: dict) -> None:
    """Idempotent: a company that already has sheets is left alone."""
    users = context["users"]
    for company in context["companies"]:
        if company.name == "有限会社丸山精工":
            _maruyama_sheets(company, users["advisor"])
