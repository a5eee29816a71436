import signal
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve thidua with gunicorn + whitenoise and run the background task worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        bin_dir = Path(sys.executable).parent
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([str(bin_dir / "thidua"), "db_worker", "--interval", "0.5"])
        self.stdout.write(f"thidua on http://{options['bind']}/ (Ctrl+C stops)")
        server = subprocess.Popen([str(bin_dir / "gunicorn"), "thidua.wsgi:application", "--bind", options["bind"],
                                   "--workers", str(options["workers"]), "--access-logfile", "-"])
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            if worker:
                worker.terminate()
                worker.wait()
