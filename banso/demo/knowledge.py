"""The knowledge area's demo data: a fourth organization (みなと商工会議所, login `cci-advisor`), the
system operator (login `operator`), the regional network 「みなと地域 伴走支援推進協議会」 of the bank,
the 診断士 office and the 商工会議所, a dozen published cases across industries (written as reviewed,
anonymised cases), and a draft from one of the bank's engagements awaiting review. Idempotent."""

# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.utils import timezone

from banso.demo.people import CCI, CCI_ADVISOR, DEMO_PASSWORD, OPERATOR
from banso.knowledge.domain import cases as case_domain
from banso.knowledge.models import CaseDraft, CaseStatus, Network, NetworkMembership, PublishedCase
from banso.orgs.models import Membership, Organization

NETWORK_NAME = "みなと地域 伴走支援推進協議会"
NETWORK_DESCRIPTION = (
    "みなと地域の金融機関・商工会議所・士業が、伴走支援の事例と知見を共有する協議会です。"
    "各機関のレビューで承認された、匿名化済みの事例だけを公開します。"
)

WALL_LABELS = {
    "unseen": "見えない壁",
    "unfaced": "向き合えない壁",
    "unexecuted": "実行できない壁",
    "unfollowed": "ついてこない壁",
    "under_resourced": "リソース・知見不足の壁",
}


def _walls(start: tuple[int, ...], now: tuple[int, ...]) -> list[dict]:
    return [
        {"key": key, "label": label, "start": s, "now": n}
        for (key, label), s, n in zip(WALL_LABELS.items(), start, now, strict=True)
    ]


class DemoCase(NamedTuple):
    """One row of the table: who published it where, the facts, and the free-text fields (by name)."""

    publisher: str  # organization slug
    scope: str  # organization / network
    industry_code: str
    size: str
    prefecture: str
    duration_months: int
    steps_reached: int
    walls_start: tuple[int, ...]  # in WALL_LABELS order
    walls_now: tuple[int, ...]
    tags: list[str]
    texts: dict[str, str]  # title and the TEXT_FIELDS the case fills

    def fields(self, organizations: dict, network) -> dict:
        """The PublishedCase fields of this row."""
        return {
            "organization": organizations[self.publisher],
            "scope": self.scope,
            "network": network if self.scope == "network" else None,
            "industry_code": self.industry_code,
            "size": self.size,
            "prefecture": self.prefecture,
            "walls": _walls(self.walls_start, self.walls_now),
            "duration_months": self.duration_months,
            "steps_reached": self.steps_reached,
            "tags": self.tags,
            "body": "",
            **self.texts,
        }


CASES = [
    DemoCase(
        "minato-bank", "network", "0304", "small", "新潟県", 14, 7, (3, 3, 2, 2, 1), (1, 1, 1, 1, 1),
        ["在庫", "資金繰り", "見える化"],
        {
            "title": "金属加工：資金繰りの相談から、在庫を「お金が寝ている」と捉え直すまで",
            "surface_issues": "・資金繰りが苦しく、当座貸越を常時利用している\n・借入の追加を相談したい",
            "root_issues": "・在庫が月商の4か月分あり、社長が在庫を数字で見ていなかった\n"
            "・主要取引先からの短納期要請に備えた「作り置き」が習慣になっていた\n"
            "見つけ方: 資金繰り表を社長と一緒に作り、現金の減り方を月ごとにたどった。",
            "insights": "・社長「在庫はお金が寝ているのと同じだと、初めて腹に落ちた」\n"
            "・作り置きは取引先の要請ではなく、自社の不安から来ていた",
            "actions_worked": "・毎月末に工場長と在庫を数え、金額で社長に報告する\n"
            "・主要取引先と納期の相談の場を四半期ごとに設けた",
            "actions_not_worked": "・在庫管理システムの導入（現場が入力せず3か月で中止）",
            "outcomes": "・在庫: 月商4か月分 → 2か月分\n・売上高: 3〜5億円 → 3〜5億円\n・当座貸越の常時利用が解消",
            "lessons": "・借入の相談でも、資金繰り表を一緒に作ると裏課題が見えやすい\n"
            "・システムより先に、数える習慣を現場と作る",
        },
    ),
    DemoCase(
        "minato-bank", "network", "0301", "small", "新潟県", 10, 6, (2, 3, 3, 2, 2), (1, 2, 1, 1, 2),
        ["事業承継", "後継者", "原価"],
        {
            "title": "食品製造：後継者が数字を語れるようになるまでの10か月",
            "surface_issues": "・社長が高齢で、事業承継の時期を決められない",
            "root_issues": "・後継者（長男）が原価を知らず、社長が価格を一人で決めていた\n"
            "・社長が「任せたら潰れる」と思い込み、後継者も踏み込めなかった",
            "insights": "・後継者「父の値決めには理由があったと、原価表を作って分かった」\n"
            "・社長「息子に聞かれて初めて、自分の値決めを言葉にできた」",
            "actions_worked": "・主力10品目の原価表を後継者が作り、月1回社長と見直す\n・値上げ交渉を後継者が担当",
            "actions_not_worked": "・承継計画書を先に作ろうとした（社長が書けず止まった）",
            "outcomes": "・主力品の粗利率: 改善（1〜3ポイント）\n・後継者が金融機関との面談に同席",
            "lessons": "・承継の話は計画書からではなく、後継者が語れる数字づくりから入る",
        },
    ),
    DemoCase(
        "minato-bank", "network", "0501", "small", "新潟県", 8, 6, (3, 2, 2, 1, 2), (1, 1, 1, 1, 1),
        ["小売", "客数", "見える化"],
        {
            "title": "小売：売上減の原因を「客数」と「客単価」に分けて見えた打ち手",
            "surface_issues": "・売上が3期連続で減っている\n・チラシを増やしても効果がない",
            "root_issues": "・減っていたのは常連客の来店回数で、新規客ではなかった\n"
            "・レジデータはあったが、誰も見ていなかった",
            "insights": "・店長「チラシは新しいお客さん向けで、常連さんには何もしていなかった」",
            "actions_worked": "・会員カードの来店間隔を毎週確認し、間が空いた常連に声かけ\n・チラシを半分に減らした",
            "actions_not_worked": "・SNS の毎日投稿（担当者が続かなかった）",
            "outcomes": "・常連客の来店回数: 月2回 → 月3回\n・販促費: 3割削減",
            "lessons": "・売上を客数×客単価×頻度に分けるだけで、経営者自身が原因に気づく",
        },
    ),
    DemoCase(
        "minato-bank", "organization", "0201", "medium", "新潟県", 12, 5, (2, 2, 3, 3, 2), (1, 2, 2, 1, 1),
        ["建設", "人材", "現場"],
        {
            "title": "建設：若手が辞める理由を現場リーダーと一緒に探した事例",
            "surface_issues": "・若手社員が3年以内に辞めてしまう",
            "root_issues": "・現場リーダーが教え方を知らず、「見て覚えろ」が続いていた\n"
            "・評価の基準がなく、若手が成長を実感できなかった",
            "insights": "・現場リーダー「自分も教わらなかったから、教え方を知らなかった」",
            "actions_worked": "・現場ごとに「今月できるようになったこと」を若手と書き出す\n・リーダー向けの教え方勉強会",
            "actions_not_worked": "・給与の一律引き上げ（離職は止まらなかった）",
            "outcomes": "・若手の離職: 年3人 → 年1人",
            "lessons": "・処遇より先に、現場の関わり方を変える方が効くことがある",
        },
    ),
    DemoCase(
        "minato-bank", "network", "0601", "small", "新潟県", 6, 4, (3, 3, 2, 1, 2), (2, 1, 2, 1, 2),
        ["飲食", "原価", "値上げ"],
        {
            "title": "飲食：原材料高でも値上げできなかった店主が、メニュー別の利益を見て決めたこと",
            "surface_issues": "・原材料が値上がりし、利益が出ない",
            "root_issues": "・メニューごとの原価を把握しておらず、人気メニューほど赤字だった\n"
            "・常連が離れる不安から、値上げを考えないようにしていた",
            "insights": "・店主「一番売れている定食が、一番損をしていた」",
            "actions_worked": "・メニュー別の原価表を作り、赤字の3品だけ値上げ\n・常連に理由を手書きで伝えた",
            "actions_not_worked": "・全品一律の値上げ案（店主が踏み切れなかった）",
            "outcomes": "・粗利率: 55〜60% → 60〜65%\n・客数: ほぼ横ばい",
            "lessons": "・「向き合えない壁」は、全体ではなく一部から数字を見せると越えやすい",
        },
    ),
    DemoCase(
        "minato-bank", "network", "0801", "medium", "新潟県", 16, 7, (2, 2, 2, 3, 1), (1, 1, 1, 1, 1),
        ["運輸", "2024年問題", "自走化"],
        {
            "title": "運輸：ドライバーの労働時間規制を、配車の見直しと荷主との対話で乗り越えた事例",
            "surface_issues": "・労働時間の上限規制で、今の仕事量を回せなくなる",
            "root_issues": "・配車が一人の担当者の頭の中にあり、待機時間が把握されていなかった\n・荷主に条件の相談をしたことがなかった",
            "insights": "・配車担当「待ち時間を記録したら、1日2時間近く待っていた」",
            "actions_worked": "・待機時間の記録を1か月とり、荷主と共有\n・配車表をドライバーも見られるようにした",
            "actions_not_worked": "・車両の増車（人手が確保できなかった）",
            "outcomes": "・1人あたりの月間拘束時間: 1割短縮\n・主要荷主2社と運賃の改定を合意",
            "lessons": "・記録を荷主と共有すると、交渉は対立ではなく相談になる",
        },
    ),
    DemoCase(
        "sakura-office", "network", "0305", "medium", "神奈川県", 12, 6, (2, 3, 2, 3, 2), (1, 1, 1, 2, 1),
        ["製造", "部門間", "会議"],
        {
            "title": "機械製造：営業と製造が責め合う会議を、同じ数字を見る場に変えた",
            "surface_issues": "・納期遅れが多く、営業と製造の関係が悪い",
            "root_issues": "・営業は受注を、製造は稼働率を見ていて、共通の指標がなかった\n"
            "・社長が両方の言い分を聞いて、その場で決めてしまっていた",
            "insights": "・社長「私が決めるから、二人は話し合わなくなっていた」",
            "actions_worked": "・週1回、受注残と工程表を一枚にした資料で営業と製造が話す\n・社長は会議で最後まで発言しない",
            "actions_not_worked": "・生産管理ソフトの更新（運用が定まらず延期）",
            "outcomes": "・納期遵守率: 70%台 → 90%台",
            "lessons": "・社長の関わり方そのものが「ついてこない壁」の原因になっていることがある",
        },
    ),
    DemoCase(
        "sakura-office", "network", "1005", "small", "神奈川県", 9, 5, (3, 2, 2, 1, 3), (1, 1, 1, 1, 2),
        ["サービス", "価格", "専門家"],
        {
            "title": "専門サービス：忙しいのに儲からない事務所が、受ける仕事を選ぶまで",
            "surface_issues": "・毎日遅くまで働いているのに、利益が残らない",
            "root_issues": "・案件ごとの作業時間を測っておらず、低単価の案件が時間の半分を占めていた",
            "insights": "・代表「断ると次が来ないと思い込んでいた」",
            "actions_worked": "・2か月間、案件ごとの作業時間を記録\n・単価の低い定型業務は、外部の専門家に橋渡し",
            "actions_not_worked": "・広告で新規顧客を増やす案（忙しさが増すだけだった）",
            "outcomes": "・時間あたりの売上: 3割向上\n・代表の残業: 半減",
            "lessons": "・時間の記録は、売上の数字より経営者の腹に落ちやすい",
        },
    ),
    DemoCase(
        "sakura-office", "network", "1101", "medium", "神奈川県", 11, 6, (2, 2, 3, 3, 2), (1, 1, 2, 1, 2),
        ["医療", "人材", "離職"],
        {
            "title": "医療：看護職の離職が続いた診療所で、院長と職員の対話の場をつくった事例",
            "surface_issues": "・看護職の採用をしても定着しない",
            "root_issues": "・院長の指示が場面ごとに変わり、職員が判断できずに疲れていた",
            "insights": "・院長「自分では一貫しているつもりだった」",
            "actions_worked": "・月1回、職員が困った場面を持ち寄り院長と判断基準を決める\n・決めたことを掲示",
            "actions_not_worked": "・外部研修への派遣（職場に戻ると元通りだった）",
            "outcomes": "・看護職の離職: 年4人 → 年1人",
            "lessons": "・研修より、現場の判断基準を一緒に言葉にする方が定着に効く",
        },
    ),
    DemoCase(
        "minato-cci", "network", "1301", "small", "新潟県", 7, 5, (2, 2, 2, 2, 3), (1, 1, 1, 1, 2),
        ["観光", "宿泊", "閑散期"],
        {
            "title": "観光：閑散期の稼働が低い旅館が、地元客向けの企画で平日を埋めた",
            "surface_issues": "・冬の平日の稼働率が低く、赤字が続く",
            "root_issues": "・県外の観光客だけを顧客と考え、地元客を想定していなかった\n・女将が企画を一人で抱えていた",
            "insights": "・女将「地元の人は来ないものと決めつけていた」",
            "actions_worked": "・地元客向けの平日日帰りプランを若手従業員が企画\n・商工会議所の会報で告知",
            "actions_not_worked": "・旅行予約サイトの広告追加（費用に見合わなかった）",
            "outcomes": "・冬の平日稼働率: 20%台 → 40%台",
            "lessons": "・企画を若手に任せると「ついてこない壁」と「リソース不足の壁」が同時に下がる",
        },
    ),
    DemoCase(
        "minato-cci", "network", "0403", "small", "新潟県", 8, 6, (3, 2, 2, 2, 2), (1, 1, 1, 1, 1),
        ["卸売", "取引先", "粗利"],
        {
            "title": "食品卸：取引先別の粗利を見て、配送ルートを組み替えた事例",
            "surface_issues": "・売上は伸びているのに、利益が減っている",
            "root_issues": "・小口の取引先への配送費が粗利を上回っていた\n・取引先別の採算を誰も見ていなかった",
            "insights": "・社長「売上の大きい順に大事だと思っていたが、逆だった取引先もある」",
            "actions_worked": "・取引先別の粗利と配送回数を一覧にした\n・小口先とは配送回数の見直しを相談",
            "actions_not_worked": "・最低発注金額の一律導入（主要先の反発で撤回）",
            "outcomes": "・配送費: 1割削減\n・営業利益: 赤字 → 黒字",
            "lessons": "・一律のルールより、取引先ごとの相談の方が関係を壊さない",
        },
    ),
    DemoCase(
        "minato-cci", "network", "0306", "small", "新潟県", 13, 7, (2, 3, 2, 2, 3), (1, 1, 1, 1, 1),
        ["製造", "販路", "自走化"],
        {
            "title": "伝統工芸品の製造：下請けから自社ブランドへ、社長が自分で決めた一歩",
            "surface_issues": "・元請けからの受注が減り、先行きが見えない",
            "root_issues": "・技術はあるが、自社で売るという選択肢を社長が考えたことがなかった\n"
            "・「売るのは自分の仕事ではない」という思い込み",
            "insights": "・社長「うちの技術を欲しいと言ってくれる人に、直接会ったのは初めてだった」",
            "actions_worked": "・展示会に試作品を出し、来場者の声を社長自身が聞いた\n・よろず支援拠点に橋渡しし、価格設定を相談",
            "actions_not_worked": "・ネット通販の立ち上げ（受注対応が回らず一時停止）",
            "outcomes": "・自社ブランドの売上: 売上全体の1割に\n・元請け依存度: 9割 → 7割",
            "lessons": "・お客さんの声を経営者が直接聞く場をつくると、内発的な動機が生まれる",
        },
    ),
]  # fmt: skip


def _cci(context) -> tuple[Organization, object]:
    org, _ = Organization.objects.get_or_create(
        slug=CCI["slug"], defaults={"name": CCI["name"], "kind": CCI["kind"]}
    )
    username, full_name, _, role, _ = CCI_ADVISOR
    user = _user(username, full_name)
    Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})
    return org, user


def _user(username: str, full_name: str, *, superuser: bool = False):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name}
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
    if superuser and not user.is_superuser:
        user.is_superuser = True
        user.is_staff = True
    user.save()
    return user


def build(context: dict) -> None:
    cci, cci_advisor = _cci(context)
    operator = _user(OPERATOR[0], OPERATOR[1], superuser=True)
    orgs = {"minato-bank": context["bank"], "sakura-office": context["office"], "minato-cci": cci}
    network, _ = Network.objects.get_or_create(
        name=NETWORK_NAME, defaults={"description": NETWORK_DESCRIPTION, "created_by": operator}
    )
    for org in orgs.values():
        NetworkMembership.objects.get_or_create(
            network=network, organization=org, defaults={"members_may_publish": True}
        )
    context.update(cci=cci, cci_advisor=cci_advisor, operator=operator, network=network)
    if PublishedCase.objects.filter(network=network).exists():
        return
    now = timezone.now()
    for days, row in enumerate(CASES):
        PublishedCase.objects.create(
            published_at=now - dt.timedelta(days=3 + days * 9), **row.fields(orgs, network)
        )
    _draft_awaiting_review(context)


def _draft_awaiting_review(context: dict) -> None:
    """A draft of the bank's advisor from one of their engagements, submitted for the admin's review."""
    advisor = context["users"]["advisor"]
    membership = Membership.objects.get(user=advisor, organization=context["bank"])
    engagements = [
        e for e in context.get("engagements", []) if e.company.organization_id == context["bank"].pk
    ]
    for engagement in engagements:
        if engagement.company.supporters.filter(pk=advisor.pk).exists():
            break
    else:
        return
    if CaseDraft.objects.filter(source_engagement_id=engagement.pk).exists():
        return
    draft = case_domain.create_draft(membership=membership, engagement_id=engagement.pk, by=advisor)
    draft = case_domain.update_draft(
        draft_id=draft.pk,
        membership=membership,
        by=advisor,
        version=draft.version,
        changes={"lessons": "最初の3回は数字の話をせず、社長の話を聴くことに徹した。"},
    )
    if draft.status == CaseStatus.DRAFT:
        case_domain.submit(draft_id=draft.pk, membership=membership, by=advisor, version=draft.version)
