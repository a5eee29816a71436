import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    person = models.OneToOneField(
        "organization.Person", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("person")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    EMULATION_OFFICER = "emulation_officer", _("Emulation officer")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    COUNCIL_MEMBER = "council_member", _("Council member")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    STAFF = "staff", _("Staff")
    INSPECTOR = "inspector", _("Inspector")


class RoleAssignment(models.Model):
    """A role granted on a unit; it covers the unit's whole subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey("organization.Unit", on_delete=models.CASCADE, verbose_name=_("unit"))
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment")]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A bearer token for the API; only its SHA-256 digest is stored. It expires and can be revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return self.name

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(cls, *, user, name: str, scope: str = TokenScope.READ, days: int | None = None) -> tuple["ApiToken", str]:
        """Create a token; the raw value is returned once and never stored. Prefer services.issue_token."""
        days = days or settings.THIDUA_API_TOKEN_DAYS
        raw = "td_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, scope=scope, digest=cls.digest_of(raw),
                                   expires_at=timezone.now() + datetime.timedelta(days=days))
        return token, raw


def unit_model():
    """The unit tree that roles attach to, reached through the role's foreign key: accounts sit below organization
    in the layers and never import it."""
    return RoleAssignment._meta.get_field("unit").related_model
