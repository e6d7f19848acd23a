"""The library: every logged-in user reads the province's documents, a unit's own are read in
its subtree and above it (childprog.access.library_scope); officers of the province and the districts add their
own unit's documents. Files live in the private MEDIA_ROOT and are served here, after login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childprog.access import access_for

from .filters import DocumentFilter
from .forms import DocumentForm
from .models import Document
from .services import can_change_document, issuing_units, save_document
from .text import structure
from .word import document_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _documents(request):
    return access_for(request.user).library_scope(Document.objects.for_pages())


def _document_for_change(request, pk):
    document = get_object_or_404(_documents(request), pk=pk)
    if not can_change_document(access_for(request.user), document):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị ban hành được sửa văn bản này."))
    return document


@login_required
def document_list(request):
    filterset = DocumentFilter(request.GET, queryset=_documents(request))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "library/list.html",
        {"filter": filterset, "page": page, "can_upload": issuing_units(access_for(request.user)).exists()},
    )


@login_required
def document_detail(request, pk):
    document = get_object_or_404(_documents(request), pk=pk)
    return render(
        request,
        "library/detail.html",
        {
            "document": document,
            "doc": structure(document.text) if document.text else None,
            "can_change": can_change_document(access_for(request.user), document),
        },
    )


@login_required
def document_file(request, pk):
    document = get_object_or_404(_documents(request), pk=pk)
    if not document.file:
        raise Http404(_("Văn bản này không có tệp đính kèm."))
    name = f"{slugify(document.reference)}.{document.file_extension}"
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


@login_required
def document_word(request, pk):
    """The document's text as a Word file in the official layout (for those without the original)."""
    document = get_object_or_404(_documents(request), pk=pk)
    if not document.text:
        raise Http404(_("Văn bản này không có nội dung dạng chữ."))
    response = HttpResponse(document_docx(document.text), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(document.reference)}.docx"'
    return response


@login_required
def document_create(request):
    units = issuing_units(access_for(request.user))
    if not units.exists():
        raise PermissionDenied(_("Chỉ cán bộ Tỉnh Đoàn và Huyện, Thành Đoàn được đăng văn bản."))
    form = DocumentForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        document = save_document(form, by=request.user)
        messages.success(request, _("Đã đăng văn bản %(ref)s.") % {"ref": document.reference})
        return redirect("library:detail", pk=document.pk)
    return render(request, "library/form.html", {"form": form})


@login_required
def document_edit(request, pk):
    document = _document_for_change(request, pk)
    units = issuing_units(access_for(request.user))
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, units=units)
    if request.method == "POST" and form.is_valid():
        save_document(form, by=request.user)
        messages.success(request, _("Đã lưu văn bản."))
        return redirect("library:detail", pk=document.pk)
    return render(request, "library/form.html", {"form": form, "document": document})


@login_required
@require_POST
def document_delete(request, pk):
    document = _document_for_change(request, pk)
    if document.file:
        document.file.delete(save=False)
    document.delete()
    messages.success(request, _("Đã xóa văn bản %(ref)s.") % {"ref": document.reference})
    return redirect("library:list")
