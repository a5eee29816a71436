from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "thidua.awards"
    label = "awards"
    verbose_name = _("Award records")

    def ready(self):
        from thidua.organization.importing import register_kind

        from .importing import COLUMNS, EXAMPLE, commit, plan

        register_kind("awards", _("Past awards"), COLUMNS, plan, commit, EXAMPLE, chunked=True)
