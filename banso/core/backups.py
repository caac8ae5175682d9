"""Backup and restore of one installation: the database and the private files in one archive.

The archive (`.tar.gz`) holds `manifest.json` (format, when, database vendor, the SHA-256 of every
member), the database (`database.sqlite3` taken with SQLite's online backup API, or `database.pgdump`
from `pg_dump --format=custom`) and `private/…` (uploaded files, PRIVATE_FILES_ROOT).

The database is copied first and the files after: a file is written before the row that names it, so
every file the snapshot refers to is in the archive (a file uploaded during the backup may be there
without its row, which is harmless).

Restore goes only into an empty installation (no tables, no private files), so it can never mix two
installations' data; the archive's members are checked against the manifest and extracted with
tarfile's "data" filter (no absolute paths, no links out of the folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "banso-backup-1"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
FILES_MEMBER = "private"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the operator, in Japanese."""


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"banso-{stamp}.tar.gz"


def create_backup(output: Path | None = None) -> Path:
    output = Path(output or default_output())
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        folder = Path(work)
        database_member = _dump_database(folder)
        files = _copy_files(Path(settings.PRIVATE_FILES_ROOT), folder / FILES_MEMBER)
        members = [database_member, *files]
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime().isoformat(),
            "vendor": connection.vendor,
            "sha256": {name: _sha256(folder / name) for name in members},
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder / "manifest.json", arcname="manifest.json")
            for name in members:
                archive.add(folder / name, arcname=name, recursive=False)
        os.chmod(partial, 0o600)
        partial.replace(output)  # a half-written archive never carries the final name
    return output


def restore_backup(archive_path: Path) -> dict:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"バックアップファイルが見つかりません: {archive_path}")
    _refuse_unless_empty()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        manifest = _extract(archive_path, folder)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"このバックアップは {manifest['vendor']} のものです。"
                f"復元先のデータベース（{connection.vendor}）と同じ種類に復元してください。"
            )
        _load_database(folder)
        files = folder / FILES_MEMBER
        if files.is_dir():
            shutil.copytree(files, Path(settings.PRIVATE_FILES_ROOT), dirs_exist_ok=True)
    return manifest


def _refuse_unless_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(
            f"復元先のデータベースが空ではありません（テーブル {len(tables)} 個）。"
            "空のデータベースを用意してから復元してください。既存のデータは変更していません。"
        )
    root = Path(settings.PRIVATE_FILES_ROOT)
    if root.is_dir() and any(path.is_file() for path in root.rglob("*")):
        raise BackupError(
            f"復元先のファイル置き場（{root}）が空ではありません。空にしてから復元してください。"
            "既存のデータは変更していません。"
        )


def _dump_database(folder: Path) -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(folder / SQLITE_MEMBER)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return SQLITE_MEMBER
    if connection.vendor == "postgresql":
        _run_postgres(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(folder / POSTGRES_MEMBER),
        )
        return POSTGRES_MEMBER
    raise BackupError(f"このデータベース（{connection.vendor}）のバックアップには対応していません。")


def _load_database(folder: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(folder / SQLITE_MEMBER)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        return
    _run_postgres(
        "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", str(folder / POSTGRES_MEMBER)
    )


def _run_postgres(tool: str, *args: str) -> None:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    target = [
        f"--host={db.get('HOST') or 'localhost'}",
        f"--port={db.get('PORT') or 5432}",
        f"--username={db.get('USER') or ''}",
        f"--dbname={db['NAME']}",
    ]
    result = subprocess.run([_postgres_binary(tool), *target, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} が失敗しました: {result.stderr.strip()[:500]}")


def _postgres_binary(tool: str) -> str:
    """The tool of the server's major version (pg_dump refuses a newer server), else the one on PATH."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    candidate = Path(f"/usr/lib/postgresql/{major}/bin/{tool}")
    found = str(candidate) if candidate.exists() else shutil.which(tool)
    if not found:
        raise BackupError(f"{tool} が見つかりません。PostgreSQL {major} のクライアントを入れてください。")
    return found


def _copy_files(root: Path, into: Path) -> list[str]:
    names = []
    if not root.is_dir():
        return names
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(root)
            (into / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, into / relative)
            names.append(f"{FILES_MEMBER}/{relative.as_posix()}")
    return names


def _extract(archive_path: Path, folder: Path) -> dict:
    """Check the archive against its manifest before anything is written, then extract it safely."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            manifest = _manifest(archive)
            allowed = {"manifest.json", *manifest["sha256"]}
            unexpected = [m.name for m in archive.getmembers() if m.name not in allowed]
            if unexpected:
                raise BackupError(f"バックアップに manifest にないファイルがあります: {unexpected[0][:200]}")
            archive.extractall(folder, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(
            f"バックアップファイルを読めません（壊れているか、形式が違います）: {exc}"
        ) from None
    for name, digest in manifest["sha256"].items():
        member = folder / name
        if not member.is_file() or _sha256(member) != digest:
            raise BackupError(f"バックアップの中身が manifest と一致しません: {name}")
    return manifest


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        handle = archive.extractfile("manifest.json")
        manifest = json.loads(handle.read(1 << 24)) if handle else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict):
        raise BackupError(
            "バックアップファイルに manifest.json がありません。Banso のバックアップではありません。"
        )
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("sha256"), dict):
        raise BackupError(f"対応していないバックアップ形式です: {str(manifest.get('format'))[:50]!r}")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(manifest: dict) -> str:
    created = dt.datetime.fromisoformat(manifest["created_at"])
    files = sum(1 for name in manifest["sha256"] if name.startswith(FILES_MEMBER + "/"))
    return f"{created:%Y-%m-%d %H:%M} の {manifest['vendor']} のバックアップ（ファイル {files} 件）"
