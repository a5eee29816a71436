import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "thidua.notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from thidua.core import schedule

        schedule.daily("thidua.notifications.tasks.daily_digest", datetime.time(6, 0))
