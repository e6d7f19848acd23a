"""A record's files and its public news × every persona (tests/matrix.py): private files only for
those who see the record, a published photo for anyone, and each POST's effect."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities import services
from activities.models import Attachment, NewsPost
from activities.testing import load_programs, make_activity
from activities.uploads import check_upload, store_upload
from tests.conftest import d
from tests.matrix import Case, base_world, check, expect, matrix


def png(name="anh.png"):
    out = io.BytesIO()
    Image.new("RGB", (200, 100), (10, 200, 10)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


SEES_HA_QUANG = expect(404, provincial=200, officer_ha_quang=200)
CHANGES_HA_QUANG = expect(404, provincial=302, officer_ha_quang=302)
PUBLIC = expect(200, anonymous=200)
CASES = [
    Case("Hà Quảng's photo", lambda w: reverse("activities:file", args=[w.published.pk]), SEES_HA_QUANG),
    Case("its thumbnail", lambda w: reverse("activities:thumb", args=[w.published.pk]), SEES_HA_QUANG),
    Case("the photo on the news", lambda w: reverse("activities:news_photo", args=[w.published.pk]), PUBLIC),
    Case("its public thumbnail", lambda w: reverse("activities:news_thumb", args=[w.published.pk]), PUBLIC),
    Case(
        "an unpublished photo by the public address",
        lambda w: reverse("activities:news_photo", args=[w.private.pk]),
        expect(404, anonymous=404),
    ),
    Case(
        "add a file to Hà Quảng's record (POST)",
        lambda w: reverse("activities:attachment_add", args=[w.activity.pk]),
        CHANGES_HA_QUANG,
        method="post",
        data=lambda w: {"files": png("them.png")},
        effect=lambda w: Attachment.objects.filter(activity=w.activity).count(),
        changes={"provincial", "officer_ha_quang"},
    ),
    Case(
        "record the guardians' consent for a photo (POST)",
        lambda w: reverse("activities:consent", args=[w.private.pk]),
        CHANGES_HA_QUANG,
        method="post",
        data={
            "shows_children": "on",
            "consent_recorded": "on",
            "consent_note": "Phụ huynh đồng ý ngày 01/06",
        },
        effect=lambda w: Attachment.objects.get(pk=w.private.pk).consent_recorded,
        changes={"provincial", "officer_ha_quang"},
    ),
    Case(
        "take Hà Quảng's news down (POST)",
        lambda w: reverse("activities:unpublish", args=[w.activity.pk]),
        CHANGES_HA_QUANG,
        method="post",
        effect=lambda w: NewsPost.objects.filter(activity=w.activity).exists(),
        changes={"provincial", "officer_ha_quang"},
    ),
]


@pytest.fixture
def world(units, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_programs()
    world = base_world(units, personas)
    by = personas["provincial"]
    world.activity = make_activity(by, units["ha-quang"], d("01/06/2022"), title="Tết thiếu nhi Hà Quảng")
    world.published = store_upload(
        world.activity, check_upload(png("san-khau.png")), by=by, shows_children=False
    )
    world.private = store_upload(world.activity, check_upload(png("tre-em.png")), by=by, shows_children=True)
    services.publish_news(world.activity, by=by, public_text="Ngày hội", photos=[world.published])
    return world


@pytest.mark.parametrize(("case", "persona"), matrix(CASES))
def test_access(case, persona, world, client_for):
    check(case, persona, world, client_for)
