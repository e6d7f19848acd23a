"""`make backup` / `manage.py backup` writes one archive of the database and the media folder;
`make restore FILE=…` puts back every row and every file byte for byte (childprog/backup.py).
Runs on SQLite, and on PostgreSQL when DATABASE_URL points there (CI runs both)."""

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from activities.testing import load_programs, make_activity
from audit.log import Action, record
from childprog.models import Unit, User
from tests.conftest import d

pytestmark = pytest.mark.django_db(transaction=True)


def every_row():
    """Every row of every table the portal keeps, by model."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def every_file(root: Path):
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return settings.MEDIA_ROOT, settings.BACKUP_DIR


@pytest.fixture
def portal_data(units, provincial, folders):
    media, _backups = folders
    load_programs()
    make_activity(provincial, units["ha-quang"], d("01/06/2022"), title="Tết thiếu nhi — Hà Quảng")
    record(Action.EXPORT, "hoat-dong.csv", by=provincial)
    (media / "attachments" / "2022").mkdir(parents=True)
    (media / "attachments" / "2022" / "bien-ban.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(50_000))
    (media / "anh đẹp.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(2_000))
    (media / "library").mkdir()
    (media / "library" / "trống.txt").write_bytes(b"")


def test_a_backup_restores_every_row_and_every_file_byte_for_byte(portal_data, folders):
    media, backups = folders
    rows, files = every_row(), every_file(media)
    assert rows["childprog.Unit"] and rows["activities.Activity"] and len(files) == 3

    out = io.StringIO()
    call_command("backup", stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.parent == backups and re.fullmatch(r"childprog-\d{8}-\d{6}\.tar\.gz", archive.name)
    assert list(backups.iterdir()) == [archive]  # one archive, no partial left behind

    # Everything is lost: the tables emptied, the files gone, and something new written since.
    call_command("flush", interactive=False, verbosity=0)
    User.objects.create_user("ke-la", password="x")
    for path in sorted(media.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (media / "moi.txt").write_text("sau bản sao lưu")
    assert not Unit.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert every_row() == rows
    assert every_file(media) == files


def test_restore_refuses_what_is_not_a_backup(folders, db):
    media, backups = folders
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("restore", str(backups / "khong-co.tar.gz"))
    fake = media.parent / "fake.tar.gz"
    fake.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="không phải bản sao lưu"):
        call_command("restore", str(fake))


def test_make_restore_refuses_without_a_file():
    result = subprocess.run(
        ["make", "restore"], cwd=django_settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "FILE=" in result.stdout + result.stderr
    assert "manage.py restore" not in result.stdout


def test_the_archive_says_which_database_it_holds(portal_data, folders):
    import json
    import tarfile

    call_command("backup", stdout=io.StringIO())
    [archive] = folders[1].iterdir()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"] == connection.vendor
    assert {"manifest.json", "media/anh đẹp.jpg", "media/attachments/2022/bien-ban.pdf"} <= set(names)
    assert ("database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump") in names


def test_an_archive_without_its_database_is_refused_and_changes_nothing(portal_data, folders):
    import json
    import tarfile

    media, _backups = folders
    rows, files = every_row(), every_file(media)
    manifest = media.parent / "manifest.json"
    manifest.write_text(json.dumps({"created": "2026-12-01T00:00:00", "database": connection.vendor}))
    cut_short = media.parent / "cut-short.tar.gz"
    with tarfile.open(cut_short, "w:gz") as archive:
        archive.add(manifest, arcname="manifest.json")

    with pytest.raises(CommandError, match="không có cơ sở dữ liệu"):
        call_command("restore", str(cut_short), stdout=io.StringIO())
    assert every_row() == rows
    assert every_file(media) == files
