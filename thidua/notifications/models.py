"""In-app notifications, each user's choice of what reaches them by e-mail, and what was e-mailed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PLEDGE_DUE = "pledge_due", _("Pledges due")
    SCORE_DUE = "score_due", _("Scores due")
    DOSSIER_WAITING = "dossier_waiting", _("Dossiers waiting for you")
    DISCLOSURE_ENDING = "disclosure_ending", _("Public disclosure ending")
    POLL_OPEN = "poll_open", _("Polls open")
    TARGET_AT_RISK = "target_at_risk", _("Targets late or at risk")
    FOLLOW_UP_DUE = "follow_up_due", _("Inspection follow-up due")


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("details"), blank=True)
    url = models.CharField(max_length=255, blank=True)
    key = models.CharField(max_length=128, help_text=_("The same reminder is not repeated for the same thing."))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_notification_per_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread"),
                   models.Index(fields=["emailed_at"], condition=Q(emailed_at__isnull=True), name="notification_unsent")]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """A user's choice for one kind; without a row both in-app and e-mail are on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    in_app = models.BooleanField(_("in the application"), default=True)
    email = models.BooleanField(_("in the daily e-mail"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]
