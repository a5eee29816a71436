from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "thidua.policy"
    label = "policy"
    verbose_name = _("Policy drafts and impact assessment")
