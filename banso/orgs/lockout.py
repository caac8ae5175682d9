"""Sign-in lock-out with two limits (django-axes handler).

axes counts failures per user name + IP (`AXES_LOCKOUT_PARAMETERS`) against `AXES_FAILURE_LIMIT`.
That alone never stops one password tried across many user names from one address, so this
handler adds a second, higher limit per IP across all user names (`BANSO_LOGIN_IP_FAILURE_LIMIT`):
high enough that an office behind one NAT is not locked out by a few colleagues' typos.

axes compares one number with one limit; `get_failures` therefore reports the per-user count, or
the per-user limit once the address has reached its own limit. A successful sign-in clears only
that user's failures from that address (axes' default), never the whole address's — otherwise an
attacker with one valid account could reset the per-IP count between guesses.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _failures(request, **filters) -> int:
    attempts = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request), **filters)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def ip_failures(request) -> int:
    """Failed sign-ins from this request's address across all user names, within the cool-off."""
    return _failures(request, ip_address=request.axes_ip_address)


class UserAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_user = super().get_failures(request, credentials)
        if ip_failures(request) >= settings.BANSO_LOGIN_IP_FAILURE_LIMIT:
            return max(per_user, get_failure_limit(request, credentials))
        return per_user


def record_failure(request, *, username: str) -> None:
    """Count a wrong password entered outside the sign-in form (e.g. the current password on the
    password-change page) like a failed sign-in. Side effect: an axes AccessAttempt; sets
    `request.axes_locked_out` when the limit is reached (the axes middleware then answers 429)."""
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def is_locked_out(request, *, username: str) -> bool:
    """Whether sign-in attempts for `username` from this address are locked (either limit)."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, {"username": username})


def lockout_response(request, *, username: str):
    """The lock-out page (429, Japanese) that axes shows on the sign-in form."""
    from axes.helpers import get_lockout_response

    return get_lockout_response(request, None, {"username": username})
