"""`python manage.py create_api_token USERNAME [--org SLUG]` prints one new API token on one line."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from banso.orgs.domain import create_api_token
from banso.orgs.queries import memberships_of


class Command(BaseCommand):
    help = "利用者の API トークンを新しく作成し、トークンだけを1行で出力します。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--org", help="支援機関の URL名（複数の支援機関に所属する場合は必須）")
        parser.add_argument("--name", default="コマンドで作成", help="トークンの用途")
        parser.add_argument("--days", type=int, default=None, help="有効期限（日数）。省略時は無期限")

    def handle(self, *args, username, org, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"利用者「{username}」は見つからないか、無効になっています。")
        memberships = memberships_of(user)
        if org:
            memberships = memberships.filter(organization__slug=org)
        memberships = list(memberships)
        if not memberships:
            raise CommandError(f"利用者「{username}」は指定の支援機関に所属していません。")
        if len(memberships) > 1:
            slugs = ", ".join(m.organization.slug for m in memberships)
            raise CommandError(f"複数の支援機関に所属しています。--org で指定してください: {slugs}")
        _, raw = create_api_token(memberships[0], name=name, expires_in_days=days)
        self.stdout.write(raw)
