"""`thidua backup FILE` / `thidua restore FILE`: one .tar.gz with the database, the uploaded files, the keys and the
audit checkpoint, and a manifest (row counts, file hashes) that the restore checks.

The database is copied consistently while the platform runs: SQLite through its online backup API, PostgreSQL
through `pg_dump` (custom format, restored with `pg_restore --clean`). Keep backup files as secret as the server:
they hold the keys.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

FORMAT = 1


class BackupError(Exception):
    pass


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _file_hashes() -> dict[str, str]:
    root, hashes = _media_root(), {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hashes[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy}


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432),
            "--username", str(db.get("USER") or "postgres")]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _dump_database(target: Path) -> str:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        with destination:
            connection.connection.backup(destination)
        destination.close()
        return "sqlite"
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        run = subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
                              "--file", str(target), settings.DATABASES["default"]["NAME"]],
                             env=env, capture_output=True, text=True)
        if run.returncode:
            raise BackupError(f"pg_dump failed: {run.stderr.strip()}")
        return "postgresql"
    raise BackupError(f"no backup method for {connection.vendor}")


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.datetime.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup(path: Path) -> dict:
    """Write the backup to `path` (created 0600) and return its manifest."""
    from thidua.audit.services import checkpoint_path, write_checkpoint

    write_checkpoint()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "database"
        engine = _dump_database(dump)
        manifest = {"format": FORMAT, "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                    "engine": engine, "rows": row_counts(), "files": _file_hashes()}
        checkpoint = checkpoint_path()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
            archive.add(dump, arcname=f"database.{engine}")
            if _media_root().exists():
                archive.add(_media_root(), arcname="media")
            _add_bytes(archive, "keys/secret_key", settings.SECRET_KEY.encode())
            _add_bytes(archive, "keys/audit_key", settings.AUDIT_KEY.encode())
            if checkpoint.exists():
                _add_bytes(archive, "keys/audit-checkpoint.json", checkpoint.read_bytes())
    return manifest


def _restore_database(source: Path, engine: str) -> None:
    if engine != connection.vendor:
        raise BackupError(f"this backup holds a {engine} database; this installation runs {connection.vendor}")
    if engine == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        with origin:
            origin.backup(connection.connection)
        origin.close()
        return
    connections.close_all()
    args, env = _pg_env()
    run = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                          *args, "--dbname", settings.DATABASES["default"]["NAME"], str(source)],
                         env=env, capture_output=True, text=True)
    if run.returncode:
        raise BackupError(f"pg_restore failed: {run.stderr.strip()}")


def _write_key(name: str, value: str, current: str) -> str:
    """Keys come back to var/; a key given by the environment must be the one the backup was made with."""
    env_name = {"secret_key": "SECRET_KEY", "audit_key": "THIDUA_AUDIT_KEY"}[name]
    if os.environ.get(env_name):
        return "" if value == current else f"{env_name} in the environment differs from the backup's key"
    target = Path(settings.VAR_DIR) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(value)
    target.chmod(0o600)
    return ""


def restore(path: Path) -> dict:
    """Replace the database, the uploaded files, the keys and the audit checkpoint with the backup's; check row
    counts and file hashes against its manifest. Returns the manifest; raises BackupError on any difference."""
    from thidua.audit.services import checkpoint_path

    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, mode="r:gz") as archive:
        archive.extractall(tmp, filter="data")
        root = Path(tmp)
        try:
            manifest = json.loads((root / "manifest.json").read_text())
        except (FileNotFoundError, ValueError) as exc:
            raise BackupError("not a thidua backup (no manifest)") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')}")
        _restore_database(root / f"database.{manifest['engine']}", manifest["engine"])
        media = _media_root()
        if media.exists():
            shutil.rmtree(media)
        if (root / "media").exists():
            shutil.copytree(root / "media", media)
        else:
            media.mkdir(parents=True, exist_ok=True)
        problems = [p for p in (_write_key("secret_key", (root / "keys/secret_key").read_text(), settings.SECRET_KEY),
                                _write_key("audit_key", (root / "keys/audit_key").read_text(), settings.AUDIT_KEY))
                    if p]
        settings.AUDIT_KEY = (root / "keys/audit_key").read_text()
        if (root / "keys/audit-checkpoint.json").exists():
            target = checkpoint_path()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / "keys/audit-checkpoint.json", target)
    counts, hashes = row_counts(), _file_hashes()
    problems += [f"{label}: {n} rows in the backup, {counts.get(label)} restored"
                 for label, n in manifest["rows"].items() if counts.get(label) != n]
    if hashes != manifest["files"]:
        problems.append(f"uploaded files differ: {len(manifest['files'])} in the backup, {len(hashes)} restored")
    if problems:
        raise BackupError("; ".join(problems))
    return manifest
