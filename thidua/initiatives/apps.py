from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "thidua.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from thidua.organization.importing import register_kind

        from .importing import COLUMNS, EXAMPLE, commit, plan

        register_kind("initiatives", _("Initiatives"), COLUMNS, plan, commit, EXAMPLE, chunked=True)
