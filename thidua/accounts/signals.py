"""Security events that come from libraries (django-axes) go to the audit log like our own."""

from axes.signals import user_locked_out
from django.dispatch import receiver

from thidua.audit.services import record_security_event


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    from django.contrib.auth import get_user_model

    target = get_user_model().objects.filter(username=username).first() if username else None
    record_security_event(actor=(username or "")[:150] or "anonymous", action="security.lockout", request=request,
                          subject=target, username=(username or "")[:150])

