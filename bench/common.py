"""What the `make bench` scripts share: a median timer, the peak memory, and running a script once on SQLite and
once on PostgreSQL, each in a child process with its own database and var directory."""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, repeat: int) -> float:
    """Median milliseconds of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def on_both_databases(script: str, name: str, pg_url: str, labels=("SQLite", "PostgreSQL")) -> None:
    """Run `script LABEL` on SQLite under var/bench-NAME, then on PostgreSQL at `pg_url` (created when missing,
    kept and reused by later runs) under var/bench-NAME-pg."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "thidua.settings", "THIDUA_VAR_DIR": str(ROOT / "var" / f"bench-{name}")}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, script, labels[0]], env=env, check=False)
    created = subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", pg_url.rsplit("/", 1)[1]],
                             capture_output=True, text=True)
    if created.returncode and "already exists" not in created.stderr:
        print(f"{labels[1]}: not run ({created.stderr.strip() or 'createdb failed'})")
        return
    subprocess.run([sys.executable, script, labels[1]], check=False,
                   env={**env, "DATABASE_URL": pg_url, "THIDUA_VAR_DIR": str(ROOT / "var" / f"bench-{name}-pg")})
