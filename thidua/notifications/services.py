"""Notifications in the application and by e-mail, and the daily digest.

Other apps remind people through `notify` (one notification per user and key, so a daily run never
repeats itself) and send mail through `send_email`; each app's `reminders.py` holds its collectors
(see `reminders.py` here), which the daily digest runs before mailing.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from thidua.audit.services import record

from .models import Kind, Notification, Preference

MAX_DIGEST_ITEMS = 50


def preferences(user) -> dict[str, Preference]:
    saved = {p.kind: p for p in Preference.objects.filter(user=user)}
    return {kind: saved.get(kind) or Preference(user=user, kind=kind) for kind in Kind.values}


def notify(*, user, kind: str, title: str, key: str, body: str = "", url: str = "") -> Notification | None:
    """One notification per (user, key); None when it exists already or the user turned this kind off."""
    if kind not in Kind.values:
        raise ValueError(kind)
    pref = Preference.objects.filter(user=user, kind=kind).first()
    if pref is not None and not (pref.in_app or pref.email):
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(user=user, kind=kind, title=title[:255], body=body, url=url[:255],
                                               key=key[:128])
    except IntegrityError:
        return None


def send_email(*, to: list[str], subject: str, body: str, connection=None) -> int:
    """Plain-text e-mail through the configured SMTP server (EMAIL_* settings); returns messages sent."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    message = EmailMessage(subject=subject.replace("\n", " ")[:200], body=body,
                           from_email=settings.DEFAULT_FROM_EMAIL, to=recipients, connection=connection)
    return message.send()


def mark_read(*, actor, notification: Notification) -> None:
    if notification.user_id != actor.pk:
        raise PermissionDenied(_("This notification is someone else's."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def save_preferences(*, actor, choices: dict[str, tuple[bool, bool]]) -> None:
    """choices: kind → (in the application, in the daily e-mail)."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValueError(sorted(unknown))
    with transaction.atomic():
        for kind, (in_app, email) in choices.items():
            Preference.objects.update_or_create(user=actor, kind=kind,
                                                defaults={"in_app": in_app, "email": email})
        record(actor=actor, action="notifications.preferences", obj=actor,
               summary={k: {"in_app": a, "email": e} for k, (a, e) in choices.items()})


def send_digest(*, today: datetime.date | None = None) -> dict:
    """One e-mail per user listing what was not yet mailed, for the kinds the user wants by e-mail."""
    today = today or timezone.localdate()
    pending = defaultdict(list)
    off = set(Preference.objects.filter(email=False).values_list("user_id", "kind"))
    for item in Notification.objects.filter(emailed_at__isnull=True).order_by("created_at", "pk"):
        if (item.user_id, item.kind) not in off:
            pending[item.user_id].append(item)
    users = get_user_model().objects.in_bulk(list(pending))
    sent, mailed_ids = 0, []
    base = settings.THIDUA_BASE_URL.rstrip("/")
    with get_connection() as connection:
        for user_id, items in pending.items():
            user = users[user_id]
            if not user.email or not user.is_active:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("thidua: %(count)s reminders for %(day)s") % {"count": len(items),
                                                                         "day": today.strftime("%d/%m/%Y")}
                body = render_to_string("notifications/digest.txt", {
                    "user": user, "items": items[:MAX_DIGEST_ITEMS], "more": max(len(items) - MAX_DIGEST_ITEMS, 0),
                    "base": base, "today": today})
            sent += send_email(to=[user.email], subject=subject, body=body, connection=connection)
            mailed_ids += [i.pk for i in items]
    with transaction.atomic():
        Notification.objects.filter(pk__in=mailed_ids).update(emailed_at=timezone.now())
        record(actor="system", action="notifications.digest", object_type="notifications.notification",
               summary={"day": today, "emails": sent, "notifications": len(mailed_ids)})
    return {"emails": sent, "notifications": len(mailed_ids)}
