"""Every admin page is Vietnamese in Vietnamese mode: the walk visits each registered model's list,
add form, change form, history and import/export pages as the admin, and fails on any English the
project's models or the libraries the admin uses would show (tests/admin_english.py says how)."""

import gettext
import io
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from childprog.models import User

from .admin_english import English, visible_texts

VENDOR = Path(settings.BASE_DIR) / "locale-vendor" / "vi" / "LC_MESSAGES"


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="quantri"))
    return client


def admin_pages():
    """Every admin page of every registered model (change and history pages need a row)."""
    urls = {name for pattern in admin.site.get_urls() if (name := getattr(pattern, "name", None))}
    for model in admin.site._registry:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        yield reverse(f"{name}_changelist")
        yield reverse(f"{name}_add")
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield reverse(f"{name}_change", args=[obj.pk])
            yield reverse(f"{name}_history", args=[obj.pk])
        for extra in ("import", "export"):
            if f"{name}_{extra}".removeprefix("admin:") in urls:
                yield reverse(f"{name}_{extra}")
    yield reverse("admin:index")
    yield reverse("admin:password_change")


def test_every_admin_page_is_vietnamese(demo):
    english = English()
    found, visited = {}, 0
    for url in admin_pages():
        response = demo.get(url)
        if response.status_code == 403:
            continue  # no add page for records made by the portal's services
        assert response.status_code == 200, url
        visited += 1
        hits = english.find(visible_texts(response.content.decode()))
        if hits:
            found[url] = sorted(set(hits))
    assert visited > 60
    assert not found, found


def test_the_import_preview_and_its_refusals_are_vietnamese(units, admin_client, tmp_path):
    english = English()
    demo = admin_client
    url = reverse("admin:childprog_unit_import")
    page = demo.get(url).content.decode()
    csv = re.search(r'<option value="(\d+)">csv</option>', page).group(1)
    for text in (
        "code,name,kind,parent_code,valid_from,valid_to,successor_codes,note\nx1,Đoàn X1,commune,cao-bang,2026-01-01,,,\n",
        "code,name,kind\nx1,Đoàn X,commune\n",
        "code,name,kind,parent_code,valid_from,valid_to,successor_codes,note\nx1,Đoàn X1,hamlet,nowhere,2026-01-01,,,\n",
    ):
        path = tmp_path / "units.csv"
        path.write_text(text, encoding="utf-8")
        with path.open("rb") as fh:
            response = demo.post(url, {"import_file": fh, "format": csv, "resource": "0"})
        assert response.status_code == 200
        assert not english.find(visible_texts(response.content.decode()))


def test_the_detector_sees_english_when_there_is_some():
    # Judged against a catalogue without the vendor translations (English has none of them).
    english = English(language="en")
    html = (
        "<p>Show counts</p><th>Reminder log</th><input type=submit value='Confirm import'>"
        "<a title='Select this object for an action - Huyện Đoàn Hòa An'>x</a><p>Hiện số lượng</p><td>csv</td>"
    )
    assert english.find(visible_texts(html)) == [
        "Show counts",
        "Reminder log",
        "Confirm import",
        "Select this object for an action - Huyện Đoàn Hòa An",
    ]


def test_the_vendor_catalogue_is_compiled_and_outside_what_make_messages_rewrites():
    # makemessages writes into the first of LOCALE_PATHS; the vendor catalogue comes after it.
    assert [Path(p).name for p in settings.LOCALE_PATHS] == ["locale", "locale-vendor"]
    for domain in ("django", "djangojs"):
        po = polib.pofile(str(VENDOR / f"{domain}.po"))
        with (VENDOR / f"{domain}.mo").open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for entry in po:
            assert entry.translated(), entry.msgid
            if not entry.msgid_plural and not entry.msgctxt:
                assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
