import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "thidua.reports"
    verbose_name = _("Reports and dashboards")

    def ready(self):
        from thidua.core import schedule

        from . import figures

        figures.connect()
        schedule.daily("thidua.reports.tasks.rebuild_figures", datetime.time(2, 0))
