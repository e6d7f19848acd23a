"""The portal's admin site: Django's, with the sections in the order an admin works through them
(units first) and unit pickers that tell rows of the same name apart."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _

# Sections and, inside each, models in working order; anything unlisted follows alphabetically.
APP_ORDER = [
    "childprog",
    "activities",
    "reports",
    "plans",
    "commendations",
    "library",
    "axes",
    "audit",
    "auth",
]
# Sections whose app names itself in English ("Axes").
APP_NAMES = {"axes": _("Theo dõi đăng nhập")}
MODEL_ORDER = {
    "childprog": ["Unit", "User", "Program", "ContentArea", "Movement", "Indicator", "TargetGroup", "Period"],
}


def _position(order, key):
    return (order.index(key), "") if key in order else (len(order), key)


class PortalAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(obj, "label_with_context", None)
        if label is not None:
            result["text"] = label()
        return result


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        apps.sort(key=lambda app: _position(APP_ORDER, app["app_label"]))
        for app in apps:
            app["name"] = APP_NAMES.get(app["app_label"], app["name"])
            order = MODEL_ORDER.get(app["app_label"], [])
            app["models"].sort(key=lambda m: _position(order, m["object_name"]) + (str(m["name"]),))
        return apps

    def autocomplete_view(self, request):
        return PortalAutocompleteJsonView.as_view(admin_site=self)(request)


class PortalAdminConfig(AdminConfig):
    default_site = "childprog.admin_site.PortalAdminSite"
