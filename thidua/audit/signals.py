"""Security events from Django itself: sign-in, failed sign-in, sign-out, password changes and role grants, however
they happen (pages, admin, command line, directory sign-in)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .services import record_security_event


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_security_event(actor=user, action="security.login", request=request)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_security_event(actor=user, action="security.logout", request=request)


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    """Only the user name tried, never the password."""
    username = str(credentials.get("username") or "")[:150]
    known = get_user_model().objects.filter(username=username).first() if username else None
    record_security_event(actor="anonymous", action="security.login_failed", request=request, subject=known,
                          username=username)


def audit_password_change(sender, instance, created, update_fields=None, **kwargs):
    """`set_password` leaves `_password` set until the save; a save of the password field alone is Django
    upgrading the hash at sign-in, not a change."""
    if created or getattr(instance, "_password", None) is None or set(update_fields or ()) == {"password"}:
        return
    record_security_event(actor=instance, action="security.password_change")


def audit_role(sender, instance, created=None, **kwargs):
    if created is False:
        return
    user = instance.user
    record_security_event(actor="system", action="security.role_grant" if created else "security.role_revoke",
                          subject=user, role=instance.role, unit=instance.unit_id, username=user.get_username())


def connect():
    post_save.connect(audit_password_change, sender=get_user_model(), dispatch_uid="audit_password_change")
    post_save.connect(audit_role, sender="accounts.RoleAssignment", dispatch_uid="audit_role_grant")
    post_delete.connect(audit_role, sender="accounts.RoleAssignment", dispatch_uid="audit_role_revoke")
