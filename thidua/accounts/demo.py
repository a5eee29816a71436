"""Demo accounts that must sign in with a second factor get a device with one published secret, so the
demo stays usable: add DEMO_TOTP_SECRET to an authenticator app, or run `oathtool --totp -b SECRET`."""

import base64

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from .twofactor import role_requires_second_factor

DEMO_TOTP_SECRET = "ORUGSZDVMEWWIZLNN4WXI33UOAWTEMBSGY"  # noqa: S105 — base32 of "thidua-demo-totp-2026", demo data only


def build() -> list[str]:
    """Enrol every demo account that needs a second factor; returns their usernames."""
    key = base64.b32decode(DEMO_TOTP_SECRET + "=" * (-len(DEMO_TOTP_SECRET) % 8)).hex()
    enrolled = []
    for user in get_user_model().objects.order_by("username"):
        if role_requires_second_factor(user):
            TOTPDevice.objects.create(user=user, name="demo", key=key, confirmed=True)
            enrolled.append(user.username)
    return enrolled
