"""Writes on accounts: two-factor enrolment, unlocking, API tokens. Each one is audited."""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.audit.services import record_security_event

from .models import ApiToken, TokenScope


def start_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed device whose secret the user adds to an authenticator app (a fresh one each time)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


@transaction.atomic
def confirm_enrolment(*, user, device: TOTPDevice, code: str) -> bool:
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_security_event(actor=user, action="security.2fa_enrolled", device="totp")
    return True


@transaction.atomic
def reset_second_factor(*, actor, user) -> None:
    """An administrator removes a lost device; the user enrols again at the next sign-in."""
    if not actor.has_perm("accounts.unlock_user", user):
        raise PermissionDenied(_("You may not reset this account."))
    TOTPDevice.objects.filter(user=user).delete()
    record_security_event(actor=actor, action="security.2fa_reset", subject=user, username=user.get_username())


@transaction.atomic
def unlock(*, actor, username: str) -> int:
    """Lift a sign-in lockout; returns how many lockout records were cleared."""
    from django.contrib.auth import get_user_model

    target = get_user_model().objects.filter(username=username).first()
    if not actor.has_perm("accounts.unlock_user", target):
        raise PermissionDenied(_("You may not unlock this account."))
    cleared = axes_reset(username=username)
    record_security_event(actor=actor, action="security.unlock", subject=target, username=username, cleared=cleared)
    return cleared


@transaction.atomic
def issue_token(*, user, name: str, scope: str = TokenScope.READ, days: int | None = None) -> tuple[ApiToken, str]:
    name = (name or "").strip()
    days = days or settings.THIDUA_API_TOKEN_DAYS
    if not name:
        raise ValidationError({"name": [_("Give the token a name (what it is for).")]})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": [_("Unknown scope.")]})
    if not 1 <= days <= settings.THIDUA_API_TOKEN_MAX_DAYS:
        raise ValidationError({"days": [_("A token lasts from 1 to %(max)s days.")
                                        % {"max": settings.THIDUA_API_TOKEN_MAX_DAYS}]})
    token, raw = ApiToken.issue(user=user, name=name[:100], scope=scope, days=days)
    record_security_event(actor=user, action="security.token_issued", token=token.name, scope=scope,
                          expires_at=token.expires_at)
    return token, raw


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> None:
    """`actor` is a user, or the name of an operator at the server's command line (`thidua tokens revoke`)."""
    if isinstance(actor, str):
        pass
    elif token.user_id != actor.pk and not actor.has_perm("accounts.unlock_user", token.user):
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_security_event(actor=actor, action="security.token_revoked", subject=token.user, token=token.name)
