"""The daily digest (send_digests): one mail per user and day however often it runs, unread
notifications and today's alerts with absolute links, opt-out, hostile text escaped, failures retried."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from banso.core.models import DigestRun, Notification, NotificationPreference
from banso.core.notifications import notify
from banso.home.digests import send_digests
from banso.home.queries import alerts_for
from banso.orgs.models import Membership
from tests.engagements.factories import ActionFactory, EngagementFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

BASE = "https://banso.example.jp"
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.BANSO_BASE_URL = BASE


@pytest.fixture
def day():
    return timezone.localdate()


@pytest.fixture
def with_email(supporter, owner):
    for user, address in ((supporter, "tanaka@example.jp"), (owner, "maruyama@example.jp")):
        user.email = address
        user.save()


@pytest.fixture
def overdue_action(company, supporter, day):
    engagement = EngagementFactory(company=company, status="active", step=6)
    person = StakeholderFactory(engagement=engagement, name="丸山 浩二", role="owner")
    return ActionFactory(
        engagement=engagement, owner=person, what="原価を計算する", due_on=day - dt.timedelta(days=5)
    )


def _mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_digest_twice_the_same_day_sends_one_mail(org, supporter, with_email, overdue_action, day):
    notify(
        [supporter], kind="comment", text="丸山さんがコメントしました", link="/o/x/portal/", organization=org
    )
    first = send_digests(day=day)
    second = send_digests(day=day)
    assert first.sent == 1 and second.sent == 0 and second.already_sent == 1
    assert len(_mails_to("tanaka@example.jp")) == 1
    run = DigestRun.objects.get(user=supporter, day=day)
    assert run.sent_at is not None and run.notification_count == 1 and run.alert_count >= 1
    # the next day is another digest
    assert send_digests(day=day + dt.timedelta(days=1)).sent == 1


def test_mail_lists_notifications_and_alerts_with_absolute_links(
    org, supporter, with_email, overdue_action, day
):
    notify(
        [supporter],
        kind="comment",
        text="丸山さんがコメントしました",
        link=f"/o/{org.slug}/notifications/",
        organization=org,
    )
    send_digests(day=day)
    (message,) = _mails_to("tanaka@example.jp")
    alerts = alerts_for(Membership.objects.get(user=supporter), today=day)
    assert any(a.kind == "action_overdue" for a in alerts)
    assert (
        message.subject
        == f"【Banso】{day:%Y/%m/%d}のお知らせ（未読の通知 1件・今日やること {len(alerts)}件）"
    )
    body = message.body
    assert "丸山さんがコメントしました" in body and f"{BASE}/o/{org.slug}/notifications/" in body
    assert "原価を計算する" in body and f"{BASE}/o/{org.slug}/companies/" in body
    assert f"{BASE}/o/{org.slug}/today/" in body
    html, mime = message.alternatives[0]
    assert mime == "text/html" and "原価を計算する" in html


def test_hostile_text_is_escaped_in_the_html_part(org, supporter, with_email, day):
    notify(
        [supporter], kind="comment", text=f"{HOSTILE}さんがコメントしました", link="/o/x/", organization=org
    )
    send_digests(day=day)
    (message,) = _mails_to("tanaka@example.jp")
    html = message.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\n" not in message.subject


def test_opted_out_users_and_users_with_nothing_get_no_mail(org, supporter, owner, with_email, day):
    NotificationPreference.objects.create(user=supporter, digest="none")
    notify([supporter, owner], kind="comment", text="t", link="", organization=org)
    owner_only = send_digests(day=day)
    assert owner_only.sent == 1 and len(mail.outbox) == 1 and mail.outbox[0].to == ["maruyama@example.jp"]
    Notification.objects.update(read_at=timezone.now())
    assert send_digests(day=day + dt.timedelta(days=1)).sent == 0


def test_company_side_digest_has_no_alerts_section(org, owner, with_email, overdue_action, day):
    notify([owner], kind="comment", text="田中さんが返信しました", link="/o/x/portal/", organization=org)
    send_digests(day=day)
    (message,) = _mails_to("maruyama@example.jp")
    assert "今日やること" not in message.subject and "原価を計算する" not in message.body


def test_a_concurrent_claim_wins_and_no_second_mail(org, supporter, with_email, day):
    notify([supporter], kind="comment", text="t", link="", organization=org)
    # Another run claimed the user after this run checked (the unique constraint decides).
    with mock.patch("banso.home.digests.DigestRun.objects.filter") as exists:
        exists.return_value.exists.return_value = False
        DigestRun.objects.create(user=supporter, day=day)
        summary = send_digests(day=day)
    assert summary.sent == 0 and summary.already_sent == 1 and mail.outbox == []


def test_a_failed_send_releases_the_claim_for_the_next_run(org, supporter, with_email, day):
    notify([supporter], kind="comment", text="t", link="", organization=org)
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        assert send_digests(day=day).failed == 1
    assert not DigestRun.objects.exists()
    assert send_digests(day=day).sent == 1


def test_command_runs_and_refuses_a_bad_date(org, supporter, with_email, day, capsys):
    notify([supporter], kind="comment", text="t", link="", organization=org)
    call_command("send_digests", "--date", day.isoformat())
    call_command("send_digests", "--date", day.isoformat())
    assert len(mail.outbox) == 1
    assert "送信済みのため省略 1件" in capsys.readouterr().out
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_digests", "--date", "2026-13-45")


def test_cron_queues_the_digest_as_scheduled_work_and_a_second_run_sends_nothing(
    org, supporter, with_email, overdue_action, capsys
):
    call_command("enqueue_scheduled", "--list")
    assert "send_digests" in capsys.readouterr().out
    # the test settings run tasks at once, as the worker would
    call_command("enqueue_scheduled", "send_digests")
    call_command("enqueue_scheduled", "send_digests")
    assert len(_mails_to("tanaka@example.jp")) == 1
