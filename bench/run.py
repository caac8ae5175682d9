"""Benchmarks (`make bench`): speed budgets at bank scale. Prints a table; asserts nothing.

For each database (SQLite in a temporary folder; PostgreSQL 15 in a throwaway cluster started by
scripts/with_postgres.sh when it is installed) and for two data sizes (BENCH_SMALL and
BENCH_COMPANIES companies, built by seed_scale's builder), bench/pages.py times every main page,
report and API list. This script prints one table: median and p95 server time, median SQL time and
the query count at both sizes, and flags every budget miss (issue 10 part 4):

  page / API p95 ≤ 150 ms · PDF p95 ≤ 300 ms · Excel p95 ≤ 150 ms · page time ≤ 2× its SQL time ·
  the same number of queries at both sizes.

Environment: BENCH_COMPANIES (default 50000), BENCH_SMALL (default 500), BENCH_RUNS (default 15),
BENCH_DATABASES (default "sqlite,postgresql"), BENCH_ONLY (a label substring), BENCH_JSON (a folder
to keep the raw results in), BENCH_REPORT_FROM (kept folders, comma-separated: print their table and
measure nothing), BENCH_KEEP_DB=1 (keep the SQLite databases, e.g. for `make load`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LARGE = int(os.environ.get("BENCH_COMPANIES", "50000"))
SMALL = int(os.environ.get("BENCH_SMALL", "500"))
DATABASES = [
    d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",") if d.strip()
]
# Work done by the worker ("job": a long engagement's documents, the portfolio snapshot) has no
# request budget; the bound only flags a job that would hold the worker for over a minute.
BUDGET = {"page": 150.0, "api": 150.0, "pdf": 300.0, "xlsx": 150.0, "job": 60_000.0}
PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))


def run_one(database: str, companies: int, folder: Path) -> dict | None:
    out = folder / f"{database}-{companies}.json"
    env = {**os.environ, "BENCH_COMPANIES": str(companies), "BENCH_OUT": str(out)}
    env.pop("DATABASE_URL", None)
    command = [PY, str(ROOT / "bench" / "pages.py")]
    if database == "postgresql":
        if not (PGBIN / "initdb").exists():
            print(f"PostgreSQL が見つからないため省略します ({PGBIN})。", flush=True)
            return None
        command = [str(ROOT / "scripts" / "with_postgres.sh"), *command]
    else:
        scratch = Path(tempfile.mkdtemp(prefix="banso-bench-"))
        env["BANSO_VAR_DIR"] = str(scratch)
        env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    print(f"— {database}, {companies:,} companies …", flush=True)
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    if database == "sqlite":
        if os.environ.get("BENCH_KEEP_DB"):
            print(f"  kept: DATABASE_URL={env['DATABASE_URL']} BANSO_VAR_DIR={scratch}", flush=True)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    data = json.loads(out.read_text())
    print(
        f"  {data['rows']:,} rows built in {data['seeded_seconds']:.0f} s",
        flush=True,
    )
    return data


def table(runs: dict[str, dict[int, dict]]) -> list[str]:
    lines = []
    databases = [d for d in DATABASES if d in runs]
    head = f"{'page':<46} {'kind':<4}"
    for d in databases:
        head += f" | {d[:10]:<10} {'median':>7} {'p95':>7} {'CPU':>6} {'SQL':>6} {'queries':>9}"
    lines += [head, "-" * len(head)]
    misses, over_sql = [], []
    labels = [r["label"] for r in runs[databases[0]][LARGE]["results"]]
    for index, label in enumerate(labels):
        kind = runs[databases[0]][LARGE]["results"][index]["kind"]
        line = f"{label[:46]:<46} {kind:<4}"
        for d in databases:
            big = runs[d][LARGE]["results"][index]
            small = runs[d].get(SMALL, {}).get("results", [{}] * len(labels))[index]
            if "error" in big:
                line += f" | {'ERROR':<10} {big['error'][:40]:>40}"
                misses.append(f"{d}: {label}: {big['error']}")
                continue
            count = f"{small.get('queries', '?')}/{big['queries']}"
            flag = "" if small.get("queries") == big["queries"] else "≠"
            cpu = big.get("cpu", 0)
            line += f" | {'':<10} {big['median']:7.1f} {big['p95']:7.1f} {cpu:6.1f} {big['sql']:6.1f}"
            line += f" {count:>8}{flag or ' '}"
            if flag:
                misses.append(f"{d}: {label}: queries differ with size ({count})")
            if big["p95"] > BUDGET[kind]:
                misses.append(f"{d}: {label}: p95 {big['p95']:.0f} ms > {BUDGET[kind]:.0f} ms")
            if kind in ("page", "api") and big["median"] > 2 * big["sql"]:
                over_sql.append(f"{d}: {label}")
        lines.append(line)
    lines.append("")
    lines.append(
        f"queries: {SMALL:,} / {LARGE:,} companies (≠ = differs). Times in ms at {LARGE:,} companies."
    )
    lines.append(f"Budget misses ({len(misses)}):" if misses else "Budget misses: none")
    lines += [f"  ✗ {m}" for m in misses]
    pages = sum(1 for r in runs[databases[0]][LARGE]["results"] if r["kind"] in ("page", "api"))
    lines.append(
        f"Pages over 2× their SQL time (Python rendering dominates): {len(over_sql)} of "
        f"{pages * len(databases)}"
    )
    return lines


def from_folders(folders: list[str]) -> dict[str, dict[int, dict]]:
    """Results kept by earlier runs (BENCH_JSON), e.g. SQLite and PostgreSQL measured side by side."""
    runs: dict[str, dict[int, dict]] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            data = json.loads(path.read_text())
            runs.setdefault(data["vendor"], {})[data["companies"]] = data
    return runs


def main():
    if os.environ.get("BENCH_REPORT_FROM"):  # print the table of kept results, measure nothing
        for line in table(from_folders(os.environ["BENCH_REPORT_FROM"].split(","))):
            print(line)
        return
    keep = os.environ.get("BENCH_JSON")
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="banso-bench-json-"))
    folder.mkdir(parents=True, exist_ok=True)
    runs: dict[str, dict[int, dict]] = {}
    for database in DATABASES:
        for size in dict.fromkeys([SMALL, LARGE]):
            data = run_one(database, size, folder)
            if data is not None:
                runs.setdefault(database, {})[size] = data
    if not runs:
        print("計測できるデータベースがありません。")
        return
    print()
    print(f"Banso bench — {LARGE:,} companies, runs per URL: {next(iter(runs.values()))[LARGE]['runs']}")
    for line in table(runs):
        print(line)
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
