"""The daily digest (毎日のまとめメール): per user, one e-mail with their unread notifications
(core.notifications) and today's alerts (今日やること, core.alerts through home.queries) of every
organization where they work on the support side.

`send_digests(day=…)` is the whole job (the management command `send_digests` only parses its
arguments), so it can run from cron today and as a background task later. Safe to run twice: before
sending, a `DigestRun(user, day)` row is claimed; its unique constraint lets exactly one run — even two
at the same moment — send that user's mail for that day. If sending fails the claim is released so the
next run retries. Users who chose 「受け取らない」, inactive users, users without an e-mail address or
an active membership, and days with nothing to tell get no mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from banso.core.alerts import Alert, ymd
from banso.core.models import DigestFrequency, DigestRun, Notification
from banso.core.notifications import kind_label, safe_link
from banso.home.permissions import sees_home
from banso.home.queries import alerts_for
from banso.orgs.models import Membership, User

logger = logging.getLogger(__name__)

MAX_NOTIFICATIONS = 30
MAX_ALERTS = 30  # per organization


@dataclass
class DigestNotification:
    text: str
    kind_label: str
    organization: str
    url: str
    at: dt.datetime


@dataclass
class DigestAlertGroup:
    organization: str
    alerts: list  # of (Alert, absolute url)
    more: int
    home_url: str


@dataclass
class Digest:
    user: User
    day: dt.date
    notifications: list[DigestNotification] = field(default_factory=list)
    notification_total: int = 0
    alert_groups: list[DigestAlertGroup] = field(default_factory=list)
    alert_total: int = 0
    settings_url: str = ""
    notifications_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.notification_total and not self.alert_total

    @property
    def subject(self) -> str:
        parts = []
        if self.notification_total:
            parts.append(f"未読の通知 {self.notification_total}件")
        if self.alert_total:
            parts.append(f"今日やること {self.alert_total}件")
        return f"【Banso】{ymd(self.day)}のお知らせ（{'・'.join(parts)}）"


@dataclass
class DigestSummary:
    sent: int = 0
    already_sent: int = 0
    nothing_to_tell: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return (
            f"送信 {self.sent}件、送信済みのため省略 {self.already_sent}件、"
            f"お知らせなし {self.nothing_to_tell}件、失敗 {self.failed}件"
        )


def absolute(path: str, base_url: str) -> str:
    path = safe_link(path)
    return f"{base_url}{path}" if path else base_url + "/"


def recipients():
    """Active users with an e-mail address and an active membership who did not opt out."""
    return (
        User.objects.filter(is_active=True, memberships__is_active=True)
        .exclude(email="")
        .exclude(notification_preference__digest=DigestFrequency.NONE)
        .distinct()
        .order_by("pk")
    )


def build_digest(user: User, day: dt.date, *, base_url: str) -> Digest:
    """What the user's digest for `day` would say (nothing is written)."""
    memberships = list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("organization__name")
    )
    orgs = {m.organization_id: m.organization for m in memberships}
    digest = Digest(user=user, day=day)
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True, organization_id__in=list(orgs))
    digest.notification_total = unread.count()
    for n in unread[:MAX_NOTIFICATIONS]:
        organization = orgs[n.organization_id]
        digest.notifications.append(
            DigestNotification(
                text=n.text,
                kind_label=kind_label(n.kind),
                organization=organization.name,
                url=absolute(
                    n.link or reverse("comments:notifications", kwargs={"org": organization.slug}), base_url
                ),
                at=timezone.localtime(n.created_at),
            )
        )
    for membership in memberships:
        if not sees_home(membership):
            continue
        alerts: list[Alert] = alerts_for(membership, today=day)
        if not alerts:
            continue
        digest.alert_total += len(alerts)
        digest.alert_groups.append(
            DigestAlertGroup(
                organization=membership.organization.name,
                alerts=[(a, absolute(a.url, base_url)) for a in alerts[:MAX_ALERTS]],
                more=max(0, len(alerts) - MAX_ALERTS),
                home_url=absolute(
                    reverse("home:today", kwargs={"org": membership.organization.slug}), base_url
                ),
            )
        )
    if memberships:
        slug = memberships[0].organization.slug
        digest.settings_url = absolute(
            reverse("comments:notification_settings", kwargs={"org": slug}), base_url
        )
        digest.notifications_url = absolute(reverse("comments:notifications", kwargs={"org": slug}), base_url)
    return digest


def render_digest(digest: Digest) -> EmailMultiAlternatives:
    context = {"digest": digest, "day_text": ymd(digest.day)}
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=render_to_string("home/email/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[digest.user.email],
    )
    message.attach_alternative(render_to_string("home/email/digest.html", context), "text/html")
    return message


def _claim(user: User, day: dt.date) -> DigestRun | None:
    try:
        with transaction.atomic():
            return DigestRun.objects.create(user=user, day=day)
    except IntegrityError:
        return None


def send_digests(*, day: dt.date | None = None, base_url: str | None = None, users=None) -> DigestSummary:
    """Send each recipient's digest for `day` (today in Asia/Tokyo by default) at most once."""
    day = day or timezone.localdate()
    base_url = (base_url or settings.BANSO_BASE_URL).rstrip("/")
    summary = DigestSummary()
    connection = get_connection()
    for user in users if users is not None else recipients():
        if DigestRun.objects.filter(user=user, day=day).exists():
            summary.already_sent += 1
            continue
        digest = build_digest(user, day, base_url=base_url)
        if digest.is_empty:
            summary.nothing_to_tell += 1
            continue
        run = _claim(user, day)
        if run is None:  # another run claimed it between the check and now
            summary.already_sent += 1
            continue
        message = render_digest(digest)
        message.connection = connection
        try:
            message.send()
        except Exception:  # the mail server refused or is down: release the claim, retry next run
            logger.exception("digest mail to user %s failed", user.pk)
            run.delete()
            summary.failed += 1
            continue
        run.sent_at = timezone.now()
        run.notification_count = digest.notification_total
        run.alert_count = digest.alert_total
        run.save(update_fields=["sent_at", "notification_count", "alert_count"])
        summary.sent += 1
    return summary
