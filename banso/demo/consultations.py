"""The consultations (相談) and question bank demo: questions across the regional network answered by
supporters of other organizations (one answer accepted), questions inside an organization, and the
bank's curated question bank (an own question shared with the network, a shipped one reworded).
Runs after banso.demo.knowledge (the network and the 商工会議所). Idempotent."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth import get_user_model

from banso.knowledge.domain import consultations as domain
from banso.knowledge.domain import questions as bank
from banso.knowledge.models import BankItem, Consultation
from banso.knowledge.shipped import sync_shipped_items
from banso.orgs.models import Membership


class DemoThread(NamedTuple):
    """One consultation of the table: who asks whom, what, and how the thread goes (users by login)."""

    asker: str
    audience: str  # organization / network
    title: str
    body: str
    background: str
    answers: list[tuple[str, str]]  # (author, body)
    accepted: int | None  # index in answers
    comments: list[tuple[str, str]]  # (author, body)


THREADS = [
    DemoThread(
        "advisor",
        "network",
        "数字の話になると話題を変えてしまう社長との対話の進め方",
        "月次の試算表を一緒に見ようとすると、社長が現場の話に切り替えてしまいます。"
        "責めているように受け取られているのかもしれません。数字に向き合ってもらうきっかけを、皆さんはどう作っていますか。",
        "金属製品製造業、従業員20〜30名。支援開始から3か月目。5つの壁のうち「向き合えない壁」が高い。"
        "社長は技術畑で、営業と資金繰りは奥様が見ている。",
        [
            (
                "advisor2",
                "私は「社長が一番気にしている数字を一つだけ教えてください」と聞くところから始めます。"
                "多くの場合、受注量や稼働率など現場の数字が出てくるので、それと試算表の売上をつなげて見せると、"
                "自分の言葉で話し始めてくれました。最初から全体を見せないのがコツだと思います。",
            ),
            (
                "cci-advisor",
                "商工会議所では、奥様にも同席いただいて三人で話すことがあります。"
                "社長が話題を変えるのは、知らないことを聞かれるのが不安だからということもあるので、役割分担を尊重する形にしています。",
            ),
        ],
        0,
        [("cci-advisor", "「一つだけ」という聞き方、次の面談で試してみます。")],
    ),
    DemoThread(
        "cci-advisor",
        "network",
        "補助金の申請相談を、課題設定型の支援につなげるには",
        "補助金の申請書を書いてほしいという相談が多く、申請が終わると関係も終わってしまいます。"
        "申請を入口にして、本質的な課題の話に進めた経験があれば教えてください。",
        "",
        [
            (
                "advisor",
                "申請書の「事業の課題」欄を社長ご自身に書いてもらい、それを一緒に読み直す時間を取っています。"
                "書いてあることと、話していることの違いに社長が気づくと、次の面談の約束がしやすくなります。",
            ),
        ],
        None,
        [],
    ),
    DemoThread(
        "advisor2",
        "organization",
        "事業承継の話を切り出すタイミング",
        "70代の社長で、後継者の話題になると黙ってしまいます。事務所として、切り出す時期や順番の目安はありますか。",
        "",
        [
            (
                "office-admin",
                "承継そのものより先に「この会社で大事にしてきたこと」を聞くようにしています。"
                "それを誰に残したいかという話から、自然に後継者の話題に移れることが多いです。",
            ),
        ],
        0,
        [],
    ),
    DemoThread(
        "advisor",
        "organization",
        "試算表がいつも2か月遅れる会社の月次支援",
        "会計事務所からの試算表が2か月遅れで届くため、月次の振り返りが後追いになってしまいます。行内で工夫している方はいますか。",
        "",
        [
            (
                "orgadmin",
                "売上と現預金の残高だけは毎月5日までに社長からメールで送ってもらうよう合意しています。"
                "試算表を待たずに話せる数字が二つあるだけで、月次の面談が前向きになります。",
            ),
        ],
        0,
        [],
    ),
]

SHARED_QUESTION = "社長がこの仕事を続けてきて、一番うれしかったのはどんなときですか。"
REWORDED_KEY = "step3-03"
REWORDED_TEXT = "最近、社長がいちばん時間を使っていることは何ですか。それは本来やりたいことですか。"


def _membership(username: str, slug: str | None = None) -> tuple[Membership, object]:
    user = get_user_model().objects.get(username=username)
    memberships = Membership.objects.filter(user=user, is_active=True).select_related("organization")
    membership = memberships.get(organization__slug=slug) if slug else memberships.first()
    return membership, user


def build(context: dict) -> None:
    network = context.get("network")
    if network is None or Consultation.objects.exists():
        return
    for thread in THREADS:
        _thread(thread, network)
    _question_bank(network)


def _thread(thread: DemoThread, network) -> None:
    """One consultation of the table: asked, answered, commented, voted on and (maybe) accepted."""
    membership, user = _membership(thread.asker)
    audience = thread.audience
    consultation = domain.ask(
        membership,
        by=user,
        title=thread.title,
        body=thread.body,
        audience=audience,
        network_id=network.pk if audience == "network" else None,
        context=thread.background,
    )
    created = []
    for author, text in thread.answers:
        author_membership, author_user = _membership(author)
        created.append(domain.answer(consultation, author_membership, by=author_user, body=text))
    for author, text in thread.comments:
        author_membership, author_user = _membership(author)
        domain.comment(consultation, author_membership, by=author_user, body=text)
    for voter in ("viewer", "orgadmin", "advisor2"):
        voter_membership, voter_user = _membership(voter)
        for answer in created:
            readable = (
                consultation.organization_id == voter_membership.organization_id or audience == "network"
            )
            if readable and voter_membership.role != "viewer" and answer.author_id != voter_user.pk:
                domain.vote(answer, voter_membership, by=voter_user)
    if thread.accepted is not None:
        consultation.refresh_from_db()
        domain.accept(
            consultation,
            membership,
            by=user,
            answer=created[thread.accepted],
            expected_version=consultation.version,
        )


def _question_bank(network) -> None:
    admin_membership, admin = _membership("orgadmin")
    if BankItem.objects.filter(organization_id=admin_membership.organization_id).exists():
        return
    # A migration ships the bank; a database emptied since (a flush between browser tests) gets it again.
    sync_shipped_items(BankItem)
    item = bank.add_item(admin_membership, by=admin, kind="question", step=3, text=SHARED_QUESTION)
    bank.share_item(item, admin_membership, by=admin, expected_version=item.version, network_id=network.pk)
    shipped = BankItem.objects.get(organization=None, shipped_key=REWORDED_KEY)
    bank.edit_item(
        shipped,
        admin_membership,
        by=admin,
        expected_version=shipped.version,
        kind=shipped.kind,
        step=shipped.step,
        wall=shipped.wall,
        industry_group=shipped.industry_group,
        text=REWORDED_TEXT,
        how="",
        measure="",
    )
