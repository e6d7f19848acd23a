"""The register as XLSX. A file leaves the portal, so a child's name never goes into it: children
appear as "Trẻ em (ẩn tên)" with their age (docs/childrens-data.md)."""

from io import BytesIO

from django.utils.translation import gettext as _

from audit.log import Action, record
from childprog.tabular import Column, write_xlsx


def register_xlsx(commendations, *, by, name: str = "") -> bytes:
    """The register as a workbook; the audit log says who took it (adults' names are in it)."""
    columns = [
        Column(_("Số quyết định"), width=16),
        Column(_("Ngày quyết định"), "date", 14),
        Column(_("Cấp khen"), width=16),
        Column(_("Hình thức"), width=16),
        Column(_("Đối tượng"), width=10),
        Column(_("Tên tập thể, cá nhân"), width=32),
        Column(_("Đơn vị của người được khen"), width=30),
        Column(_("Thành tích"), width=50),
        Column(_("Đơn vị khen thưởng"), width=28),
    ]
    out = BytesIO()
    write_xlsx(out, columns, (_row(c) for c in commendations.iterator()), title=_("Khen thưởng"))
    record(Action.EXPORT, name, by=by, detail=_("%(n)s khen thưởng") % {"n": commendations.count()})
    return out.getvalue()


def _row(c) -> list:
    if c.is_child:
        name = _("Trẻ em (ẩn tên), %(age)s tuổi") % {"age": c.child_age}
        recipient_unit, reason = "", ""
    else:
        name, recipient_unit, reason = str(c.recipient_label), c.recipient_unit, c.reason
    return [
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
