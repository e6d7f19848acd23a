from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Kế hoạch và chỉ tiêu")

    def ready(self):
        from reports.extras import register_report_section

        from .services import report_section

        register_report_section(report_section)
