import json
import sys

from django.core.management.base import BaseCommand, CommandError

from thidua.rules.engine import CaseError, evaluate


class Command(BaseCommand):
    help = ("The law from the command line: `thidua rules evaluate --input FILE.json` (or - for stdin; no database "
            "used) and `thidua rules simulate` (a draft reform over an agency; lives here, above the engine).")
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate_parser = sub.add_parser("evaluate", help="evaluate the cases of a JSON file")
        evaluate_parser.add_argument("--input", required=True, help="JSON file, or - for standard input")
        simulate_parser = sub.add_parser("simulate", help="run the law in force and a draft reform side by side "
                                                          "over an agency's people (uses the database)")
        simulate_parser.add_argument("--reform", required=True, help="reform document (YAML or JSON)")
        simulate_parser.add_argument("--agency", required=True, help="agency code")
        simulate_parser.add_argument("--year", required=True, type=int, help="year of achievement")
        simulate_parser.add_argument("--awards", nargs="+", help="award codes (default: every individual award)")
        simulate_parser.add_argument("--json", action="store_true", help="print the whole report as JSON")

    def handle(self, *args, **options):
        if options["action"] == "simulate":
            from thidua.policy.cli import simulate

            return simulate(self.stdout, reform=options["reform"], agency=options["agency"], year=options["year"],
                            awards=options["awards"], as_json=options["json"])
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
