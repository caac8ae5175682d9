"""Users, support organizations (支援機関), memberships with roles, and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from banso.core.history import audited_history
from banso.core.roles import COMPANY_SIDE_ROLES, Role


class User(AbstractUser):
    full_name = models.CharField("氏名", max_length=100, blank=True)
    last_organization = models.ForeignKey(
        "Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="最後に使った支援機関",
        help_text="次のログインでこの支援機関を開きます。",
    )

    class Meta:
        verbose_name = "利用者"
        verbose_name_plural = "利用者"

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_username()

    def __str__(self):
        return self.display_name


class DocumentEra(models.TextChoices):
    """How an organization's documents write dates (see banso.core.formatting.document_date)."""

    WESTERN = "western", "西暦"
    JAPANESE = "japanese", "和暦"


class Organization(models.Model):
    class Kind(models.TextChoices):
        BANK = "bank", "金融機関"
        CHAMBER = "chamber", "商工会・商工会議所"
        PROFESSIONAL = "professional", "士業・コンサル"
        PUBLIC = "public", "公的支援機関"
        OTHER = "other", "その他"

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    slug = models.SlugField("URL名", max_length=50, unique=True, help_text="URL に使う半角英数字の名前です。")
    document_era = models.CharField(
        "帳票の日付",
        max_length=10,
        choices=DocumentEra.choices,
        default=DocumentEra.WESTERN,
        help_text="PDF・Excel の日付を西暦（2026年11月5日）と和暦（令和8年11月5日）のどちらで書くか。",
    )
    require_two_factor = models.BooleanField(
        "二段階認証を必須にする",
        default=False,
        help_text="管理者・支援者・閲覧者は、認証アプリのコードがないとログインできなくなります（金融機関では推奨）。",
    )
    version = models.PositiveIntegerField("版", default=1, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "支援機関"
        verbose_name_plural = "支援機関"

    def __str__(self):
        return self.name


class Branch(models.Model):
    """支店: an optional grouping of an organization's supporters (for the member list and the portfolio)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="branches")
    name = models.CharField("支店名", max_length=100)
    code = models.CharField("支店コード", max_length=20, blank=True, help_text="例: 101（任意）")
    version = models.PositiveIntegerField("版", default=1, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    history = audited_history()

    class Meta:
        ordering = ["code", "name", "id"]
        verbose_name = "支店"
        verbose_name_plural = "支店"
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="branch_unique_name"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def audit_organization_id(self) -> int:
        return self.organization_id


class Membership(models.Model):
    """A user's role in one organization. Company-side users (経営者, 従業員) are tied to one company.

    An invited person's membership records when the invitation was sent and when it was used
    (banso/orgs/members.py); `version` guards role and branch changes against a colleague's edit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("役割", max_length=20, choices=Role.choices)
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_memberships",
        verbose_name="所属する事業者",
    )
    is_active = models.BooleanField("有効", default=True)
    branch = models.ForeignKey(
        Branch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="支店",
    )
    invited_at = models.DateTimeField("招待日時", null=True, blank=True)
    invite_accepted_at = models.DateTimeField("招待を受けた日時", null=True, blank=True)
    deactivated_at = models.DateTimeField("無効にした日時", null=True, blank=True)
    version = models.PositiveIntegerField("版", default=1, editable=False)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)

    history = audited_history()

    class Meta:
        verbose_name = "所属"
        verbose_name_plural = "所属"
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org"),
            models.CheckConstraint(
                condition=(
                    Q(role__in=sorted(r.value for r in COMPANY_SIDE_ROLES), company__isnull=False)
                    | (~Q(role__in=sorted(r.value for r in COMPANY_SIDE_ROLES)) & Q(company__isnull=True))
                ),
                name="membership_company_iff_company_side_role",
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.organization} ({self.get_role_display()})"

    @property
    def is_company_side(self) -> bool:
        return self.role in COMPANY_SIDE_ROLES

    @property
    def audit_organization_id(self) -> int:
        return self.organization_id


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(
            revoked_at__isnull=True, membership__is_active=True, membership__user__is_active=True
        ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(models.Model):
    """A Bearer token for the JSON API, bound to one membership (so to one organization and role).

    Only a hash is stored; the token itself is shown once when it is created.
    """

    PREFIX_LENGTH = 8

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名前", max_length=100)
    key_prefix = models.CharField("先頭文字", max_length=PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True)
    expires_at = models.DateTimeField("有効期限", null=True, blank=True)
    revoked_at = models.DateTimeField("失効日時", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    history = audited_history(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API トークン"
        verbose_name_plural = "API トークン"

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def audit_organization_id(self) -> int:
        return self.membership.organization_id

    @property
    def state_label(self) -> str:
        if self.revoked_at:
            return "失効済み"
        if self.expires_at and self.expires_at <= timezone.now():
            return "期限切れ"
        return "有効"
