"""The question bank (質問バンク): the shipped content, curation by the 管理者 (add, edit, hide, share
with a network), what each organization sees, and the pickers beside the dialogue and action forms."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.engagements.engines import guideline as g
from banso.knowledge import queries
from banso.knowledge.domain import questions as domain
from banso.knowledge.engines import question_bank as qb
from banso.knowledge.models import BankItem
from banso.knowledge.shipped import sync_shipped_items
from tests.conftest import client_for
from tests.engagements.factories import EngagementFactory, WallAssessmentFactory
from tests.knowledge.consultation_world import membership, network_of

XSS = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _shipped(request):
    """The migration loads the shipped bank; a transactional test elsewhere may have flushed it."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        sync_shipped_items(BankItem)


# --- the shipped content (no database) ---------------------------------------------------------------


def test_the_shipped_bank_has_8_to_12_questions_per_step_and_wall_and_viewpoints_per_industry():
    entries = qb.shipped_entries()
    for step in range(1, 8):
        count = sum(1 for e in entries if e.kind == qb.QUESTION and e.step == step)
        assert 8 <= count <= 12, (step, count)
    for wall in g.WALL_KEYS:
        count = sum(1 for e in entries if e.kind == qb.QUESTION and e.wall == wall)
        assert 8 <= count <= 12, (wall, count)
    groups = {e.industry_group for e in entries if e.kind == qb.VIEWPOINT}
    assert {
        "manufacturing",
        "construction",
        "wholesale",
        "retail",
        "food_lodging",
        "transport",
        "services",
        "it",
    } <= groups
    templates = [e for e in entries if e.kind == qb.ACTION_TEMPLATE]
    assert len(templates) >= 10 and all(t.measure for t in templates)


def test_the_banks_step_and_wall_names_are_the_guidelines():
    assert {step.number: step.label for step in g.STEPS} == qb.STEP_LABELS
    assert {wall.key: wall.label for wall in g.WALLS} == qb.WALL_LABELS


def test_every_industry_code_belongs_to_one_group():
    from banso.companies.engines.industries import INDUSTRIES

    assert {code: qb.industry_group_of(code) != "" for code in INDUSTRIES} == dict.fromkeys(INDUSTRIES, True)
    assert qb.industry_group_of("0304") == "manufacturing" and qb.industry_group_of("9999") == ""


def test_high_walls_are_those_rated_two_or_more_highest_first():
    ratings = {"unseen": 1, "unfaced": 3, "unexecuted": 2, "unfollowed": 3, "under_resourced": 0}
    assert qb.high_walls(ratings) == ["unfaced", "unfollowed", "unexecuted"]
    assert qb.high_walls({}) == []


def test_an_action_template_reads_as_one_line_with_its_measure():
    assert (
        qb.action_text("毎週月曜に在庫数を数える", "在庫回転日数")
        == "毎週月曜に在庫数を数える — 指標: 在庫回転日数"
    )


# --- shipped rows in the database --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_shipped_bank_is_in_the_database_and_a_sync_adds_nothing_twice():
    assert BankItem.objects.filter(organization=None).count() == len(qb.shipped_entries())
    assert sync_shipped_items(BankItem) == (0, 0)


# --- curation ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_a_shipped_question_gives_the_organization_its_own_copy(
    org, foreign_org, admin_user, outsider
):
    shipped = BankItem.objects.get(shipped_key="step4-02")
    values = {
        "kind": "question",
        "step": 4,
        "wall": "",
        "industry_group": "",
        "text": "それはなぜでしょう。",
        "how": "",
        "measure": "",
    }
    copy = domain.edit_item(shipped, membership(admin_user), by=admin_user, expected_version=1, **values)
    assert (copy.organization, copy.replaces, copy.text) == (org, shipped, "それはなぜでしょう。")
    own = [i.text for i in queries.bank_items_for(membership(admin_user), kind="question", step=4)]
    assert "それはなぜでしょう。" in own and shipped.text not in own
    # another organization still sees the shipped wording
    theirs = [i.text for i in queries.bank_items_for(membership(outsider), kind="question", step=4)]
    assert shipped.text in theirs and "それはなぜでしょう。" not in theirs
    assert ActivityLog.objects.filter(code="knowledge.bank_item.edited").count() == 1
    # a second edit names the copy's version; a stale one is refused
    with pytest.raises(ConflictError):
        domain.edit_item(copy, membership(admin_user), by=admin_user, expected_version=5, **values)


@pytest.mark.django_db
def test_hiding_a_shipped_item_removes_it_for_the_organization_only(org, admin_user, supporter, outsider):
    shipped = BankItem.objects.get(shipped_key="wall-unfaced-01")
    client_for(admin_user).post(
        reverse("knowledge:bank_item_hide", kwargs={"org": org.slug, "pk": shipped.pk}),
        {"version": 1, "hidden": "1"},
    )
    assert shipped.text not in [i.text for i in queries.bank_items_for(membership(supporter), wall="unfaced")]
    assert shipped.text in [i.text for i in queries.bank_items_for(membership(outsider), wall="unfaced")]
    copy = BankItem.objects.get(organization=org, replaces=shipped)
    assert copy.hidden
    # the admin's page still lists it, marked, to show it again
    page = client_for(admin_user).get(
        reverse("knowledge:bank_list", kwargs={"org": org.slug}) + "?wall=unfaced"
    )
    assert "非表示" in page.content.decode()


@pytest.mark.django_db
def test_only_the_admin_curates(org, supporter, viewer):
    for user in (supporter, viewer):
        client = client_for(user)
        assert client.get(reverse("knowledge:bank_item_create", kwargs={"org": org.slug})).status_code == 403
        assert (
            client.post(
                reverse("knowledge:bank_item_create", kwargs={"org": org.slug}),
                {"kind": "question", "step": 1, "text": "x"},
            ).status_code
            == 403
        )
    assert BankItem.objects.filter(organization=org).count() == 0


@pytest.mark.django_db
def test_an_item_needs_its_classification(admin_user):
    with pytest.raises(ValidationError) as refused:
        domain.add_item(membership(admin_user), by=admin_user, kind="question", text="質問")
    assert "ステップか壁" in refused.value.message_dict["step"][0]
    with pytest.raises(ValidationError):
        domain.add_item(membership(admin_user), by=admin_user, kind="question", step="99", text="質問")


@pytest.mark.django_db
def test_sharing_an_own_item_with_a_network_reaches_its_organizations(org, foreign_org, admin_user, outsider):
    from banso.core.roles import Role
    from tests.conftest import _member
    from tests.factories import OrganizationFactory

    network = network_of(org, foreign_org)
    item = domain.add_item(
        membership(admin_user),
        by=admin_user,
        kind="question",
        step=3,
        text="最近うれしかったことは何ですか。",
    )
    assert item.text not in [i.text for i in queries.bank_items_for(membership(outsider), step=3)]
    shared = domain.share_item(
        item, membership(admin_user), by=admin_user, expected_version=1, network_id=network.pk
    )
    assert shared.network == network
    assert item.text in [i.text for i in queries.bank_items_for(membership(outsider), step=3)]
    stranger = _member(OrganizationFactory(slug="third"), Role.SUPPORTER, "stranger")
    assert item.text not in [i.text for i in queries.bank_items_for(membership(stranger), step=3)]
    # a shipped item is not the organization's own to share
    with pytest.raises(DomainError):
        domain.share_item(
            BankItem.objects.get(shipped_key="step1-01"),
            membership(admin_user),
            by=admin_user,
            expected_version=1,
            network_id=network.pk,
        )


@pytest.mark.django_db
def test_sharing_needs_the_organizations_permission(org, foreign_org, admin_user):
    network = network_of(org, foreign_org, may_publish=False)
    item = domain.add_item(membership(admin_user), by=admin_user, kind="question", step=3, text="質問")
    with pytest.raises(ValidationError):
        domain.share_item(
            item, membership(admin_user), by=admin_user, expected_version=1, network_id=network.pk
        )
    item.refresh_from_db()
    assert item.network is None


@pytest.mark.django_db
def test_company_side_users_never_see_the_bank(org, owner):
    assert client_for(owner).get(reverse("knowledge:bank_list", kwargs={"org": org.slug})).status_code == 404
    assert list(queries.bank_items_for(membership(owner))) == []


# --- the pickers beside the engagement's forms -------------------------------------------------------


@pytest.mark.django_db
def test_the_dialogue_form_offers_the_question_bank_for_the_step_and_high_walls(org, supporter, company):
    engagement = EngagementFactory(company=company, step=4, status="active")
    WallAssessmentFactory(
        engagement=engagement, unseen=0, unfaced=3, unexecuted=1, unfollowed=2, under_resourced=0
    )
    client = client_for(supporter)
    form_page = client.get(
        reverse(
            "engagements:dialogue_create",
            kwargs={"org": org.slug, "company_pk": company.pk, "engagement_pk": engagement.pk},
        )
    ).content.decode()
    assert 'data-testid="form-aid-question-bank"' in form_page
    assert (
        "step=4" in form_page
        and "walls=unfaced%2Cunfollowed" in form_page
        and "target=id_listening_notes" in form_page
    )
    picker = client.get(
        reverse("knowledge:question_picker", kwargs={"org": org.slug}),
        {"step": 4, "walls": "unfaced,unfollowed", "industry": "0304", "target": "id_listening_notes"},
    ).content.decode()
    step4 = BankItem.objects.get(shipped_key="step4-02").text
    unfaced = BankItem.objects.get(shipped_key="wall-unfaced-01").text
    viewpoint = BankItem.objects.get(shipped_key="industry-manufacturing-01").text
    assert step4 in picker and unfaced in picker and viewpoint in picker
    assert BankItem.objects.get(shipped_key="wall-unseen-01").text not in picker
    assert 'data-insert-target="id_listening_notes"' in picker


@pytest.mark.django_db
def test_the_picker_refuses_an_odd_target_and_escapes_its_items(org, admin_user):
    domain.add_item(membership(admin_user), by=admin_user, kind="question", step=2, text=XSS)
    picker = (
        client_for(admin_user)
        .get(
            reverse("knowledge:question_picker", kwargs={"org": org.slug}),
            {"step": 2, "target": '"><script>'},
        )
        .content.decode()
    )
    assert "<script>alert" not in picker and "&lt;script&gt;alert" in picker
    assert "data-insert-target" not in picker


@pytest.mark.django_db
def test_the_action_form_offers_templates_that_fill_its_fields(org, supporter, company):
    engagement = EngagementFactory(company=company, step=6, status="active")
    client = client_for(supporter)
    form_page = client.get(
        reverse(
            "engagements:action_create",
            kwargs={"org": org.slug, "company_pk": company.pk, "engagement_pk": engagement.pk},
        )
    ).content.decode()
    assert 'data-testid="form-aid-action-templates"' in form_page
    picker = client.get(
        reverse("knowledge:template_picker", kwargs={"org": org.slug}), {"step": 6}
    ).content.decode()
    assert "毎週月曜に在庫数を数える — 指標: 在庫回転日数" in picker
    fields = json.loads(
        next(
            b.split('data-fill-fields="')[1].split('"')[0].replace("&quot;", '"')
            for b in picker.split("<button")
            if "毎週月曜に在庫数を数える" in b
        )
    )
    assert fields == {
        "id_what": "毎週月曜に在庫数を数える",
        "id_how": "主要20品目を棚卸表に記録し、前週と比べる",
        "id_expected_effect": "指標: 在庫回転日数",
    }
