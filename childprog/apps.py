from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildprogConfig(AppConfig):
    name = "childprog"
    verbose_name = _("Đơn vị và chương trình")
