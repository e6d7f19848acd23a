"""The register as XLSX. A file leaves the portal, so a child's name never goes into it: children
appear as "Trẻ em (ẩn tên)" with their age (docs/childrens-data.md)."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def register_xlsx(commendations) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Khen thưởng")
    headers = [
        _("Số quyết định"),
        _("Ngày quyết định"),
        _("Cấp khen"),
        _("Hình thức"),
        _("Đối tượng"),
        _("Tên tập thể, cá nhân"),
        _("Đơn vị của người được khen"),
        _("Thành tích"),
        _("Đơn vị khen thưởng"),
    ]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for c in commendations:
        if c.is_child:
            name = _("Trẻ em (ẩn tên), %(age)s tuổi") % {"age": c.child_age}
            recipient_unit, reason = "", ""
        else:
            name, recipient_unit, reason = str(c.recipient_label), c.recipient_unit, c.reason
        sheet.append(
            [
                c.decision_number,
                c.decision_date,
                c.get_level_display(),
                c.get_form_display(),
                c.get_kind_display(),
                name,
                recipient_unit,
                reason,
                c.unit.name,
            ]
        )
        sheet.cell(row=sheet.max_row, column=2).number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGHI", (16, 14, 16, 16, 10, 32, 30, 50, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
