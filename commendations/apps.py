from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommendationsConfig(AppConfig):
    name = "commendations"
    verbose_name = _("Khen thưởng")

    def ready(self):
        from reports.extras import register_report_counter, register_report_section

        from .services import count_per_row, report_section

        register_report_counter("commendations", count_per_row)
        register_report_section(report_section)
