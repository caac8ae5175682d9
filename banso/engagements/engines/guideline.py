"""The 経営力再構築伴走支援ガイドライン as data: steps, walls, elements, points and the choice lists.

Plain Python, no Django import: models take their `choices` from here, templates and reports take
their labels from here, so one concept has one name (docs/domain.md §1). Sources: docs/domain.md §2 and the
guideline text in /work/shared/seeds (第4章「伴走支援の進め方」). Rules marked *(Banso rule)* in
docs/domain.md are data here, not constants buried in code.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- Engagement ------------------------------------------------------------------------------------

ENGAGEMENT_KIND_CHOICES = [
    ("process", "経営力再構築伴走支援"),
    ("early_plan", "早期経営改善計画"),
    ("plan_405", "経営改善計画（405事業）"),
    ("other", "その他"),
]

ENGAGEMENT_STATUS_CHOICES = [
    ("candidate", "候補"),
    ("active", "進行中"),
    ("follow_up", "フォローアップ"),
    ("closed", "終了"),
    ("cancelled", "中止"),
]
OPEN_STATUSES = frozenset({"candidate", "active", "follow_up"})
# Status changes a user may make (from → allowed targets). *(Banso rule)*
STATUS_CHANGES = {
    "candidate": frozenset({"active", "cancelled"}),
    "active": frozenset({"follow_up", "closed", "cancelled"}),
    "follow_up": frozenset({"active", "closed", "cancelled"}),
    "closed": frozenset({"active", "follow_up"}),
    "cancelled": frozenset({"candidate", "active"}),
}
# Statuses that mean the support has been accepted, so they need a recorded 'go' decision.
STATUSES_NEEDING_GO = frozenset({"active", "follow_up", "closed"})

# Typical period: issue-setting, then 6–12 months of support, then follow-up (docs/domain.md §2.4).
DEFAULT_PLANNED_MONTHS = 12
MIN_PLANNED_MONTHS = 1
MAX_PLANNED_MONTHS = 60
TYPICAL_PLANNED_MONTHS = (6, 12)
# Follow-ups proposed after the support period, in months after it ends. *(Banso rule)*
FOLLOW_UP_OFFSETS_MONTHS = (3, 6, 12)


# --- The seven steps (guideline 第4章) -------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    key: str
    text: str


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    subtitle: str
    purpose: str
    checkpoints: tuple[Checkpoint, ...]

    @property
    def label(self) -> str:
        return f"{STEP_MARKS[self.number]} {self.title}"


STEP_MARKS = {1: "①", 2: "②", 3: "③", 4: "④", 5: "⑤", 6: "⑥", 7: "⑦"}
FIRST_STEP, LAST_STEP = 1, 7
# The suitability assessment (steps ① and ②) ends in a go / no-go decision; leaving step
# GO_DECISION_STEP forward needs a recorded 'go'.
GO_DECISION_STEP = 2
FOLLOW_UP_STEP = 7

STEPS: tuple[Step, ...] = (
    Step(
        1,
        "支援対象の見極め",
        "事業者と接する前～支援対象について～",
        "経営力再構築伴走支援（課題設定型の支援）の対象としてふさわしいかを見極めます。",
        (
            Checkpoint("s1_background", "事業の概要・財務状況・これまでの支援経緯を事前に把握した"),
            Checkpoint("s1_request", "相談のきっかけと、経営者が求めていること（表課題）を確かめた"),
            Checkpoint(
                "s1_process_fit",
                "即答型の支援（情報提供・診断と処方）ではなく、対話を重ねる課題設定型の支援が合うかを考えた",
            ),
            Checkpoint(
                "s1_financial_urgency",
                "資金繰りの切迫度を確かめ、必要ならモニタリング・405事業など別の支援を検討した",
            ),
        ),
    ),
    Step(
        2,
        "事業者・支援者双方の理解",
        "伴走支援に入る前に",
        "事業者を知り、伴走支援を採用できるかの見極めと、取組意欲・受入姿勢の確認を行います。",
        (
            Checkpoint("s2_know_company", "事業内容・沿革・経営者の考え方を、経営者との対話で理解した"),
            Checkpoint("s2_willingness", "経営者が自ら課題に取り組む意欲（取組意欲）を確かめた"),
            Checkpoint("s2_openness", "外部の支援者を受け入れ、率直に話せる姿勢（受入姿勢）を確かめた"),
            Checkpoint("s2_explain", "伴走支援の考え方（答えを渡すのではなく共に考えること）を説明した"),
            Checkpoint("s2_agree_method", "支援の進め方（期間・頻度・参加者・役割）を事業者と合意した"),
        ),
    ),
    Step(
        3,
        "伴走支援の開始",
        "信頼関係の構築",
        "過大な期待・不安・不信感などの認識の相違に配慮し、敬意をもって話を聴き、信頼関係を築きます。",
        (
            Checkpoint(
                "s3_expectations", "支援への過大な期待・不安・不信感など、認識の相違を確かめてすり合わせた"
            ),
            Checkpoint("s3_respectful_listening", "相手に敬意を持ち、共感しながらじっくり話を聴いた（敬聴）"),
            Checkpoint("s3_adapt_approach", "事業者の状況に合わせて支援の進め方を工夫した"),
            Checkpoint("s3_trust", "経営者が率直に悩みや弱みを話してくれるようになった"),
        ),
    ),
    Step(
        4,
        "気づき・腹落ちの促進",
        "本質的な課題へのアプローチ",
        "対話を重ね、表課題の原因に「なぜ」を繰り返して、経営者が本質的な課題（裏課題）に気づき腹落ちするよう促します。",
        (
            Checkpoint(
                "s4_multiple_viewpoints", "多角的な視点を示し、経営者が自社を別の角度から見られるようにした"
            ),
            Checkpoint("s4_verbalize", "経営者が自分の言葉で課題や思いを語れるよう促した（言語化）"),
            Checkpoint("s4_future_picture", "前向きな未来像を経営者と一緒に組み立てた"),
            Checkpoint("s4_why", "表課題の原因を洗い出し、それぞれに「なぜ」を繰り返して真因を探った"),
            Checkpoint(
                "s4_tools",
                "ローカルベンチマーク・経営デザインシート・資金繰り表などで事業の全体像を見える化した",
            ),
            Checkpoint("s4_buy_in", "本質的な課題（裏課題）に経営者が気づき、腹落ちした"),
        ),
    ),
    Step(
        5,
        "内発的動機づけ",
        "オーナーシップの発揮",
        "課題の克服に向けた取組を促し、現状維持や否定的な立場の人とも対話を重ねて、組織構造上の課題を確かめます。",
        (
            Checkpoint(
                "s5_map_people", "変革に関わる人と、それぞれの立場（推進・中立・慎重・抵抗）を把握した"
            ),
            Checkpoint("s5_dialogue_each", "否定的な反応を示す人とも、その立場に立って対話を重ねた"),
            Checkpoint("s5_structural_cause", "立場の違いから生じている組織構造上の課題を確かめた"),
            Checkpoint("s5_ownership", "経営者と社員が、自ら取り組むという意思（オーナーシップ）を示した"),
        ),
    ),
    Step(
        6,
        "課題解決",
        "行動変容・成功体験の蓄積",
        "社内体制をつくり、誰がいつまでに何をどの程度どのように行うかを決めて、小さな一歩からPDCAを回します。",
        (
            Checkpoint(
                "s6_internal_team", "経営者と現場リーダーによる社内の推進体制（タスクチーム）をつくった"
            ),
            Checkpoint(
                "s6_pdca_plan",
                "誰がいつまでに何をどの程度どのように行い、どれくらいの効果を見込むかを決めた",
            ),
            Checkpoint("s6_small_steps", "すぐに実行できる小さな取組（スモールステップ）から着手した"),
            Checkpoint("s6_review", "定期的に振り返り、施策が十分か確かめながらPDCAを回した"),
            Checkpoint("s6_small_success", "小さな成功体験を事業者と一緒に確かめた"),
            Checkpoint("s6_referral", "専門的な課題は、よろず支援拠点などの支援機関・専門家へ橋渡しした"),
        ),
    ),
    Step(
        7,
        "フォローアップ",
        "自走化・自己変革の実現",
        "支援の成果が組織に根付いているかを、定性・定量の両面で確かめ、成果を見える化します。",
        (
            Checkpoint("s7_rooted", "支援終了後も、支援の成果が組織に根付いているか確かめた"),
            Checkpoint("s7_learning", "得られた学びを事業の成長にどう活かしているか確かめた"),
            Checkpoint("s7_quantitative", "売上・利益・新規事業・賃上げなどの定量的な成果を確かめた"),
            Checkpoint("s7_staff", "従業員の意欲を引き出す処遇・給与水準の見直しや賃上げを話し合った"),
            Checkpoint(
                "s7_visualize", "成果を見える化し、事業者が自ら変革を成し遂げた達成感を得られるようにした"
            ),
        ),
    ),
)
STEP_BY_NUMBER = {step.number: step for step in STEPS}
STEP_CHOICES = [(step.number, step.label) for step in STEPS]
CHECKPOINT_STEP = {cp.key: step.number for step in STEPS for cp in step.checkpoints}
CHECKPOINT_CHOICES = [(cp.key, cp.text) for step in STEPS for cp in step.checkpoints]


def step_label(number: int) -> str:
    step = STEP_BY_NUMBER.get(number)
    return step.label if step else str(number)


# --- Suitability (steps ① and ②, docs/domain.md §2.6; rated 1–4 with evidence — Banso rule) -------------


@dataclass(frozen=True)
class SuitabilityPoint:
    key: str
    label: str
    question: str
    step: int


# Every point is phrased so that 4 is the favourable answer for process support.
SUITABILITY_POINTS: tuple[SuitabilityPoint, ...] = (
    SuitabilityPoint(
        "process_fit",
        "支援方法の適合",
        "即答（情報提供・診断と処方）で足りる相談ではなく、対話を重ねる課題設定型の支援が適しているか",
        1,
    ),
    SuitabilityPoint(
        "financial_room",
        "資金繰りの余裕",
        "資金繰りが切迫しておらず、対話を重ねる時間的余裕があるか（切迫していればモニタリング・405事業を検討）",
        1,
    ),
    SuitabilityPoint("will_to_change", "変革への意思", "経営者が自社を変えたいという意思を持っているか", 2),
    SuitabilityPoint("willingness", "取組意欲", "経営者が自ら課題に取り組む意欲があるか", 2),
    SuitabilityPoint("openness", "受入姿勢", "外部の支援者を受け入れ、率直に話せる姿勢があるか", 2),
    SuitabilityPoint("owner_time", "経営者の時間", "経営者が対話のために継続して時間を割けるか", 2),
    SuitabilityPoint(
        "involvement",
        "関係者の巻き込み",
        "後継者・幹部・金融機関など、関わってもらう必要のある人を巻き込めるか",
        2,
    ),
)
SUITABILITY_POINT_CHOICES = [(p.key, p.label) for p in SUITABILITY_POINTS]
SUITABILITY_RATING_CHOICES = [(1, "懸念が大きい"), (2, "やや懸念がある"), (3, "おおむね良い"), (4, "良い")]
SUITABILITY_MIN, SUITABILITY_MAX = 1, 4

DECISION_CHOICES = [("go", "伴走支援を行う（Go）"), ("no_go", "見送る（No-Go）")]


# --- The five walls (自己変革を妨げる5つの壁, docs/domain.md §2.3) --------------------------------------


@dataclass(frozen=True)
class Wall:
    key: str
    label: str
    short_label: str
    meaning: str
    overcome_when: str
    # Process support focuses on walls 2–4; walls 1 and 5 are where tools and referrals help.
    process_focus: bool


WALLS: tuple[Wall, ...] = (
    Wall(
        "unseen",
        "見えない壁（課題が見えない）",
        "見えない",
        "自社の状況や課題が見えていない",
        "事業や経営の状態が見える化されている",
        False,
    ),
    Wall(
        "unfaced",
        "向き合えない壁",
        "向き合えない",
        "経営者が課題と向き合えていない",
        "経営者が課題を正面から見つめている",
        True,
    ),
    Wall(
        "unexecuted",
        "実行できない壁",
        "実行できない",
        "しがらみ・慣習・過去の失敗が行動を妨げている",
        "それらがあっても行動が始まっている",
        True,
    ),
    Wall(
        "unfollowed",
        "ついてこない壁",
        "ついてこない",
        "現場が当事者意識を持たず、人がついてこない",
        "現場が巻き込まれ、自ら動いている",
        True,
    ),
    Wall(
        "under_resourced",
        "リソース・知見不足の壁",
        "リソース・知見不足",
        "人・資金・知見が足りない",
        "外部の資源や知見を取り入れている",
        False,
    ),
)
WALL_KEYS = tuple(wall.key for wall in WALLS)
WALL_BY_KEY = {wall.key: wall for wall in WALLS}
WALL_LEVEL_CHOICES = [(0, "乗り越えた"), (1, "弱い壁"), (2, "壁がある"), (3, "強い壁")]
WALL_MIN, WALL_MAX = 0, 3


# --- Three elements (三要素, docs/domain.md §2.2) — the advisor's reflection --------------------------


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    short_label: str
    question: str


ELEMENTS: tuple[Element, ...] = (
    Element(
        "dialogue_listening",
        "対話と傾聴による信頼関係の構築",
        "対話と傾聴",
        "敬意をもって話を聴き、経営者が率直に話せる関係を築けたか",
    ),
    Element(
        "issue_setting",
        "気づきを促す課題設定型コンサルティング",
        "課題設定型",
        "答えを渡さず、問いかけで経営者自身の気づきを促せたか",
    ),
    Element(
        "intrinsic_motivation",
        "自走化のための内発的動機づけと潜在力の引き出し",
        "内発的動機づけと潜在力",
        "経営者や社員が自ら動こうとする意欲と力を引き出せたか",
    ),
)
ELEMENT_KEYS = tuple(element.key for element in ELEMENTS)
REFLECTION_RATING_CHOICES = [
    (1, "できなかった"),
    (2, "あまりできなかった"),
    (3, "おおむねできた"),
    (4, "よくできた"),
]
REFLECTION_MIN, REFLECTION_MAX = 1, 4


# --- Dialogues ----------------------------------------------------------------------------------------

DIALOGUE_FORM_CHOICES = [
    ("meeting", "面談"),
    ("site_visit", "訪問・現場調査"),
    ("online", "オンライン"),
    ("task_team", "社内タスクチーム"),
    ("phone", "電話"),
]
MAX_DIALOGUE_MINUTES = 24 * 60


# --- Issue tree -------------------------------------------------------------------------------------

ISSUE_KIND_CHOICES = [("surface", "表課題"), ("why", "なぜ（原因）"), ("root", "裏課題（本質的課題）")]


# --- Stakeholders (step ⑤) -------------------------------------------------------------------------

STAKEHOLDER_ROLE_CHOICES = [
    ("owner", "経営者"),
    ("successor", "後継者"),
    ("executive", "幹部"),
    ("field_leader", "現場リーダー"),
    ("employee", "従業員"),
    ("family", "家族"),
    ("business_partner", "取引先"),
    ("lender", "金融機関"),
]
# People inside the company, who may own actions (the company owns its action plan).
INTERNAL_STAKEHOLDER_ROLES = frozenset(
    {"owner", "successor", "executive", "field_leader", "employee", "family"}
)
STANCE_CHOICES = [("promoting", "推進"), ("neutral", "中立"), ("cautious", "慎重"), ("resisting", "抵抗")]
INFLUENCE_CHOICES = [(1, "小"), (2, "中"), (3, "大")]
INFLUENCE_MIN, INFLUENCE_MAX = 1, 3


# --- Action plan (step ⑥) --------------------------------------------------------------------------

ACTION_STATUS_CHOICES = [
    ("not_started", "未着手"),
    ("in_progress", "実行中"),
    ("done", "完了"),
    ("revising", "見直し"),
    ("cancelled", "中止"),
]
# Statuses in which an action is still expected to happen (so it can be overdue).
ACTION_OPEN_STATUSES = frozenset({"not_started", "in_progress", "revising"})


# --- Referrals (橋渡し, docs/domain.md §6) ---------------------------------------------------------------

SUPPORT_BODY_TYPE_CHOICES = [
    ("yorozu", "よろず支援拠点"),
    ("smrj", "中小企業基盤整備機構"),
    ("chamber", "商工会・商工会議所"),
    ("revitalization_council", "中小企業活性化協議会"),
    ("succession_center", "事業承継・引継ぎ支援センター"),
    ("prefectural_center", "都道府県等中小企業支援センター"),
    ("financial_institution", "金融機関"),
    ("professional", "士業"),
    ("expert_dispatch", "専門家派遣"),
    ("other", "その他"),
]
PROFESSION_CHOICES = [
    ("tax_accountant", "税理士"),
    ("sme_consultant", "中小企業診断士"),
    ("labor_consultant", "社会保険労務士"),
    ("lawyer", "弁護士"),
    ("patent_attorney", "弁理士"),
]
REFERRAL_STATUS_CHOICES = [
    ("planned", "検討中"),
    ("requested", "依頼済み"),
    ("in_progress", "支援中"),
    ("completed", "完了"),
    ("not_used", "見送り"),
]
REFERRAL_CLOSED_STATUSES = frozenset({"completed", "not_used"})


# --- Follow-up (step ⑦ 自走化) ---------------------------------------------------------------------


@dataclass(frozen=True)
class SelfPropulsionPoint:
    key: str
    label: str
    question: str


SELF_PROPULSION_POINTS: tuple[SelfPropulsionPoint, ...] = (
    SelfPropulsionPoint(
        "sets_own_issues", "自ら課題を設定している", "事業者が自分たちで次の課題を見つけ、設定しているか"
    ),
    SelfPropulsionPoint(
        "runs_own_pdca", "自らPDCAを回している", "支援者がいなくても、計画・実行・振り返りを続けているか"
    ),
    SelfPropulsionPoint(
        "staff_ownership", "社員が当事者意識を持っている", "社員が自分ごととして取組を担っているか"
    ),
)
SELF_PROPULSION_KEYS = tuple(point.key for point in SELF_PROPULSION_POINTS)
SELF_PROPULSION_RATING_CHOICES = [
    (1, "見られない"),
    (2, "兆しがある"),
    (3, "おおむね定着"),
    (4, "定着している"),
]
SELF_PROPULSION_MIN, SELF_PROPULSION_MAX = 1, 4


def label_of(choices, value) -> str:
    """Japanese label of a choice value (the value itself when unknown)."""
    return dict(choices).get(value, str(value))
