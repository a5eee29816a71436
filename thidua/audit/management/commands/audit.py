from django.core.management.base import BaseCommand, CommandError

from thidua.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools: `thidua audit verify` checks the hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"audit chain broken at event #{result.broken_seq}: {result.problem}")
        self.stdout.write(f"audit chain intact: {result.checked} events verified")
