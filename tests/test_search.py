"""One search for every list (activities, commendations, library, accounts): diacritics, case and
punctuation ignored, every word typed beginning a word — the same on SQLite and PostgreSQL."""

from datetime import date

import pytest
from django.urls import reverse

from activities.testing import load_programs, make_activity
from childprog.models import Role, Unit
from childprog.text import Folded, fold
from commendations.models import Commendation
from library.models import Document
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

QUERIES = ["ha quang", "HÀ QUẢNG", "Hà Quảng", "hà quang", "ha"]


@pytest.mark.parametrize(
    "text",
    [
        "Hà Quảng",
        "HÀ QUẢNG",
        "Đêm hội trăng rằm",
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "12-QĐ/HĐTN",
        "lucha.haquang@example.vn",
        "Ưu tiên “trẻ em” (khó khăn)…",
        "Ỷ Ở Ữ ẵ ậ ể ố ờ ự ỹ Ý ý",
        "Crème brûlée",
    ],
)
def test_the_database_folds_text_as_python_does(units, text):
    Unit.objects.filter(code="cao-bang").update(note=text)
    folded = Unit.objects.filter(code="cao-bang").annotate(f=Folded("note")).values_list("f", flat=True).get()
    assert " ".join(folded.split()) == fold(text)


@pytest.fixture
def documents(units):
    def doc(number, title):
        return Document.objects.create(
            unit=units["cao-bang"],
            kind="KH",
            number=number,
            symbol="TĐTN-BTH",
            issued_on=date(2024, 1, 5),
            title=title,
        )

    return [
        doc("3", "Kế hoạch tập huấn cán bộ Đoàn huyện Hà Quảng"),
        doc("4", "Kế hoạch Trung thu thành phố"),
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_the_library_finds_ha_quang_however_it_is_typed(client_for, documents, query):
    page = client_for("reader").get(reverse("library:list"), {"q": query}).content.decode()
    assert "huyện Hà Quảng" in page and "Trung thu thành phố" not in page


def test_the_library_finds_a_document_by_its_number_or_symbol(client_for, documents):
    page = client_for("reader").get(reverse("library:list"), {"q": "tdtn 4"}).content.decode()
    assert "Trung thu thành phố" in page and "huyện Hà Quảng" not in page


def test_a_syllable_inside_a_word_finds_nothing(client_for, documents):
    # "ang" is inside "Quảng" and "trang": only the start of a word counts.
    page = client_for("reader").get(reverse("library:list"), {"q": "ang"}).content.decode()
    assert "huyện Hà Quảng" not in page


@pytest.mark.parametrize("query", QUERIES)
def test_the_activity_list_finds_ha_quang_however_it_is_typed(client_for, provincial, units, query):
    load_programs()
    make_activity(provincial, units["ha-quang"], date(2022, 6, 1), title="Ngày hội thiếu nhi")
    make_activity(provincial, units["quang-hoa"], date(2022, 6, 1), title="Trung thu cho em")
    page = client_for("provincial").get(reverse("activities:list"), {"q": query}).context["page"]
    assert [a.title for a in page] == ["Ngày hội thiếu nhi"]


def commend(unit, recipient, decision_number):
    """A district's certificate of merit to a collective."""
    return Commendation.objects.create(
        unit=unit,
        kind=Commendation.Kind.COLLECTIVE,
        recipient_name=recipient,
        form=Commendation.Form.CERTIFICATE_OF_MERIT,
        decision_number=decision_number,
        decision_date=date(2024, 5, 20),
        level=Commendation.Level.DISTRICT,
    )


@pytest.mark.parametrize("query", QUERIES)
def test_the_commendations_find_ha_quang_however_it_is_typed(client_for, units, program, query):
    for name in ("Chi đoàn thôn Hà Quảng", "Chi đoàn thôn Nà Giàng"):
        commend(units["ha-quang"], name, "12-QĐ/HĐTN")
    page = client_for("officer_ha_quang").get(reverse("commendations:list"), {"q": query}).content.decode()
    assert "thôn Hà Quảng" in page and "Nà Giàng" not in page


@pytest.mark.parametrize("query", [*QUERIES, "lucha", "HAQUANG"])
def test_the_account_list_finds_ha_quang_however_it_is_typed(client_for, units, query):
    found = make_user("lucha.haquang", units["ha-quang-tt"], Role.GRASSROOTS_OFFICER, last_name="Hà Quảng")
    other = make_user("talung", units["quang-hoa-ta-lung"], Role.GRASSROOTS_OFFICER, last_name="Tà Lùng")
    page = list(client_for("provincial").get(reverse("accounts:list"), {"q": query}).context["page"])
    assert found in page and other not in page


# -- the same folding everywhere -----------------------------------------------------------------
NUMBERED = "Triển khai Kế hoạch 12-KH/HĐTN, xã Lũng Nặm"


def list_finds(client_for, provincial, units, program, query):
    """For each list, whether searching `query` finds the one row carrying NUMBERED."""
    load_programs()
    make_activity(provincial, units["ha-quang"], date(2022, 6, 1), title=NUMBERED)
    commend(units["ha-quang"], NUMBERED, "5-QĐ")
    Document.objects.create(
        unit=units["cao-bang"], kind="KH", number="3", symbol="X", issued_on=date(2024, 1, 5), title=NUMBERED
    )
    make_user("lungnam", units["ha-quang-tt"], Role.GRASSROOTS_OFFICER, last_name=NUMBERED)
    client = client_for("provincial")
    pages = {
        "activities": client.get(reverse("activities:list"), {"q": query}).context["page"],
        "commendations": client.get(reverse("commendations:list"), {"q": query}).context["page"],
        "library": client.get(reverse("library:list"), {"q": query}).context["page"],
        "accounts": client.get(reverse("accounts:list"), {"q": query}).context["page"],
    }
    return {name: len(list(page)) for name, page in pages.items()}


@pytest.mark.parametrize("query", ["hdtn", "HĐTN", "12 kh", "kh/hđtn", "lung nam", "LŨNG NẶM", "xa"])
def test_every_list_folds_punctuation_and_diacritics_the_same_way(
    client_for, provincial, units, program, query
):
    assert list_finds(client_for, provincial, units, program, query) == dict.fromkeys(
        ["activities", "commendations", "library", "accounts"], 1
    )


def test_a_word_inside_a_code_is_not_a_word_start_in_any_list(client_for, provincial, units, program):
    # "tn" is inside "HĐTN": no list finds it.
    assert list_finds(client_for, provincial, units, program, "tn") == dict.fromkeys(
        ["activities", "commendations", "library", "accounts"], 0
    )


def test_the_migration_refolds_the_search_text_of_existing_records(client_for, provincial, units):
    from importlib import import_module

    from django.apps import apps

    from activities.models import Activity
    from childprog.text import normalise, search, search_key

    load_programs()
    activity = make_activity(provincial, units["ha-quang"], date(2022, 6, 1), title=NUMBERED)
    # As the records were stored before: diacritics folded, punctuation kept.
    Activity.objects.filter(pk=activity.pk).update(search_text=" " + normalise(f"{NUMBERED} Hà Quảng"))

    def found():
        return list(search(Activity.objects.all(), "hdtn", [], folded_field="search_text"))

    assert found() == []

    import_module("activities.migrations.0004_fold_search_text").refold(apps, None)

    activity.refresh_from_db()
    assert activity.search_text == search_key(NUMBERED, units["ha-quang"].name)
    assert found() == [activity]
    page = client_for("provincial").get(reverse("activities:list"), {"q": "hdtn"}).context["page"]
    assert list(page) == [activity]
