"""Consultations (相談): who reads them, asking (with the client-name check), answering, voting once,
accepting, moderation, and hostile text shown literally."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from banso.core.errors import ConflictError, DomainError
from banso.core.models import ActivityLog
from banso.knowledge import queries
from banso.knowledge.domain import consultations as domain
from banso.knowledge.models import Consultation, Vote
from tests.conftest import client_for
from tests.knowledge.consultation_world import ask, membership, network_of

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _url(org, name, **kwargs):
    return reverse(f"knowledge:{name}", kwargs={"org": org.slug, **kwargs})


# --- access ----------------------------------------------------------------------------------------


def test_an_organization_consultation_is_read_by_its_support_side_only(
    org, foreign_org, supporter, colleague, viewer, owner, outsider
):
    network_of(org, foreign_org)
    consultation = ask(supporter)
    for user in (supporter, colleague, viewer):
        assert list(queries.consultations_for(membership(user))) == [consultation]
    # the company side never; another organization even in the same network: not an org consultation
    assert list(queries.consultations_for(membership(owner))) == []
    assert list(queries.consultations_for(membership(outsider))) == []
    assert (
        client_for(outsider).get(_url(foreign_org, "consultation_detail", pk=consultation.pk)).status_code
        == 404
    )
    assert client_for(owner).get(_url(org, "consultation_detail", pk=consultation.pk)).status_code == 404


def test_a_network_consultation_is_read_by_the_networks_organizations_only(
    org, foreign_org, supporter, outsider
):
    from banso.core.roles import Role
    from tests.conftest import _member
    from tests.factories import OrganizationFactory

    network = network_of(org, foreign_org)
    consultation = ask(supporter, network=network)
    third = OrganizationFactory(slug="third")
    stranger = _member(third, Role.SUPPORTER, "stranger")
    assert list(queries.consultations_for(membership(outsider))) == [consultation]
    assert list(queries.consultations_for(membership(stranger))) == []
    page = client_for(outsider).get(_url(foreign_org, "consultation_detail", pk=consultation.pk))
    assert page.status_code == 200 and consultation.title in page.content.decode()
    assert client_for(stranger).get(_url(third, "consultation_detail", pk=consultation.pk)).status_code == 404


def test_posting_to_a_network_needs_the_organizations_permission(org, foreign_org, supporter):
    network = network_of(org, foreign_org, may_publish=False)
    with pytest.raises(ValidationError) as refused:
        ask(supporter, network=network)
    assert "公開を許可" in refused.value.message_dict["network"][0]
    assert Consultation.objects.count() == 0


def test_a_viewer_may_read_but_not_ask(org, viewer, supporter):
    ask(supporter)
    client = client_for(viewer)
    assert client.get(_url(org, "consultation_list")).status_code == 200
    assert client.get(_url(org, "consultation_create")).status_code == 403
    assert client.post(_url(org, "consultation_create"), {"title": "t", "body": "b"}).status_code == 403


# --- asking: no client names leave the organization --------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", "（株）丸山精工の社長について"),
        ("body", "まるやませいこうさんの件です"),
        ("context", "ﾏﾙﾔﾏｾｲｺｳは金属加工業です"),
        ("context", "丸山社長は数字の話を避けます"),
    ],
)
def test_a_consultation_naming_a_client_is_refused_with_a_japanese_message(
    org, supporter, company, field, text
):
    company.representative = "丸山 太郎"
    company.save()
    values = {"title": "相談", "body": "本文", "context": "", field: text}
    with pytest.raises(ValidationError) as refused:
        domain.ask(membership(supporter), by=supporter, **values)
    message = refused.value.message_dict[field][0]
    assert "事業者を特定できる名前" in message and "置き換えて" in message
    assert Consultation.objects.count() == 0


def test_the_ask_page_shows_the_client_name_refusal_beside_the_field(org, supporter, company):
    response = client_for(supporter).post(
        _url(org, "consultation_create"),
        {"title": "相談", "body": "本文", "audience": "organization", "context": "有限会社丸山精工の在庫"},
    )
    assert response.status_code == 200
    assert "事業者を特定できる名前（有限会社丸山精工）" in response.content.decode()
    assert Consultation.objects.count() == 0


def test_asking_logs_and_anonymous_text_passes(org, supporter, company):
    consultation = ask(supporter, context="金属加工業、従業員30名。A社の社長は試算表を見ない。")
    assert consultation.audience == "organization" and consultation.network is None
    assert (
        ActivityLog.objects.filter(code="knowledge.consultation.asked", organization_id=org.pk).count() == 1
    )


# --- answering, voting, accepting --------------------------------------------------------------------


def test_another_organization_answers_and_the_asker_accepts(org, foreign_org, supporter, outsider, colleague):
    network = network_of(org, foreign_org)
    consultation = ask(supporter, network=network)
    answer = domain.answer(
        consultation, membership(outsider), by=outsider, body="まず社長が得意な数字から話します。"
    )
    assert answer.organization == foreign_org
    # the asker accepts (naming the version); anyone else is refused on the page
    assert (
        client_for(colleague)
        .post(_url(org, "answer_accept", pk=consultation.pk, answer_pk=answer.pk), {"version": 1})
        .status_code
        == 403
    )
    response = client_for(supporter).post(
        _url(org, "answer_accept", pk=consultation.pk, answer_pk=answer.pk), {"version": 1}
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.accepted_answer, consultation.status, consultation.version) == (
        answer,
        "resolved",
        2,
    )
    assert list(queries.accepted_answers_for(membership(outsider))) == [consultation]
    page = (
        client_for(outsider)
        .get(_url(foreign_org, "consultation_detail", pk=consultation.pk))
        .content.decode()
    )
    assert "採用された回答" in page


def test_accepting_with_a_stale_version_is_refused(org, supporter, colleague):
    consultation = ask(supporter)
    first = domain.answer(consultation, membership(colleague), by=colleague, body="一つ目")
    second = domain.answer(consultation, membership(colleague), by=colleague, body="二つ目")
    domain.accept(consultation, membership(supporter), by=supporter, answer=first, expected_version=1)
    with pytest.raises(ConflictError):
        domain.accept(consultation, membership(supporter), by=supporter, answer=second, expected_version=1)
    consultation.refresh_from_db()
    assert consultation.accepted_answer == first


def test_one_vote_per_user_and_none_for_ones_own_answer(org, supporter, colleague, admin_user):
    consultation = ask(supporter)
    answer = domain.answer(consultation, membership(colleague), by=colleague, body="回答")
    client = client_for(supporter)
    url = _url(org, "answer_vote", pk=consultation.pk, answer_pk=answer.pk)
    client.post(url, {"up": "1"})
    client.post(url, {"up": "1"})
    assert Vote.objects.filter(answer=answer).count() == 1
    domain.vote(answer, membership(admin_user), by=admin_user)
    assert Vote.objects.filter(answer=answer).count() == 2
    client.post(url, {"up": "0"})
    assert Vote.objects.filter(answer=answer).count() == 1
    with pytest.raises(DomainError):
        domain.vote(answer, membership(colleague), by=colleague)


def test_comments_on_the_consultation_and_on_an_answer(org, supporter, colleague):
    consultation = ask(supporter)
    answer = domain.answer(consultation, membership(colleague), by=colleague, body="回答")
    client = client_for(colleague)
    client.post(_url(org, "comment_create", pk=consultation.pk), {"body": "業種は？"})
    client.post(_url(org, "comment_create", pk=consultation.pk), {"body": "補足です", "answer": answer.pk})
    assert [c.body for c in queries.consultation_comments(consultation, membership(supporter))] == [
        "業種は？"
    ]
    assert [c.body for c in answer.comments.all()] == ["補足です"]


# --- moderation --------------------------------------------------------------------------------------


def test_an_admin_hides_a_post_of_their_own_member_and_it_is_logged(
    org, foreign_org, admin_user, supporter, colleague, outsider
):
    network = network_of(org, foreign_org)
    consultation = ask(supporter, network=network)
    answer = domain.answer(consultation, membership(colleague), by=colleague, body="不適切な回答")
    response = client_for(admin_user).post(
        _url(org, "answer_hide", pk=consultation.pk, answer_pk=answer.pk), {"reason": "個人情報を含むため"}
    )
    assert response.status_code == 302
    log = ActivityLog.objects.get(code="knowledge.post.hidden")
    assert "個人情報を含むため" in log.message and log.organization_id == org.pk
    # only the author and the organization's 管理者 still see it
    assert [a.pk for a in queries.answers_of(consultation, membership(outsider))] == []
    assert [a.pk for a in queries.answers_of(consultation, membership(supporter))] == []
    assert [a.pk for a in queries.answers_of(consultation, membership(colleague))] == [answer.pk]
    assert [a.pk for a in queries.answers_of(consultation, membership(admin_user))] == [answer.pk]


def test_an_admin_cannot_hide_another_organizations_post(org, foreign_org, admin_user, supporter, outsider):
    network = network_of(org, foreign_org)
    consultation = ask(supporter, network=network)
    answer = domain.answer(consultation, membership(outsider), by=outsider, body="他機関の回答")
    response = client_for(admin_user).post(_url(org, "answer_hide", pk=consultation.pk, answer_pk=answer.pk))
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.hidden_at is None


def test_a_hidden_consultation_is_a_404_for_other_readers(org, admin_user, supporter, colleague):
    consultation = ask(supporter)
    client_for(admin_user).post(_url(org, "consultation_hide", pk=consultation.pk))
    assert client_for(colleague).get(_url(org, "consultation_detail", pk=consultation.pk)).status_code == 404
    assert client_for(supporter).get(_url(org, "consultation_detail", pk=consultation.pk)).status_code == 200


# --- hostile text ------------------------------------------------------------------------------------


def test_hostile_text_in_every_field_shows_literally(org, foreign_org, supporter, outsider):
    network = network_of(org, foreign_org)
    consultation = domain.ask(
        membership(supporter),
        by=supporter,
        title=XSS,
        body=XSS,
        context=XSS,
        audience="network",
        network_id=network.pk,
    )
    answer = domain.answer(consultation, membership(outsider), by=outsider, body=XSS)
    domain.comment(consultation, membership(outsider), by=outsider, body=XSS)
    domain.comment(consultation, membership(outsider), by=outsider, body=XSS, answer=answer)
    for client, slug_org in ((client_for(supporter), org), (client_for(outsider), foreign_org)):
        for page in (
            client.get(_url(slug_org, "consultation_detail", pk=consultation.pk)),
            client.get(_url(slug_org, "consultation_list")),
        ):
            html = page.content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "&lt;script&gt;alert" in html


def test_oversized_text_is_refused_with_a_japanese_message(supporter):
    with pytest.raises(ValidationError) as refused:
        domain.ask(membership(supporter), by=supporter, title="あ" * 201, body="本文")
    assert refused.value.message_dict["title"] == ["件名は200文字以内で入力してください。"]
