"""The commendations register, and the protection of a commended child's name (docs/childrens-data.md)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity
from childprog.guideline import open_period
from commendations.models import Commendation
from commendations.services import erase_personal_data, report_section
from reports.data import unit_data
from reports.extras import report_sections

CHILD = "Nông Thị Bé"


@pytest.fixture
def child_commendation(units, program):
    return Commendation.objects.create(
        unit=units["ha-quang"],
        kind="individual",
        recipient_name=CHILD,
        recipient_unit="Liên đội Trường TH Xuân Hòa",
        is_child=True,
        child_age=10,
        reason=f"Em {CHILD} đạt giải Nhất Hội thi Cháu ngoan Bác Hồ",
        form="certificate_of_merit",
        decision_number="15-QĐ/HĐTN",
        decision_date=date(2020, 6, 1),
        level="district",
    )


@pytest.fixture
def collective(units, program):
    return Commendation.objects.create(
        unit=units["ha-quang"],
        kind="collective",
        recipient_name="Chi đoàn xóm Nà Sác",
        form="certificate_of_merit",
        decision_number="16-QĐ/HĐTN",
        decision_date=date(2020, 6, 1),
        level="district",
    )


@pytest.fixture
def activity(units, program):
    area = program.content_areas.get(number=4)
    return Activity.objects.create(
        program=program,
        unit=units["ha-quang"],
        content_area=area,
        title="Đại hội Cháu ngoan Bác Hồ huyện Hà Quảng",
        start_date=date(2020, 5, 20),
        end_date=date(2020, 5, 20),
    )


def form_data(unit, **overrides):
    data = {
        "unit": unit.pk,
        "decision_number": "20-QĐ/HĐTN",
        "decision_date": "01/06/2020",
        "level": "district",
        "form": "certificate_of_merit",
        "kind": "individual",
        "recipient_name": "Lò Văn Nhỏ",
        "recipient_unit": "Trường TH Xuân Hòa",
        "reason": "Tấm gương vượt khó",
        "is_child": "on",
        "child_age": "9",
        "guardian_consent_on": "",
        "child_consent_on": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def history_values(pk):
    return list(Commendation.history.filter(id=pk).values_list("recipient_name", "reason", "recipient_unit"))


# -- who sees what ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "persona, status",
    [
        ("provincial", 200),
        ("officer_ha_quang", 200),
        ("officer_quang_hoa", 404),
        ("grassroots", 404),
        ("reader", 404),
    ],
)
def test_a_childs_commendation_is_seen_only_by_the_units_responsible(
    client_for, child_commendation, persona, status
):
    client = client_for(persona)
    for name in ("detail", "edit"):
        assert (
            client.get(reverse(f"commendations:{name}", args=[child_commendation.pk])).status_code == status
        )
    listing = client.get(reverse("commendations:list")).content.decode()
    assert (CHILD in listing) == (status == 200)


@pytest.mark.parametrize("action", ["erase", "delete"])
def test_officer_of_another_district_gets_404_on_actions(client_for, child_commendation, action):
    response = client_for("officer_quang_hoa").post(
        reverse(f"commendations:{action}", args=[child_commendation.pk])
    )
    assert response.status_code == 404
    assert Commendation.objects.get(pk=child_commendation.pk).recipient_name == CHILD


def test_the_public_never_sees_the_register(client_for, child_commendation):
    for name, args in [("list", []), ("export", []), ("detail", [child_commendation.pk])]:
        response = client_for("anonymous").get(reverse(f"commendations:{name}", args=args))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_unit_filter_offers_no_other_district(client_for, child_commendation, units):
    response = client_for("officer_quang_hoa").get(reverse("commendations:list"))
    choices = {u.code for u in response.context["filter"].form.fields["unit"].queryset}
    assert "quang-hoa" in choices and "ha-quang" not in choices
    # Forcing the other district's id in the URL is refused, not answered.
    response = client_for("officer_quang_hoa").get(
        reverse("commendations:list"), {"unit": units["ha-quang"].pk}
    )
    assert CHILD not in response.content.decode()


def test_the_export_is_scoped_and_never_holds_a_childs_name(client_for, child_commendation, collective):
    response = client_for("officer_ha_quang").get(reverse("commendations:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Chi đoàn xóm Nà Sác" in cells
    assert not any(CHILD in c for c in cells)
    assert any("Trẻ em (ẩn tên), 10 tuổi" in c for c in cells)
    other = client_for("officer_quang_hoa").get(reverse("commendations:export"))
    assert load_workbook(io.BytesIO(other.content)).active.max_row == 1


def test_the_list_has_bounded_queries(
    client_for, child_commendation, collective, django_assert_max_num_queries
):
    client = client_for("officer_ha_quang")
    client.get(reverse("commendations:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("commendations:list"), {"kind": "collective"})
    assert "Chi đoàn xóm Nà Sác" in response.content.decode() and CHILD not in response.content.decode()


# -- recording -----------------------------------------------------------------------------------
def test_an_officer_records_a_childs_commendation_linked_to_an_activity(client_for, units, activity):
    client = client_for("officer_ha_quang")
    response = client.post(
        reverse("commendations:create"), form_data(units["ha-quang"], activities=[activity.pk])
    )
    assert response.status_code == 302, response.context["form"].errors
    commendation = Commendation.objects.get()
    assert list(commendation.activities.all()) == [activity]
    assert activity.title in client.get(response["Location"]).content.decode()


def test_an_officer_cannot_link_another_districts_activity(client_for, units, activity):
    response = client_for("officer_quang_hoa").post(
        reverse("commendations:create"), form_data(units["quang-hoa"], activities=[activity.pk])
    )
    assert "activities" in response.context["form"].errors


def test_an_officer_cannot_record_for_another_district(client_for, units):
    response = client_for("officer_quang_hoa").post(
        reverse("commendations:create"), form_data(units["ha-quang"])
    )
    assert "unit" in response.context["form"].errors and not Commendation.objects.exists()


def test_a_child_needs_an_age(client_for, units):
    response = client_for("officer_ha_quang").post(
        reverse("commendations:create"), form_data(units["ha-quang"], child_age="")
    )
    assert "child_age" in response.context["form"].errors
    assert response.context["form"]["recipient_name"].value() == "Lò Văn Nhỏ"


@pytest.mark.parametrize(
    "guardian, child, ok",
    [("", "", False), ("20/05/2020", "", False), ("20/05/2020", "21/05/2020", True)],
)
def test_a_childs_name_is_published_only_with_recorded_consent(client_for, units, guardian, child, ok):
    data = form_data(
        units["ha-quang"], publish_name="on", guardian_consent_on=guardian, child_consent_on=child
    )
    response = client_for("officer_ha_quang").post(reverse("commendations:create"), data)
    assert (response.status_code == 302) == ok
    if not ok:
        assert "đồng ý" in str(response.context["form"].errors["publish_name"])


def test_under_seven_the_guardians_consent_is_enough(client_for, units):
    data = form_data(units["ha-quang"], child_age="6", publish_name="on", guardian_consent_on="20/05/2020")
    assert client_for("officer_ha_quang").post(reverse("commendations:create"), data).status_code == 302


def test_a_collective_is_not_a_child(client_for, units):
    data = form_data(units["ha-quang"], kind="collective")
    assert (
        "is_child"
        in client_for("officer_ha_quang").post(reverse("commendations:create"), data).context["form"].errors
    )


# -- erasure ---------------------------------------------------------------------------------------
def test_erasure_removes_the_name_from_the_record_and_its_history(client_for, child_commendation):
    child_commendation.recipient_unit = "Trường PTDTBT TH Xuân Hòa"
    child_commendation.save()  # a second history row holding the name
    assert any(CHILD in (name + reason) for name, reason, _ in history_values(child_commendation.pk))
    response = client_for("officer_ha_quang").post(
        reverse("commendations:erase", args=[child_commendation.pk])
    )
    assert response.status_code == 302
    child_commendation.refresh_from_db()
    assert child_commendation.recipient_name == "" and child_commendation.erased_at is not None
    for name, reason, school in history_values(child_commendation.pk):
        assert CHILD not in name + reason and "Xuân Hòa" not in school
    # Search finds the record by its decision number, never by the erased name.
    client = client_for("officer_ha_quang")
    assert "15-QĐ/HĐTN" in client.get(reverse("commendations:list"), {"q": "15 qd"}).content.decode()
    assert (
        "15-QĐ/HĐTN" not in client.get(reverse("commendations:list"), {"q": "nong thi be"}).content.decode()
    )
    page = client_for("officer_ha_quang").get(reverse("commendations:detail", args=[child_commendation.pk]))
    assert CHILD not in page.content.decode() and "đã xóa dữ liệu cá nhân" in page.content.decode()


def test_erasure_keeps_the_count_in_reports(child_commendation, units, program, officer_ha_quang):
    period = open_period(program, "year", 2020)
    erase_personal_data(child_commendation, by=officer_ha_quang)
    section = report_section(units["ha-quang"], period, unit_data(units["ha-quang"], period))
    assert section.rows == [["Giấy khen", 0, 1, 1, 1]]


def test_deleting_a_commendation_deletes_its_history(client_for, child_commendation):
    pk = child_commendation.pk
    assert client_for("officer_ha_quang").post(reverse("commendations:delete", args=[pk])).status_code == 302
    assert not Commendation.objects.filter(pk=pk).exists() and history_values(pk) == []


# -- reports ---------------------------------------------------------------------------------------
def test_the_report_section_counts_children_and_prints_no_name(
    child_commendation, collective, units, program
):
    period = open_period(program, "year", 2020)
    sections = [
        s
        for s in report_sections(units["ha-quang"], period, unit_data(units["ha-quang"], period))
        if "Khen thưởng" in s.title
    ]
    assert len(sections) == 1
    assert sections[0].rows == [["Giấy khen", 1, 1, 1, 2]]
    assert CHILD not in repr(sections[0])
    # The province's report counts them too; another district's does not.
    assert report_section(units["cao-bang"], period, unit_data(units["cao-bang"], period)).rows == [
        ["Giấy khen", 1, 1, 1, 2]
    ]
    assert report_section(units["quang-hoa"], period, unit_data(units["quang-hoa"], period)) is None


def test_the_report_section_follows_the_period(child_commendation, units, program):
    year, quarter = open_period(program, "year", 2019), open_period(program, "quarter", 2020, 2)
    assert report_section(units["ha-quang"], year, unit_data(units["ha-quang"], year)) is None
    assert report_section(units["ha-quang"], quarter, unit_data(units["ha-quang"], quarter)) is not None


def test_search_ignores_diacritics_like_the_activities_list(client_for, units):
    from commendations.models import Commendation

    Commendation.objects.create(
        unit=units["ha-quang"],
        kind=Commendation.Kind.COLLECTIVE,
        recipient_name="Chi đoàn thôn Nà Giàng",
        form=Commendation.Form.CERTIFICATE_OF_MERIT,
        decision_number="12-QĐ/HĐTN",
        decision_date="2024-05-20",
        level=Commendation.Level.DISTRICT,
    )
    client = client_for("officer_ha_quang")
    for query in ("QD", "na giang", "Nà Giàng"):
        page = client.get("/khen-thuong/", {"q": query})
        assert "Nà Giàng" in page.content.decode(), query
    assert "Nà Giàng" not in client.get("/khen-thuong/", {"q": "khong co"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_stored_forms_of_commendations_become_english_values(units):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("commendations", "0001_initial")], [("commendations", "0002_english_form_values")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("commendations", "Commendation")
    old.objects.create(
        unit_id=units["ha-quang"].pk,
        kind="collective",
        recipient_name="Chi đoàn xóm Nà Sác",
        form="bang-khen",
        decision_number="16-QĐ/HĐTN",
        decision_date=date(2020, 6, 1),
        level="district",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    converted = executor.loader.project_state(after).apps.get_model("commendations", "Commendation")
    assert converted.objects.get().form == Commendation.Form.DIPLOMA_OF_MERIT
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later tests need the latest schema
    assert Commendation.objects.get().get_form_display() == "Bằng khen"
