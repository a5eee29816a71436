import signal
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from thidua.core import schedule


class Supervisor:
    """Runs the web server and the task worker; a worker that dies is started again (waiting longer after
    each quick death, up to `max_delay`), and when the web server stops everything stops. `tick` (the daily
    schedule) is called every `tick_every` seconds; its failures are logged, never fatal."""

    def __init__(self, web: list[str], worker: list[str] | None, *, log, max_delay: float = 30.0, tick=None,
                 tick_every: float = 60.0):
        self.web_command, self.worker_command, self.log, self.max_delay = web, worker, log, max_delay
        self.web = self.worker = None
        self.restarts, self._delay, self._due = 0, 1.0, 0.0
        self.tick, self.tick_every, self._next_tick = tick, tick_every, 0.0

    def start(self) -> None:
        if self.worker_command:
            self.worker = subprocess.Popen(self.worker_command)
            self._started = time.monotonic()
        self.web = subprocess.Popen(self.web_command)

    def poll(self) -> int | None:
        """Keep the worker alive; the web server's exit code once it has stopped, else None."""
        if self.web.poll() is not None:
            return self.web.returncode
        if self.tick is not None and time.monotonic() >= self._next_tick:
            self._next_tick = time.monotonic() + self.tick_every
            try:
                for name in self.tick():
                    self.log(f"scheduled task enqueued: {name}")
            except Exception as exc:  # a database that is briefly away must not stop the server
                self.log(f"schedule: {exc!r}")
        if self.worker is not None and self.worker.poll() is not None:
            now = time.monotonic()
            if not self._due:
                self._delay = 1.0 if now - self._started > 60 else min(self._delay * 2, self.max_delay)
                self._due = now + self._delay
                self.log(f"task worker exited with code {self.worker.returncode}; restarting in {self._delay:.0f} s")
            elif now >= self._due:
                self.worker, self._started, self._due = subprocess.Popen(self.worker_command), now, 0.0
                self.restarts += 1
        return None

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (self.web, self.worker):
            if process is not None:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve thidua with gunicorn + whitenoise and run the background task worker beside it, restarting it."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=3)
        parser.add_argument("--no-worker", action="store_true", help="do not start the task worker")

    def handle(self, *args, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        bin_dir = Path(sys.executable).parent
        worker = None if options["no_worker"] else [str(bin_dir / "thidua"), "db_worker", "--interval", "0.5"]
        web = [str(bin_dir / "gunicorn"), "thidua.wsgi:application", "--bind", options["bind"],
               "--workers", str(options["workers"]), "--access-logfile", "-"]
        supervisor = Supervisor(web, worker, log=lambda line: self.stderr.write(line),
                                tick=None if worker is None else schedule.enqueue_due)
        signal.signal(signal.SIGTERM, _interrupt)
        self.stdout.write(f"thidua on http://{options['bind']}/ (Ctrl+C stops)")
        supervisor.start()
        try:
            while (code := supervisor.poll()) is None:
                time.sleep(0.5)
            if code:
                raise SystemExit(code)
        except KeyboardInterrupt:
            pass
        finally:
            supervisor.stop()
