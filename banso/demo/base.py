"""Demo organizations, users and companies (the foundation's part of seed_demo)."""

from django.contrib.auth import get_user_model

from banso.companies.corporate_number import check_digit
from banso.companies.domain import create_company
from banso.companies.models import Company
from banso.demo.companies import BANK_COMPANIES, OFFICE_COMPANIES
from banso.demo.people import BANK, DEMO_PASSWORD, OFFICE, OFFICE_ADMIN, USERS
from banso.orgs.models import Membership, Organization

OWNER_COMPANY = "有限会社丸山精工"


def _organization(spec) -> Organization:
    org, _ = Organization.objects.get_or_create(
        slug=spec["slug"], defaults={"name": spec["name"], "kind": spec["kind"]}
    )
    return org


def _user(username: str, full_name: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name}
    )
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    if not user.email:  # the daily digest (send_digests) writes to it; example.jp is reserved
        user.email = f"{username}@example.jp"
        user.save(update_fields=["email"])
    return user


def _companies(org, rows, *, admin, advisor):
    admin_membership = Membership.objects.get(user=admin, organization=org)
    companies = []
    for row in rows:
        (
            name,
            kana,
            industry,
            fye,
            employees,
            capital,
            address,
            representative,
            founded,
            base12,
            to_advisor,
        ) = row
        company = Company.objects.filter(organization=org, name=name).first()
        if company is None:
            company = create_company(
                membership=admin_membership,
                by=admin,
                supporters=[advisor] if to_advisor else [admin],
                name=name,
                name_kana=kana,
                corporate_number=f"{check_digit(base12)}{base12}" if base12 else "",
                industry_code=industry,
                fiscal_year_end_month=fye,
                employees=employees,
                capital=capital,
                address=address,
                representative=representative,
                founded_year=founded,
            )
        companies.append(company)
    return companies


def build(context: dict) -> None:
    """Create (once) the bank, the 診断士 office, the demo logins and about twenty companies."""
    bank, office = _organization(BANK), _organization(OFFICE)
    orgs = {bank.slug: bank, office.slug: office}
    users = {}
    for username, full_name, slug, role, _ in [*USERS, OFFICE_ADMIN]:
        users[username] = _user(username, full_name)
        if role != "owner":
            Membership.objects.get_or_create(
                user=users[username], organization=orgs[slug], defaults={"role": role}
            )
    bank_companies = _companies(bank, BANK_COMPANIES, admin=users["orgadmin"], advisor=users["advisor"])
    office_companies = _companies(
        office, OFFICE_COMPANIES, admin=users["office-admin"], advisor=users["advisor2"]
    )
    owner_company = next(c for c in bank_companies if c.name == OWNER_COMPANY)
    Membership.objects.get_or_create(
        user=users["owner"], organization=bank, defaults={"role": "owner", "company": owner_company}
    )
    context.update(
        bank=bank,
        office=office,
        users=users,
        bank_companies=bank_companies,
        office_companies=office_companies,
        companies=bank_companies + office_companies,
    )
