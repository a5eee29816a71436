"""Who must sign in with a second factor (TOTP), and the enrolment secret shown as a QR code."""

import base64
from urllib.parse import quote

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role
from .scope import holds_anywhere

SECOND_FACTOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.EMULATION_OFFICER, Role.COUNCIL_MEMBER,
                                 Role.COUNCIL_SECRETARY})


def role_requires_second_factor(user) -> bool:
    """Superusers, administrators, emulation officers, council members and secretaries, and every council seat
    (trustees of secret ballots hold one)."""
    seats = getattr(user, "council_seats", None)  # councils' seats point at the user; no import upwards
    return (user.is_superuser or holds_anywhere(user, SECOND_FACTOR_ROLES)
            or (seats is not None and seats.exists()))


def needs_second_factor(user) -> bool:
    """Whether this signed-in user must enter a one-time code: by role, or because they enrolled a device."""
    if not settings.THIDUA_REQUIRE_2FA or not user.is_authenticated:
        return False
    cached = getattr(user, "_thidua_needs_2fa", None)
    if cached is None:
        cached = role_requires_second_factor(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        user._thidua_needs_2fa = cached
    return cached


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def provisioning_uri(device: TOTPDevice) -> str:
    label = quote(f"{settings.OTP_TOTP_ISSUER}:{device.user.get_username()}")
    return (f"otpauth://totp/{label}?secret={secret_base32(device)}&issuer={quote(settings.OTP_TOTP_ISSUER)}"
            f"&digits={device.digits}&period={device.step}")
