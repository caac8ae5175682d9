"""An index for the company list's search (`search_text LIKE '%…%'`, issue 10), per database.

- PostgreSQL: a pg_trgm GIN index, so a search is an index lookup instead of a scan of the
  organization's companies. pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may
  create it. When the database user may not, the migration says so and goes on without the index
  (the search works the same, only slower); an administrator can run
  `CREATE EXTENSION pg_trgm;` and migrate this app back and forth to add it.
- SQLite: a covering index on (organization, search_text), so counting and filtering the matches
  read the index, not every company row. SQLite's LIKE cannot use an index for '%…%'.

Terms of one or two characters are found either way: the query is the same LIKE; the index only
changes how it is answered (pg_trgm falls back to a full index scan for terms under 3 characters).
"""

import warnings

from django.db import migrations, transaction

TRGM_INDEX = "company_search_trgm"
SQLITE_INDEX = "company_org_search"


def _has_trgm(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    return cursor.fetchone() is not None


def add_search_index(apps, schema_editor):
    connection = schema_editor.connection
    table = apps.get_model("companies", "Company")._meta.db_table
    if connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{SQLITE_INDEX}" ON "{table}" ("organization_id", "search_text")'
        )
        return
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if not _has_trgm(cursor):
            try:
                with transaction.atomic(using=connection.alias):  # a savepoint: a refusal leaves the rest
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except Exception as exc:  # noqa: BLE001 — any refusal (permission, extension not installed)
                warnings.warn(
                    "pg_trgm を作成できないため、事業者検索の索引を作らずに続けます（検索は動きますが、"
                    f"事業者が多いと遅くなります）。管理者が CREATE EXTENSION pg_trgm を実行してください: {exc}",
                    RuntimeWarning,
                    stacklevel=1,
                )
                return
        cursor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TRGM_INDEX}" ON "{table}" USING gin ("search_text" gin_trgm_ops)'
        )


def drop_search_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{SQLITE_INDEX}"')
    elif vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TRGM_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("companies", "0008_company_org_sort")]

    operations = [migrations.RunPython(add_search_index, drop_search_index, elidable=False)]
