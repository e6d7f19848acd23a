"""Who may add to the library, and saving a document."""

from django.db import transaction
from django.utils import timezone

from childprog.files import DOCX
from childprog.models import Unit

from .uploads import docx_text


def issuing_units(access):
    """Units a user may issue documents for: their own current province or district unit
    (Section III: the province issues guidelines, districts their plans); admins any of them."""
    today = timezone.localdate()
    levels = [Unit.Kind.PROVINCE, Unit.Kind.CITY, Unit.Kind.DISTRICT]
    current = Unit.objects.valid_on(today).filter(kind__in=levels)
    if access.is_admin:
        return current
    return current.filter(pk__in=[u.pk for u in access.officer_units])


def can_change_document(access, document) -> bool:
    return issuing_units(access).filter(pk=document.unit_id).exists() or access.is_admin


@transaction.atomic
def save_document(form, *, by):
    """Save the form's document; a Word file with no typed text gives the page its text."""
    document = form.save(commit=False)
    if form.file_kind == DOCX and not document.text.strip():
        document.text = docx_text(form.cleaned_data["file"])
    if document.pk is None:
        document.uploaded_by = by
    document.save()
    return document
