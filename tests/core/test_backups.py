"""Backup and restore: a demo installation round-trips through one archive (every table, every row,
every private file), a restore into anything but an empty installation is refused and changes nothing,
and a broken, tampered or hostile archive is refused in Japanese.

The round trip runs `manage.py` in subprocesses against two throwaway databases of the kind the suite
runs on (SQLite files, or databases in the PostgreSQL cluster of `make test-pg`)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest

from banso.core import backups

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = (
    os.environ.get("DATABASE_URL", "") if os.environ.get("DATABASE_URL", "").startswith("postgres") else ""
)


class Installation:
    """One throwaway installation: its own var folder, private files and database."""

    def __init__(self, folder: Path):
        self.var = folder
        self.var.mkdir()
        self.database = f"banso_backup_{uuid.uuid4().hex[:12]}"
        if POSTGRES_URL:
            import psycopg

            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.database}"')
            self.url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + self.database
        else:
            self.url = f"sqlite:///{self.var / 'db.sqlite3'}"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BANSO_", "DJANGO_", "DATABASE_URL"))}
        env |= {"BANSO_DEBUG": "true", "BANSO_VAR_DIR": str(self.var), "DATABASE_URL": self.url}
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    def rows(self) -> dict[str, list]:
        """Every table's rows, in a stable order."""
        if POSTGRES_URL:
            import psycopg

            with psycopg.connect(self.url) as db:
                tables = [
                    r[0]
                    for r in db.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    ).fetchall()
                ]
                return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
        import sqlite3

        db = sqlite3.connect(self.var / "db.sqlite3")
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {t: sorted(map(repr, db.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
        finally:
            db.close()

    def files(self) -> dict[str, bytes]:
        root = self.var / "private"
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    def drop(self):
        if POSTGRES_URL:
            import psycopg

            with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture
def installations(tmp_path):
    made = []

    def make(name):
        made.append(Installation(tmp_path / name))
        return made[-1]

    yield make
    for installation in made:
        installation.drop()


def test_a_demo_installation_round_trips_through_one_archive(installations, tmp_path):
    source = installations("source")
    for command in (("migrate", "--noinput"), ("seed_demo",)):
        assert source.manage(*command).returncode == 0
    archive = tmp_path / "backup.tar.gz"
    made = source.manage("backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert archive.stat().st_mode & 0o077 == 0  # it holds every client's data

    target = installations("target")
    restored = target.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "復元しました" in restored.stdout

    expected, actual = source.rows(), target.rows()
    assert expected.keys() == actual.keys()
    assert sum(len(rows) for rows in expected.values()) > 1000  # the demo, not an empty schema
    for table, rows in expected.items():
        assert actual[table] == rows, table
    assert source.files() and target.files() == source.files()

    again = target.manage("restore", str(archive))
    assert again.returncode != 0
    assert "空ではありません" in again.stderr
    assert target.rows() == expected  # nothing changed


def _archive(members: dict[str, bytes], manifest: dict | None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        if manifest is not None:
            members = {"manifest.json": json.dumps(manifest).encode(), **members}
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a tar", "読めません"),
        (_archive({"database.sqlite3": b"x"}, None), "manifest.json"),
        (_archive({}, {"format": "other", "sha256": {}}), "対応していない"),
        (
            _archive(
                {"database.sqlite3": b"x"},
                {"format": backups.FORMAT, "sha256": {"database.sqlite3": "0" * 64}},
            ),
            "一致しません",
        ),
        (_archive({"../escape.txt": b"x"}, {"format": backups.FORMAT, "sha256": {}}), "manifest にない"),
        (_archive({"/etc/banso-evil": b"x"}, {"format": backups.FORMAT, "sha256": {}}), "manifest にない"),
        (
            _archive(
                {"../escape.txt": b"x"}, {"format": backups.FORMAT, "sha256": {"../escape.txt": "0" * 64}}
            ),
            "読めません",  # listed, but tarfile's data filter refuses a path out of the folder
        ),
    ],
)
def test_a_broken_tampered_or_hostile_archive_is_refused(tmp_path, content, message):
    archive = tmp_path / "given.tar.gz"
    archive.write_bytes(content)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(backups.BackupError, match=message):
        backups._extract(archive, folder)
    assert not (tmp_path / "escape.txt").exists()


@pytest.mark.django_db
def test_a_restore_into_the_running_installation_is_refused(tmp_path):
    archive = tmp_path / "given.tar.gz"
    archive.write_bytes(_archive({}, {"format": backups.FORMAT, "sha256": {}, "vendor": "sqlite"}))
    with pytest.raises(backups.BackupError, match="空ではありません"):
        backups.restore_backup(archive)
