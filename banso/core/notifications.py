"""In-app notifications: the small kit every area calls (`notify`), the bell's unread count and
marking read. The daily e-mail digest (banso/home/digests.py) reads the same rows.

    from banso.core.notifications import notify
    notify([user], kind="comment.reply", text="…", link="/o/slug/…", organization=org, by=author)

- One row per recipient; the author of the event is never notified of their own act.
- Text is stored as typed (one line, cut to 300 characters) and escaped wherever it is shown
  (templates autoescape; the digest's HTML part too).
- `link` must be a path inside Banso (it starts with one "/"); anything else is dropped, so a
  notification can never send a user to an outside site.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from banso.core.models import Notification

TEXT_MAX = 300
PAGE_SIZE = 50

# Kinds in use (areas may add theirs: a short namespaced code).
COMMENT = "comment"
COMPANY_UPDATE = "action.company_update"
KIND_LABELS = {COMMENT: "コメント", COMPANY_UPDATE: "事業者の記入"}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, "お知らせ")


def one_line(text: str, limit: int = TEXT_MAX) -> str:
    """Whitespace (newlines included) folded to single spaces, cut to `limit` characters with …."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def safe_link(link: str) -> str:
    """A path inside Banso, or "" (no outside addresses, no scheme-relative //host)."""
    link = (link or "").strip()
    if not link.startswith("/") or link.startswith("//") or "\\" in link or len(link) > 300:
        return ""
    return link


def _organization_id(organization) -> int:
    return organization if isinstance(organization, int) else organization.pk


def notify(
    users: Iterable,
    *,
    kind: str,
    text: str,
    link: str = "",
    organization,
    company_id: int | None = None,
    by=None,
) -> list[Notification]:
    """One notification per distinct active user (never to `by`). Returns the rows created."""
    by_id = getattr(by, "pk", None)
    seen: set[int] = set()
    rows = []
    actor_name = (getattr(by, "display_name", None) or "") if by is not None else ""
    for user in users:
        if user is None or user.pk in seen or user.pk == by_id or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                organization_id=_organization_id(organization),
                company_id=company_id,
                kind=kind[:60],
                text=one_line(text),
                link=safe_link(link),
                actor_name=actor_name[:150],
            )
        )
    return Notification.objects.bulk_create(rows)


def for_user(user, organization=None):
    """The user's notifications (in one organization when given), newest first."""
    rows = Notification.objects.filter(recipient=user)
    if organization is not None:
        rows = rows.filter(organization_id=_organization_id(organization))
    return rows


def unread_count(user, organization) -> int:
    if user is None or not user.is_authenticated or organization is None:
        return 0
    return for_user(user, organization).filter(read_at__isnull=True).count()


def mark_read(user, organization, ids: Iterable[int] | None = None, *, until=None) -> int:
    """Mark the user's notifications in the organization read (only these ids when given, only those
    created up to `until` when given). Returns how many changed. Someone else's notification is simply
    not found: nothing changes."""
    rows = for_user(user, organization).filter(read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    if until is not None:
        rows = rows.filter(created_at__lte=until)
    return rows.update(read_at=timezone.now())


def bell(request) -> dict:
    """Context processor: the unread count for the header's bell (0 outside an organization)."""
    user = getattr(request, "user", None)
    organization = getattr(request, "organization", None)
    if user is None or not user.is_authenticated or organization is None:
        return {}
    return {"unread_notifications": unread_count(user, organization)}


def digest_preference(user):
    """The user's digest choice (an unsaved default row — daily — when they never chose)."""
    from banso.core.models import NotificationPreference

    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)


def set_digest_preference(user, *, digest: str, expected_version: int | None):
    """Save the user's choice (daily / none). ConflictError when changed since `expected_version`."""
    from django.db import transaction

    from banso.core.models import DigestFrequency, NotificationPreference
    from banso.core.records import ensure_version

    if digest not in DigestFrequency.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"digest": "選択肢から選んでください。"})
    with transaction.atomic():
        current, created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
        if not created:
            ensure_version(current, expected_version)
            current.version += 1
        current.digest = digest
        current.save()
    return current
