from django import forms
from django.utils.translation import gettext_lazy as _

from childprog.forms import DateField

from .models import Document
from .uploads import validate_document


class DocumentForm(forms.ModelForm):
    issued_on = DateField(label=_("Ngày ban hành"))

    class Meta:
        model = Document
        fields = ["unit", "kind", "number", "symbol", "issued_on", "title", "program", "file", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "file": _("PDF hoặc Word (.docx)."),
            "text": _("Để trống khi tải lên tệp Word: nội dung được lấy từ tệp."),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        self.file_kind = None

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not the stored file
            self.file_kind = validate_document(uploaded)
        return uploaded

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("text", "").strip():
            raise forms.ValidationError(_("Hãy tải lên tệp văn bản hoặc nhập nội dung."))
        return data
