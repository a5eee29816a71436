import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.notifications.reminders import collect_all
from thidua.notifications.services import send_digest


class Command(BaseCommand):
    help = "Daily reminders: collect what is due (pledges, scores, dossiers, disclosures, polls, targets, " \
           "inspection follow-up) and e-mail each user one digest."

    def add_arguments(self, parser):
        parser.add_argument("--day", type=datetime.date.fromisoformat, help="the day to run for (YYYY-MM-DD)")
        parser.add_argument("--no-email", action="store_true", help="only create the in-app notifications")

    def handle(self, *args, **options):
        today = options["day"] or timezone.localdate()
        created = collect_all(today)
        self.stdout.write(f"{created} new notifications")
        if not options["no_email"]:
            result = send_digest(today=today)
            self.stdout.write(f"{result['emails']} e-mails for {result['notifications']} notifications")
