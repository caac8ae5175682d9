"""Cases: drafting from an engagement, editing, review and publishing, and who reads what."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.knowledge.domain import cases as domain
from banso.knowledge.models import CaseDraft, CaseReviewer, CaseStatus, PublishedCase
from banso.knowledge.models.cases import TEXT_FIELDS
from banso.orgs.models import Membership
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NAMES = (
    "丸山",
    "佐々木",
    "マルヤマセイコウ",
    "丸山精工",
    "燕三条よろず支援拠点",
    "高橋",
    "燕市",
    "1234567890123",
)


def m(user, org=None):
    queryset = Membership.objects.filter(user=user)
    return queryset.get(organization=org) if org else queryset.get()


def all_text(draft):
    return "\n".join(getattr(draft, name) for name, _ in TEXT_FIELDS) + " ".join(draft.tags)


def make_draft(engagement, supporter):
    return domain.create_draft(membership=m(supporter), engagement_id=engagement.pk, by=supporter)


def approved(engagement, supporter, admin_user):
    draft = make_draft(engagement, supporter)
    draft = domain.submit(draft_id=draft.pk, membership=m(supporter), by=supporter, version=draft.version)
    return domain.approve(draft_id=draft.pk, membership=m(admin_user), by=admin_user, version=draft.version)


def test_a_draft_from_an_engagement_keeps_the_facts_and_drops_every_name(engagement, supporter):
    draft = make_draft(engagement, supporter)

    text = all_text(draft)
    for name in NAMES:
        assert name not in text, name
    assert draft.prefecture == "新潟県"
    assert draft.industry_code == engagement.company.industry_code
    assert "A社" in text or "社長" in text
    assert "在庫" in draft.insights and "1〜3億円" in draft.insights
    assert "在庫を毎月数える" in draft.actions_worked
    assert "値上げ交渉" in draft.actions_not_worked
    assert "売上高: 3〜5億円" in draft.outcomes
    assert {w["key"]: (w["start"], w["now"]) for w in draft.walls}["unfaced"] == (3, 1)
    assert draft.replacements["insights"], "the page highlights each replacement"
    for row in draft.replacements["insights"]:
        assert draft.insights[row["start"] : row["end"]] == row["replacement"]
    assert {t["text"] for t in draft.known_terms} >= {
        "有限会社丸山精工",
        "丸山 太郎",
        "佐々木 健二",
        "高橋 一郎",
    }
    assert ActivityLog.objects.filter(code="knowledge.case.drafted").count() == 1
    assert draft.source_engagement_id == engagement.pk


def test_a_colleague_not_assigned_cannot_draft_and_a_viewer_may_not(engagement, colleague, viewer):
    with pytest.raises(Http404):
        domain.create_draft(membership=m(colleague), engagement_id=engagement.pk, by=colleague)
    with pytest.raises(PermissionDenied):
        domain.create_draft(membership=m(viewer), engagement_id=engagement.pk, by=viewer)
    assert not CaseDraft.objects.exists()


def test_review_publish_and_read_from_another_organization_of_the_network(
    engagement, supporter, admin_user, outsider, network
):
    draft = approved(engagement, supporter, admin_user)
    assert draft.status == CaseStatus.APPROVED

    case = domain.publish(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        scope="network",
        network_id=network.pk,
    )

    assert PublishedCase.objects.visible_to(m(outsider)).get() == case
    field_names = {f.name for f in PublishedCase._meta.get_fields()}
    assert not {"source_engagement_id", "source_company_id", "author", "engagement", "company"} & field_names
    response = client_for(outsider).get(reverse("knowledge:case", kwargs={"org": "sakura", "pk": case.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.title in page
    for name in NAMES:
        assert name not in page
    listing = client_for(outsider).get(
        reverse("knowledge:cases", kwargs={"org": "sakura"}) + "?scope=network"
    )
    assert case.title in listing.content.decode()


def test_the_author_cannot_approve_their_own_case(engagement, admin_user, supporter):
    engagement.company.supporters.add(admin_user)
    draft = make_draft(engagement, admin_user)
    draft = domain.submit(draft_id=draft.pk, membership=m(admin_user), by=admin_user, version=draft.version)
    with pytest.raises(PermissionDenied, match="自分で作成した事例"):
        domain.approve(draft_id=draft.pk, membership=m(admin_user), by=admin_user, version=draft.version)
    with pytest.raises(PermissionDenied):
        # A plain supporter is no reviewer until the 管理者 designates them.
        domain.approve(draft_id=draft.pk, membership=m(supporter), by=supporter, version=draft.version)
    CaseReviewer.objects.create(organization=engagement.company.organization, user=supporter)
    draft = domain.approve(draft_id=draft.pk, membership=m(supporter), by=supporter, version=draft.version)
    assert draft.status == CaseStatus.APPROVED


def test_publishing_without_approval_is_refused(engagement, supporter):
    draft = make_draft(engagement, supporter)
    with pytest.raises(DomainError, match="承認されていない"):
        domain.publish(
            draft_id=draft.pk,
            membership=m(supporter),
            by=supporter,
            version=draft.version,
            scope="organization",
        )
    assert not PublishedCase.objects.exists()


def test_approval_is_refused_while_a_known_name_is_still_in_the_text(engagement, supporter, admin_user):
    draft = make_draft(engagement, supporter)
    draft = domain.update_draft(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        changes={"lessons": "佐々木 工場長を早くから巻き込むこと。"},
    )
    draft = domain.submit(draft_id=draft.pk, membership=m(supporter), by=supporter, version=draft.version)
    with pytest.raises(DomainError) as refused:
        domain.approve(draft_id=draft.pk, membership=m(admin_user), by=admin_user, version=draft.version)
    assert "「支援者への教訓」に 佐々木 健二" in refused.value.message
    assert CaseDraft.objects.get().status == CaseStatus.SUBMITTED


def test_a_missed_name_is_added_replaced_everywhere_and_then_checked(engagement, supporter, admin_user):
    draft = make_draft(engagement, supporter)
    draft = domain.update_draft(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        changes={"body": "番頭の田村さんが鍵だった。", "tags": "在庫, 田村"},
    )
    draft = domain.add_term(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        text="田村",
        label="番頭",
    )
    assert "田村" not in all_text(draft)
    assert draft.body.startswith("番頭の番頭")
    assert any(r["original"].startswith("田村") for r in draft.replacements["body"])
    # Typed back by hand: the added term is checked like the engagement's own.
    draft = domain.update_draft(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        changes={"body": "田村"},
    )
    draft = domain.submit(draft_id=draft.pk, membership=m(supporter), by=supporter, version=draft.version)
    with pytest.raises(DomainError, match="経過"):
        domain.approve(draft_id=draft.pk, membership=m(admin_user), by=admin_user, version=draft.version)


def test_undo_a_replacement(engagement, supporter):
    draft = make_draft(engagement, supporter)
    index = next(i for i, r in enumerate(draft.replacements["insights"]) if r["kind"] == "amount")
    original = draft.replacements["insights"][index]["original"]
    draft = domain.undo_replacement(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        field="insights",
        index=index,
    )
    assert original in draft.insights
    assert all(r["kind"] != "amount" for r in draft.replacements["insights"])


def test_a_stale_version_is_refused(engagement, supporter):
    draft = make_draft(engagement, supporter)
    domain.update_draft(
        draft_id=draft.pk,
        membership=m(supporter),
        by=supporter,
        version=draft.version,
        changes={"lessons": "一"},
    )
    with pytest.raises(ConflictError):
        domain.update_draft(
            draft_id=draft.pk,
            membership=m(supporter),
            by=supporter,
            version=draft.version,
            changes={"lessons": "二"},
        )
    assert CaseDraft.objects.get().lessons == "一"


def test_bad_edits_are_refused(engagement, supporter):
    draft = make_draft(engagement, supporter)
    for changes in ({"source_company_id": 1}, {"tags": ["x" * 31]}, {"tags": [str(i) for i in range(13)]}):
        with pytest.raises(ValidationError):
            domain.update_draft(
                draft_id=draft.pk,
                membership=m(supporter),
                by=supporter,
                version=draft.version,
                changes=changes,
            )


def test_a_network_the_organization_does_not_allow_is_refused(
    engagement, supporter, admin_user, network, org
):
    network.memberships.filter(organization=org).update(members_may_publish=False)
    draft = approved(engagement, supporter, admin_user)
    with pytest.raises(DomainError, match="許可されていません"):
        domain.publish(
            draft_id=draft.pk,
            membership=m(supporter),
            by=supporter,
            version=draft.version,
            scope="network",
            network_id=network.pk,
        )


def test_who_reads_what(engagement, supporter, admin_user, colleague, viewer, owner, outsider, network):
    draft = make_draft(engagement, supporter)
    own_case_draft = approved(engagement, supporter, admin_user)
    own_case = domain.publish(
        draft_id=own_case_draft.pk,
        membership=m(supporter),
        by=supporter,
        version=own_case_draft.version,
        scope="organization",
    )

    def get(user, name, org="minato", **kwargs):
        return client_for(user).get(reverse(f"knowledge:{name}", kwargs={"org": org, **kwargs})).status_code

    # An unpublished draft: its author and the 管理者; a colleague, a viewer, the owner, another org: 404.
    assert get(supporter, "draft", pk=draft.pk) == 200
    assert get(admin_user, "draft", pk=draft.pk) == 200
    assert get(colleague, "draft", pk=draft.pk) == 404
    assert get(viewer, "draft", pk=draft.pk) == 404
    assert get(owner, "draft", pk=draft.pk) == 404
    assert get(outsider, "draft", org="sakura", pk=draft.pk) == 404
    # A case published inside the organization: its support side; the network's other org: 404.
    for user in (supporter, admin_user, colleague, viewer):
        assert get(user, "case", pk=own_case.pk) == 200
    assert get(owner, "case", pk=own_case.pk) == 404
    assert get(owner, "cases") == 404
    assert get(outsider, "case", org="sakura", pk=own_case.pk) == 404
    assert (
        own_case.title
        not in client_for(outsider).get(reverse("knowledge:cases", kwargs={"org": "sakura"})).content.decode()
    )


def test_the_draft_editor_highlights_and_the_review_flow_runs_through_the_page(
    engagement, supporter, admin_user, network
):
    client = client_for(supporter)
    create_url = reverse("knowledge:draft_create", kwargs={"org": "minato", "engagement_pk": engagement.pk})
    assert client.get(create_url).status_code == 200
    response = client.post(create_url)
    draft = CaseDraft.objects.get()
    assert response.status_code == 302
    url = reverse("knowledge:draft", kwargs={"org": "minato", "pk": draft.pk})
    page = client.get(url).content.decode()
    assert 'class="kn-mark kn-mark--person"' in page
    assert "元の語: 佐々木" in page

    response = client.post(
        url, {"action": "add_term", "version": draft.version, "term": "在庫", "label": "棚"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert "在庫" not in draft.insights
    stale = client.post(url, {"action": "submit", "version": 1})
    assert stale.status_code == 400
    assert "他の方が更新しました" in stale.content.decode()
    client.post(url, {"action": "submit", "version": draft.version})
    draft.refresh_from_db()
    assert draft.status == CaseStatus.SUBMITTED
    own = client.post(url, {"action": "approve", "version": draft.version})
    assert own.status_code == 403
    reviewer = client_for(admin_user)
    back = reviewer.post(url, {"action": "return", "version": draft.version, "comment": ""})
    assert "差し戻しの理由" in back.content.decode()
    reviewer.post(url, {"action": "approve", "version": draft.version, "comment": "よい事例です"})
    draft.refresh_from_db()
    assert draft.status == CaseStatus.APPROVED
    response = client.post(
        url, {"action": "publish", "version": draft.version, "target": f"network-{network.pk}"}
    )
    case = PublishedCase.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/knowledge/cases/{case.pk}/")
    assert case.network == network


def test_counterparties_of_the_commercial_flow_are_known_terms(engagement, supporter):
    from banso.engagements.models import Dialogue
    from tests.diagnosis.factories import make_non_financial_sheet

    make_non_financial_sheet(
        engagement.company,
        by=supporter,
        counterparties=[{"kind": "customer", "name": "東邦精機株式会社", "reason": "短納期"}],
    )
    Dialogue.objects.filter(engagement=engagement).update(insights="東邦精機株式会社からの値下げ要請が続く。")
    draft = make_draft(engagement, supporter)
    assert "東邦精機" not in all_text(draft)
    assert "得意先Aからの値下げ要請" in draft.insights
