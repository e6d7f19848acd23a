"""Public news of activities: published by provincial staff or the district for its own unit;
photos of children only with consent; a public page without login, names or private files."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from activities import services
from activities.models import Activity, NewsPost
from activities.testing import load_programs, make_activity
from activities.uploads import check_upload, store_upload
from tests.conftest import d

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def setup(settings, tmp_path, units):
    settings.MEDIA_ROOT = tmp_path
    load_programs()


def photo(activity, user, shows_children):
    out = io.BytesIO()
    Image.new("RGB", (200, 100), (10, 200, 10)).save(out, format="PNG")
    checked = check_upload(SimpleUploadedFile("tre-em-nguyen-van-a.png", out.getvalue()))
    return store_upload(activity, checked, by=user, shows_children=shows_children)


def test_a_photo_of_children_needs_consent_before_publishing(officer_ha_quang, units):
    activity = make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    picture = photo(activity, officer_ha_quang, shows_children=True)
    with pytest.raises(ValidationError) as error:
        services.publish_news(activity, by=officer_ha_quang, public_text="Tin", photos=[picture])
    assert "đồng ý" in error.value.message_dict["photos"][0]
    services.record_consent(
        picture, by=officer_ha_quang, shows_children=True, consent_recorded=True, note="Phiếu ngày 01/06"
    )
    services.publish_news(activity, by=officer_ha_quang, public_text="Tin", photos=[picture])


def test_a_district_officer_publishes_only_its_own_units_records(
    officer_ha_quang, grassroots, provincial, units
):
    own = make_activity(officer_ha_quang, units["ha-quang"], d("01/06/2022"))
    commune = make_activity(officer_ha_quang, units["ha-quang-tt"], d("01/06/2022"))
    services.publish_news(own, by=officer_ha_quang, public_text="Tin")
    with pytest.raises(PermissionDenied):
        services.publish_news(commune, by=officer_ha_quang, public_text="Tin")
    with pytest.raises(PermissionDenied):
        services.publish_news(commune, by=grassroots, public_text="Tin")
    services.publish_news(commune, by=provincial, public_text="Tin của Tỉnh")


def test_the_public_page_lists_published_news_without_login_or_private_files(client_for, provincial, units):
    published = make_activity(
        provincial,
        units["ha-quang"],
        d("01/06/2022"),
        title="Vui Tết thiếu nhi",
        description="Em Nguyễn Văn A",
    )
    private = make_activity(provincial, units["hoa-an"], d("02/06/2022"), title="Chưa đăng")
    shown = photo(published, provincial, shows_children=False)
    hidden = photo(published, provincial, shows_children=False)
    services.publish_news(published, by=provincial, public_text="Ngày hội vui", photos=[shown])
    client = client_for("anonymous")
    html = client.get(reverse("activities:news")).content.decode()
    assert "Vui Tết thiếu nhi" in html and "Ngày hội vui" in html
    assert private.title not in html and "Nguyễn Văn A" not in html and "tre-em-nguyen-van-a" not in html
    assert client.get(reverse("activities:news_photo", args=[shown.pk])).status_code == 200
    assert client.get(reverse("activities:news_photo", args=[hidden.pk])).status_code == 404
    filtered = client.get(reverse("activities:news"), {"district": "hoa-an"}).content.decode()
    assert "Vui Tết thiếu nhi" not in filtered
    assert "Vui Tết thiếu nhi" in client.get(reverse("activities:news"), {"content_area": 2}).content.decode()


def test_withdrawing_consent_takes_the_photo_off_the_public_page(client_for, provincial, units):
    activity = make_activity(provincial, units["ha-quang"], d("01/06/2022"))
    picture = photo(activity, provincial, shows_children=True)
    services.record_consent(
        picture, by=provincial, shows_children=True, consent_recorded=True, note="Phiếu số 3"
    )
    services.publish_news(activity, by=provincial, public_text="Tin", photos=[picture])
    assert client_for("anonymous").get(reverse("activities:news_photo", args=[picture.pk])).status_code == 200
    services.record_consent(picture, by=provincial, shows_children=True, consent_recorded=False)
    assert client_for("anonymous").get(reverse("activities:news_photo", args=[picture.pk])).status_code == 404


def test_publishing_a_record_deleted_meanwhile_says_so(provincial, units):
    activity = make_activity(provincial, units["ha-quang"], d("01/06/2022"), title="Tết thiếu nhi")
    opened = Activity.objects.get(pk=activity.pk)  # the page was opened with it...
    picture = photo(activity, provincial, shows_children=False)
    Activity.objects.filter(pk=activity.pk).delete()  # ...then someone deleted it
    with pytest.raises(ValidationError, match="vừa bị xóa"):
        services.publish_news(opened, by=provincial, public_text="Tin", photos=[picture])
    assert not NewsPost.objects.exists()
