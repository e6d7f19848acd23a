"""The publish page refuses a photo of children without consent next to the field, and keeps
what was typed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities.models import NewsPost
from activities.testing import load_programs, make_activity
from activities.uploads import check_upload, store_upload
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def setup(settings, tmp_path, units):
    settings.MEDIA_ROOT = tmp_path
    load_programs()


def test_a_photo_of_children_without_consent_is_refused_on_the_page(client_for, officer_ha_quang, units):
    activity = make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    out = io.BytesIO()
    Image.new("RGB", (200, 100), (10, 200, 10)).save(out, format="PNG")
    picture = store_upload(
        activity,
        check_upload(SimpleUploadedFile("anh.png", out.getvalue())),
        by=officer_ha_quang,
        shows_children=True,
    )

    response = client_for("officer_ha_quang").post(
        reverse("activities:publish", args=[activity.pk]),
        {"public_text": "Trao quà Trung thu", "photos": [picture.pk]},
    )

    assert response.status_code == 200
    assert "đồng ý" in " ".join(response.context["form"].errors["photos"])
    assert "Trao quà Trung thu" in response.content.decode()
    assert not NewsPost.objects.filter(activity=activity).exists()
