"""The company list's search index (migration 0009): there on each database, skipped with a warning
when PostgreSQL refuses pg_trgm, and short terms still found."""

import importlib
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

search_index_migration = importlib.import_module("banso.companies.migrations.0009_company_search_index")


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, "companies_company").items()
            if info["index"]
        }


def test_the_search_has_an_index_on_each_database():
    names = _index_names()
    if connection.vendor == "postgresql":
        assert "company_search_trgm" in names
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'company_search_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]
    else:
        assert "company_org_search" in names
    assert "company_org_sort" in names


class _RefusingCursor:
    def __init__(self):
        self.statements = []

    def execute(self, sql, params=None):
        self.statements.append(sql)
        if sql.startswith("CREATE EXTENSION"):
            raise PermissionError('permission denied to create extension "pg_trgm"')

    def fetchone(self):
        return None  # pg_trgm is not installed


class _PostgresWithoutTrgm:
    vendor = "postgresql"
    alias = "default"

    def __init__(self):
        self.refusing = _RefusingCursor()

    @contextmanager
    def cursor(self):
        yield self.refusing


def test_a_user_who_may_not_create_pg_trgm_gets_a_warning_not_a_failed_migration():
    fake = _PostgresWithoutTrgm()
    editor = type("Editor", (), {"connection": fake})()
    with pytest.warns(RuntimeWarning, match="pg_trgm"):
        search_index_migration.add_search_index(apps, editor)
    assert not any(sql.startswith("CREATE INDEX") for sql in fake.refusing.statements)


@pytest.mark.parametrize("term", ["丸", "丸山", "ﾏﾙ"])
def test_terms_of_one_or_two_characters_are_found(login, admin_user, org, term):
    CompanyFactory(organization=org, name="有限会社丸山精工", name_kana="マルヤマセイコウ")
    CompanyFactory(organization=org, name="株式会社青木商店", name_kana="アオキショウテン")
    response = login(admin_user).get(reverse("companies:list", kwargs={"org": "minato"}), {"q": term})
    assert [c.name for c in response.context["page"].object_list] == ["有限会社丸山精工"]
