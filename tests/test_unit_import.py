"""Importing the Cao Bằng unit files: as they are, twice without change, and all-or-nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from childprog.models import Succession, Unit
from childprog.resources import import_units, read_dataset

from .conftest import REFORM_CSV, UNITS_CSV

HEADER = "code,name,kind,parent_code,valid_from,valid_to,successor_codes,note\n"


def import_text(text):
    return import_units(read_dataset(io.StringIO(HEADER + text), name="units.csv"))


def snapshot():
    units = list(
        Unit.objects.values_list(
            "code", "name", "parent__code", "valid_from", "valid_to", "note", "updated_at"
        )
    )
    links = list(
        Succession.objects.values_list("predecessor__code", "successor__code", "is_primary", "updated_at")
    )
    return sorted(units, key=str), sorted(links, key=str)


def test_the_units_file_imports_as_it_is(db):
    call_command("import_units", str(UNITS_CSV), stdout=io.StringIO())
    assert Unit.objects.count() == 45
    tra_linh = Unit.objects.get(code="tra-linh")
    successors = list(
        tra_linh.succession_out.order_by("-is_primary").values_list("successor__code", "is_primary")
    )
    assert successors == [("trung-khanh", True), ("quang-hoa", False)]
    assert Unit.objects.get(code="quang-hoa-ta-lung").path == "cao-bang/quang-hoa/quang-hoa-ta-lung/"


def test_then_the_reform_file_ends_the_district_level(db):
    call_command("import_units", str(UNITS_CSV), stdout=io.StringIO())
    call_command("import_units", str(REFORM_CSV), stdout=io.StringIO())
    hoa_an = Unit.objects.get(code="hoa-an")
    assert hoa_an.valid_to.isoformat() == "2025-06-30"
    assert not hoa_an.succession_out.exists()
    town = Unit.objects.get(code="hoa-an-tt-2025")
    assert town.parent.code == "cao-bang" and town.valid_from.isoformat() == "2025-07-01"
    assert Unit.objects.get(code="hoa-an-tt").succession_out.get().successor == town


@pytest.mark.parametrize(
    "files",
    [
        [UNITS_CSV, UNITS_CSV],
        [UNITS_CSV, REFORM_CSV, REFORM_CSV],
        [UNITS_CSV, REFORM_CSV, UNITS_CSV],
    ],
    ids=["units-twice", "reform-twice", "units-again-after-reform"],
)
def test_importing_a_file_again_changes_nothing(db, files):
    for path in files[:-1]:
        call_command("import_units", str(path), stdout=io.StringIO())
    before = snapshot()
    out = io.StringIO()
    call_command("import_units", str(files[-1]), stdout=out)
    assert snapshot() == before
    assert "thêm 0, cập nhật 0" in out.getvalue()


def test_an_xlsx_file_with_vietnamese_dates_imports(db):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["cao-bang", "Tỉnh Đoàn Cao Bằng", "province", "", "01/01/2013", "", "", ""])
    sheet.append(["hoa-an", "Huyện Đoàn Hòa An", "district", "cao-bang", "01/01/2013", "", "", ""])
    buf = io.BytesIO()
    book.save(buf)
    buf.seek(0)
    result, errors = import_units(read_dataset(buf, name="don-vi.xlsx"))
    assert not errors
    assert Unit.objects.get(code="hoa-an").parent.code == "cao-bang"


BAD_FILES = {
    "unknown parent": ("a,A,district,nowhere,2013-01-01,,,\n", 2, "Không có đơn vị cấp trên mã “nowhere”"),
    "unknown successor": (
        "p,P,province,,2013-01-01,,,\na,A,district,p,2013-01-01,2019-12-31,ghost,\n",
        3,
        "Không có đơn vị kế thừa mã “ghost”",
    ),
    "inverted dates": ("p,P,province,,2013-01-01,2012-01-01,,\n", 2, "Ngày kết thúc trước ngày bắt đầu"),
    "duplicate code": ("p,P,province,,2013-01-01,,,\np,P2,province,,2013-01-01,,,\n", 3, "trùng với dòng 3"),
    "cycle": (
        "a,A,district,b,2013-01-01,,,\nb,B,district,a,2013-01-01,,,\n",
        2,
        "Vòng lặp trong quan hệ cấp trên",
    ),
    "parent not valid over the child's interval": (
        "p,P,province,,2013-01-01,2019-12-31,,\na,A,district,p,2013-01-01,,,\n",
        3,
        "không có hiệu lực suốt thời gian",
    ),
    "successor overlapping its predecessor": (
        "p,P,province,,2013-01-01,,,\n"
        "old,Old,town,p,2013-01-01,2020-02-29,new,\n"
        "new,New,town,p,2020-01-01,,,\n",
        3,
        "trùng thời gian",
    ),
    "successor starting after a gap": (
        "p,P,province,,2013-01-01,,,\nold,Old,town,p,2013-01-01,2020-02-29,new,\nnew,New,town,p,2020-06-01,,,\n",
        3,
        "phải có hiệu lực từ ngày 01/03/2020",
    ),
    "bad date": ("p,P,province,,32/13/2013,,,\n", 2, "Ngày không hợp lệ"),
    "unknown kind": ("p,P,galaxy,,2013-01-01,,,\n", 2, "Loại đơn vị không hợp lệ"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_file_with_a_bad_row_is_refused_whole_with_the_line_and_reason(db, case):
    text, line, reason = BAD_FILES[case]
    # A good row first: it must not be saved either.
    _, errors = import_text("good,Good,province,,2013-01-01,,,\n" + text)
    assert errors, "the file should have been refused"
    flat = {ln: " ".join(r) for ln, r in errors.items()}
    assert reason in flat.get(line + 1, ""), flat
    assert not Unit.objects.exists()


def test_a_saved_row_never_changes_its_parent(db):
    call_command("import_units", str(UNITS_CSV), stdout=io.StringIO())
    _, errors = import_text("hoa-an,Huyện Đoàn Hòa An,district,tp-cao-bang,2013-01-01,,,\n")
    assert "Không được đổi đơn vị cấp trên" in " ".join(errors[2])
    assert Unit.objects.get(code="hoa-an").parent.code == "cao-bang"


def test_the_command_refuses_a_bad_file_with_line_numbers(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a,A,district,nowhere,2013-01-01,,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="không lưu dòng nào"):
        call_command("import_units", str(bad), stderr=err, stdout=io.StringIO())
    assert "Dòng 2" in err.getvalue()
    assert not Unit.objects.exists()


def test_document_heading_and_symbol_import_when_the_file_has_them(db):
    text = "code,name,kind,parent_code,valid_from,valid_to,successor_codes,note,heading,symbol\n"
    text += "cao-bang,Tỉnh Đoàn Cao Bằng,province,,2013-01-01,,,,BCH ĐOÀN TỈNH CAO BẰNG,TĐTN-BTH\n"
    _, errors = import_units(read_dataset(io.StringIO(text), name="units.csv"))
    assert not errors
    unit = Unit.objects.get(code="cao-bang")
    assert (unit.document_heading, unit.document_symbol) == ("BCH ĐOÀN TỈNH CAO BẰNG", "TĐTN-BTH")


def test_without_those_columns_a_heading_set_in_admin_is_kept(db):
    call_command("import_units", str(UNITS_CSV), stdout=io.StringIO())
    Unit.objects.filter(code="cao-bang").update(heading="BCH ĐOÀN TỈNH CAO BẰNG")
    call_command("import_units", str(UNITS_CSV), stdout=io.StringIO())
    assert Unit.objects.get(code="cao-bang").heading == "BCH ĐOÀN TỈNH CAO BẰNG"
