from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thidua.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from thidua.audit.selectors import register_reader_scope

        from . import signals  # noqa: F401
        from .scope import AUDIT_READERS, units_for

        register_reader_scope(lambda user: units_for(user, AUDIT_READERS))
