"""The consultation list and the question bank list answer in a constant number of queries, and the
participants of a consultation are told what happened (through the notifications kit when present)."""

import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from banso.knowledge import notifications
from banso.knowledge.domain import consultations as domain
from tests.conftest import client_for
from tests.knowledge.consultation_world import ask, membership, network_of

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # the session's first request loads what later ones keep
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_consultation_list_does_not_grow_with_its_rows(org, supporter, colleague):
    client = client_for(supporter)
    url = reverse("knowledge:consultation_list", kwargs={"org": org.slug})
    for n in range(2):
        consultation = ask(supporter, title=f"相談{n}")
        domain.answer(consultation, membership(colleague), by=colleague, body="回答")
    small = _queries(client, url)
    for n in range(6):
        consultation = ask(colleague, title=f"追加の相談{n}")
        domain.answer(consultation, membership(supporter), by=supporter, body="回答")
    assert _queries(client, url) == small


def test_the_thread_does_not_grow_with_its_answers(org, supporter, colleague, admin_user):
    consultation = ask(supporter)
    client = client_for(supporter)
    url = reverse("knowledge:consultation_detail", kwargs={"org": org.slug, "pk": consultation.pk})
    domain.answer(consultation, membership(colleague), by=colleague, body="回答")
    small = _queries(client, url)
    for n in range(5):
        answer = domain.answer(consultation, membership(admin_user), by=admin_user, body=f"回答{n}")
        domain.comment(consultation, membership(colleague), by=colleague, body="補足", answer=answer)
        domain.vote(answer, membership(colleague), by=colleague)
    assert _queries(client, url) == small


def test_participants_of_each_organization_are_notified_with_their_own_link(
    org, foreign_org, supporter, colleague, outsider, monkeypatch
):
    sent = []
    kit = types.SimpleNamespace(
        notify=lambda users, **kw: sent.append(({u.username for u in users}, kw)) or list(users)
    )
    monkeypatch.setattr(notifications, "_kit", lambda: kit)
    network = network_of(org, foreign_org)
    consultation = ask(supporter, network=network)
    domain.answer(consultation, membership(outsider), by=outsider, body="回答")
    # the asker hears of the answer under the asker's organization; the answerer (the actor) is `by`
    recipients = {(frozenset(u), k["organization"].slug) for u, k in sent}
    assert recipients == {(frozenset({"supporter"}), "minato"), (frozenset({"outsider"}), "sakura")}
    by_org = {k["organization"].slug: k for _, k in sent}
    assert by_org["minato"]["link"] == f"/o/minato/knowledge/consultations/{consultation.pk}/"
    assert by_org["sakura"]["link"] == f"/o/sakura/knowledge/consultations/{consultation.pk}/"
    assert all(k["by"] == outsider and "新しい回答" in k["text"] for _, k in sent)
    # someone of the asker's organization who never took part is not told
    assert all("colleague" not in u for u, _ in sent)


def test_without_the_kit_nothing_is_sent_and_the_event_is_logged(org, supporter, colleague, monkeypatch):
    from banso.core.models import ActivityLog

    monkeypatch.setattr(notifications, "_kit", lambda: None)
    consultation = ask(supporter)
    domain.answer(consultation, membership(colleague), by=colleague, body="回答")
    assert notifications.tell_participants(consultation, event="answered", by=colleague) == 0
    assert ActivityLog.objects.filter(code="knowledge.consultation.answered").count() == 1


def test_with_the_notifications_kit_the_asker_gets_an_in_app_notification(
    org, foreign_org, supporter, outsider
):
    from banso.core.models import Notification

    network = network_of(org, foreign_org)
    consultation = ask(supporter, network=network)
    domain.answer(consultation, membership(outsider), by=outsider, body="回答")
    note = Notification.objects.get(recipient=supporter)
    assert (note.organization_id, note.link) == (
        org.pk,
        f"/o/minato/knowledge/consultations/{consultation.pk}/",
    )
    assert "新しい回答" in note.text
    assert not Notification.objects.filter(recipient=outsider).exists()  # never the actor
