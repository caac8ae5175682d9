"""What follows the dialogues in the demo engagements (made by records.py): a
directory of support bodies per organization, the owner's action plan with months of PDCA reviews
(some done with small successes, some overdue), referrals with outcomes, the figures at the start,
and follow-ups with figures for engagements at step ⑦ — all through the domain functions.

Idempotent: each part is added only where it is missing. Dates are spread over the engagement's real
past (never in the future), so lists, the timeline and the report read like a living engagement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from banso.core.fiscal import last_closed_fiscal_year
from banso.core.records import save_audited
from banso.engagements.domain import actions as action_domain
from banso.engagements.domain import followups as follow_up_domain
from banso.engagements.domain import referrals as referral_domain
from banso.engagements.engines import guideline as g
from banso.engagements.models import Action, Engagement, OutcomeBaseline, Referral, Stakeholder, SupportBody
from banso.engagements.models.base import add_months

PREFECTURE = "静岡県"
# Bodies with local names, added by hand in a real directory (name, type, profession, region, specialties).
LOCAL_BODIES = {
    "bank": [
        ("浜松商工会議所", "chamber", "", "浜松市", "経営相談・小規模事業者持続化補助金の申請支援・セミナー"),
        (
            "税理士法人みなと会計",
            "professional",
            "tax_accountant",
            "浜松市",
            "原価計算・月次決算の早期化・事業承継税制",
        ),
        (
            "遠州労務パートナーズ（社会保険労務士）",
            "professional",
            "labor_consultant",
            "磐田市",
            "賃金制度・評価制度の設計、助成金",
        ),
        (
            "しずおか中小企業支援センター",
            "prefectural_center",
            "",
            "静岡県",
            "専門家派遣・設備投資の相談・取引あっせん",
        ),
    ],
    "office": [
        ("焼津商工会議所", "chamber", "", "焼津市", "経営相談・販路開拓の展示会情報"),
        ("山田法律事務所", "professional", "lawyer", "静岡市", "事業承継に伴う株式・契約の整理"),
    ],
}


@dataclass(frozen=True)
class Review:
    month: int  # months after the action phase began
    status: str
    result: str = ""
    learning: str = ""
    next_step: str = ""
    small_success: bool = False


@dataclass(frozen=True)
class PlannedAction:
    what: str
    owner_role: str
    due_month: int
    how_much: str
    how: str
    effect: str
    value: Decimal | None
    unit: str
    reviews: tuple[Review, ...] = ()


MAKER_ACTIONS = (
    PlannedAction(
        "朝礼で前日の不良件数と原因を共有する",
        "field_leader",
        1,
        "毎朝5分、製造部の全員で",
        "ホワイトボードに工程別の件数を手書きし、班長が読み上げる",
        "不良率を3.0%から2.0%へ下げる",
        Decimal("2.0"),
        "%",
        (
            Review(
                1,
                "in_progress",
                "20営業日のうち18日実施できた。原因の書き方が人によってばらばら。",
                "班長が自分から数字を読み上げるようになった。",
                "原因を「材料・段取り・加工・検査」の4区分で書く。",
                True,
            ),
            Review(
                2,
                "done",
                "不良率は2.4%（前月3.1%）。朝礼の共有が習慣になった。",
                "区分をそろえたら、段取り替えでの不良が半分を占めると分かった。",
                "段取り替えの手順書づくりを次のアクションにする。",
                True,
            ),
        ),
    ),
    PlannedAction(
        "主要10品目の原価を計算し、見積の根拠をつくる",
        "owner",
        2,
        "売上上位10品目",
        "作業日報から工数を拾い、税理士と配賦の考え方を決める",
        "赤字受注をなくし、値決めの根拠を持つ",
        Decimal("10"),
        "品目",
        (
            Review(
                1,
                "in_progress",
                "5品目まで計算した。うち2品目が赤字と分かった。",
                "社長「薄々感じていたが、数字で見ると腹が決まる」",
                "赤字2品目の取引先と価格の相談をする準備をする。",
                True,
            ),
            Review(
                3,
                "revising",
                "残り5品目は工数のデータが足りず止まっている。",
                "日報の書き方から見直さないと原価は出ない。",
                "日報に品番と作業時間を書く欄を加える。",
            ),
        ),
    ),
    PlannedAction(
        "月1回、社長と幹部で試算表を読む会議を開く",
        "owner",
        1,
        "毎月第2火曜・1時間",
        "月次試算表と受注予定表を並べて、先月の振り返りと来月の重点を決める",
        "数字で経営の状態をつかみ、次月の重点アクションを自分たちで決める",
        None,
        "",
        (
            Review(
                1,
                "done",
                "第1回を開催。試算表を幹部と一緒に読んだ。",
                "幹部から「受注の波が読める表が欲しい」という声が出た。",
                "受注予定表を会議資料に加える。",
                True,
            ),
            Review(
                3,
                "done",
                "3回続けて開催できた。次月の重点を幹部が自分で提案した。",
                "社長が話す時間より、幹部が話す時間の方が長くなった。",
                "会議の進行を専務に任せる。",
                True,
            ),
        ),
    ),
    PlannedAction(
        "旋盤の段取り替え手順書を作る",
        "field_leader",
        3,
        "旋盤2台分から",
        "ベテランの作業を若手が動画で撮り、手順を書き起こす",
        "段取り替えの時間を30分から20分へ",
        Decimal("20"),
        "分",
        (
            Review(
                3,
                "in_progress",
                "1台分の手順書ができた。2台目は繁忙で止まっている。",
                "ベテランのこつを若手が書き起こすことで、二人の会話が増えた。",
                "2台目は閑散期の来月第1週に撮影する。",
                True,
            ),
        ),
    ),
    PlannedAction(
        "若手2名の多能工化の計画を立てる",
        "executive",
        4,
        "若手2名・3工程",
        "スキルマップを作り、半年で身につける工程を本人と決める",
        "特定の人に頼らず、繁忙期にも納期を守る",
        Decimal("2"),
        "名",
    ),
)

SHOP_ACTIONS = (
    PlannedAction(
        "売れ筋・死に筋を毎月確認する",
        "executive",
        1,
        "全商品、毎月10日までに",
        "レジのデータを表計算に落とし、上位20と下位20を店長会議で見る",
        "在庫の回転を良くし、売場を売れ筋に寄せる",
        Decimal("20"),
        "品目",
        (
            Review(
                1,
                "in_progress",
                "初回の集計ができた。下位20のうち8品目は半年売れていない。",
                "店長「棚を占めていたのは思い入れのある商品だった」",
                "8品目は値下げして売り切る。",
                True,
            ),
            Review(
                2,
                "done",
                "8品目のうち6品目を売り切った。空いた棚に売れ筋を広げた。",
                "数字で話すと、仕入の担当とも言い合いにならない。",
                "毎月の集計を副店長に引き継ぐ。",
                True,
            ),
        ),
    ),
    PlannedAction(
        "粗利の低い商品の値付けを見直す",
        "owner",
        2,
        "粗利率15%未満の商品",
        "仕入値と競合の売価を並べ、1品ずつ値上げできるかを決める",
        "粗利率を1ポイント上げる",
        Decimal("1"),
        "ポイント",
        (
            Review(
                2,
                "revising",
                "12品目のうち4品目を値上げ。残りは客離れが心配で止まっている。",
                "値上げした4品目は売上が落ちなかった。",
                "残りは常連客に聞いてから決める。",
                True,
            ),
        ),
    ),
    PlannedAction(
        "店長が週1回、スタッフと10分の改善ミーティングをする",
        "field_leader",
        1,
        "毎週月曜の開店前10分",
        "スタッフが気づいたことを付箋に書き、1つだけ次の週に試す",
        "スタッフから改善の提案が出る職場にする",
        Decimal("4"),
        "件/月",
        (
            Review(
                1,
                "in_progress",
                "4回中3回開催。提案は合計5件。",
                "パートの方からの提案が一番多かった。",
                "採用した提案を掲示して、提案した人の名前を書く。",
                True,
            ),
        ),
    ),
    PlannedAction(
        "お客様の声カードを集める",
        "employee",
        3,
        "月50枚",
        "会計時に一言カードを渡し、月末に店長会議で読む",
        "お客様の声を品揃えと接客に生かす",
        Decimal("50"),
        "枚/月",
    ),
)


def _today() -> dt.date:
    return timezone.localdate()


def _internal(engagement, lead) -> dict[str, Stakeholder]:
    """The engagement's internal stakeholders by role; a 経営者 and a 現場リーダー are added when the
    process side's demo has none, so every action has a company-side owner."""
    people = {}
    for s in engagement.stakeholders.filter(role__in=g.INTERNAL_STAKEHOLDER_ROLES).order_by("position", "id"):
        people.setdefault(s.role, s)
    if "owner" not in people:
        name = engagement.company.representative or "代表者"
        people["owner"] = Stakeholder.objects.filter(
            engagement=engagement, name=name
        ).first() or _stakeholder(
            engagement, lead, name=name, role="owner", title="代表取締役", stance="promoting", influence=3
        )
    if "field_leader" not in people:
        people["field_leader"] = Stakeholder.objects.filter(
            engagement=engagement, name="現場リーダー（班長）"
        ).first() or _stakeholder(
            engagement,
            lead,
            name="現場リーダー（班長）",
            role="field_leader",
            title="班長",
            stance="neutral",
            influence=2,
        )
    return people


def _stakeholder(engagement, lead, **fields) -> Stakeholder:
    stakeholder = Stakeholder(engagement=engagement, is_task_team_member=True, **fields)
    save_audited(stakeholder, by=lead)
    return stakeholder


def _action_start(engagement) -> dt.date:
    """When the action phase began: the move to step ⑥, else a third of the way to today."""
    move = engagement.step_transitions.filter(to_step=6).order_by("decided_on").first()
    if move:
        return move.decided_on
    span = (_today() - engagement.started_on).days
    return engagement.started_on + dt.timedelta(days=max(0, span // 3))


def _past(day: dt.date, engagement) -> dt.date | None:
    """`day` if it has already come (and is not before the start), else None."""
    return day if engagement.started_on <= day <= _today() else None


# At step ⑦ the support period is over: the plan's open actions were checked once more at its end.
CLOSING_REVIEW = Review(
    5,
    "done",
    "支援期間の終わりまでにやり遂げた。",
    "自分たちで決めたことは続けられる、という手応えが残った。",
    "次の課題は月次の会議で自分たちで決める。",
    True,
)


def _add_actions(engagement, lead) -> None:
    plan = MAKER_ACTIONS if engagement.company.industry_code[:2] in ("02", "03") else SHOP_ACTIONS
    people = _internal(engagement, lead)
    root = engagement.issue_nodes.filter(kind="root").order_by("position", "id").first()
    start = _action_start(engagement)
    for planned in plan:
        owner = people.get(planned.owner_role) or people["owner"]
        action = action_domain.create_action(
            engagement,
            by=lead,
            owner=owner,
            what=planned.what,
            due_on=add_months(start, planned.due_month),
            how_much=planned.how_much,
            how=planned.how,
            expected_effect=planned.effect,
            expected_value=planned.value,
            expected_unit=planned.unit,
            root_issue=root,
        )
        # The plan was written when the action phase began (demo data stands for the past).
        Action.objects.filter(pk=action.pk).update(created_at=_at(start))
        reviews = list(planned.reviews)
        closing = engagement.step == g.FOLLOW_UP_STEP and planned is not plan[-1]
        if closing and (not reviews or reviews[-1].status != "done"):
            reviews.append(CLOSING_REVIEW)
        for review in reviews:
            day = _past(add_months(start, review.month), engagement)
            if day is None:
                break
            action_domain.review_action(
                action,
                by=lead,
                reviewed_on=day,
                status=review.status,
                result=review.result,
                learning=review.learning,
                next_step=review.next_step,
                small_success=review.small_success,
            )


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _bodies(organization) -> dict[str, SupportBody]:
    return {
        b.body_type if b.body_type != "professional" else b.profession: b
        for b in SupportBody.objects.filter(organization=organization)
    }


def _add_referrals(engagement, lead) -> None:
    bodies = _bodies(engagement.company.organization)
    issue = engagement.issue_nodes.filter(kind="root").order_by("position", "id").first()
    start = _action_start(engagement)
    plans = [
        (
            "yorozu",
            "販路開拓コーディネーター",
            "新しい取引先の開拓（展示会への出展とウェブでの発信）に専門家の知見が必要なため。",
            1,
            [
                ("in_progress", 2, ""),
                ("completed", 4, "コーディネーターと3回面談し、展示会出展の計画と製品紹介ページができた。"),
            ],
        ),
        (
            "tax_accountant",
            "",
            "原価計算の配賦ルールづくりと、月次決算を早めるための記帳の見直しのため。",
            1,
            [("completed", 3, "配賦ルールを決め、月次試算表が翌月15日に出るようになった。")],
        ),
        (
            "succession_center",
            "",
            "後継者（専務）への承継の時期と株式の移し方を、早めに整理しておくため。",
            3,
            [("requested", 3, ""), ("in_progress", 4, "初回相談を終え、承継計画の骨子づくりに入った。")],
        ),
    ]
    for key, contact, reason, month, steps in plans:
        body = bodies.get(key)
        day = _past(add_months(start, month), engagement)
        if body is None or day is None:
            continue
        referral = referral_domain.refer(
            engagement,
            by=lead,
            support_body=body,
            reason=reason,
            referred_on=day,
            issue=issue,
            contact_name=contact,
        )
        for status, step_month, outcome in steps:
            when = _past(add_months(start, step_month), engagement)
            if when is None:
                break
            closed = when if status in g.REFERRAL_CLOSED_STATUSES else None
            referral_domain.update_referral(
                referral, by=lead, status=status, outcome=outcome or referral.outcome, closed_on=closed
            )
            referral.refresh_from_db()


def _baseline_figures(engagement, statement_figures: dict) -> dict:
    """The last closed fiscal year before support began: the company's 決算書 when the demo has it
    (context["statement_figures"], from the diagnosis builder), else plausible figures."""
    company = engagement.company
    fiscal_year = last_closed_fiscal_year(engagement.started_on, company.fiscal_year_end_month)
    employees = company.employees or 10
    per_head = 14_000_000 if company.industry_code[:2] in ("02", "03") else 11_000_000
    known = statement_figures.get((company.pk, fiscal_year), {})
    net_sales = known.get("net_sales") or employees * per_head
    return {
        "fiscal_year": fiscal_year,
        "net_sales": net_sales,
        "operating_income": known.get("operating_income", -net_sales // 150),
        "employees": known.get("employees") or employees,
        "average_salary": 3_900_000 + (company.pk % 5) * 100_000,
        "wage_increase_rate": Decimal("1.5"),
        "source": "直近の決算書（支援開始時）",
    }


EVIDENCE = (
    "月1回の数字を見る会議を、支援者なしで続けている。次月の重点を幹部が自分たちで決めている。",
    "会議の進行を専務が担い、現場からの改善提案が毎月出ている。新しい課題（受注の平準化）を自分たちで設定した。",
    "支援終了から1年。PDCAの会議は一度も途切れていない。賃上げを決め、社員に原資の考え方を説明した。",
)


def _add_follow_ups(engagement, lead, before: dict) -> None:
    dates = follow_up_domain.proposed_dates(engagement)
    if not any(_past(d, engagement) for d in dates):
        # The support period is not over yet: an early check two weeks ago stands in for the first one.
        dates = [_today() - dt.timedelta(days=14), *dates]
    follow_ups = follow_up_domain.schedule_follow_ups(engagement, by=lead, dates=dates)
    growth = [(Decimal("1.04"), 3, 3, 2), (Decimal("1.07"), 3, 4, 3), (Decimal("1.10"), 4, 4, 3)]
    for index, (follow_up, (rate, issues, pdca, staff)) in enumerate(zip(follow_ups, growth, strict=False)):
        day = _past(follow_up.scheduled_on, engagement)
        if day is None:
            break
        sales = int(Decimal(before["net_sales"]) * rate)
        follow_up_domain.update_follow_up(
            follow_up,
            by=lead,
            done_on=day,
            sets_own_issues=issues,
            runs_own_pdca=pdca,
            staff_ownership=staff,
            evidence=EVIDENCE[min(index, len(EVIDENCE) - 1)],
            fiscal_year=before["fiscal_year"] + 1,
            net_sales=sales,
            operating_income=sales // 60,
            employees=before["employees"] + 1,
            average_salary=int(before["average_salary"] * Decimal("1.03")),
            wage_increase_rate=Decimal("3.0"),
        )


def _engagements(context) -> list[Engagement]:
    engagements = context.get("engagements")
    if engagements is None:
        engagements = Engagement.objects.filter(company__in=context.get("companies", []))
    return [e for e in engagements if e.is_open]


def build(context: dict) -> None:
    """Add (once) the directory, and for each open demo engagement the parts its step calls for."""
    users = context.get("users", {})
    for key, admin_name in (("bank", "orgadmin"), ("office", "office-admin")):
        org, admin = context.get(key), users.get(admin_name)
        if org is None or admin is None:
            continue
        referral_domain.add_standard_support_bodies(org, by=admin, prefecture=PREFECTURE)
        existing = set(SupportBody.objects.filter(organization=org).values_list("name", flat=True))
        for name, body_type, profession, region, specialties in LOCAL_BODIES[key]:
            if name not in existing:
                referral_domain.create_support_body(
                    org,
                    by=admin,
                    name=name,
                    body_type=body_type,
                    profession=profession,
                    region=region,
                    specialties=specialties,
                )
    for engagement in _engagements(context):
        engagement = Engagement.objects.select_related("company__organization", "lead_supporter").get(
            pk=engagement.pk
        )
        lead = engagement.lead_supporter
        if engagement.step >= 3 and not OutcomeBaseline.objects.filter(engagement=engagement).exists():
            figures = _baseline_figures(engagement, context.get("statement_figures", {}))
            follow_up_domain.set_baseline(engagement, by=lead, **figures)
        if engagement.step >= 6 and not engagement.actions.exists():
            _add_actions(engagement, lead)
        if engagement.step >= 5 and not Referral.objects.filter(engagement=engagement).exists():
            _add_referrals(engagement, lead)
        if engagement.step == g.FOLLOW_UP_STEP and not engagement.follow_ups.exists():
            baseline = OutcomeBaseline.objects.filter(engagement=engagement).first()
            before = (
                baseline.figures()
                if baseline and baseline.net_sales
                else _baseline_figures(engagement, context.get("statement_figures", {}))
            )
            _add_follow_ups(engagement, lead, before)
