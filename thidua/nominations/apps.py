from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "thidua.nominations"
    label = "nominations"
    verbose_name = _("Nominations")

    def ready(self):
        from thidua.councils import agenda

        from .council import SOURCE, file_council_result

        agenda.register(SOURCE)
        agenda.poll_closed.connect(file_council_result, dispatch_uid="nominations.file_council_result")
