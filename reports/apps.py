from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from activities.restrictions import register_correction_check

        from .corrections import approved_report_covering, approved_reports_covering
        from .extras import register_report_section
        from .flags import area_flag_section

        register_correction_check(approved_report_covering, many=approved_reports_covering)
        register_report_section(area_flag_section)
