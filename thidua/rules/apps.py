from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "thidua.rules"
    label = "eligibility"
    verbose_name = _("Eligibility engine")
