from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from thidua.audit.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (SQLite online backup or pg_dump), the uploaded files, the keys and the audit "
            "checkpoint into one .tar.gz (readable by its owner only: it holds the keys).")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            manifest = backup(Path(file))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup written to {file}: {sum(manifest['rows'].values())} rows, "
                          f"{len(manifest['files'])} uploaded files, keys and audit checkpoint")
