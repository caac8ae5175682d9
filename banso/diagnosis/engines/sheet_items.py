"""What the non-financial sheets ask (docs/domain.md §3.4 and §4). Plain data, no Django: the models,
forms, pages, API, PDF and Excel exports all read these lists, so an item is named once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Item:
    key: str
    label: str
    prompt: str = ""  # what to ask or write, shown under the field


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    label: str
    items: tuple[Item, ...]


# 4つの視点 (ローカルベンチマーク 非財務ヒアリングシート). Each item is answered in free text together
# with the dialogue it came from; the sheet ends in 現状認識 / 将来目標 and 課題 / 対応策.
VIEWPOINT_SECTIONS: tuple[Section, ...] = (
    Section(
        "owner",
        "① 経営者",
        (
            Item(
                "vision", "経営理念・ビジョン", "何のために事業をしているか。経営者の言葉のまま記録します。"
            ),
            Item("philosophy", "経営哲学・考え方", "大切にしている価値観、判断の拠り所。"),
            Item("motivation", "経営意欲", "成長志向か現状維持か。その理由。"),
            Item(
                "succession", "後継者の有無・育成・承継の時期", "後継者候補、育成の状況、承継の時期の見通し。"
            ),
        ),
    ),
    Section(
        "business",
        "② 事業",
        (
            Item("history", "企業及び事業沿革", "創業からの歩みと、転機になった出来事。"),
            Item("strengths", "強み（技術力・販売力等）", "顧客に選ばれている理由。"),
            Item("weaknesses", "弱み", "課題と感じていること、競合に劣る点。"),
            Item("it_use", "IT に関する投資・活用の状況", "使っている仕組み、投資の予定。"),
            Item("productivity", "1時間当たり付加価値（生産性）向上に向けた取組", "省力化・改善の取組。"),
        ),
    ),
    Section(
        "environment",
        "③ 企業を取り巻く環境・関係者",
        (
            Item(
                "market",
                "市場動向・規模・シェアの把握、競合他社との比較",
                "市場の伸び、主な競合と比べた位置。",
            ),
            Item(
                "customers",
                "顧客リピート率・新規開拓率、主な取引先の推移、顧客からのフィードバック",
                "顧客の声、取引先の増減。",
            ),
            Item("employees", "従業員定着率（勤続年数・平均給与）", "定着の状況、採用の難しさ。"),
            Item(
                "banks",
                "取引金融機関数とその推移、メインバンクとの関係",
                "借入の状況、相談相手としての関係。",
            ),
        ),
    ),
    Section(
        "management",
        "④ 内部管理体制",
        (
            Item(
                "organization", "組織体制（品質管理・情報管理体制）", "誰が何を決めているか、管理の仕組み。"
            ),
            Item(
                "planning",
                "事業計画・経営計画の有無、従業員との共有状況、社内会議の実施状況",
                "計画の有無と、社内でどう共有しているか。",
            ),
            Item(
                "rnd",
                "研究開発・商品開発の体制、知的財産権の保有・活用状況",
                "開発の担い手、特許・ノウハウ。",
            ),
            Item("hr_development", "人材育成の取組状況・仕組み", "教育の場、任せ方。"),
        ),
    ),
)

# How the sheet ends: the owner's picture of now and of the future, and the issues and responses.
SUMMARY_SECTION = Section(
    "summary",
    "まとめ",
    (
        Item("current_state", "現状認識", "経営者が今の自社をどう見ているか。"),
        Item("future_goal", "将来目標", "目指す姿。"),
        Item("issues", "課題", "現状と目標の差を埋めるための課題（表課題）。"),
        Item("measures", "対応策", "課題に対する取組。"),
    ),
)

ALL_SECTIONS: tuple[Section, ...] = (*VIEWPOINT_SECTIONS, SUMMARY_SECTION)
VIEWPOINT_ITEMS: tuple[Item, ...] = tuple(item for s in ALL_SECTIONS for item in s.items)
VIEWPOINT_KEYS: tuple[str, ...] = tuple(item.key for item in VIEWPOINT_ITEMS)
ANSWER_MAX_LENGTH = 4000
SOURCE_MAX_LENGTH = 200


# 商流 counterparties, in the order they are drawn (left to right around the company).
SUPPLIER, PARTNER, SUBCONTRACTOR, CUSTOMER, END_USER = (
    "supplier",
    "partner",
    "subcontractor",
    "customer",
    "end_user",
)
COUNTERPARTY_KINDS: dict[str, str] = {
    SUPPLIER: "仕入先",
    PARTNER: "協力先",
    SUBCONTRACTOR: "外注先",
    CUSTOMER: "得意先",
    END_USER: "エンドユーザー",
}
UPSTREAM_KINDS = (SUPPLIER, PARTNER, SUBCONTRACTOR)
DOWNSTREAM_KINDS = (CUSTOMER, END_USER)


# 経営デザインシート boxes (docs/domain.md §4).
@dataclass(frozen=True, slots=True)
class Box:
    key: str  # "A" … "D"
    label: str
    fields: tuple[Item, ...]


DESIGN_BOXES: tuple[Box, ...] = (
    Box(
        "A",
        "A 企業理念・存在意義",
        (
            Item("a_purpose", "企業理念・存在意義", "自社は何のために存在するのか。"),
            Item("a_concept", "事業コンセプト", "誰に、どんな価値を、どう届ける事業か。"),
        ),
    ),
    Box(
        "B",
        "B これまで",
        (
            Item("b_value", "提供してきた価値（誰に・何を）", "これまでの顧客と、選ばれてきた理由。"),
            Item("b_business_model", "ビジネスモデル", "価値を生み、届け、収益にしてきた仕組み。"),
            Item(
                "b_resources", "経営資源（強み・知的資産）", "人材、技術、ノウハウ、ブランド、取引関係など。"
            ),
        ),
    ),
    Box(
        "C",
        "C これから",
        (
            Item("c_environment", "予想される環境変化", "市場・顧客・技術・規制などの変化。"),
            Item("c_value", "提供する価値（誰に・何を）", "これから選ばれるための価値。"),
            Item("c_business_model", "ビジネスモデル", "これからの価値の生み方・届け方。"),
            Item("c_resources", "必要な経営資源", "これからの価値に必要な資源。"),
        ),
    ),
    Box(
        "D",
        "D 移行戦略",
        (
            Item("d_actions", "今から取り組むこと", "これまで（B）からこれから（C）へ移るために何をするか。"),
            Item("d_resources_to_acquire", "獲得・強化すべき資源", "足りない資源をどう手に入れるか。"),
            Item("d_timeline", "時間軸（いつまでに）", "いつ、どこまで進めるか。"),
        ),
    ),
)
DESIGN_FIELDS: tuple[Item, ...] = tuple(item for box in DESIGN_BOXES for item in box.fields)
DESIGN_KEYS: tuple[str, ...] = tuple(item.key for item in DESIGN_FIELDS)
