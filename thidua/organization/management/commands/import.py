import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from thidua.organization.importing import COLUMNS, ImportFileError, commit_import, plan_import
from thidua.organization.models import Agency


class Command(BaseCommand):
    help = "Import units, people, memberships or ratings: `thidua import people FILE [--dry-run]`."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(COLUMNS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check every row and write nothing")
        parser.add_argument("--agency", help="agency code (needed when there are several agencies)")
        parser.add_argument("--user", default=os.environ.get("THIDUA_USER"),
                            help="account whose permissions apply (default: $THIDUA_USER, else the first superuser)")
        parser.add_argument("--language", default="vi", choices=["vi", "en"])
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options):
        translation.activate(options["language"])
        user = self._user(options["user"])
        agency = self._agency(options["agency"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            plan = plan_import(kind=options["kind"], agency=agency, name=path.name, data=path.read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        report = plan.report()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            for error in report["errors"]:
                self.stderr.write(f"row {error['row']} · {error['column']}: {error['message']}")
            self.stdout.write(f"rows {report['rows']} · new {report['create']} · changed {report['update']} · "
                              f"errors {len(report['errors'])}")
        if not plan.ok:
            raise CommandError("the file has errors; nothing was written")
        if options["dry_run"]:
            self.stdout.write("dry run: nothing was written")
            return
        try:
            commit_import(actor=user, plan=plan)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("imported")

    def _user(self, username):
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username=username).first() if username else users.filter(is_superuser=True).first()
        if user is None:
            raise CommandError("no such user: give --user USERNAME of an account allowed to import")
        return user

    def _agency(self, code):
        if code:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                raise CommandError(f"unknown agency {code!r}")
            return agency
        agencies = list(Agency.objects.all()[:2])
        if len(agencies) != 1:
            raise CommandError("give --agency CODE: " + ", ".join(Agency.objects.values_list("code", flat=True)))
        return agencies[0]
