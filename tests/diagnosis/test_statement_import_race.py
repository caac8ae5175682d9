"""Parallel imports of the same years for a new company: one wins, the others are told the years exist.

Real threads on real connections (transaction=True), so the test runs the database's own locking —
SQLite's IMMEDIATE transactions here, row locks on PostgreSQL (scripts/with_postgres.sh).

The SQLite test database is in memory with a shared cache, where a second writer fails at once with
"database table is locked" instead of waiting as the app's file database does (its busy timeout does
not apply to a shared cache). The helper retries exactly that error from the start of the import;
on PostgreSQL it never happens. Because a retry re-runs the check, the SQLite run proves the threaded
path works, while the PostgreSQL run (make test-pg) is the one that fails on check-before-transaction
code (it did: 4 of 4 imports "succeeded" there before the fix).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connection

from banso.core.errors import DomainError
from banso.core.models import ActivityLog
from banso.diagnosis.domain import statements as statement_domain
from banso.diagnosis.domain.statements import YearInput, import_statements
from banso.diagnosis.models import FinancialStatement
from tests.diagnosis.factories import BASE_VALUES

PARALLEL = 4
RETRIES = 500


def _waiting_for_sqlite_locks(work, index: int):
    for _ in range(RETRIES):
        try:
            return work(index)
        except OperationalError as exc:
            if "is locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("the shared-cache lock was never released")


@pytest.fixture(autouse=True)
def _slow_writer(monkeypatch):
    """Each write pauses first, so the other imports reach their "already registered?" check while
    the first one is still writing — the window the lost updates came through, made wide enough to hit
    every time."""
    write = statement_domain._write

    def slow_write(*args, **kwargs):
        time.sleep(0.05)
        return write(*args, **kwargs)

    monkeypatch.setattr(statement_domain, "_write", slow_write)


def _run_in_parallel(work, count: int) -> list[object]:
    """Run `work(i)` in `count` threads started together; each result or exception, in order."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = _waiting_for_sqlite_locks(work, index)
        except Exception as exc:  # collected and asserted below
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_parallel_imports_of_the_same_file_write_once_and_refuse_the_rest(company, supporter):
    def import_once(index: int):
        values = {**BASE_VALUES, "net_sales": BASE_VALUES["net_sales"] + index * 1000}
        values["cost_of_sales"] = BASE_VALUES["cost_of_sales"] + index * 1000  # keeps 営業利益 in balance
        return import_statements(
            company,
            by=supporter,
            years=[YearInput(fiscal_year=2025, values=values, employees=12)],
            overwrite=False,
            source=f"Excel「決算書{index}.xlsx」",
        )

    results = _run_in_parallel(import_once, PARALLEL)

    winners = [i for i, r in enumerate(results) if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(winners) == 1, results
    assert len(refused) == PARALLEL - 1, results
    assert all("2025年3月期の決算書はすでに登録されています。" in r.message for r in refused)
    statement = FinancialStatement.objects.get(company=company)
    # The stored figures are the winner's, and nothing overwrote them.
    assert statement.net_sales == BASE_VALUES["net_sales"] + winners[0] * 1000
    assert statement.version == 1
    assert statement.history.count() == 1
    logged = ActivityLog.objects.filter(code="diagnosis.statement.saved", company_id=company.pk)
    assert [entry.data["created"] for entry in logged] == [True]


@pytest.mark.django_db(transaction=True)
def test_parallel_imports_with_overwrite_all_apply_in_turn(company, supporter):
    def import_once(index: int):
        return import_statements(
            company,
            by=supporter,
            years=[YearInput(fiscal_year=2025, values=BASE_VALUES, employees=12)],
            overwrite=True,
            source=f"Excel「決算書{index}.xlsx」",
        )

    results = _run_in_parallel(import_once, PARALLEL)

    assert all(isinstance(r, list) for r in results), results
    statement = FinancialStatement.objects.get(company=company)
    # One creation, then each later import replaced it once: none was lost between check and write.
    assert statement.version == PARALLEL
    assert statement.history.count() == PARALLEL
    created = ActivityLog.objects.filter(code="diagnosis.statement.saved", company_id=company.pk)
    assert sorted(entry.data["created"] for entry in created) == [False] * (PARALLEL - 1) + [True]
