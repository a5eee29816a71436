from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Holiday(models.Model):
    """A public holiday (Tết and others) the administrator keeps; working-day periods skip it."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        ordering = ["date"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"
