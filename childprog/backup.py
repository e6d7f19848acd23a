"""One archive holds everything the portal keeps: the database and the media folder (uploaded
documents, photos, signed scans). `manage.py backup` writes it, `manage.py restore` puts it back.

- PostgreSQL: `pg_dump --format=custom` (consistent while the portal runs: one snapshot), restored
  with `pg_restore --clean --if-exists` in one transaction.
- SQLite: the sqlite3 backup API, page by page under SQLite's own locking, so a write during the
  copy never leaves a torn file (copying the file itself could); restored the same way into the
  live database.

The archive is a .tar.gz: `manifest.json`, `database.pgdump` or `database.sqlite3`, `media/…`.
It is written under a temporary name and renamed when complete, so a backup cut short never
looks like a good one."""

from __future__ import annotations

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

MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message that says why."""


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu {connection.vendor}.")
    return connection.vendor


def _pg_env() -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore from the portal's own database settings."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args, env


def _run(command: list[str], env: dict) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"Không tìm thấy lệnh {command[0]}: hãy cài công cụ khách của PostgreSQL."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} báo lỗi: {error.stderr.strip()}") from error


def _dump_database(target: Path) -> None:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        args, env = _pg_env()
        db = connection.settings_dict["NAME"]
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(target), db],
            env,
        )


def _load_database(source: Path) -> None:
    if _vendor() == "sqlite":
        connection.ensure_connection()
        saved = sqlite3.connect(source)
        try:
            saved.backup(connection.connection)
        finally:
            saved.close()
    else:
        connection.close()  # nothing of ours holds a lock on the tables being replaced
        args, env = _pg_env()
        db = connection.settings_dict["NAME"]
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
        ]
        _run([*command, *args, "--dbname", db, str(source)], env)


def archive_name(now=None) -> str:
    return f"childprog-{(now or timezone.now()):%Y%m%d-%H%M%S}.tar.gz"


def create_backup(directory: Path | str | None = None) -> Path:
    """Write an archive of the database and the media folder into `directory` (BACKUP_DIR);
    returns its path."""
    directory = Path(directory or settings.BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    vendor = _vendor()
    target = directory / archive_name()
    partial = target.with_name(target.name + ".partial")
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / DATABASE_FILES[vendor]
        _dump_database(database)
        manifest = Path(tmp) / MANIFEST
        manifest.write_text(
            json.dumps({"created": timezone.now().isoformat(), "database": vendor}, ensure_ascii=False)
        )
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            if media.is_dir():
                archive.add(media, arcname=MEDIA)
    partial.rename(target)
    return target


def restore_backup(path: Path | str) -> dict:
    """Replace the database and the media folder with those of the archive at `path`. Returns
    the archive's manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}.")
    vendor = _vendor()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with tarfile.open(path, "r:gz") as archive:
                # The "data" filter refuses absolute paths, "..", links outside and device files.
                archive.extractall(tmp, filter="data")
            manifest = json.loads((Path(tmp) / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(f"Tệp {path.name} không phải bản sao lưu của cổng: {error}") from error
        if manifest.get("database") != vendor:
            raise BackupError(
                f"Bản sao lưu là của {manifest.get('database')}, cổng đang chạy trên {vendor}: không khôi phục."
            )
        database = Path(tmp) / DATABASE_FILES[vendor]
        if not database.is_file():  # loading nothing would empty the live database
            raise BackupError(f"Tệp {path.name} không có cơ sở dữ liệu ({database.name}): không khôi phục.")
        _load_database(database)
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        for child in media.iterdir():  # files added since the backup go too: the folder is as it was
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        saved = Path(tmp) / MEDIA
        if saved.is_dir():
            shutil.copytree(saved, media, dirs_exist_ok=True)
    return manifest
