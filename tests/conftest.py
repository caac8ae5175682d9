"""Shared fixtures: two organizations and one actor per role (healthchecks-style three actors and more).

- `org` (a bank) with `company` assigned to `supporter`, and `other_company` assigned to nobody.
- `foreign_org` with `foreign_company` and its own supporter `outsider`.
"""

import sys

import pytest
from django.test import Client

from banso.core.roles import Role
from tests.factories import CompanyFactory, MembershipFactory, OrganizationFactory, UserFactory

POSTGRESQL_ONLY = (
    "needs PostgreSQL: the SQLite test database (in memory, shared cache) fails a second writer at once "
    '("table is locked") instead of waiting for it; run it with make test-pg'
)


def pytest_collection_modifyitems(config, items):
    """`@pytest.mark.postgresql_only` tests are skipped, with the reason, when the database is not
    PostgreSQL (the skip is declared on the test, not hidden in its body)."""
    from django.db import connections

    if connections["default"].vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=POSTGRESQL_ONLY)
    for item in items:
        if item.get_closest_marker("postgresql_only"):
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _no_stray_postgres_sessions(django_db_setup, django_db_blocker):
    """On PostgreSQL the test database is dropped at the end of the run, which fails while any other
    session is still connected to it. Name such a session on stderr (so the leak can be found) and end
    it, so one stray connection does not turn a green run red at teardown."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, application_name, state, left(query, 200), pg_terminate_backend(pid)"
            " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for row in cursor.fetchall():
            sys.stderr.write(f"\nstray PostgreSQL session ended at teardown: {row[:4]}\n")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


@pytest.fixture
def org(db):
    return OrganizationFactory(name="みなと地域銀行", slug="minato")


@pytest.fixture
def foreign_org(db):
    return OrganizationFactory(name="さくら経営診断事務所", slug="sakura")


def _member(org, role, username, company=None):
    user = UserFactory(username=username, full_name=f"{username} さん")
    MembershipFactory(user=user, organization=org, role=role, company=company)
    return user


@pytest.fixture
def admin_user(org):
    return _member(org, Role.ORG_ADMIN, "admin")


@pytest.fixture
def supporter(org):
    return _member(org, Role.SUPPORTER, "supporter")


@pytest.fixture
def colleague(org):
    """A supporter of the same organization who is not assigned to `company`."""
    return _member(org, Role.SUPPORTER, "colleague")


@pytest.fixture
def viewer(org):
    return _member(org, Role.VIEWER, "viewer")


@pytest.fixture
def company(org, supporter):
    return CompanyFactory(
        organization=org, name="有限会社丸山精工", name_kana="マルヤマセイコウ", supporters=[supporter]
    )


@pytest.fixture
def other_company(org):
    return CompanyFactory(
        organization=org, name="株式会社まるや商店", name_kana="マルヤショウテン", industry_code="0501"
    )


@pytest.fixture
def owner(org, company):
    return _member(org, Role.OWNER, "owner", company=company)


@pytest.fixture
def outsider(foreign_org):
    return _member(foreign_org, Role.SUPPORTER, "outsider")


@pytest.fixture
def foreign_company(foreign_org, outsider):
    return CompanyFactory(organization=foreign_org, name="株式会社相模精密", supporters=[outsider])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    return client_for
