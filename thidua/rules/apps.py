from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "thidua.rules"
    label = "eligibility"
    verbose_name = _("Eligibility engine")

    def ready(self):
        from thidua.councils.law import register_vote_rules

        from .engine import vote_rules

        register_vote_rules(vote_rules)
