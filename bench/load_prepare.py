"""Prepares `make load` (scripts/load.sh): signed-in sessions and the URLs of the load mix, from the
bank seed_scale built (slug `scale`), written as JSON for bench/locustfile.py.

Sessions are created directly (the same session rows a sign-in writes), so the measured minute is
spent on pages, not on password hashing (Argon2 costs real CPU per sign-in by design).
Run with the same settings and SECRET_KEY as the server (scripts/load.sh exports them).
"""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.urls import reverse  # noqa: E402

SLUG = os.environ.get("LOAD_SLUG", "scale")
SUPPORTERS = int(os.environ.get("LOAD_SESSIONS", "40"))


def session_for(user) -> str:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def main(out: str):
    from banso.companies.models import Company
    from banso.engagements.models import Engagement
    from banso.orgs.models import Organization, User

    org = Organization.objects.filter(slug=SLUG).first()
    if org is None:
        raise SystemExit(
            f"支援機関「{SLUG}」がありません。"
            "先に python manage.py seed_scale --companies 50000 を実行してください。"
        )
    kw = {"org": SLUG}
    supporters = []
    users = User.objects.filter(username__startswith=f"{SLUG}-sup-").order_by("username")[:SUPPORTERS]
    for user in users:
        companies = list(
            Company.objects.filter(supporters=user).order_by("pk").values_list("pk", flat=True)[:10]
        )
        # The engagements they lead (every fifth company has one), not only those of the first ten.
        engagements = list(
            Engagement.objects.filter(lead_supporter=user).order_by("pk").values_list("company_id", "pk")[:5]
        )
        supporters.append(
            {
                "session": session_for(user),
                "urls": {
                    "today": reverse("home:today", kwargs=kw),
                    "companies": reverse("companies:list", kwargs=kw),
                    "company": [reverse("companies:detail", kwargs={**kw, "pk": pk}) for pk in companies],
                    "benchmark": [
                        reverse("diagnosis:local_benchmark", kwargs={**kw, "company_pk": pk})
                        for pk in companies
                    ],
                    "engagement": [
                        {
                            name: reverse(
                                f"engagements:{name}", kwargs={**kw, "company_pk": c, "engagement_pk": e}
                            )
                            for name in ("detail", "dialogues", "issues", "walls", "action_list", "timeline")
                        }
                        for c, e in engagements
                    ],
                    "monitoring": [
                        reverse("monitoring:table", kwargs={**kw, "company_pk": pk}) for pk in companies[:1]
                    ],
                },
            }
        )
    admin = User.objects.get(username=f"{SLUG}-admin")
    owner = User.objects.get(username=f"{SLUG}-owner")
    data = {
        "cookie": settings.SESSION_COOKIE_NAME,
        "supporters": supporters,
        "admin": {
            "session": session_for(admin),
            "urls": {
                "companies": reverse("companies:list", kwargs=kw),
                "portfolio": reverse("home:portfolio", kwargs=kw),
                "activity": reverse("orgs:activity", kwargs=kw),
            },
        },
        "owner": {"session": session_for(owner), "urls": {"portal": reverse("portal:home", kwargs=kw)}},
    }
    Path(out).write_text(json.dumps(data, ensure_ascii=False))
    print(f"load: {len(supporters)} supporters, an admin and an owner signed in ({org.name})")


if __name__ == "__main__":
    main(sys.argv[1])
