from django.utils.functional import SimpleLazyObject

from .access import access_for


def access(request):
    """`access` in every template (menus show what the user may do); computed only when used."""
    return {"access": SimpleLazyObject(lambda: access_for(request.user))}
