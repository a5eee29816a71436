import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from thidua.organization.models import Agency
from thidua.publicity.services import send_digest, week_start_of


class Command(BaseCommand):
    help = "Weekly digest of 'good people, good deeds': for each agency, the stories published in the last full " \
           "week, shown in the application and e-mailed to its staff (once per week; run it every Monday)."

    def add_arguments(self, parser):
        parser.add_argument("--week", type=datetime.date.fromisoformat,
                            help="any day of the week to send (YYYY-MM-DD); default: last week")

    def handle(self, *args, **options):
        day = options["week"] or timezone.localdate() - datetime.timedelta(days=7)
        week = week_start_of(day)
        for agency in Agency.objects.order_by("code"):
            digest = send_digest(agency=agency, week_start=week)
            if digest is not None:
                self.stdout.write(f"{agency.code}: {digest.stories.count()} stories, {digest.emailed} e-mails")
