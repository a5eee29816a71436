from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.audit.backup import BackupError, restore
from thidua.audit.services import verify_chain


class Command(BaseCommand):
    help = ("Restore a backup made by `thidua backup`: replaces the database, the uploaded files, the keys and the "
            "audit checkpoint, then checks row counts, file hashes and the audit chain. Stop `thidua serve` first "
            "and start it again afterwards.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes, **options):
        if not Path(file).is_file():
            raise CommandError(f"{file} does not exist")
        if not yes and input("This replaces the whole database and all uploaded files. Type 'yes': ") != "yes":
            raise CommandError("restore cancelled")
        try:
            manifest = restore(Path(file))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"restored, but the audit chain does not verify: {result.problem}")
        self.stdout.write(f"restored {file} of {manifest['created_at']}: {sum(manifest['rows'].values())} rows and "
                          f"{len(manifest['files'])} files identical; audit chain intact ({result.checked} events)")
