"""Vietnamese labels for model fields declared without one.

Django names such a field after its attribute ("uploaded by", "content area") and shows that
English in the admin, its filters and model forms. Here each gets a Vietnamese label: the
related model's own name for a foreign key, or the common name below. A label given in the model
always wins, and migrations are unaffected (they record the label given in the model, not this
one). tests/test_admin_vietnamese.py fails on any English label left."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

PROJECT_APPS = {"childprog", "activities", "reports", "plans", "commendations", "library"}

COMMON = {
    "created_at": _("tạo lúc"),
    "updated_at": _("cập nhật lúc"),
    "created_by": _("người tạo"),
    "updated_by": _("người sửa"),
    "uploaded_by": _("người tải lên"),
    "uploaded_at": _("tải lên lúc"),
    "published_by": _("người đăng"),
    "submitted_by": _("người gửi"),
    "approved_by": _("người duyệt"),
    "requested_by": _("người đề nghị"),
    "by": _("người thực hiện"),
    "version": _("phiên bản"),
    "read_at": _("đã đọc lúc"),
    "year": _("năm"),
    "day": _("ngày"),
    "doc_type": _("loại văn bản"),
    "last_number": _("số đã cấp gần nhất"),
    "value": _("giá trị"),
    "thumbnail": _("ảnh thu nhỏ"),
    "content_type": _("kiểu tệp"),
    "extension": _("đuôi tệp"),
    "section_notes": _("ghi chú từng phần"),
    "end_date": _("ngày kết thúc"),
    "search_text": _("chữ để tìm kiếm"),
    "submission_key": _("mã lần gửi"),
    "title_sort": _("khóa sắp xếp theo tên"),
    "unit_sort": _("khóa sắp xếp theo đơn vị"),
    "district": _("Huyện/Thành Đoàn"),
    "history_id": _("mã lịch sử"),
    "history_date": _("thời điểm"),
    "history_change_reason": _("lý do sửa"),
    "history_type": _("loại thay đổi"),
    "history_user": _("người sửa"),
}


def fill_missing_labels():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field._verbose_name is not None:
                continue  # the model names it
            label = COMMON.get(field.name)
            if label is None and field.is_relation:
                label = field.related_model._meta.verbose_name
            if label is not None:
                field.verbose_name = label
