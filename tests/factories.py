"""factory_boy factories for the foundation's models. Areas add theirs in tests/<area>/factories.py."""

import factory

from banso.companies.corporate_number import check_digit
from banso.companies.models import Company
from banso.core.roles import Role
from banso.orgs.models import Membership, Organization, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"テスト支援機関{n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organization.Kind.BANK


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"利用者 {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.SUPPORTER


def valid_corporate_number(n: int) -> str:
    base = f"{n:012d}"
    return f"{check_digit(base)}{base}"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"株式会社テスト{n}")
    name_kana = factory.Sequence(lambda n: f"テスト{n}")
    corporate_number = factory.Sequence(lambda n: valid_corporate_number(100000 + n))
    industry_code = "0304"
    fiscal_year_end_month = 3
    employees = 12
    capital = 10_000_000

    @factory.post_generation
    def supporters(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.supporters.set(extracted)
