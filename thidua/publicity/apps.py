from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "thidua.publicity"
    label = "publicity"
    verbose_name = _("Exemplary models")

    def ready(self):
        from thidua.organization.panels import register_report_section, register_unit_panel

        from .selectors import leaders_report_section
        from .views import leaders_panel

        register_unit_panel(leaders_panel)
        register_report_section(leaders_report_section)
