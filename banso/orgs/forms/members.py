"""Forms of the members pages (管理者 only). Rules live in banso/orgs/members.py."""

from django import forms
from django.contrib.auth.password_validation import validate_password

from banso.core.forms import BansoForm, VersionedFormMixin
from banso.core.roles import Role
from banso.orgs.models import Branch


def _branch_choices(organization):
    return [("", "（なし）")] + [(b.pk, str(b)) for b in Branch.objects.filter(organization=organization)]


def _company_choices(organization):
    # The reverse relation keeps this area below companies in the layers.
    return [("", "選んでください")] + [
        (c.pk, c.name) for c in organization.companies.order_by("name_kana", "id")
    ]


class _RoleFields(BansoForm):
    role = forms.ChoiceField(label="役割", choices=Role.choices)
    company = forms.TypedChoiceField(
        label="事業者（経営者・従業員のみ）", coerce=int, required=False, empty_value=None
    )
    branch = forms.TypedChoiceField(label="支店", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here; the domain refuses another organization's company with a message.
        self.fields["company"].choices = _company_choices(organization)
        self.fields["company"].valid_value = lambda value: True
        self.fields["branch"].choices = _branch_choices(organization)
        self.fields["branch"].valid_value = lambda value: True
        self.fields["company"].help_text = "経営者・従業員は、この支援機関の事業者を1社選びます。"

    def clean_company(self):
        return self._bounded("company")

    def clean_branch(self):
        return self._bounded("branch")

    def _bounded(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not 0 < value < 2**63:
            raise forms.ValidationError("一覧から選んでください。")
        return value


class InviteForm(_RoleFields):
    email = forms.CharField(label="メールアドレス", max_length=254)
    full_name = forms.CharField(label="氏名", max_length=100, required=False)
    field_order = ["email", "full_name", "role", "company", "branch"]


class MemberForm(VersionedFormMixin, _RoleFields):
    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, organization=member.organization, **kwargs)
        self.initial.setdefault("role", member.role)
        self.initial.setdefault("company", member.company_id)
        self.initial.setdefault("branch", member.branch_id)
        self.expect_version(member)


class VersionForm(VersionedFormMixin, BansoForm):
    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.expect_version(record)


class HandoverForm(BansoForm):
    successors = forms.TypedMultipleChoiceField(
        label="引き継ぐ人",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="複数選ぶと、事業者ごとに順番に割り振ります。事業者とその伴走支援案件は同じ人に引き継ぎます。",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successors"].choices = [(m.user_id, m.user.display_name) for m in choices]


class AssignForm(BansoForm):
    supporter = forms.TypedChoiceField(label="支援者", coerce=int)
    companies = forms.TypedMultipleChoiceField(label="事業者", coerce=int, required=False)
    action = forms.ChoiceField(choices=[("assign", "担当に追加"), ("unassign", "担当から外す")])

    def __init__(self, *args, supporters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supporter"].choices = [("", "選んでください")] + [
            (m.user_id, m.user.display_name) for m in supporters
        ]
        self.fields["companies"].valid_value = lambda value: True

    def clean_companies(self):
        ids = self.cleaned_data.get("companies") or []
        if len(ids) > 1000 or any(not 0 < i < 2**63 for i in ids):
            raise forms.ValidationError("事業者は一覧から選んでください。")
        return ids


class BranchForm(VersionedFormMixin, BansoForm):
    name = forms.CharField(label="支店名", max_length=100)
    code = forms.CharField(label="支店コード", max_length=20, required=False, help_text="例: 101（任意）")

    def __init__(self, *args, branch=None, **kwargs):
        super().__init__(*args, **kwargs)
        if branch is not None:
            self.initial.setdefault("name", branch.name)
            self.initial.setdefault("code", branch.code)
        self.expect_version(branch)


class SetPasswordForm(BansoForm):
    password1 = forms.CharField(
        label="パスワード", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="パスワード（確認）", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "確認用のパスワードが一致しません。")
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
