import json
import sys

from django.core.management.base import BaseCommand, CommandError

from thidua.rules.engine import CaseError, evaluate


class Command(BaseCommand):
    help = "Eligibility engine: `thidua rules evaluate --input FILE.json` (or - for stdin); no database used."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate_parser = sub.add_parser("evaluate", help="evaluate the cases of a JSON file")
        evaluate_parser.add_argument("--input", required=True, help="JSON file, or - for standard input")

    def handle(self, *args, **options):
        source = options["input"]
        try:
            if source == "-":
                text = sys.stdin.read()
            else:
                with open(source, encoding="utf-8") as handle:
                    text = handle.read()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc.strerror}", returncode=2) from exc
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{source} is not valid JSON: {exc}", returncode=2) from exc
        try:
            result = evaluate(payload)
        except CaseError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False))
